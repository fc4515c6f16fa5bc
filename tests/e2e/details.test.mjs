// An account's details: renamed, tagged and starred (favourites come first),
// its secret shown only after the vault password, and deleted only after a
// second question. The CLI sees every change in the vault file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, cliVault, launchUnlocked, screenshot } from './harness.mjs';

const PASSWORD = 'e2e details password';
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

const listed = () => JSON.parse(cli(['list', '--json'], { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: PASSWORD })).accounts;
// The names in the list, in order; a favourite's name starts with a star.
const issuers = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="issuer"]')].map((e) => (e.querySelector('[data-testid="star"]') ? '★ ' : '') + e.textContent.replace('★', '').trim()),
  );
async function waitForIssuers(browser, want) {
  try {
    await browser.waitUntil(async () => (await issuers(browser)).join() === want, { timeout: 10_000 });
  } catch {
    const page = await browser.execute(() => document.body.innerText);
    assert.fail(`the list did not become ${want}: ${JSON.stringify(await issuers(browser))}; the window says: ${page}`);
  }
}

async function openDetails(browser, index) {
  await (await browser.$$('[data-testid="details"]'))[index].click();
  const issuer = await browser.$('[data-testid="d-issuer"]');
  await issuer.waitForExist({ timeout: 10_000 });
  await browser.waitUntil(async () => (await issuer.getValue()) !== '', { timeout: 5_000 });
}

test('renaming, tags, a note and the favourite star are saved, and favourites come first', async () => {
  const { browser } = app;
  assert.deepEqual(await issuers(browser), ['GitHub', 'Bank']);
  // GitHub has a bundled brand icon; the bank gets its coloured letter.
  assert.deepEqual(
    await browser.execute(() => [...document.querySelectorAll('[data-testid="account"]')].map((r) => r.querySelector('[data-brand]')?.dataset.brand ?? r.querySelector('.monogram').textContent)),
    ['github', 'B'],
  );
  await openDetails(browser, 1);
  await (await browser.$('[data-testid="d-issuer"]')).setValue('Example Bank');
  await (await browser.$('[data-testid="d-tags"]')).setValue('finance, family');
  await (await browser.$('[data-testid="d-note"]')).setValue('Branch 0042');
  await (await browser.$('[data-testid="d-favourite"]')).click();
  await browser.pause(200);
  await screenshot(browser, 'details');
  await (await browser.$('[data-testid="save-details"]')).click();
  await waitForIssuers(browser, '★ Example Bank,GitHub');
  const bank = listed().find((a) => a.label === 'bob');
  assert.equal(bank.issuer, 'Example Bank');
  assert.deepEqual(bank.tags, ['finance', 'family']);
  assert.equal(bank.note, 'Branch 0042');
  assert.equal(bank.favourite, true);
});

test('the secret and its QR code appear only after the vault password', async () => {
  const { browser } = app;
  await openDetails(browser, 1); // GitHub, now second
  await (await browser.$('[data-testid="show-secret"]')).click();
  await (await browser.$('[data-testid="reveal-password"]')).setValue('not the vault password');
  await (await browser.$('[data-testid="confirm-reveal"]')).click();
  const err = await browser.$('[data-testid="details-error"]');
  await err.waitForExist({ timeout: 15_000 });
  assert.match(await err.getText(), /wrong password/i);
  assert.equal(await (await browser.$('[data-testid="revealed"]')).isExisting(), false);
  await (await browser.$('[data-testid="reveal-password"]')).setValue(PASSWORD);
  await (await browser.$('[data-testid="confirm-reveal"]')).click();
  const text = await browser.$('[data-testid="secret-text"]');
  await text.waitForExist({ timeout: 15_000 });
  assert.equal(await text.getText(), 'JBSW Y3DP EHPK 3PXP');
  assert.match(await (await browser.$('[data-testid="secret-qr"]')).getAttribute('src'), /^data:image\/png;base64,/);
  await browser.pause(200);
  await screenshot(browser, 'details-secret');
  await (await browser.$('[data-testid="hide-secret"]')).click();
  await (await browser.$('[data-testid="details-sheet"]')).waitForExist({ reverse: true, timeout: 5_000 });
  assert.equal(await browser.execute(() => document.body.innerText.includes('JBSW')), false, 'the secret left with the sheet');
});

