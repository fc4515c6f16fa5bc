// The other ways into the Add sheet: a secret typed by hand (checked as it is
// typed; the code made equals `twofold code` for the same link), "Scan
// screen" reading a QR code another window shows, and "Paste" reading a
// copied link and a copied QR image.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { cli, cliVault, launchUnlocked, screenshot } from './harness.mjs';

const PASSWORD = 'e2e add-ways password';
const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';

let app;
let vault;
before(async () => {
  vault = cliVault(PASSWORD, [GITHUB]);
  app = await launchUnlocked(PASSWORD, { TWOFOLD_VAULT: vault });
});
after(async () => {
  await app?.stop();
});

const listed = () => JSON.parse(cli(['list', '--json'], { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: PASSWORD })).accounts;

async function openSheet(browser) {
  await (await browser.$('[data-testid="add"]')).click();
  await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ timeout: 5_000 });
}

/** Waits for the review and adds what it found; returns the names reviewed. */
async function reviewAndAdd(browser) {
  const review = await browser.$('[data-testid="review"]');
  try {
    await review.waitForExist({ timeout: 15_000 });
  } catch {
    assert.fail(`no review; the window says: ${await browser.execute(() => document.body.innerText)}`);
  }
  const names = await browser.execute(() => [...document.querySelectorAll('[data-testid="review-item"] .name')].map((e) => e.textContent));
  await (await browser.$('[data-testid="confirm-add"]')).click();
  await (await browser.$('[data-testid="add-sheet"]')).waitForExist({ reverse: true, timeout: 10_000 });
  return names;
}

test('a typed secret is checked as it is typed, and makes the same codes as its link', async () => {
  const { browser } = app;
  await openSheet(browser);
  await (await browser.$('[data-testid="manual"]')).click();
  await (await browser.$('[data-testid="m-issuer"]')).setValue('Fastmail');
  await (await browser.$('[data-testid="m-label"]')).setValue('gina@example.com');
  const secret = await browser.$('[data-testid="m-secret"]');
  await secret.setValue('kvkf kvcz 1');
  const check = await browser.$('[data-testid="m-secret-check"]');
  assert.match(await check.getText(), /“1” cannot be in a secret/);
  assert.equal(await (await browser.$('[data-testid="m-check"]')).isEnabled(), false);
  await secret.setValue('kvkf kvcz kvvg k4tl');
  assert.equal(await check.getText(), 'Looks right.');
  // Advanced: 8 digits, SHA256, 60 s.
  await (await browser.$('details summary')).click();
  await (await browser.$('[data-testid="m-algorithm"]')).selectByVisibleText('SHA256');
  await (await browser.$('[data-testid="m-digits"]')).selectByVisibleText('8');
  await (await browser.$('[data-testid="m-period"]')).setValue('60');
  await screenshot(browser, 'add-manual');
  await (await browser.$('[data-testid="m-check"]')).click();
  assert.deepEqual(await reviewAndAdd(browser), ['Fastmail']);

  const saved = listed().find((a) => a.issuer === 'Fastmail');
  assert.equal(saved.label, 'gina@example.com');
  const uri = 'otpauth://totp/Fastmail:gina?secret=KVKFKVCZKVVGK4TL&algorithm=SHA256&digits=8&period=60';
  const at = Math.floor(Date.now() / 1000);
  assert.equal(
    cli(['code', 'Fastmail', '--at', String(at)], { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: PASSWORD }).trim(),
    cli(['code', '--uri', uri, '--at', String(at)]).trim(),
    'the typed account makes the codes of its link',
  );
});

test('Scan screen reads the QR code another window shows', async () => {
  const { browser } = app;
  const file = path.join(path.dirname(vault), 'setup-page.png');
  writeFileSync(file, await QRCode.toBuffer('otpauth://totp/Linear:hal?secret=ONSWG4TFOQYTEMZU&issuer=Linear', { type: 'png', margin: 4, scale: 6 }));
  // ImageMagick's viewer stands in for a browser showing the site's setup page.
  const viewer = spawn('display', ['-geometry', '+900+100', file], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 1500));
    await openSheet(browser);
    await (await browser.$('[data-testid="scan-screen"]')).click();
    assert.deepEqual(await reviewAndAdd(browser), ['Linear']);
  } finally {
    viewer.kill('SIGTERM');
  }
  assert.ok(listed().some((a) => a.issuer === 'Linear'));
});

test('Paste reads a copied link, then a copied QR image', async () => {
  const { browser } = app;
  const copy = (args, input) => assert.equal(spawnSync('xclip', ['-selection', 'clipboard', ...args], { input, timeout: 5_000 }).status, 0);
  copy([], 'otpauth://totp/Notion:ivy?secret=MZXW6YTBOI======&issuer=Notion');
  await openSheet(browser);
  await (await browser.$('[data-testid="paste"]')).click();
  assert.deepEqual(await reviewAndAdd(browser), ['Notion']);

  copy(['-t', 'image/png'], await QRCode.toBuffer('otpauth://totp/Slack:jo?secret=NBSWY3DPEB3W64TMMQ&issuer=Slack', { type: 'png', margin: 4, scale: 6 }));
  await openSheet(browser);
  await (await browser.$('[data-testid="paste"]')).click();
  assert.deepEqual(await reviewAndAdd(browser), ['Slack']);

  // Nothing usable on the clipboard: a visible error, nothing added.
  copy([], 'just some words');
  await openSheet(browser);
  await (await browser.$('[data-testid="paste"]')).click();
  const err = await browser.$('[data-testid="add-error"]');
  await err.waitForExist({ timeout: 10_000 });
  assert.match(await err.getText(), /no setup link and no image/);
  await (await browser.$('[data-testid="cancel-add"]')).click();
  assert.equal(listed().length, 5);
});
