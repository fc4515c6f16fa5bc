// First run with the real OS keyring (gnome-keyring on the test's private
// D-Bus session): "Create vault" needs no typing, the recovery key is shown
// once, and the next launch opens the vault with no typing at all. The CLI
// opens the same vault through the same keyring entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cli, launch, screenshot, tempVault } from './harness.mjs';

const URI = 'otpauth://totp/Fastmail:dora?secret=JBSWY3DPEHPK3PXP&issuer=Fastmail';

test('first run creates a keyring vault and shows the recovery key once; the next launch opens it with no typing', async () => {
  const vault = tempVault();
  let recoveryKey;
  let app = await launch({ TWOFOLD_VAULT: vault });
  try {
    const { browser } = app;
    const create = await browser.$('[data-testid="create"]');
    await create.waitForDisplayed({ timeout: 15_000 });
    await browser.pause(300); // let WebKit paint before the screenshot
    await screenshot(browser, 'first-run');
    await create.click();
    const key = await browser.$('[data-testid="recovery-key"]');
    await key.waitForExist({ timeout: 30_000 });
    const label = await key.getAttribute('aria-label');
    assert.match(label, /^Recovery key [A-Z2-7]{4}(-[A-Z2-7]{4})+$/);
    recoveryKey = label.replace('Recovery key ', '');
    assert.ok(existsSync(vault), 'the vault file was written');
    await screenshot(browser, 'recovery-key');
    await (await browser.$('[data-testid="saved"]')).click();
    await (await browser.$('[data-testid="empty"]')).waitForExist({ timeout: 10_000 });
    assert.equal(await (await browser.$('[data-testid="recovery-key"]')).isExisting(), false);
    await screenshot(browser, 'empty');
  } finally {
    await app.stop();
  }

  // The CLI opens it through the keyring too (no TWOFOLD_PASSWORD) and adds an account.
  cli(['add', URI], { TWOFOLD_VAULT: vault });

  app = await launch({ TWOFOLD_VAULT: vault });
  try {
    const { browser } = app;
    const list = await browser.$('[data-testid="accounts"]');
    await list.waitForExist({ timeout: 30_000 });
    assert.equal(await (await browser.$('[data-testid="unlock"]')).isExisting(), false, 'no password screen');
    const names = await browser.execute(() => [...document.querySelectorAll('[data-testid="issuer"]')].map((e) => e.textContent));
    assert.deepEqual(names, ['Fastmail']);

    // Locked, a keyring vault (no password slot) asks for no password: the
    // keyring button comes first (focused: Enter opens), then the printed
    // recovery key, typed in lower case without dashes.
    await browser.keys(['Control', 'l']);
    const keyring = await browser.$('[data-testid="unlock-keyring"]');
    await keyring.waitForExist({ timeout: 10_000 });
    assert.equal(await keyring.isFocused(), true, 'the keyring button is not focused');
    assert.equal(await (await browser.$('[data-testid="password"]')).isExisting(), false);
    await (await browser.$('[data-testid="use-recovery"]')).click();
    const field = await browser.$('[data-testid="recovery-key-input"]');
    await field.waitForExist({ timeout: 10_000 });
    const typo = recoveryKey.slice(0, -1) + (recoveryKey.endsWith('A') ? 'B' : 'A');
    await field.setValue(typo);
    await (await browser.$('[data-testid="unlock-button"]')).click();
    const err = await browser.$('[data-testid="unlock-error"]');
    await err.waitForExist({ timeout: 10_000 });
    assert.match(await err.getText(), /typo/);
    await browser.pause(300);
    await screenshot(browser, 'unlock-recovery');
    await field.setValue(recoveryKey.replaceAll('-', '').toLowerCase());
    await (await browser.$('[data-testid="unlock-button"]')).click();
    await (await browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 15_000 });
  } finally {
    await app.stop();
  }
});

test('with no keyring answering, first run says why and asks for a password twice', async () => {
  const vault = tempVault();
  // No D-Bus session for the app: the Secret Service cannot answer.
  const app = await launch({ TWOFOLD_VAULT: vault, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
  try {
    const { browser } = app;
    await (await browser.$('[data-testid="create"]')).waitForDisplayed({ timeout: 15_000 });
    await (await browser.$('[data-testid="create"]')).click();
    const why = await browser.$('[data-testid="keyring-error"]');
    await why.waitForExist({ timeout: 30_000 });
    assert.match(await why.getText(), /keyring/i);
    assert.equal(existsSync(vault), false, 'nothing written without a password');
    await (await browser.$('[data-testid="new-password"]')).setValue('a long vault password');
    await (await browser.$('[data-testid="new-password-again"]')).setValue('a long vault password');
    await browser.pause(300);
    await screenshot(browser, 'first-run-no-keyring');
    await (await browser.$('[data-testid="create-with-password"]')).click();
    await (await browser.$('[data-testid="recovery-key"]')).waitForExist({ timeout: 30_000 });
    await (await browser.$('[data-testid="saved"]')).click();
    await (await browser.$('[data-testid="empty"]')).waitForExist({ timeout: 10_000 });
  } finally {
    await app.stop();
  }
  // The CLI opens it with that password.
  assert.match(cli(['list', '--json'], { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: 'a long vault password' }), /"accounts":\[\]/);
});
