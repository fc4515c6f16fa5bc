// Auto-lock: after the idle time the app drops the key and shows the password
// screen (TWOFOLD_AUTO_LOCK_SECONDS shortens the vault's auto_lock_minutes).
// Launched with GTK's dark theme, so this screen is also seen dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
