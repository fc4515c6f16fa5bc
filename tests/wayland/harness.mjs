// The Wayland session's side of the tests: everything the desktop's user does
// (the app through tauri-driver, wtype, wl-paste, grim, the CLI) runs as that
// user with the session's environment (see tests/wayland/run.sh).
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';
import { startTauriDriver } from '../e2e/harness.mjs';

export const RUN = process.env.TWOFOLD_WL_RUN;
if (!RUN) throw new Error('run these through tests/wayland/run.sh');
const UID = Number(process.env.TWOFOLD_WL_UID);
const GID = Number(process.env.TWOFOLD_WL_GID);
export const BIN = path.join(RUN, 'bin');
export const HOME = path.join(RUN, 'home');
export const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts/wayland');
const SESSION = Object.fromEntries(process.env.TWOFOLD_WL_ENV.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

/** The command line that runs `cmd` as the desktop's user with the session's environment plus `env`. */
function asUserArgs(cmd, args, env) {
  const vars = Object.entries({ ...SESSION, ...env }).map(([k, v]) => `${k}=${v}`);
  const user = UID === process.getuid() ? [] : ['setpriv', `--reuid=${UID}`, `--regid=${GID}`, '--clear-groups', '--'];
  const all = [...user, 'env', '-i', ...vars, cmd, ...args];
  return [all[0], all.slice(1)];
}

/** Runs `cmd` as the desktop's user; returns its stdout. */
export function run(cmd, args = [], { env = {}, input, timeout = 30_000 } = {}) {
  const [c, a] = asUserArgs(cmd, args, env);
  return execFileSync(c, a, { encoding: 'utf8', input, timeout, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
}

/** Copies `text` as another program would (wl-copy, which stays behind serving it); null clears. */
export function copy(text) {
  const [c, a] = asUserArgs('wl-copy', text === null ? ['--clear'] : [text], {});
  execFileSync(c, a, { stdio: 'ignore', timeout: 10_000 });
}

/** Starts `cmd` as the desktop's user in the background; returns the child. */
export function start(cmd, args = [], { env = {} } = {}) {
  const [c, a] = asUserArgs(cmd, args, env);
  return spawn(c, a, { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The `twofold` CLI as the desktop's user. */
export const cli = (args, env = {}) => run(path.join(BIN, 'twofold'), args, { env });

/** The clipboard's text as another Wayland program reads it (wl-paste, data-control); null when empty. */
export function clipboard() {
  try {
    return run('wl-paste', ['--no-newline'], { timeout: 5_000 });
  } catch {
    return null; // "No selection"
  }
}

/** The types the clipboard offers now; [] when empty. */
export function clipboardTypes() {
  try {
    return run('wl-paste', ['--list-types'], { timeout: 5_000 }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Types with the virtual keyboard (wtype), into whatever window has the focus.
 * Each wtype makes a new virtual keyboard: GTK drops keys that arrive before it
 * has taken that keyboard's keymap, or after the keyboard is gone, hence the pauses.
 */
export const wtype = (...args) => run('wtype', ['-s', '250', '-d', '20', ...args, '-s', '250']);

/** Asks sway (its IPC, as a person's config or keybinding would). */
export const swaymsg = (...args) => run('swaymsg', args);

/** sway's windows: [{name, app_id, focused, visible, pid}]. */
export function windows() {
  const found = [];
  const walk = (node) => {
    if (node.pid) found.push({ name: node.name, app_id: node.app_id, focused: node.focused, visible: node.visible, pid: node.pid });
    for (const child of [...(node.nodes ?? []), ...(node.floating_nodes ?? [])]) walk(child);
  };
  walk(JSON.parse(swaymsg('-t', 'get_tree')));
  return found;
}

/** Waits until `check()` is truthy (returns it), or fails saying `what`. */
export async function until(what, check, ms = 15_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(150);
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/** A screenshot of the whole headless output with grim, into tests/artifacts/wayland. */
export function screenshot(name) {
  const file = path.join(RUN, 'out', `${name}.png`);
  run('grim', [file]);
  mkdirSync(ARTIFACTS, { recursive: true });
  copyFileSync(file, path.join(ARTIFACTS, `${name}.png`));
  return file;
}

/** Where Twofold keeps the vault when TWOFOLD_VAULT is not set (what a key binding's `--quick` opens). */
export const DEFAULT_VAULT = path.join(HOME, '.local', 'share', 'twofold', 'vault.twofold');

/**
 * A new keyring vault made by the CLI (as `twofold init` does for a person)
 * holding `uris`, in a folder of its own, or at DEFAULT_VAULT when `name` is null; its path.
 */
export function keyringVault(name, uris) {
  const dir = name === null ? path.dirname(DEFAULT_VAULT) : path.join(HOME, name);
  run('mkdir', ['-p', dir]);
  const vault = path.join(dir, 'vault.twofold');
  cli(['init'], { TWOFOLD_VAULT: vault });
  if (uris.length) cli(['add', ...uris], { TWOFOLD_VAULT: vault });
  return vault;
}

/** Launches the app natively on Wayland (GDK_BACKEND=wayland, no X server) with `env` and `args`; returns { browser, stop }. */
export async function launch(env = {}, args = []) {
  const { driver, port } = await startTauriDriver((a) => start(path.join(BIN, 'tauri-driver'), a, { env: { GDK_BACKEND: 'wayland', ...env } }));
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    capabilities: { browserName: 'wry', 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: path.join(BIN, 'twofold-desktop'), args } },
  });
  const stop = async () => {
    await browser.deleteSession().catch(() => {});
    driver.kill('SIGTERM');
    await new Promise((r) => (driver.exitCode !== null ? r() : driver.once('exit', r)));
    await endLeftoverApps();
  };
  return { browser, stop };
}

/** Ends an app that outlived its WebDriver session (a hidden window; see tests/e2e/harness.mjs). */
export async function endLeftoverApps() {
  const app = `^${path.join(BIN, 'twofold-desktop')}`;
  const left = () => {
    try {
      return run('pgrep', ['-f', app]).split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  for (const pid of left()) process.kill(Number(pid), 'SIGTERM');
  for (let i = 0; i < 50 && left().length; i++) await sleep(100);
}

/** Waits for the list of codes (a keyring vault opens without typing). */
export async function waitForList(browser) {
  await (await browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 20_000 });
}

/** The code `twofold code` computes for a URI at a Unix second. */
export const cliCode = (uri, at) => cli(['code', '--uri', uri, '--at', String(at)]).trim();

/** The codes of `uri` around now (the second may turn while a test acts). */
export function codesAroundNow(uri) {
  const now = Math.floor(Date.now() / 1000);
  return new Set([now - 30, now - 1, now, now + 1, now + 30].map((t) => cliCode(uri, t)));
}
