// The daily loop on Wayland, as a person does it: the keyring vault opens
// with no typing, Ctrl+F, "github", Enter, and the code is on the clipboard
// as other Wayland programs see it (wl-paste), marked for clipboard managers,
// every time; it is cleared after the clear time, on lock, and never when the
// person copied something else meanwhile. With the clipboard going through
// Twofold's own window (as on a desktop without data-control or XWayland), a
// copy while the window is not in front says that it failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { copy, clipboard, clipboardTypes, codesAroundNow, keyringVault, launch, run, screenshot, swaymsg, until, waitForList, windows, wtype } from './harness.mjs';

const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const OTHER = 'otpauth://totp/Gitea:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Gitea';
const BANK = 'otpauth://totp/Bank:carol?secret=KRSXG5CTMVRXEZLU&issuer=Bank';
const CLEAR_SECONDS = 4;

let app;
let vault;
before(async () => {
  vault = keyringVault('clipboard', [GITHUB, OTHER, BANK]);
  app = await launch({ TWOFOLD_VAULT: vault, TWOFOLD_CLIPBOARD_CLEAR_SECONDS: String(CLEAR_SECONDS) });
  await waitForList(app.browser);
  await until('the window to have the focus', () => windows().some((w) => w.name === 'Twofold' && w.focused));
});
after(async () => {
  await app?.stop();
});

/** Ctrl+F, the query, Enter: with the real (virtual) keyboard. */
async function searchAndCopy(query) {
  wtype('-M', 'ctrl', 'f', '-m', 'ctrl');
  await sleep(200);
  wtype('-M', 'ctrl', 'a', '-m', 'ctrl', '-k', 'BackSpace');
  wtype(query);
  await sleep(300);
  wtype('-k', 'Return');
}

const toast = async () => (await app.browser.$('[data-testid="toast"]')).getText().catch(() => '');

test('Ctrl+F, a query, Enter: the code reaches the clipboard every time, marked as a secret', async () => {
  for (let attempt = 1; attempt <= 5; attempt++) {
    copy(null);
    await searchAndCopy('github');
    const copied = await until(`attempt ${attempt}: the code on the clipboard`, () => clipboard(), 5_000);
    assert.ok(codesAroundNow(GITHUB).has(copied), `attempt ${attempt}: the clipboard holds GitHub's code, not ${JSON.stringify(copied)}`);
    assert.match(await until('the toast', toast, 3_000), /Copied/);
  }
  const types = clipboardTypes();
  assert.ok(types.includes('text/plain;charset=utf-8') || types.includes('text/plain'), `text is offered: ${types}`);
  assert.ok(types.includes('x-kde-passwordManagerHint'), `the hint for clipboard managers is offered: ${types}`);
  assert.equal(run('wl-paste', ['--no-newline', '--type', 'x-kde-passwordManagerHint']), 'secret');
  await screenshot('copied');
});

test('the clipboard is cleared after the clear time', async () => {
  await searchAndCopy('github');
  await until('the code on the clipboard', () => clipboard(), 5_000);
  await until('the clipboard to be cleared', () => clipboard() === null, (CLEAR_SECONDS + 3) * 1000);
});

test('what the person copied after the code is never cleared', async () => {
  await searchAndCopy('bank');
  const code = await until('the code on the clipboard', () => clipboard(), 5_000);
  assert.ok(codesAroundNow(BANK).has(code));
  copy('my own text');
  await sleep((CLEAR_SECONDS + 2) * 1000);
  assert.equal(clipboard(), 'my own text');
});

test('locking takes the code off the clipboard at once', async () => {
  await searchAndCopy('github');
  await until('the code on the clipboard', () => clipboard(), 5_000);
  wtype('-M', 'ctrl', 'l', '-m', 'ctrl');
  // Well before the clear time: the lock did it.
  await until('the clipboard to be cleared by the lock', () => clipboard() === null, 2_000);
  await (await app.browser.$('[data-testid="unlock-keyring"]')).waitForExist({ timeout: 10_000 });
  await (await app.browser.$('[data-testid="unlock-keyring"]')).click();
  await waitForList(app.browser);
});

test("through the window's own clipboard, a copy works in front and says so when it cannot", async () => {
  await app.stop();
  app = await launch({ TWOFOLD_VAULT: vault, TWOFOLD_CLIPBOARD: 'window', TWOFOLD_CLIPBOARD_CLEAR_SECONDS: '60' });
  await waitForList(app.browser);
  await until('the window to have the focus', () => windows().some((w) => w.name === 'Twofold' && w.focused));
  copy(null);
  await searchAndCopy('github');
  const copied = await until('the code on the clipboard', () => clipboard(), 5_000);
  assert.ok(codesAroundNow(GITHUB).has(copied));
  assert.ok(clipboardTypes().includes('x-kde-passwordManagerHint'), `the window's offer carries the hint too: ${clipboardTypes()}`);
  // Another workspace: Twofold's window no longer has the keyboard, as when a
  // person clicks elsewhere; a copy now (a click reaching the page) must not claim success.
  swaymsg('workspace', '2');
  await until('the window to lose the focus', () => !windows().some((w) => w.name === 'Twofold' && w.focused));
  copy('before');
  await (await app.browser.$('[data-testid="account"] button')).click();
  const error = await app.browser.$('[data-testid="app-error"]');
  await error.waitForExist({ timeout: 5_000 });
  assert.match(await error.getText(), /Not copied.*bring Twofold's window to the front/);
  assert.equal(clipboard(), 'before', 'the clipboard keeps what was there');
  swaymsg('workspace', '1');
  await sleep(500);
  await screenshot('copy-failed');
});
