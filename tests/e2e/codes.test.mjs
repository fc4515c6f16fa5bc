// A vault made by the CLI opens in the app by password, and every code shown
// is the code the core computes (through the `twofold` CLI) for the second
// shown. Copying puts the code on the clipboard and clears it again; locking
// drops back to the password screen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import { cliCode, cliVault, clipboard, clipboardTypes, launch, screenshot, unlockWithPassword } from './harness.mjs';

const PASSWORD = 'e2e vault password';
const URIS = [
  'otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
  'otpauth://totp/ACME%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=8&period=60',
  'otpauth://hotp/Example:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5',
];
const CLEAR_SECONDS = 3;

let app;
before(async () => {
  const vault = cliVault(PASSWORD, URIS);
  app = await launch({ TWOFOLD_VAULT: vault, TWOFOLD_CLIPBOARD_CLEAR_SECONDS: String(CLEAR_SECONDS) });
});
after(async () => {
  await app?.stop();
});

/** The second and the codes of one render. */
const readList = (browser) =>
  browser.execute(() => {
    const ul = document.querySelector('[data-testid="accounts"]');
    return {
      at: Number(ul.getAttribute('data-at')),
      codes: [...ul.querySelectorAll('[data-testid="code"]')].map((e) => e.getAttribute('data-code')),
      text: [...ul.querySelectorAll('[data-testid="code"]')].map((e) => e.textContent),
      issuers: [...ul.querySelectorAll('[data-testid="issuer"]')].map((e) => e.textContent),
    };
  });

test('the window is titled Twofold', async () => {
  assert.equal(await app.browser.getTitle(), 'Twofold');
});

test('a password vault asks for its password, and a wrong one is refused', async () => {
  const { browser } = app;
  await (await browser.$('[data-testid="password"]')).waitForDisplayed({ timeout: 15_000 });
  await browser.pause(300); // let WebKit paint before the screenshot
  await screenshot(browser, 'password');
  await unlockWithPassword(browser, 'not it');
  const err = await browser.$('[data-testid="unlock-error"]');
  await err.waitForExist({ timeout: 15_000 });
  assert.equal(await err.getText(), 'wrong password');
  await (await browser.$('[data-testid="password"]')).clearValue();
  await unlockWithPassword(browser, PASSWORD);
});

test('every code shown equals the core code for the second shown', async () => {
  const { browser } = app;
  const list = await browser.$('[data-testid="accounts"]');
  await list.waitForExist({ timeout: 15_000 });
  const shown = await readList(browser);
  assert.deepEqual(shown.issuers, ['GitHub', 'ACME Co', 'Example']);
  const now = Math.floor(Date.now() / 1000);
  assert.ok(Math.abs(now - shown.at) <= 3, `shown second ${shown.at} is close to now ${now}`);
  assert.equal(shown.codes.length, URIS.length);
  URIS.forEach((uri, i) => assert.equal(shown.codes[i], cliCode(uri, shown.at), `account ${i}`));
  // Grouped for reading.
  assert.match(shown.text[0], /^\d{3} \d{3}$/);
  assert.match(shown.text[1], /^\d{4} \d{4}$/);
  await screenshot(browser, 'codes');
});

test('the rings count down each second, and the codes change when the period ends', async () => {
  const { browser } = app;
  const left = () => browser.execute(() => Number(/^(\d+)/.exec(document.querySelector('[role="timer"]').getAttribute('aria-label'))[1]));
  const at = () => browser.execute(() => Number(document.querySelector('[data-testid="accounts"]').getAttribute('data-at')));
  const first = await left();
  await browser.waitUntil(async () => (await left()) !== first, { timeout: 3_000, timeoutMsg: 'the ring did not move' });
  // Codes are fetched when a period ends (not every second): wait for the next 30 s period.
  const before = await at();
  const boundary = (Math.floor(before / 30) + 1) * 30;
  await browser.waitUntil(async () => (await at()) >= boundary, { timeout: 35_000, interval: 250, timeoutMsg: 'the codes were not fetched for the new period' });
  const list = await readList(browser);
  assert.equal(list.codes[0], cliCode(URIS[0], list.at), 'the new code is the one for the new period');
});

test('the search box filters as you type', async () => {
  const { browser } = app;
  const search = await browser.$('[data-testid="search"]');
  await search.setValue('acme');
  await browser.waitUntil(async () => (await readList(browser)).issuers.join() === 'ACME Co', { timeout: 3_000 });
  await screenshot(browser, 'search');
  await browser.keys('Escape');
  await browser.waitUntil(async () => (await readList(browser)).issuers.length === 3, { timeout: 3_000 });
});

test('the HOTP next-code button moves the counter on', async () => {
  const { browser } = app;
  const before = (await readList(browser)).codes[2];
  assert.equal(before, cliCode(URIS[2], 0));
  await (await browser.$('[data-testid="hotp-next"]')).click();
  const next = cliCode(URIS[2].replace('counter=5', 'counter=6'), 0);
  await browser.waitUntil(async () => (await readList(browser)).codes[2] === next, { timeout: 5_000, timeoutMsg: 'counter not moved' });
});

test('a click copies the code, and the clipboard is cleared after the clear time', async () => {
  const { browser } = app;
  const row = await browser.$('[data-testid="account"] button');
  await row.click();
  const toast = await browser.$('[data-testid="toast"]');
  await toast.waitForExist({ timeout: 5_000 });
  assert.match(await toast.getText(), /Copied/);
  const copied = clipboard();
  // Marked for clipboard managers (Klipper, CopyQ), which then keep no history of it.
  assert.ok(clipboardTypes().includes('x-kde-passwordManagerHint'), `the hint is offered: ${clipboardTypes()}`);
  assert.equal(execFileSync('xclip', ['-o', '-selection', 'clipboard', '-t', 'x-kde-passwordManagerHint'], { encoding: 'utf8' }), 'secret');
  const shown = await readList(browser);
  // The code of the second copied, or of the one before when the period turned in between.
  const candidates = [cliCode(URIS[0], shown.at), cliCode(URIS[0], shown.at - 30), cliCode(URIS[0], shown.at - 1)];
  assert.ok(candidates.includes(copied), `clipboard ${JSON.stringify(copied)} holds GitHub's code`);
  await sleep((CLEAR_SECONDS + 2) * 1000);
  assert.equal(clipboard(), '', 'the clipboard was cleared');
});

test('Lock drops back to the password screen, and the password opens it again', async () => {
  const { browser } = app;
  await (await browser.$('[data-testid="lock"]')).click();
  await (await browser.$('[data-testid="unlock"]')).waitForExist({ timeout: 5_000 });
  assert.equal(await (await browser.$('[data-testid="accounts"]')).isExisting(), false);
  await unlockWithPassword(browser, PASSWORD);
  await (await browser.$('[data-testid="accounts"]')).waitForExist({ timeout: 15_000 });
});
