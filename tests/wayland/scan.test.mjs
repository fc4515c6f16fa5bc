// Scanning the screen on Wayland goes through the desktop's Screenshot portal
// (the real xdg-desktop-portal 1.16 and -wlr, which runs grim): the setup
// page's QR code is the wallpaper here, beside Twofold's window.
// - `twofold scan-screen` asks quietly, as a person who once answered "Allow"
//   (the permission is set in the portal's permission store first).
// - The window's "Scan screen" asks interactively; -wlr then runs slurp for the
//   area, which tests/wayland/run.sh answers with the whole screen.
// Either way the portal's file (-wlr: a fixed, world-readable /tmp/out.png) is gone afterwards.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import QRCode from 'qrcode';
import { RUN, cli, keyringVault, launch, run, screenshot, swaymsg, until } from './harness.mjs';

const SETUP = 'otpauth://totp/Linear:hal?secret=ONSWG4TFOQYTEMZU&issuer=Linear';
const PORTAL_FILE = '/tmp/out.png';

before(async () => {
  const page = path.join(RUN, 'out', 'setup-page.png');
  writeFileSync(page, await QRCode.toBuffer(SETUP, { type: 'png', margin: 4, scale: 8 }));
  // The QR code in the middle of the screen; Twofold's window floats at the left.
  swaymsg('output', 'HEADLESS-1', 'bg', page, 'center', '#ffffff');
  await sleep(500);
});

test('twofold scan-screen reads the QR code through the portal, quietly once allowed, and deletes its file', async () => {
  // As a person who once answered "Allow": the portal's permission store says yes
  // (for unsandboxed apps, whose app id xdg-desktop-portal 1.16 cannot tell, under "").
  run('gdbus', ['call', '--session', '--dest', 'org.freedesktop.impl.portal.PermissionStore', '--object-path', '/org/freedesktop/impl/portal/PermissionStore',
    '--method', 'org.freedesktop.impl.portal.PermissionStore.SetPermission', 'screenshot', 'true', 'screenshot', '', "['yes']"]);
  const out = JSON.parse(cli(['scan-screen', '--json']));
  assert.deepEqual(out.results.map((r) => r.payloads).flat(), [SETUP], JSON.stringify(out));
  assert.equal(out.results[0].file, 'the screenshot');
  assert.ok(!existsSync(PORTAL_FILE), 'the portal\'s screenshot file was deleted');
});

test("the window's Scan screen asks the portal interactively and the account is added", async () => {
  const vault = keyringVault('scan', []);
  const app = await launch({ TWOFOLD_VAULT: vault });
  try {
    const { browser } = app;
    await (await browser.$('[data-testid="empty"]')).waitForExist({ timeout: 20_000 });
    await (await browser.$('[data-testid="add"]')).click();
    await (await browser.$('[data-testid="scan-screen"]')).click();
    const review = await browser.$('[data-testid="review"]');
    await review.waitForExist({ timeout: 30_000 }).catch(async () => {
      assert.fail(`no review; the window says: ${await browser.execute(() => document.body.innerText)}`);
    });
    await screenshot('scan-review');
    const names = await browser.execute(() => [...document.querySelectorAll('[data-testid="review-item"] .name')].map((e) => e.textContent));
    assert.deepEqual(names, ['Linear']);
    await (await browser.$('[data-testid="confirm-add"]')).click();
    await until('the account in the vault', () => JSON.parse(cli(['list', '--json'], { TWOFOLD_VAULT: vault })).accounts.some((a) => a.issuer === 'Linear'));
    assert.ok(!existsSync(PORTAL_FILE), 'the portal\'s screenshot file was deleted');
  } finally {
    await app.stop();
  }
});

after(() => {
  swaymsg('output', 'HEADLESS-1', 'bg', '#3a4350', 'solid_color');
});
