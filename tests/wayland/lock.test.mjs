// The vault locks when the desktop locks the screen or goes to sleep, on
// Wayland as on X11: logind's Lock signal for this session (what `loginctl
// lock-session` and swayidle use), its LockedHint turning true (GNOME, KDE),
// PrepareForSleep(true) (suspend), and the GNOME and KDE screen savers'
// ActiveChanged (KDE's on both of its object paths). logind is
// python-dbusmock's stand-in on a private system bus (the real one needs systemd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { keyringVault, launch, run, screenshot, until, waitForList } from './harness.mjs';

const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const SESSION = '/org/freedesktop/login1/session/c1';

let app;
before(async () => {
  app = await launch({ TWOFOLD_VAULT: keyringVault('lock', [GITHUB]) });
  await waitForList(app.browser);
});
after(async () => {
  await app?.stop();
});

const system = (...args) => run('gdbus', ['call', '--system', '--dest', 'org.freedesktop.login1', ...args]);
const session = (...args) => run('dbus-send', ['--session', '--type=signal', ...args]);

async function expectLockedThenUnlock(what) {
  const button = await app.browser.$('[data-testid="unlock-keyring"]');
  await button.waitForExist({ timeout: 5_000 }).catch(() => assert.fail(`${what} did not lock the vault`));
  await button.click();
  await waitForList(app.browser);
  await app.browser.pause(1500); // past the lock watchers' catching up, so the next signal is a new one
}

test("logind's Lock for this session locks the vault", async () => {
  system('--object-path', SESSION, '--method', 'org.freedesktop.login1.Session.Lock');
  const button = await app.browser.$('[data-testid="unlock-keyring"]');
  await button.waitForExist({ timeout: 5_000 }).catch(() => assert.fail('Lock did not lock the vault'));
  await screenshot('locked');
  await expectLockedThenUnlock('Lock');
});

test('LockedHint turning true locks the vault', async () => {
  system('--object-path', SESSION, '--method', 'org.freedesktop.login1.Session.SetLockedHint', 'true');
  await expectLockedThenUnlock('LockedHint');
  system('--object-path', SESSION, '--method', 'org.freedesktop.login1.Session.SetLockedHint', 'false');
});

test('going to sleep (PrepareForSleep) locks the vault', async () => {
  system('--object-path', '/org/freedesktop/login1', '--method', 'org.freedesktop.DBus.Mock.EmitSignal',
    'org.freedesktop.login1.Manager', 'PrepareForSleep', 'b', '[<true>]');
  await expectLockedThenUnlock('PrepareForSleep');
});

test('another session locking does not lock this one', async () => {
  system('--object-path', '/org/freedesktop/login1', '--method', 'org.freedesktop.DBus.Mock.AddSession', 'c2', 'seat0', '4242', 'someone', 'false');
  system('--object-path', '/org/freedesktop/login1/session/c2', '--method', 'org.freedesktop.login1.Session.Lock');
  await app.browser.pause(1500);
  assert.ok(await (await app.browser.$('[data-testid="accounts"]')).isExisting(), 'still unlocked');
});

test("GNOME's and KDE's screen savers lock it", async () => {
  session('/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'boolean:true');
  await expectLockedThenUnlock('GNOME ActiveChanged');
  session('/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', 'boolean:true');
  await expectLockedThenUnlock('KDE ActiveChanged on /ScreenSaver');
  session('/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', 'boolean:true');
  await expectLockedThenUnlock('KDE ActiveChanged on /org/freedesktop/ScreenSaver');
});
