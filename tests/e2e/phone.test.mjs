// Settings › Your phone in the real app: it follows a folder of Aegis
// automatic backups (written by the independent test writer from Aegis'
// docs/vault.md): the Aegis backup password once, the phone's accounts in
// (one already here is linked, not doubled), a new backup arriving the way
// Syncthing writes it shows in the open window by itself, and what was
// deleted on the phone goes only after the person agrees.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliVault, launchUnlocked, screenshot } from './harness.mjs';

const DESK_PASSWORD = 'e2e desktop password';
const FIXTURES = path.resolve(import.meta.dirname, '../../crates/core/tests/data/aegis-follow');
const PHONE_PASSWORD = 'phone-pass';
// The phone has this account too (same issuer and secret).
const GITHUB = 'otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';

let app;
let phone;
before(async () => {
  phone = mkdtempSync(path.join(os.tmpdir(), 'twofold-e2e-aegis-'));
  copyFileSync(path.join(FIXTURES, 'v1.json'), path.join(phone, 'aegis-backup-20300101-100000.json'));
  app = await launchUnlocked(DESK_PASSWORD, { TWOFOLD_VAULT: cliVault(DESK_PASSWORD, [GITHUB]) });
});
after(async () => {
  await app?.stop();
});

const accounts = (browser) =>
  browser.execute(() => [...document.querySelectorAll('[data-testid="account"]')].map((r) => r.textContent.replace(/\s+/g, ' ')));

async function openSettings(browser) {
  await (await browser.$('[data-testid="settings"]')).click();
  const phoneSection = await browser.$('[data-testid="phone"]');
  await phoneSection.waitForExist({ timeout: 10_000 });
  await phoneSection.scrollIntoView();
}

test('the app follows the phone’s Aegis backups', async () => {
  const { browser } = app;
  await openSettings(browser);
  await (await browser.$('[data-testid="phone-folder-input"]')).setValue(phone);
  await (await browser.$('[data-testid="phone-password"]')).setValue('not the phone password');
  await (await browser.$('[data-testid="phone-setup"]')).click();
  const error = await browser.$('[data-testid="phone-setup-error"]');
  await error.waitForExist({ timeout: 20_000 });
  assert.match(await error.getText(), /does not open aegis-backup-20300101-100000\.json/);

  await (await browser.$('[data-testid="phone-password"]')).setValue(PHONE_PASSWORD);
  await (await browser.$('[data-testid="phone-setup"]')).click();
  const folder = await browser.$('[data-testid="phone-folder"]');
  await folder.waitForExist({ timeout: 20_000 });
  assert.match(await folder.getText(), /aegis-backup-20300101-100000\.json/);
  const received = await (await browser.$('[data-testid="phone-received"]')).getText();
  assert.match(received, /added Google: alice@gmail\.com/);
  assert.doesNotMatch(received, /added GitHub/, 'the GitHub account here is linked, not added again');
  assert.match(await (await browser.$('[data-testid="phone-skipped"]')).getText(), /Yandex/);

  await (await browser.$('[data-testid="close-settings"]')).click();
  await browser.waitUntil(async () => (await accounts(browser)).length === 4, { timeout: 10_000 }).catch(async () => {
    assert.fail(`the list: ${(await accounts(browser)).join(' | ')}`);
  });

  // The phone's next backup arrives as Syncthing writes files: a temporary name, then a rename.
  const temp = path.join(phone, '.syncthing.aegis-backup-20300101-110000.json.tmp');
  copyFileSync(path.join(FIXTURES, 'v2.json'), temp);
  renameSync(temp, path.join(phone, 'aegis-backup-20300101-110000.json'));
  try {
    await browser.waitUntil(async () => (await accounts(browser)).some((r) => r.includes('Dropbox')), { timeout: 15_000 });
  } catch {
    assert.fail(`the phone's new account did not show; the list: ${(await accounts(browser)).join(' | ')}`);
  }
  assert.ok((await accounts(browser)).some((r) => r.includes('Steam')), 'deleted on the phone: kept until the person agrees');

  await openSettings(browser);
  const pending = await browser.$('[data-testid="phone-pending"]');
  await pending.waitForExist({ timeout: 10_000 });
  assert.match(await pending.getText(), /Steam: alice/);
  await screenshot(browser, 'phone-settings');
  await (await browser.$('[data-testid="phone-removals"]')).click();
  await (await browser.$('[data-testid="phone-accept-removals"]')).click();
  await pending.waitForExist({ timeout: 10_000, reverse: true });
  await (await browser.$('[data-testid="close-settings"]')).click();
  await browser.waitUntil(async () => !(await accounts(browser)).some((r) => r.includes('Steam')), { timeout: 10_000 });
  assert.equal((await accounts(browser)).length, 4);
  // Nothing was written into the phone's folder.
  assert.deepEqual(readdirSync(phone).sort(), ['aegis-backup-20300101-100000.json', 'aegis-backup-20300101-110000.json']);
});
