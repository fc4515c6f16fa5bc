// Starts tauri-driver (which drives WebKitWebDriver) and opens the real app.
// Expects to run under a display (xvfb-run) and a D-Bus session (see tests/e2e/run.sh).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import path from 'node:path';
import { remote } from 'webdriverio';

const target = process.env.CARGO_TARGET_DIR ?? path.resolve(import.meta.dirname, '../../target');
export const APP = process.env.TWOFOLD_E2E_APP ?? path.join(target, 'debug', 'twofold-desktop');
export const CLI = process.env.TWOFOLD_E2E_CLI ?? path.join(target, 'debug', 'twofold');
export const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');

/** Waits until something listens on 127.0.0.1:`port`; `what` names it in the error. */
export async function waitForPort(port, ms, what = 'tauri-driver') {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${what} did not listen on port ${port} within ${ms} ms`);
}

/** A port nothing listens on now, chosen by the OS (a random pick once met a WebKitWebDriver
 *  of the previous test, still closing, on its port). */
export async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts tauri-driver (`spawnDriver(args)` spawns it) on two free ports and waits until it listens; a driver that exited
 * at once (a port taken between the pick and its bind) is started again on others.
 */
export async function startTauriDriver(spawnDriver) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let native = await freePort();
    while (native === port) native = await freePort();
    const driver = spawnDriver(['--port', String(port), '--native-port', String(native)]);
    const exited = new Promise((r) => driver.once('exit', () => r(true)));
    const listening = waitForPort(port, 15_000).then(() => false);
    const gone = await Promise.race([listening, exited]);
    if (!gone && driver.exitCode === null) return { driver, port };
    if (attempt === 3) throw new Error(`tauri-driver exited before listening (${attempt} tries)`);
  }
}

/** Launches the app with `env` added to the environment; returns { browser, stop }. */
export async function launch(env = {}) {
  // WebKitWebDriver waits forever for an app that is not there: say so at once.
  if (!existsSync(APP)) throw new Error(`no app at ${APP}: build it (cargo build -p twofold-desktop) and set CARGO_TARGET_DIR`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const { driver, port } = await startTauriDriver((args) =>
    spawn('tauri-driver', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] }),
  );
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: APP },
    },
  });
  const stop = async () => {
    await browser.deleteSession().catch(() => {});
    // SIGTERM lets tauri-driver close WebKitWebDriver and the app; SIGKILL would orphan them.
    driver.kill('SIGTERM');
    await new Promise((r) => (driver.exitCode !== null ? r() : driver.once('exit', r)));
    await endLeftoverApps();
  };
  return { browser, stop };
}

/**
 * Ends an app that outlived its session (one whose window was hidden when the
 * session closed): the tests run one app at a time, and a leftover one would
 * answer the next test's launches on its vault and confuse process checks.
 */
export async function endLeftoverApps() {
  const left = () => {
    try {
      return execFileSync('pgrep', ['-f', `^${APP}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  for (const pid of left()) process.kill(Number(pid), 'SIGTERM');
  for (let i = 0; i < 50 && left().length; i++) await sleep(100);
}

/** The code `twofold code` computes for a URI at a Unix second. */
export function cliCode(uri, at) {
  return execFileSync(CLI, ['code', '--uri', uri, '--at', String(at)], { encoding: 'utf8' }).trim();
}

/**
 * Saves what the X display shows of the main window into tests/artifacts.
 * (WebKitWebDriver's own screenshot waits for WebKit to paint a new frame,
 * which a page that is not changing never does now that Twofold paints
 * without GL compositing.) `browser` settles pending layout first.
 */
export async function screenshot(browser, name) {
  await browser.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const id = execFileSync('xdotool', ['search', '--onlyvisible', '--name', '^Twofold$'], { encoding: 'utf8' }).trim().split('\n')[0];
  execFileSync('import', ['-window', id, path.join(ARTIFACTS, `${name}.png`)]);
}

/** A fresh temporary folder and the vault path inside it (no file yet). */
export function tempVault() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-e2e-'));
  return path.join(dir, 'vault.twofold');
}

/** Runs the `twofold` CLI with `env` added; returns its stdout. */
export function cli(args, env = {}) {
  return execFileSync(CLI, args, { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A password-only vault made by the CLI, holding `uris`; returns its path. */
export function cliVault(password, uris) {
  const vault = tempVault();
  const env = { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: password };
  cli(['init', '--no-keyring'], env);
  if (uris.length) cli(['add', ...uris], env);
  return vault;
}

/** Types the vault password into the app's password screen. */
export async function unlockWithPassword(browser, password) {
  const field = await browser.$('[data-testid="password"]');
  await field.waitForExist({ timeout: 15_000 });
  await field.setValue(password);
  await (await browser.$('[data-testid="unlock-button"]')).click();
}

/** Launches the app on a password vault, unlocks it and waits for the list; returns { browser, stop }. */
export async function launchUnlocked(password, env) {
  const app = await launch(env);
  await unlockWithPassword(app.browser, password);
  await (await app.browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 15_000 });
  return app;
}

/** Chooses files for the file input `testid`, as the file chooser would: `files` are [name, bytes]. */
export async function chooseFiles(browser, testid, files) {
  await browser.execute(
    (testid, files) => {
      const input = document.querySelector(`[data-testid="${testid}"]`);
      const dt = new DataTransfer();
      for (const [name, b64] of files) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    testid,
    files.map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]),
  );
}

/** The types the X11 clipboard offers now (its TARGETS); [] when empty. */
export function clipboardTypes() {
  try {
    return execFileSync('xclip', ['-o', '-selection', 'clipboard', '-t', 'TARGETS'], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** The clipboard's text (X11 CLIPBOARD selection); '' when empty. */
export function clipboard() {
  try {
    return execFileSync('xclip', ['-o', '-selection', 'clipboard'], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}
