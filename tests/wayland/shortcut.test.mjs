// Quick search's shortcut through the GlobalShortcuts portal: the real
// xdg-desktop-portal frontend with a stand-in backend
// (fake-shortcuts-portal.py: Debian 12 has no backend for it; KDE 5.27+, GNOME
// 48+ and Hyprland do). Twofold proposes its key, the desktop binds it, and a
// press opens quick search; Settings shows the desktop's key. Where the desktop
// binds nothing, Settings says how to bind `twofold-desktop --quick`, and on
// GNOME adds it to GNOME's own shortcuts after the person confirms (real
// gsettings and GNOME's schema, GLib's keyfile backend in the test's home).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { copy, RUN, clipboard, codesAroundNow, keyringVault, launch, run, screenshot, until, waitForList, windows, wtype } from './harness.mjs';

const BANK = 'otpauth://totp/Bank:carol?secret=KRSXG5CTMVRXEZLU&issuer=Bank';
const quickWindow = () => windows().find((w) => w.name === 'Twofold quick search');
const portal = (method, ...args) =>
  run('gdbus', ['call', '--session', '--dest', 'org.freedesktop.impl.portal.desktop.twofoldtest', '--object-path', '/org/freedesktop/portal/desktop', '--method', `app.twofold.Test.${method}`, ...args]);

let app;
after(async () => {
  await app?.stop();
  rmSync(path.join(RUN, 'no-shortcuts'), { force: true });
});

async function openSettings(browser) {
  await (await browser.$('[data-testid="settings"]')).click();
  await (await browser.$('[data-testid="s-shortcut-section"]')).waitForExist({ timeout: 5_000 });
}

test('the desktop binds the proposed key, Settings shows it, and a press opens quick search', async () => {
  app = await launch({ TWOFOLD_VAULT: keyringVault('shortcut', [BANK]) });
  await waitForList(app.browser);
  const bound = await until('the shortcut bound through the portal', () => (portal('Bound').includes('quick-search') ? portal('Bound') : null));
  assert.match(bound, /'quick-search', 'CTRL\+SHIFT\+k'/, 'Twofold proposed its key in the portal\'s notation');
  await openSettings(app.browser);
  const shown = await app.browser.$('[data-testid="s-shortcut-portal"]');
  await shown.waitForExist({ timeout: 10_000 });
  assert.match(await shown.getText(), /CTRL\+SHIFT\+k/);
  await screenshot('settings-shortcut-portal');
  await (await app.browser.$('[data-testid="close-settings"]')).click();

  copy(null);
  assert.match(portal('Press', 'quick-search'), /uint32 1/);
  await until('quick search with the focus', () => quickWindow()?.focused);
  await sleep(800);
  wtype('bank');
  await sleep(300);
  wtype('-k', 'Return');
  const copied = await until('the code on the clipboard', () => clipboard(), 5_000);
  assert.ok(codesAroundNow(BANK).has(copied));
});

test('where the desktop binds nothing, Settings says how, and on GNOME adds the key once confirmed', async () => {
  await app.stop();
  // The stand-in portal now refuses, as a desktop without the portal's backend would.
  writeFileSync(path.join(RUN, 'no-shortcuts'), '');
  const settings = path.join(RUN, 'home', 'gsettings');
  run('mkdir', ['-p', settings]);
  const gsettingsEnv = { GSETTINGS_BACKEND: 'keyfile', XDG_CONFIG_HOME: settings };
  app = await launch({ TWOFOLD_VAULT: keyringVault('shortcut-gnome', [BANK]), XDG_CURRENT_DESKTOP: 'GNOME', ...gsettingsEnv });
  await waitForList(app.browser);
  await openSettings(app.browser);
  const command = await app.browser.$('[data-testid="s-shortcut-cmd"]');
  await command.waitForExist({ timeout: 10_000 });
  assert.match(await command.getText(), /twofold-desktop --quick$/);
  await (await app.browser.$('[data-testid="s-gnome-offer"]')).click();
  const confirm = await app.browser.$('[data-testid="s-gnome-confirm"]');
  await confirm.waitForExist({ timeout: 5_000 });
  assert.match(await confirm.getText(), /Ctrl\+Shift\+K runs/);
  await screenshot('settings-shortcut-gnome');
  assert.match(run('gsettings', ['get', 'org.gnome.settings-daemon.plugins.media-keys', 'custom-keybindings'], { env: gsettingsEnv }), /@as \[\]|\[\]/, 'nothing written before the person confirms');
  await (await app.browser.$('[data-testid="s-gnome-add"]')).click();
  await (await app.browser.$('[data-testid="s-gnome-entry"]')).waitForExist({ timeout: 10_000 });
  const list = run('gsettings', ['get', 'org.gnome.settings-daemon.plugins.media-keys', 'custom-keybindings'], { env: gsettingsEnv });
  assert.match(list, /twofold-quick-search/);
  const entry = 'org.gnome.settings-daemon.plugins.media-keys.custom-keybinding:/org/gnome/settings-daemon/plugins/media-keys/custom-keybindings/twofold-quick-search/';
  assert.equal(run('gsettings', ['get', entry, 'binding'], { env: gsettingsEnv }).trim(), "'<Control><Shift>k'");
  assert.match(run('gsettings', ['get', entry, 'command'], { env: gsettingsEnv }).trim(), /twofold-desktop --quick'$/);
});
