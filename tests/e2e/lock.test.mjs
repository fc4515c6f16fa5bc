// Auto-lock: after the idle time the app drops the key and shows the password
// screen (TWOFOLD_AUTO_LOCK_SECONDS shortens the vault's auto_lock_minutes).
// Launched with GTK's dark theme, so this screen is also seen dark. A screen
// lock (the screen saver's signal on the session bus) locks it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cliVault, launch, screenshot, unlockWithPassword } from './harness.mjs';

const PASSWORD = 'e2e lock password';

test('an idle app locks itself and asks for the password again', async () => {
  const vault = cliVault(PASSWORD, ['otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub']);
  const app = await launch({ TWOFOLD_VAULT: vault, TWOFOLD_AUTO_LOCK_SECONDS: '4', GTK_THEME: 'Adwaita:dark' });
  try {
    const { browser } = app;
    await unlockWithPassword(browser, PASSWORD);
    await (await browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 15_000 });
    await browser.pause(300);
    await screenshot(browser, 'codes-dark');
    const start = Date.now();
    await (await browser.$('[data-testid="unlock"]')).waitForExist({ timeout: 15_000 });
    assert.ok(Date.now() - start >= 1_000, 'locked only after some idle time');
    assert.equal(await (await browser.$('[data-testid="accounts"]')).isExisting(), false);
    await browser.pause(300);
    await screenshot(browser, 'password-dark');
    await unlockWithPassword(browser, PASSWORD);
    await (await browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 15_000 });
  } finally {
    await app.stop();
  }
});

test('locking the screen locks the vault', async () => {
  const vault = cliVault(PASSWORD, ['otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub']);
  const app = await launch({ TWOFOLD_VAULT: vault });
  try {
    const { browser } = app;
    await unlockWithPassword(browser, PASSWORD);
    await (await browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 15_000 });
    // What a desktop's screen saver says on the session bus when the screen locks.
    const signal = (active) =>
      execFileSync('dbus-send', ['--session', '--type=signal', '/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', `boolean:${active}`]);
    signal(false);
    await browser.pause(1500);
    assert.equal(await (await browser.$('[data-testid="accounts"]')).isExisting(), true, 'the screen saver going away does not lock');
    signal(true);
    await (await browser.$('[data-testid="unlock"]')).waitForExist({ timeout: 10_000 });
  } finally {
    await app.stop();
  }
});
