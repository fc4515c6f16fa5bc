// Backup codes in the window: the backup-code vault is created with its own
// passphrase, a site's text is pasted, "Use next code" copies and marks the
// first code, the count shows on the account, the CLI sees the same codes
// (and the app sees the CLI's use), "Locked out?" leads to the next code,
// a wrong passphrase is a visible error, and a .txt file of codes adds more.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chooseFiles, cli, clipboard, cliVault, launchUnlocked, screenshot } from './harness.mjs';

const PASSWORD = 'e2e backup vault password';
const PASSPHRASE = 'e2e backup-code passphrase';
const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const BANK = 'otpauth://totp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank';
// As copied off a site's page: a header, two columns, a footer.
const PASTED = `Your backup codes
Keep them somewhere safe.

1. 3f9a2-8c1d0    6. 7d2e1-0a9b4
2. 0b7e4-51a9f    7. 9c3f0-2e8d1
3. 5a8c3-7f2e6    8. 1e6b9-4c7a2
4. 8d1f7-3b0c5    9. 6f4a8-9d3e0
5. 2c9e6-5a1d8   10. 4b0d3-8e6f7

Generated 2026-11-28`;
const FIRST = ['3f9a2-8c1d0', '0b7e4-51a9f', '5a8c3-7f2e6'];

let app;
let vault;
let exportDir;
const env = () => ({ TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: PASSWORD, TWOFOLD_BACKUP_PASSWORD: PASSPHRASE });
const cliCodes = () => JSON.parse(cli(['backup-codes', 'list', 'GitHub', '--json'], env()));

before(async () => {
  vault = cliVault(PASSWORD, [GITHUB, BANK]);
  exportDir = path.dirname(vault);
  app = await launchUnlocked(PASSWORD, { TWOFOLD_VAULT: vault, TWOFOLD_EXPORT_DIR: exportDir });
});
after(async () => {
  await app?.stop();
});

const text = async (browser, testid) => (await browser.$(`[data-testid="${testid}"]`)).getText();
async function waitForText(browser, testid, want) {
  const el = await browser.$(`[data-testid="${testid}"]`);
  await el.waitForExist({ timeout: 10_000 });
  try {
    await browser.waitUntil(async () => (await el.getText()).includes(want), { timeout: 10_000 });
  } catch {
    const page = await browser.execute(() => document.body.innerText);
    assert.fail(`${testid} never said “${want}”; the window says: ${page}`);
  }
}
const badges = (browser) =>
  browser.execute(() => [...document.querySelectorAll('[data-testid="backup-count"]')].map((b) => b.textContent.trim()));

