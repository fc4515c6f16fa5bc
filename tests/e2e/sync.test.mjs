// Settings › Sync in the real app: it joins the set a laptop (the CLI, with a
// vault of its own) started in a shared folder, with the laptop's password;
// the laptop's accounts come in, the app's go out; then an account added on
// the laptop shows in the open window by itself (the folder is watched).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, cliVault, launchUnlocked, screenshot } from './harness.mjs';

const DESK_PASSWORD = 'e2e desktop password';
const LAPTOP_PASSWORD = 'e2e laptop password';
const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const GITLAB = 'otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab';
const AWS = 'otpauth://totp/AWS:root?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF&issuer=AWS';

let app;
let desk;
let laptop;
let shared;
before(async () => {
  shared = mkdtempSync(path.join(os.tmpdir(), 'twofold-e2e-sync-'));
  laptop = { TWOFOLD_VAULT: cliVault(LAPTOP_PASSWORD, [GITLAB]), TWOFOLD_PASSWORD: LAPTOP_PASSWORD };
  cli(['sync', 'setup', shared, '--name', 'laptop'], laptop);
  desk = cliVault(DESK_PASSWORD, [GITHUB]);
  app = await launchUnlocked(DESK_PASSWORD, { TWOFOLD_VAULT: desk });
});
after(async () => {
  await app?.stop();
});

const accounts = (browser) =>
  browser.execute(() => [...document.querySelectorAll('[data-testid="account"]')].map((r) => r.textContent.replace(/\s+/g, ' ')));

test('the app joins the laptop’s set and they share their accounts, live', async () => {
  const { browser } = app;
  await (await browser.$('[data-testid="settings"]')).click();
  const folder = await browser.$('[data-testid="sync-folder-input"]');
  await folder.waitForExist({ timeout: 10_000 }).catch(async (e) => {
    assert.fail(`${e.message}; the window says: ${await browser.execute(() => document.body.innerText)}`);
  });
  await folder.setValue(shared);
  await (await browser.$('[data-testid="sync-name"]')).setValue('desktop');
  await (await browser.$('[data-testid="sync-setup"]')).click();
  // The folder holds another vault's set: the app asks for its password, and a wrong one is said.
  const secret = await browser.$('[data-testid="sync-secret"]');
  await secret.waitForExist({ timeout: 10_000 });
  await screenshot(browser, 'sync-join');
  await secret.setValue('not the laptop password');
  await (await browser.$('[data-testid="sync-setup"]')).click();
  const error = await browser.$('[data-testid="sync-setup-error"]');
  await error.waitForExist({ timeout: 20_000 });
  assert.match(await error.getText(), /opens with that password/);
  await secret.setValue(LAPTOP_PASSWORD);
  await (await browser.$('[data-testid="sync-setup"]')).click();
  const devices = await browser.$('[data-testid="sync-devices"]');
  await devices.waitForExist({ timeout: 20_000 });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="sync-device"]')).length === 2, { timeout: 10_000 });
  const text = await devices.getText();
  assert.match(text, /desktop[\s\S]*\(this computer\)/);
  assert.match(text, /laptop/);
  await screenshot(browser, 'sync-settings');
  // The desktop's own vault was kept beside the joined one.
  assert.ok(existsSync(`${desk}.before-join`), 'the vault before the join is kept');
  // The app's account went out: the laptop's next sync brings it.
  const got = JSON.parse(cli(['sync', '--json'], laptop));
  assert.deepEqual(got.received, ['added GitHub (alice)']);
  assert.equal(readdirSync(path.join(shared, 'twofold')).filter((f) => f.endsWith('.tfsync')).length, 2);

  await (await browser.$('[data-testid="close-settings"]')).click();
  await browser.waitUntil(async () => (await accounts(browser)).length === 2, { timeout: 10_000 });
  const names = (await accounts(browser)).join(' | ');
  assert.match(names, /GitHub/);
  assert.match(names, /GitLab/);

  // An account added on the laptop (its save syncs) shows in the open window with no click.
  cli(['add', AWS], laptop);
  try {
    await browser.waitUntil(async () => (await accounts(browser)).some((r) => r.includes('AWS')), { timeout: 15_000 });
  } catch {
    assert.fail(`the laptop's account did not show; the list: ${(await accounts(browser)).join(' | ')}`);
  }
  await screenshot(browser, 'sync-live');
  // The app's vault now opens with the set's password (the CLI reads the same file).
  const list = JSON.parse(cli(['list', '--json'], { TWOFOLD_VAULT: desk, TWOFOLD_PASSWORD: LAPTOP_PASSWORD }));
  assert.equal(list.accounts.length, 3);
});

