// Adding accounts: a setup link and a QR screenshot go through a review
// (duplicates flagged, nothing saved until "Add"); a picture of the wrong QR
// code, or of no QR code at all, is answered with a visible error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { ARTIFACTS, chooseFiles, cli, cliVault, launchUnlocked, screenshot } from './harness.mjs';

const PASSWORD = 'e2e import password';
const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const GITLAB = 'otpauth://totp/GitLab:erin%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab';
const DROPBOX = 'otpauth://totp/Dropbox:frank?secret=MFRGGZDFMZTWQ2LK&issuer=Dropbox';

let app;
let vault;
before(async () => {
  vault = cliVault(PASSWORD, [GITHUB]);
  app = await launchUnlocked(PASSWORD, { TWOFOLD_VAULT: vault });
});
after(async () => {
  await app?.stop();
});

/** Chooses `bytes` as the file of the sheet's image input, as the file chooser would. */
const chooseImage = (browser, bytes, name) => chooseFiles(browser, 'image-input', [[name, bytes]]);

const issuers = (browser) => browser.execute(() => [...document.querySelectorAll('[data-testid="issuer"]')].map((e) => e.textContent));

async function openSheet(browser) {
  await browser.keys(['Control', 'n']);
  await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ timeout: 5_000 });
}

test('a pasted setup link is reviewed, duplicates flagged, and added only on confirm', async () => {
  const { browser } = app;
  await openSheet(browser);
  await (await browser.$('[data-testid="link"]')).setValue(`${GITHUB} ${GITLAB}`);
  await (await browser.$('[data-testid="read-link"]')).click();
  await (await browser.$('[data-testid="review"]')).waitForExist({ timeout: 10_000 });
  const items = await browser.$$('[data-testid="review-item"]');
  assert.equal(items.length, 2);
  assert.equal((await browser.$$('[data-testid="duplicate"]')).length, 1);
  const confirm = await browser.$('[data-testid="confirm-add"]');
  assert.equal((await confirm.getText()).trim(), 'Add 1 account');
  assert.deepEqual(await issuers(browser), ['GitHub'], 'nothing saved before confirming');
  await confirm.click();
  await browser.waitUntil(async () => (await issuers(browser)).join() === 'GitHub,GitLab', { timeout: 10_000 });
  // Saved in the vault file, as the CLI sees it.
  const listed = JSON.parse(cli(['list', '--json'], { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: PASSWORD }));
  assert.deepEqual(listed.accounts.map((a) => a.issuer), ['GitHub', 'GitLab']);
});

test('a QR screenshot is read, reviewed and added', async () => {
  const { browser } = app;
  const png = await QRCode.toBuffer(DROPBOX, { type: 'png', margin: 4, scale: 6 });
  await (await browser.$('[data-testid="toast"]')).waitForExist({ reverse: true, timeout: 5_000 });
  await openSheet(browser);
  await chooseImage(browser, png, 'dropbox-qr.png');
  await (await browser.$('[data-testid="review-item"]')).waitForExist({ timeout: 15_000 });
  assert.match(await (await browser.$('[data-testid="review-item"]')).getText(), /Dropbox/);
  await browser.pause(300); // let WebKit paint before the screenshot
  await screenshot(browser, 'review');
  await (await browser.$('[data-testid="confirm-add"]')).click();
  await browser.waitUntil(async () => (await issuers(browser)).includes('Dropbox'), { timeout: 10_000 });
});

test('a QR code of a web address, and a picture with no QR code, are answered with an error', async () => {
  const { browser } = app;
  await openSheet(browser);
  await chooseImage(browser, await QRCode.toBuffer('https://example.com/login', { type: 'png', scale: 6 }), 'link.png');
  const err = await browser.$('[data-testid="review-error"]');
  await err.waitForExist({ timeout: 15_000 });
  assert.equal(await err.getText(), 'link.png: this QR code holds a web address, not a 2FA setup code');
  assert.equal(await (await browser.$('[data-testid="confirm-add"]')).isEnabled(), false);

  const icon = readFileSync(path.resolve(import.meta.dirname, '../../icons/128x128.png'));
  await chooseImage(browser, icon, 'icon.png');
  // Several files may be read at once, so each file's problem is named with the file.
  const none = await browser.$('[data-testid="review-error"]');
  await browser.waitUntil(async () => /^icon\.png: no QR code was found/.test(await none.getText().catch(() => '')), {
    timeout: 15_000,
    timeoutMsg: 'no "no QR code" error for icon.png',
  });
  await screenshot(browser, 'import-error');
  await browser.keys('Escape');
  await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ reverse: true, timeout: 5_000 });
  assert.ok(ARTIFACTS);
});
