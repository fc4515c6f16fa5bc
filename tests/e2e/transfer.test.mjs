// Moving in and out through the window: another app's encrypted export is
// imported (a wrong password answered, groups kept), a Twofold backup is
// exported and opens in a new vault through the CLI, and Google
// Authenticator QR codes are shown one by one and read back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseFiles, cli, cliVault, launchUnlocked, screenshot, tempVault } from './harness.mjs';

const PASSWORD = 'e2e transfer password';
const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const FIXTURES = path.resolve(import.meta.dirname, '../../crates/core/tests/data/import');
const manifest = JSON.parse(readFileSync(path.join(FIXTURES, 'manifest.json'), 'utf8')).fixtures;
const aegis = manifest.find((f) => f.file === 'aegis_encrypted.json');
const aegisPassword = readFileSync(path.join(FIXTURES, 'aegis_encrypted.json.password'), 'utf8').trim();

let app;
let vault;
let exportDir;
before(async () => {
  vault = cliVault(PASSWORD, [GITHUB]);
  exportDir = mkdtempSync(path.join(os.tmpdir(), 'twofold-e2e-export-'));
  app = await launchUnlocked(PASSWORD, { TWOFOLD_VAULT: vault, TWOFOLD_EXPORT_DIR: exportDir });
});
after(async () => {
  await app?.stop();
});

const listed = (v = vault, password = PASSWORD) =>
  JSON.parse(cli(['list', '--json'], { TWOFOLD_VAULT: v, TWOFOLD_PASSWORD: password })).accounts;

test('an encrypted Aegis export: a wrong password is answered, the right one opens it, groups come along', async () => {
  const { browser } = app;
  await browser.keys(['Control', 'n']);
  await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ timeout: 5_000 });
  await chooseFiles(browser, 'import-input', [['aegis-export.json', readFileSync(path.join(FIXTURES, 'aegis_encrypted.json'))]]);
  const field = await browser.$('[data-testid="file-password"]');
  await field.waitForExist({ timeout: 10_000 });
  assert.match(await (await browser.$('[data-testid="file-password-form"]')).getText(), /This Aegis file is encrypted/);
  // (The fixture's other password slot opens with "not the password": any other text is wrong.)
  await field.setValue('wrong password');
  await (await browser.$('[data-testid="open-file"]')).click();
  const err = await browser.$('[data-testid="add-error"]');
  await err.waitForExist({ timeout: 20_000 });
  assert.equal(await err.getText(), 'That password does not open this file.');
  await field.setValue(aegisPassword);
  await (await browser.$('[data-testid="open-file"]')).click();
  await (await browser.$('[data-testid="review-item"]')).waitForExist({ timeout: 20_000 });
  const items = await browser.$$('[data-testid="review-item"]');
  assert.equal(items.length, aegis.ids.length);
  await screenshot(browser, 'import-aegis-review');
  await (await browser.$('[data-testid="confirm-add"]')).click();
  await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ reverse: true, timeout: 10_000 });
  const accounts = listed();
  assert.equal(accounts.length, 1 + aegis.ids.length);
  assert.ok(accounts.some((a) => a.tags.length > 0), 'groups became tags');
});

test('Steam Desktop Authenticator’s encrypted folder, chosen at once, opens with its passkey', async () => {
  const { browser } = app;
  const sda = path.join(FIXTURES, 'sda_encrypted');
  const expected = JSON.parse(readFileSync(path.join(sda, 'expected.json'), 'utf8'));
  const files = ['76561198000001000.maFile', 'manifest.json', '76561198000001001.maFile'];
  await browser.keys(['Control', 'n']);
  await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ timeout: 5_000 });
  await chooseFiles(browser, 'import-input', files.map((f) => [f, readFileSync(path.join(sda, f))]));
  try {
    const field = await browser.$('[data-testid="file-password"]');
    await field.waitForExist({ timeout: 10_000 });
    assert.match(await (await browser.$('[data-testid="file-password-form"]')).getText(), /These Steam Guard files are encrypted \(by Steam Desktop Authenticator or steamguard-cli\)/);
    await screenshot(browser, 'import-sda-passkey');
    await field.setValue('not the passkey');
    await (await browser.$('[data-testid="open-file"]')).click();
    const err = await browser.$('[data-testid="add-error"]');
    await err.waitForExist({ timeout: 20_000 });
    await field.setValue(readFileSync(path.join(sda, 'passkey'), 'utf8'));
    await (await browser.$('[data-testid="open-file"]')).click();
    await (await browser.$('[data-testid="review-item"]')).waitForExist({ timeout: 20_000 });
    const items = [];
    for (const item of await browser.$$('[data-testid="review-item"]')) items.push(await item.getText());
    assert.deepEqual(items.map((t) => expected.accounts.findIndex((a) => t.includes(a.label))), [0, 1], items.join(' | '));
    // The file the manifest lists but was not chosen is named.
    assert.match(await (await browser.$('[data-testid="review-error"]')).getText(), /76561198000001002\.maFile/);
    await screenshot(browser, 'import-sda-review');
  } finally {
    // Nothing is added: the later tests count the vault's accounts.
    await (await browser.$('[data-testid="cancel-add"]')).click();
    await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ reverse: true, timeout: 10_000 });
  }
});

