// The skeleton window shows the codes of TWOFOLD_DEMO_URIS, and each is the
// code the core computes (through the `twofold` CLI) for the second shown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliCode, launch, screenshot } from './harness.mjs';

const URIS = [
  'otpauth://totp/GitHub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
  'otpauth://totp/ACME%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=8&period=60',
  'otpauth://hotp/Example:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5',
];

let app;
before(async () => {
  app = await launch({ TWOFOLD_DEMO_URIS: URIS.join('\n') });
});
after(async () => {
  await app?.stop();
});

test('the window is titled Twofold', async () => {
  assert.equal(await app.browser.getTitle(), 'Twofold');
});

test('every code shown equals the core code for the second shown', async () => {
  const { browser } = app;
  const list = await browser.$('[data-testid="accounts"]');
  await list.waitForExist({ timeout: 10_000 });
  // Read the second and the codes in one script, so both come from the same render.
  const shown = await browser.execute(() => {
    const ul = document.querySelector('[data-testid="accounts"]');
    return {
      at: Number(ul.getAttribute('data-at')),
      codes: [...ul.querySelectorAll('[data-testid="code"]')].map((e) => e.getAttribute('data-code')),
      text: [...ul.querySelectorAll('[data-testid="code"]')].map((e) => e.textContent),
      issuers: [...ul.querySelectorAll('[data-testid="issuer"]')].map((e) => e.textContent),
    };
  });
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

test('the countdown moves on', async () => {
  const { browser } = app;
  const read = () => browser.execute(() => Number(document.querySelector('[data-testid="accounts"]').getAttribute('data-at')));
  const first = await read();
  await browser.waitUntil(async () => (await read()) > first, { timeout: 5_000, timeoutMsg: 'the codes were not refreshed' });
});
