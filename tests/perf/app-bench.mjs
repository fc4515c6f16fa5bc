// The desktop app's speed and weight (issue 5), as BENCHMARKS.md reports them:
//  1. launch → first code on screen, 100 accounts, keyring unlock (median of 7);
//  2. scrolling 1,000 accounts: frame times while the list scrolls;
//  3. idle CPU over 30 s, app and its WebKit processes, against a blank Tauri window;
//  4. memory (PSS) of the same process trees.
// Run through bench/app/run.sh (a private D-Bus session with gnome-keyring, Xvfb);
// `run.sh idle` (or `launch`, `scroll`) measures only those parts.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { APP, CLI, launch, tempVault } from '../e2e/harness.mjs';

const BLANK = process.env.TWOFOLD_BENCH_BLANK ?? path.join(path.dirname(APP), 'examples', 'blank_window');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** A keyring vault holding `n` accounts (so the app opens with no typing). */
function vaultWith(n) {
  if (n > 32 ** 4) throw new Error('too many accounts for four base-32 digits');
  const vault = tempVault();
  const env = { ...process.env, TWOFOLD_VAULT: vault };
  execFileSync(CLI, ['init'], { env, stdio: 'ignore' });
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const uris = [];
  for (let i = 0; i < n; i++) {
    // Distinct secrets (a duplicate would be skipped): i in base 32, after a fixed filler.
    let digits = '';
    for (let v = i; digits.length < 4; v = Math.floor(v / 32)) digits = abc[v % 32] + digits;
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK' + digits;
    uris.push(`otpauth://totp/Service${i}:user${i}%40example.com?secret=${secret}&issuer=Service${i}`);
  }
  for (let i = 0; i < uris.length; i += 200) execFileSync(CLI, ['add', ...uris.slice(i, i + 200)], { env, stdio: 'ignore' });
  return vault;
}

const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))[1]);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
function stat(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' '); // fields from 3 on
  return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), start: Number(f[19]) };
}
/** `root` and every process below it. */
function tree(root) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const { ppid } = stat(d);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)).push(Number(d));
    } catch {}
  }
  const out = [];
  const walk = (p) => (out.push(p), (children.get(p) ?? []).forEach(walk));
  walk(root);
  return out;
}
const pssKiB = (pids) =>
  pids.reduce((sum, p) => {
    try {
      return sum + Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))[1]);
    } catch {
      return sum;
    }
  }, 0);
/** CPU ticks per thread of `pids`, keyed "process/thread" by their names. */
function threadTicks(pids) {
  const out = new Map();
  for (const p of pids) {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {}
    for (const t of tasks) {
      try {
        const s = readFileSync(`/proc/${p}/task/${t}/stat`, 'utf8');
        const comm = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
        const proc = readFileSync(`/proc/${p}/comm`, 'utf8').trim();
        out.set(`${p}:${t} ${proc}/${comm}`, stat(`${p}/task/${t}`).ticks);
      } catch {}
    }
  }
  return out;
}
const ticks = (pids) => pids.reduce((sum, p) => { try { return sum + stat(p).ticks; } catch { return sum; } }, 0);
const appPid = () => Number(execFileSync('pgrep', ['-n', '-f', `^${APP}`], { encoding: 'utf8' }).trim());