test('Alt+Up and Alt+Down move an account, and the vault keeps the order', async () => {
  const { browser } = app;
  // A third account, not a favourite, to move among the others.
  cli(['add', 'otpauth://totp/Cloud:carol?secret=KRSXG5CTMVRXEZLU&issuer=Cloud'], { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: PASSWORD });
  await waitForIssuers(browser, '★ Example Bank,GitHub,Cloud');
  const rows = await browser.$$('[data-testid="account"] .main');
  await rows[2].click(); // focus it (a click also copies, which is harmless here)
  await browser.keys(['Alt', 'ArrowUp']);
  await waitForIssuers(browser, '★ Example Bank,Cloud,GitHub');
  // A favourite stays among favourites: Cloud cannot go above the starred bank.
  await browser.keys(['Alt', 'ArrowUp']);
  await browser.pause(500);
  assert.deepEqual(await issuers(browser), ['★ Example Bank', 'Cloud', 'GitHub']);
  assert.deepEqual(listed().map((a) => a.issuer), ['Example Bank', 'Cloud', 'GitHub'], 'saved in the vault');
  assert.equal(await browser.execute(() => document.activeElement.closest('[data-testid="account"]').textContent.includes('Cloud')), true, 'the moved row keeps the focus');

  // The same from the details sheet, for the mouse.
  await openDetails(browser, 1);
  await (await browser.$('[data-testid="move-down"]')).click();
  await waitForIssuers(browser, '★ Example Bank,GitHub,Cloud');
  await (await browser.$('[data-testid="move-up"]')).click();
  await waitForIssuers(browser, '★ Example Bank,Cloud,GitHub');
  await browser.keys(['Escape']);
  await (await browser.$('[data-testid="details-sheet"]')).waitForExist({ reverse: true, timeout: 5_000 });
});

/** Presses the mouse on row `from` and moves it to `dy` px from the middle of row `to`, still pressed. */
async function drag(browser, from, to, dy) {
  const rows = await browser.$$('[data-testid="account"]');
  await browser
    .action('pointer', { parameters: { pointerType: 'mouse' } })
    .move({ origin: rows[from] })
    .down()
    .move({ origin: rows[from], y: 10, duration: 50 })
    .move({ origin: rows[to], y: dy, duration: 200 })
    .perform(true);
}
const letGo = (browser) => browser.action('pointer', { parameters: { pointerType: 'mouse' } }).up().perform();

test('dragging a row with the mouse moves it, without copying its code', async () => {
  const { browser } = app;
  await waitForIssuers(browser, '★ Example Bank,Cloud,GitHub');
  await (await browser.$('[data-testid="toast"]')).waitForExist({ reverse: true, timeout: 5_000 });
  // GitHub (third) up, let go over the upper half of Cloud: it lands above Cloud.
  await drag(browser, 2, 1, -10);
  const shown = await browser.execute(() => ({
    dragging: document.querySelectorAll('.row.dragging').length,
    aside: [...document.querySelectorAll('.row:not(.dragging)')].filter((r) => r.style.transform).length,
  }));
  assert.deepEqual(shown, { dragging: 1, aside: 1 }, 'the drag is not shown: the row lifted, Cloud slid aside');
  await screenshot(browser, 'reorder-drag');
  await letGo(browser);
  await waitForIssuers(browser, '★ Example Bank,GitHub,Cloud');
  assert.deepEqual(listed().map((a) => a.issuer), ['Example Bank', 'GitHub', 'Cloud'], 'saved in the vault');
  await browser.pause(300);
  assert.equal(await (await browser.$('[data-testid="toast"]')).isExisting(), false, 'the drag also copied a code');

  // Esc while dragging puts the rows back; letting go then neither moves nor copies.
  await drag(browser, 1, 2, 10);
  await browser.keys(['Escape']);
  assert.equal(await browser.execute(() => document.querySelectorAll('.row.dragging').length), 0, 'Esc left the row lifted');
  await letGo(browser);
  await browser.pause(500);
  assert.deepEqual(await issuers(browser), ['★ Example Bank', 'GitHub', 'Cloud']);
  assert.equal(await (await browser.$('[data-testid="toast"]')).isExisting(), false, 'letting go after Esc copied a code');

  // Favourites stay first: dragged to the very top, Cloud stops below the starred bank.
  await drag(browser, 2, 0, -20);
  assert.equal(await browser.execute(() => document.querySelectorAll('.row.dragging').length), 1, 'the second drag did not start');
  await letGo(browser);
  await waitForIssuers(browser, '★ Example Bank,Cloud,GitHub');
  assert.deepEqual(listed().map((a) => a.issuer), ['Example Bank', 'Cloud', 'GitHub']);
});

test('deleting asks first, then removes the account from the vault', async () => {
  const { browser } = app;
  await openDetails(browser, 2); // GitHub, now third;
  await (await browser.$('[data-testid="delete"]')).click();
  assert.match(await (await browser.$('[data-testid="delete-question"]')).getText(), /Delete GitHub/);
  assert.equal(listed().length, 3, 'nothing deleted before the second question');
  await (await browser.$('[data-testid="confirm-delete"]')).click();
  await waitForIssuers(browser, '★ Example Bank,Cloud');
  assert.deepEqual(listed().map((a) => a.issuer), ['Example Bank', 'Cloud']);
});