test('an edit made on both computers at once shows in the account’s details', async () => {
  const { browser } = app;
  // The shared folder gone (an unmounted drive), each computer renames AWS. With no
  // folder the edit is stamped when the folder is back: the desktop syncs last, so its name wins.
  renameSync(shared, `${shared}.away`);
  const desktopCli = { TWOFOLD_VAULT: desk, TWOFOLD_PASSWORD: LAPTOP_PASSWORD };
  cli(['rename', 'AWS', '--label', 'laptop name'], laptop);
  cli(['rename', 'AWS', '--label', 'desktop name'], desktopCli);
  renameSync(`${shared}.away`, shared);
  cli(['sync'], laptop);
  const merged = JSON.parse(cli(['sync', '--json'], desktopCli));
  assert.equal(merged.conflicts.length, 1, JSON.stringify(merged));
  // The window hears of the merge through the folder watcher, a moment later.
  try {
    await browser.waitUntil(async () => (await accounts(browser)).some((r) => r.includes('desktop name')), { timeout: 15_000 });
  } catch {
    assert.fail(`the merged name did not show; the list: ${(await accounts(browser)).join(' | ')}`);
  }
  const index = (await accounts(browser)).findIndex((r) => r.includes('AWS'));
  await (await browser.$$('[data-testid="details"]'))[index].click();
  const conflicts = await browser.$('[data-testid="details-conflicts"]');
  await conflicts.waitForExist({ timeout: 10_000 });
  assert.match(await conflicts.getText(), /label changed on two computers: kept "desktop name"; the other was "laptop name"/);
  await screenshot(browser, 'sync-details-conflict');
});

test('a merge that would delete most accounts stops in the background and is said over the list', async () => {
  const { browser } = app;
  // Back to the list from the details the last test opened.
  await browser.keys('Escape');
  await (await browser.$('[data-testid="details-conflicts"]')).waitForExist({ reverse: true, timeout: 5_000 });
  // The laptop deletes every account; the window's folder watcher brings the merge, which stops.
  for (const name of ['GitHub', 'GitLab', 'AWS']) cli(['remove', name], laptop);
  const notice = await browser.$('[data-testid="sync-notice"]');
  try {
    await notice.waitForExist({ timeout: 15_000 });
  } catch {
    assert.fail(`no notice; the window says: ${await browser.execute(() => document.body.innerText)}`);
  }
  assert.match(await notice.getText(), /would delete 3 .* of your 3 accounts: .+\. Nothing was changed/);
  assert.equal((await accounts(browser)).length, 3, 'nothing was deleted');
  await screenshot(browser, 'sync-notice');
  await (await browser.$('[data-testid="sync-notice-review"]')).click();
  // Settings opens at Sync, where the merge can be applied; keeping the accounts is closing it.
  const apply = await browser.$('[data-testid="sync-apply-anyway"]');
  await apply.waitForExist({ timeout: 10_000 });
  await browser.waitUntil(
    () => browser.execute(() => {
      const r = document.querySelector('[data-testid="sync"]').getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    }),
    { timeout: 5_000, timeoutMsg: 'the Sync section was not scrolled into view' },
  );
  await screenshot(browser, 'sync-notice-review');
  await (await browser.$('[data-testid="close-settings"]')).click();
  assert.equal((await accounts(browser)).length, 3);
});