test('an Ente export: secrets that look mistyped are flagged on their accounts, the trashed code is named as left out', async () => {
  const { browser } = app;
  const ente = manifest.find((f) => f.file === 'ente_auth.txt');
  await browser.keys(['Control', 'n']);
  await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ timeout: 5_000 });
  await chooseFiles(browser, 'import-input', [['ente-codes.txt', readFileSync(path.join(FIXTURES, 'ente_auth.txt'))]]);
  try {
    await reviewEnte(browser, ente);
  } finally {
    // Nothing is added: the later tests count the vault's accounts.
    await (await browser.$('[data-testid="cancel-add"]')).click();
    await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ reverse: true, timeout: 10_000 });
  }
  assert.equal(listed().length, 1 + aegis.ids.length, 'nothing added on cancel');
});

async function reviewEnte(browser, ente) {
  await (await browser.$('[data-testid="review-item"]')).waitForExist({ timeout: 20_000 });
  const items = await browser.$$('[data-testid="review-item"]');
  assert.equal(items.length, ente.ids.length);
  // The warnings sit on exactly the accounts the manifest says were spelled loosely.
  const warned = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="review-item"]')].map((li, i) => [i, li.querySelector('[data-testid="review-warning"]')?.textContent ?? null]),
  );
  const flagged = warned.filter(([, w]) => w !== null).map(([i]) => ente.ids[i]);
  assert.deepEqual(flagged.sort(), [...ente.warned].sort());
  const mistyped = warned.find(([i]) => ente.ids[i] === 'mistyped_bits')[1];
  assert.match(mistyped, /^Its secret .*looks mistyped/);
  const left = await browser.$$('[data-testid="review-skipped"]');
  assert.equal(left.length, 1);
  assert.match(await left[0].getText(), /“Old Service: old” is left out: it is in the app's trash\./);
  // The last accounts, with their warnings, and the item left out, in view.
  await browser.execute(() => document.querySelector('[data-testid="review-skipped"]').scrollIntoView({ block: 'end' }));
  await browser.pause(300); // let WebKit paint before the screenshot
  await screenshot(browser, 'import-ente-warnings');
}

test('a Twofold backup is written where asked, after the vault password, and opens elsewhere', async () => {
  const { browser } = app;
  await (await browser.$('[data-testid="export"]')).click();
  const pathField = await browser.$('[data-testid="export-path"]');
  await pathField.waitForExist({ timeout: 5_000 });
  await browser.waitUntil(async () => (await pathField.getValue()).startsWith(exportDir), { timeout: 5_000 });
  const out = await pathField.getValue();
  assert.match(out, /twofold-\d{4}-\d{2}-\d{2}\.twofold$/);
  await (await browser.$('[data-testid="export-password"]')).setValue('backup pw');
  await (await browser.$('[data-testid="export-repeat"]')).setValue('backup pw');
  await (await browser.$('[data-testid="export-vault-password"]')).setValue('wrong vault password');
  await screenshot(browser, 'export');
  await (await browser.$('[data-testid="run-export"]')).click();
  const err = await browser.$('[data-testid="export-error"]');
  await err.waitForExist({ timeout: 20_000 });
  assert.match(await err.getText(), /wrong password/i);
  assert.equal(existsSync(out), false, 'nothing written without re-authentication');
  await (await browser.$('[data-testid="export-vault-password"]')).setValue(PASSWORD);
  await (await browser.$('[data-testid="run-export"]')).click();
  const saved = await browser.$('[data-testid="export-saved"]');
  await saved.waitForExist({ timeout: 20_000 });
  assert.ok(existsSync(out));
  assert.equal(statSync(out).mode & 0o777, 0o600, 'owner-only file');
  await (await browser.$('[data-testid="export-done"]')).click();

  // A new vault on "another machine" (no keyring: a password) imports it.
  const other = tempVault();
  const env = { TWOFOLD_VAULT: other, TWOFOLD_PASSWORD: 'other', TWOFOLD_FILE_PASSWORD: 'backup pw' };
  cli(['init', '--no-keyring'], env);
  cli(['import', out], env);
  const names = (list) => list.map((a) => `${a.issuer}:${a.label}:${a.tags.join('|')}`).sort();
  assert.deepEqual(names(listed(other, 'other')), names(listed()));
});

test('Google Authenticator QR codes are shown one by one and hold every account', async () => {
  const { browser } = app;
  await (await browser.$('[data-testid="export"]')).click();
  await (await browser.$('[data-testid="format-google-qr"]')).click();
  await (await browser.$('[data-testid="export-vault-password"]')).setValue(PASSWORD);
  await (await browser.$('[data-testid="run-export"]')).click();
  const page = await browser.$('[data-testid="qr-page"]');
  await page.waitForExist({ timeout: 20_000 });
  const total = Number((await page.getText()).match(/of (\d+)/)[1]);
  await browser.pause(300);
  await screenshot(browser, 'export-google-qr');
  const pngs = [];
  for (let i = 0; i < total; i++) {
    assert.equal(await page.getText(), `QR code ${i + 1} of ${total}`);
    const src = await (await browser.$('[data-testid="qr-image"]')).getAttribute('src');
    pngs.push(Buffer.from(src.split(',')[1], 'base64'));
    if (i < total - 1) await (await browser.$('[data-testid="qr-next"]')).click();
  }
  const left = (await browser.$$('[data-testid="left-out"]')).length;
  await (await browser.$('[data-testid="export-done"]')).click();
  // The images, read back by the CLI as Google Authenticator would, hold every account it can carry.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twofold-e2e-qr-'));
  const files = pngs.map((png, i) => {
    const f = path.join(dir, `qr-${i + 1}.png`);
    writeFileSync(f, png);
    return f;
  });
  const read = JSON.parse(cli(['inspect', '--json', ...files]));
  assert.equal(read.errors.length, 0);
  assert.equal(read.accounts.length, listed().length - left);
});
