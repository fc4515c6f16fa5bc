// Settings › Unlocking: the password is changed (the old one stops working
// for the CLI too), the keyring is turned on and off, and a new recovery kit
// replaces the old one (it unlocks the app; it is shown once). Then the
// colours and quick search: the global shortcut opens the search box over
// everything, typing and Enter copy the code, and the box goes away.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ARTIFACTS, cli, clipboard, cliVault, launchUnlocked, screenshot } from './harness.mjs';

const PASSWORD = 'e2e security password';
const NEW_PASSWORD = 'a new e2e password';
const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const BANK = 'otpauth://totp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank';

let app;
let vault;
before(async () => {
  vault = cliVault(PASSWORD, [GITHUB, BANK]);
  app = await launchUnlocked(PASSWORD, { TWOFOLD_VAULT: vault });
});
after(async () => {
  await app?.stop();
});

const listWith = (password) => {
  try {
    cli(['list'], password ? { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: password } : { TWOFOLD_VAULT: vault });
    return true;
  } catch {
    return false;
  }
};

async function openSecurity(browser) {
  await (await browser.$('[data-testid="settings"]')).click();
  await (await browser.$('[data-testid="sec-ways"]')).waitForExist({ timeout: 10_000 });
}
async function confirmWith(browser, fields) {
  for (const [testid, value] of Object.entries(fields)) await (await browser.$(`[data-testid="${testid}"]`)).setValue(value);
  await (await browser.$('[data-testid="sec-confirm"]')).click();
}
async function waitDone(browser, want) {
  const done = await browser.$('[data-testid="sec-done"]');
  try {
    await browser.waitUntil(async () => (await done.isExisting()) && (await done.getText()) === want, { timeout: 20_000 });
  } catch {
    assert.fail(`no “${want}”; the window says: ${await browser.execute(() => document.body.innerText)}`);
  }
}
const ways = async (browser) => (await browser.$('[data-testid="sec-ways"]')).getText();

test('change the password, turn the keyring on and off', async () => {
  const { browser } = app;
  await openSecurity(browser);
  assert.equal(await ways(browser), 'Opens with a password, the recovery kit.');
  await (await browser.$('[data-testid="sec-password"]')).click();
  await confirmWith(browser, { 'sec-current': 'not it', 'sec-new': NEW_PASSWORD, 'sec-again': NEW_PASSWORD });
  const err = await browser.$('[data-testid="sec-error"]');
  await err.waitForExist({ timeout: 20_000 });
  assert.equal(await err.getText(), 'wrong password');
  await (await browser.$('[data-testid="sec-current"]')).setValue(PASSWORD);
  await (await browser.$('[data-testid="sec-confirm"]')).click();
  await waitDone(browser, 'Password changed.');
  assert.equal(listWith(PASSWORD), false, 'the old password no longer opens the vault');
  assert.equal(listWith(NEW_PASSWORD), true);

  await (await browser.$('[data-testid="sec-keyring-on"]')).click();
  await confirmWith(browser, { 'sec-current': NEW_PASSWORD });
  await waitDone(browser, 'The keyring opens the vault now.');
  assert.equal(await ways(browser), 'Opens with the system keyring, a password, the recovery kit.');
  assert.equal(listWith(null), true, 'the CLI opens it with the keyring, no password');
  await screenshot(browser, 'settings-security');

  await (await browser.$('[data-testid="sec-keyring-off"]')).click();
  await confirmWith(browser, { 'sec-current': NEW_PASSWORD });
  await waitDone(browser, 'The keyring no longer opens the vault.');
  assert.equal(await ways(browser), 'Opens with a password, the recovery kit.');
  await (await browser.$('[data-testid="close-settings"]')).click();
  await (await browser.$('[data-testid="settings-sheet"]')).waitForExist({ reverse: true, timeout: 5_000 });
});

test('a new recovery kit is shown once and unlocks the app', async () => {
  const { browser } = app;
  await openSecurity(browser);
  await (await browser.$('[data-testid="sec-kit"]')).click();
  await confirmWith(browser, { 'sec-current': NEW_PASSWORD });
  const key = await browser.$('[data-testid="recovery-key"]');
  await key.waitForExist({ timeout: 20_000 });
  const recoveryKey = await browser.execute(() => document.querySelector('[data-testid="recovery-key"]').getAttribute('aria-label').replace('Recovery key ', ''));
  await (await browser.$('[data-testid="saved"]')).click();
  await (await browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 10_000 });
  await (await browser.$('[data-testid="lock"]')).click();
  await (await browser.$('[data-testid="use-recovery"]')).click();
  await (await browser.$('[data-testid="recovery-key-input"]')).setValue(recoveryKey);
  await (await browser.$('[data-testid="unlock-button"]')).click();
  await (await browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 20_000 });
});

test('dark colours, and quick search from the global shortcut copies a code', async () => {
  const { browser } = app;
  await (await browser.$('[data-testid="settings"]')).click();
  await (await browser.$('[data-testid="s-theme"]')).selectByVisibleText('Dark');
  await (await browser.$('[data-testid="save-settings"]')).click();
  await (await browser.$('[data-testid="settings-sheet"]')).waitForExist({ reverse: true, timeout: 10_000 });
  assert.equal(await browser.execute(() => document.documentElement.dataset.theme), 'dark');
  await (await browser.$('[data-testid="toast"]')).waitForExist({ reverse: true, timeout: 5_000 });
  await browser.pause(300);
  await screenshot(browser, 'list-dark');

  // The shortcut (Ctrl+Shift+K by default) is pressed as a person would, through the X server.
  const xdotool = (...args) => execFileSync('xdotool', args, { timeout: 5_000 });
  xdotool('key', 'ctrl+shift+k');
  await new Promise((r) => setTimeout(r, 2500));
  xdotool('type', '--delay', '60', 'bank');
  await new Promise((r) => setTimeout(r, 500));
  execFileSync('import', ['-window', 'root', path.join(ARTIFACTS, 'quick-search.png')]);
  const before = Math.floor(Date.now() / 1000);
  xdotool('key', 'Return');
  await new Promise((r) => setTimeout(r, 1000));
  const after = Math.floor(Date.now() / 1000);
  const copied = clipboard();
  const codes = new Set([before, after].map((t) => cli(['code', 'Bank', '--at', String(t)], { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: NEW_PASSWORD }).trim()));
  assert.ok(codes.has(copied), `the clipboard holds Bank's code (${copied}; expected one of ${[...codes]})`);
});