test('add pasted codes, use the next one, and see the count on the account', async () => {
  const { browser } = app;
  assert.deepEqual(await badges(browser), [], 'no account has backup codes yet');
  await (await browser.$$('[data-testid="details"]'))[0].click();
  await (await browser.$('[data-testid="backup-codes"]')).click();
  // First time: the backup-code vault gets its own passphrase, typed twice.
  await (await browser.$('[data-testid="b-new"]')).setValue(PASSPHRASE);
  await (await browser.$('[data-testid="b-again"]')).setValue(PASSPHRASE);
  await (await browser.$('[data-testid="b-create"]')).click();
  const paste = await browser.$('[data-testid="b-paste"]');
  await paste.waitForExist({ timeout: 20_000 });
  // Pasted as a whole (typing it key by key through WebDriver mangles newlines).
  await browser.execute((el, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, paste, PASTED);
  await (await browser.$('[data-testid="b-add"]')).click();
  await waitForText(browser, 'b-left', '10 of 10 left');
  assert.equal((await browser.$$('[data-testid="b-code"]')).length, 10);

  await (await browser.$('[data-testid="b-use"]')).click();
  await waitForText(browser, 'b-used', FIRST[0]);
  assert.equal(clipboard(), FIRST[0], 'the code is on the clipboard');
  await waitForText(browser, 'b-left', '9 of 10 left');
  await screenshot(browser, 'backup-codes');

  // The CLI reads the same vault: the first code is used, the rest are not.
  const listed = cliCodes();
  assert.equal(listed.left, 9);
  assert.deepEqual(listed.codes.slice(0, 2).map((c) => [c.code, c.used]), [[FIRST[0], true], [FIRST[1], false]]);

  await (await browser.$('[data-testid="b-done"]')).click();
  await browser.waitUntil(async () => (await badges(browser)).join() === '9 codes', { timeout: 10_000, timeoutMsg: `badges: ${await badges(browser)}` });
});

test('the CLI using a code shows in the app; Locked out? gives the next one', async () => {
  const { browser } = app;
  assert.equal(cli(['backup-codes', 'use', 'GitHub'], env()).trim(), FIRST[1]);
  await browser.waitUntil(async () => (await badges(browser)).join() === '8 codes', { timeout: 10_000, timeoutMsg: `badges: ${await badges(browser)}` });

  await (await browser.$('[data-testid="locked-out"]')).click();
  const choices = await browser.$$('[data-testid="lo-choice"]');
  assert.equal(choices.length, 1, 'only GitHub has codes');
  assert.match(await choices[0].getText(), /GitHub[\s\S]*8 of 10 left/);
  await screenshot(browser, 'locked-out');
  await choices[0].click();
  // The backup-code vault is still open (less than two idle minutes): straight to the codes.
  await (await browser.$('[data-testid="b-use"]')).waitForExist({ timeout: 10_000 });
  await (await browser.$('[data-testid="b-use"]')).click();
  await waitForText(browser, 'b-used', FIRST[2]);
  assert.equal(clipboard(), FIRST[2]);
  await waitForText(browser, 'b-left', '7 of 10 left');
  assert.equal(cliCodes().left, 7);
});

test('a wrong passphrase is a visible error; a .txt file adds codes; the text export reads back', async () => {
  const { browser } = app;
  await (await browser.$('[data-testid="b-lock"]')).click();
  await (await browser.$('[data-testid="backup-count"]')).click();
  await (await browser.$('[data-testid="b-pass"]')).setValue('not the passphrase');
  await (await browser.$('[data-testid="b-unlock"]')).click();
  await waitForText(browser, 'backup-error', 'wrong password');
  await (await browser.$('[data-testid="b-pass"]')).setValue(PASSPHRASE);
  await (await browser.$('[data-testid="b-unlock"]')).click();
  await waitForText(browser, 'b-left', '7 of 10 left');

  // A used code is marked by hand (used on the site's own page), then unmarked.
  const boxes = await browser.$$('[data-testid="b-code"] input');
  await boxes[3].click();
  await waitForText(browser, 'b-left', '6 of 10 left');
  await (await browser.$$('[data-testid="b-code"] input'))[3].click();
  await waitForText(browser, 'b-left', '7 of 10 left');

  await (await browser.$('[data-testid="b-add-more"]')).click();
  await chooseFiles(browser, 'b-file', [['github-recovery-codes.txt', Buffer.from('a1b2c-3d4e5\nf6a7b-8c9d0\n')]]);
  await browser.waitUntil(async () => (await (await browser.$('[data-testid="b-paste"]')).getValue()).includes('f6a7b-8c9d0'), { timeout: 5_000 });
  await (await browser.$('[data-testid="b-add"]')).click();
  await waitForText(browser, 'b-left', '9 of 12 left');

  await (await browser.$('[data-testid="b-export"]')).click();
  const pathField = await browser.$('[data-testid="b-path"]');
  await browser.waitUntil(async () => (await pathField.getValue()).endsWith('.txt'), { timeout: 5_000 });
  const saved = await pathField.getValue();
  assert.equal(path.dirname(saved), exportDir);
  await (await browser.$('[data-testid="b-save"]')).click();
  await waitForText(browser, 'b-notice', 'Saved to');
  assert.ok(existsSync(saved));
  const written = readFileSync(saved, 'utf8');
  assert.match(written, /^Backup codes for GitHub/);
  assert.match(written, new RegExp(`${FIRST[0]} \\(used\\)`));
  assert.match(written, /f6a7b-8c9d0\n/);
  await (await browser.$('[data-testid="b-done"]')).click();
  // The list re-reads the counts once the sheet has closed.
  await browser.waitUntil(async () => (await badges(browser)).join() === '9 codes', { timeout: 10_000, timeoutMsg: `badges: ${await badges(browser)}` });
});
