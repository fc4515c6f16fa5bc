// The tray icon, as a panel sees it: examples/tray_host stands in for the
// panel (Xvfb has none) by owning org.kde.StatusNotifierWatcher on the test's
// session bus, then reads and clicks the icon's menu over D-Bus, as GNOME's
// AppIndicator extension and KDE's panel do. With "start in the tray" the
// window stays hidden until "Show Twofold"; "Lock" locks; "Quit" ends the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { APP, cli, launch, screenshot, tempVault } from './harness.mjs';

const HOST = process.env.TWOFOLD_E2E_TRAY_HOST ?? path.join(path.dirname(APP), 'examples', 'tray_host');
const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';

/** Starts the stand-in panel; `next()` resolves with its next stdout line. */
function trayHost() {
  const child = spawn(HOST, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (l) => (waiting.length ? waiting.shift()(l) : lines.push(l)));
  const next = () =>
    lines.length
      ? Promise.resolve(lines.shift())
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('the tray host said nothing for 60 s')), 60_000);
          waiting.push((l) => (clearTimeout(timer), resolve(l)));
        });
  const click = async (label) => {
    child.stdin.write(`click ${label}\n`);
    assert.equal(await next(), `clicked ${label}`);
  };
  return { child, next, click };
}

/** Whether a window titled exactly "Twofold" is shown on the X display. */
function mainWindowShown() {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', '^Twofold$'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false; // xdotool exits 1 when it finds none
  }
}

const appRunning = () => {
  try {
    execFileSync('pgrep', ['-f', `^${APP}`]);
    return true;
  } catch {
    return false;
  }
};

test('start in the tray; Show, Lock and Quit work from the tray menu', async () => {
  const vault = tempVault();
  cli(['init'], { TWOFOLD_VAULT: vault }); // keyring: the app opens without typing
  cli(['add', GITHUB], { TWOFOLD_VAULT: vault });
  writeFileSync(path.join(path.dirname(vault), 'prefs.json'), JSON.stringify({ start_minimised: true }));

  const host = trayHost();
  // As on a desktop, the panel is there before the app: Twofold looks for it to decide whether to start hidden.
  assert.equal(await host.next(), 'watching');
  const app = await launch({ TWOFOLD_VAULT: vault });
  try {
    const { browser } = app;
    assert.match(await host.next(), /^item \S+ \/\S+$/);
    const menu = [];
    for (let l = await host.next(); l !== 'ready'; l = await host.next()) menu.push(l.replace(/^menu /, ''));
    assert.deepEqual(menu, ['Show Twofold', 'Quick search', 'Lock', 'Quit']);

    // Started in the tray: unlocked by the keyring, the list is there, no window shows.
    await (await browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 15_000 });
    await browser.pause(1000);
    assert.equal(mainWindowShown(), false, 'the window showed although the app starts in the tray');

    await host.click('Show Twofold');
    await browser.waitUntil(async () => mainWindowShown(), { timeout: 10_000, timeoutMsg: '"Show Twofold" did not show the window' });
    await (await browser.$('[data-testid="code"]')).waitForDisplayed({ timeout: 10_000 });

    await screenshot(browser, 'tray-shown');
    await host.click('Lock');
    await (await browser.$('[data-testid="unlock"]')).waitForExist({ timeout: 10_000 });
    assert.equal(await (await browser.$('[data-testid="code"]')).isExisting(), false, 'codes stayed on screen after Lock');
    await screenshot(browser, 'tray-locked');

    await host.click('Quit');
    await browser.waitUntil(async () => !appRunning(), { timeout: 10_000, timeoutMsg: '"Quit" did not end the app' });
  } finally {
    host.child.stdin.end();
    host.child.kill('SIGTERM');
    await app.stop();
  }
});