/** Starts `binary` on its own (no WebDriver), waits `settle` ms, then measures its tree. */
async function weigh(binary, env, settle = 8000, window = 30_000) {
  const child = spawn(binary, [], { env: { ...process.env, ...env }, stdio: 'ignore' });
  try {
    await sleep(settle);
    const pids = tree(child.pid);
    const pss = pssKiB(pids);
    const t0 = ticks(tree(child.pid));
    const th0 = threadTicks(tree(child.pid));
    await sleep(window);
    const percent = (t) => (100 * t) / CLK_TCK / (window / 1000);
    const cpu = percent(ticks(tree(child.pid)) - t0);
    // The busiest threads (process/thread names), to say where the idle CPU goes.
    const busiest = [...threadTicks(tree(child.pid))]
      .map(([k, v]) => [k.slice(k.indexOf(' ') + 1), percent(v - (th0.get(k) ?? 0))])
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${v.toFixed(2)} %`);
    return { pss, cpu, processes: pids.length, busiest };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
}

async function firstCode(vault) {
  const app = await launch({ TWOFOLD_VAULT: vault });
  try {
    const { browser } = app;
    await (await browser.$('[data-testid="code"]')).waitForExist({ timeout: 30_000 });
    await browser.waitUntil(() => browser.execute(() => performance.getEntriesByName('first-code').length > 0), { timeout: 10_000 });
    const shownAt = await browser.execute(() => performance.timeOrigin + performance.getEntriesByName('first-code')[0].startTime);
    const startedAt = (btime + stat(appPid()).start / CLK_TCK) * 1000;
    return shownAt - startedAt;
  } finally {
    await app.stop();
  }
}

async function scroll(vault) {
  const app = await launch({ TWOFOLD_VAULT: vault });
  try {
    const { browser } = app;
    const rows = () => browser.execute(() => document.querySelectorAll('[data-testid="account"]').length);
    await browser.waitUntil(async () => (await rows()) === 1000, { timeout: 60_000, interval: 500, timeoutMsg: 'the 1,000 rows never showed' });
    await browser.pause(1500);
    return await browser.executeAsync((done) => {
      const frames = [];
      let last = performance.now();
      const end = last + 4000;
      const step = (now) => {
        frames.push(now - last);
        last = now;
        window.scrollBy(0, 60);
        if (now < end && window.scrollY + window.innerHeight < document.body.scrollHeight) requestAnimationFrame(step);
        else done({ frames, scrolled: window.scrollY });
      };
      requestAnimationFrame(step);
    });
  } finally {
    await app.stop();
  }
}

const parts = process.argv.slice(2);
const wanted = (part) => parts.length === 0 || parts.includes(part);
const results = {};
const small = vaultWith(100);
if (wanted('launch')) {
  const launches = [];
  for (let i = 0; i < 7; i++) launches.push(await firstCode(small));
  results.firstCodeMs = { median: median(launches), all: launches.map(Math.round) };
  console.error(`launch → first code, 100 accounts: median ${median(launches).toFixed(0)} ms (${launches.map(Math.round).join(', ')})`);
}

if (wanted('scroll')) {
  const big = vaultWith(1000);
  const { frames, scrolled } = await scroll(big);
  results.scroll1000 = { frames: frames.length, scrolledPx: scrolled, medianMs: median(frames), p95Ms: pct(frames, 95), maxMs: Math.max(...frames), over33ms: frames.filter((f) => f > 33.4).length };
  console.error(`scroll 1,000 accounts: ${frames.length} frames, median ${median(frames).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, ${results.scroll1000.over33ms} frames over 33 ms`);
}

if (!wanted('idle')) {
  console.log(JSON.stringify(results));
  process.exit(0);
}
// Twofold turns WebKit's GL compositing off (src-tauri/lib.rs); a blank Tauri
// window keeps it on. So the blank window is weighed both ways, and Twofold
// with compositing forced back on (WEBKIT_DISABLE_COMPOSITING_MODE=0) too.
const flat = { WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
const composited = { WEBKIT_DISABLE_COMPOSITING_MODE: '0' };
results.app = await weigh(APP, { TWOFOLD_VAULT: small });
results.blank = await weigh(BLANK, composited);
results.blankFlat = await weigh(BLANK, flat);
results.appComposited = await weigh(APP, { TWOFOLD_VAULT: small, ...composited });
results.pssRatio = results.app.pss / results.blank.pss;
results.pssRatioFlat = results.app.pss / results.blankFlat.pss;
results.pssRatioComposited = results.appComposited.pss / results.blank.pss;
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
const line = (name, r) => `${name}: ${r.cpu.toFixed(2)} % CPU, ${mib(r.pss)} PSS (${r.processes} processes); busiest threads: ${r.busiest.join('; ')}`;
console.error(`idle, 100 accounts on screen, 30 s:`);
console.error(`  ${line('Twofold', results.app)}`);
console.error(`  ${line('blank Tauri window', results.blank)}`);
console.error(`  ${line('blank, not compositing', results.blankFlat)}`);
console.error(`  ${line('Twofold, compositing', results.appComposited)}`);
console.error(`  PSS ratios: Twofold / blank ${results.pssRatio.toFixed(2)}; / blank not compositing ${results.pssRatioFlat.toFixed(2)}; Twofold compositing / blank ${results.pssRatioComposited.toFixed(2)}`);
console.log(JSON.stringify(results));
