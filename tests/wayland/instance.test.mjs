// One Twofold per vault, and quick search from a key the person bound in
// sway (`bindsym Ctrl+Shift+k exec twofold-desktop --quick`, tests/wayland/run.sh):
// a second launch hands its request to the running app and exits; a plain
// launch shows the window; --quick opens quick search, in the running app or
// in one it starts in the tray; "start in the tray" with no tray on the
// desktop still shows the window.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { copy, BIN, clipboard, codesAroundNow, keyringVault, launch, run, screenshot, start, until, waitForList, windows, wtype } from './harness.mjs';

const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const BANK = 'otpauth://totp/Bank:carol?secret=KRSXG5CTMVRXEZLU&issuer=Bank';
const APP = path.join(BIN, 'twofold-desktop');

const mainWindow = () => windows().find((w) => w.name === 'Twofold');
const quickWindow = () => windows().find((w) => w.name === 'Twofold quick search');
/** Process ids of running apps. */
function running() {
  try {
    return run('pgrep', ['-f', `^${APP}`]).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

let app;
after(async () => {
  await app?.stop();
});

test('a second launch shows the running window and exits; no second window', async () => {
  // The vault where Twofold keeps it by default: sway's key binding names no other.
  keyringVault(null, [GITHUB, BANK]);
  app = await launch({}, ['--tray']);
  await waitForList(app.browser);
  // --tray: running, the window not shown.
  await sleep(1000);
  assert.equal(mainWindow(), undefined, `no window yet: ${JSON.stringify(windows())}`);
  const first = running();
  assert.equal(first.length, 1, `one app runs: ${first}`);
  const t0 = Date.now();
  run(APP);
  assert.ok(Date.now() - t0 < 5_000, 'the second launch returned at once');
  const shown = await until('the window to show', () => mainWindow());
  assert.ok(shown.focused, 'and to have the focus');
  assert.deepEqual(running(), first, 'still the one app');
  run(APP);
  await sleep(1000);
  assert.equal(windows().filter((w) => w.name === 'Twofold').length, 1, 'one window, not two');
  await screenshot('window');
});

test("sway's key binding runs --quick: type, Enter, the code is on the clipboard", async () => {
  copy(null);
  // Ctrl+Shift+K is bound in sway's config to `twofold-desktop --quick`.
  wtype('-M', 'ctrl', '-M', 'shift', 'k', '-m', 'shift', '-m', 'ctrl');
  const quick = await until('the quick search window', () => quickWindow());
  await until('quick search to have the focus', () => quickWindow()?.focused);
  await sleep(500); // its page loads the first time
  assert.ok(quick);
  await screenshot('quick-search');
  wtype('bank');
  await sleep(300);
  wtype('-k', 'Return');
  const copied = await until('the code on the clipboard', () => clipboard(), 5_000);
  assert.ok(codesAroundNow(BANK).has(copied), `Bank's code, not ${copied}`);
  await until('quick search to go away', () => !quickWindow()?.visible);
});

test('--quick with no Twofold running starts one in the tray and opens quick search', async () => {
  await app.stop();
  app = undefined;
  await until('the app to quit', () => running().length === 0);
  const vault = keyringVault('quick-cold', [GITHUB]);
  copy(null);
  const child = start(APP, ['--quick'], { env: { TWOFOLD_VAULT: vault } });
  try {
    await until('the quick search window', () => quickWindow()?.focused, 20_000);
    assert.equal(mainWindow(), undefined, 'the main window stays in the tray');
    await sleep(800);
    wtype('git');
    await sleep(300);
    wtype('-k', 'Return');
    const copied = await until('the code on the clipboard', () => clipboard(), 5_000);
    assert.ok(codesAroundNow(GITHUB).has(copied));
    // A plain launch now shows the main window of this one app.
    run(APP, [], { env: { TWOFOLD_VAULT: vault } });
    await until('the main window', () => mainWindow());
    assert.equal(running().length, 1);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  }
});

test('"start in the tray" on a desktop with no tray still shows the window', async () => {
  const vault = keyringVault('no-tray', [GITHUB]);
  writeFileSync(path.join(path.dirname(vault), 'prefs.json'), JSON.stringify({ start_minimised: true }));
  app = await launch({ TWOFOLD_VAULT: vault });
  await until('the window, since no panel shows tray icons here', () => mainWindow(), 20_000);
});
