// Settings live in the vault: a new clipboard time is saved there, the next
// copy uses it, and the app opened again shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliVault, launchUnlocked, screenshot } from './harness.mjs';

const PASSWORD = 'e2e settings password';
const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';

const open = (vault) => launchUnlocked(PASSWORD, { TWOFOLD_VAULT: vault });

test('the clipboard time and auto-lock are saved in the vault and used', async () => {
  const vault = cliVault(PASSWORD, [GITHUB]);
  let app = await open(vault);
  try {
    const { browser } = app;
    await (await browser.$('[data-testid="settings"]')).click();
    const clip = await browser.$('[data-testid="s-clipboard"]');
    await clip.waitForExist({ timeout: 10_000 });
    assert.equal(await clip.getValue(), '30');
    await clip.selectByVisibleText('45 seconds');
    await (await browser.$('[data-testid="s-auto-lock"]')).selectByVisibleText('never');
    await browser.pause(200);
    await screenshot(browser, 'settings');
    await (await browser.$('[data-testid="save-settings"]')).click();
    await (await browser.$('[data-testid="settings-sheet"]')).waitForExist({ reverse: true, timeout: 10_000 });
    await (await browser.$('[data-testid="toast"]')).waitForExist({ reverse: true, timeout: 5_000 });
    await (await browser.$('[data-testid="account"] button')).click();
    const toast = await browser.$('[data-testid="toast"]');
    await toast.waitForExist({ timeout: 5_000 });
    assert.equal(await toast.getText(), 'Copied · clears in 45 s');
  } finally {
    await app.stop();
  }
  app = await open(vault);
  try {
    const { browser } = app;
    await (await browser.$('[data-testid="settings"]')).click();
    const clip = await browser.$('[data-testid="s-clipboard"]');
    await clip.waitForExist({ timeout: 10_000 });
    assert.equal(await clip.getValue(), '45');
    assert.equal(await (await browser.$('[data-testid="s-auto-lock"]')).getValue(), '0');
  } finally {
    await app.stop();
  }
});
