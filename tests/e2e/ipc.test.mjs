// Every IPC command of the app, called from the webview as the UI would, and
// every answer (value or error) searched for the accounts' secrets in
// base32 (either case), hex, base64 and as a JSON array of bytes. The list of
// commands is read from src-tauri/build.rs, so a new command without a case
// here fails this test. The two documented exceptions are not called with
// success here: `create_vault` returns the new recovery key once, and
// `export_vault` and `reveal_secret` return secrets only after the vault
// password (tests/e2e/transfer.test.mjs and details.test.mjs cover them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI, cli, cliVault, launchUnlocked } from './harness.mjs';

const PASSWORD = 'e2e ipc password';
const SECRETS = ['JBSWY3DPEHPK3PXP', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'KRSXG5CTMVRXEZLU', 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U'];
const URIS = [
  `otpauth://totp/GitHub:alice?secret=${SECRETS[0]}&issuer=GitHub`,
  `otpauth://hotp/Bank:bob?secret=${SECRETS[1]}&counter=5&issuer=Bank`,
  `otpauth://totp/Steam:carol?secret=${SECRETS[2]}&issuer=Steam&encoder=steam`,
];
const NEW_URI = `otpauth://totp/New:dave?secret=${SECRETS[3]}&issuer=New`;

function base32Decode(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of s) {
    value = (value << 5) | abc.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Every form in which a secret could cross the boundary. */
function forms(secret) {
  const raw = base32Decode(secret);
  return [secret, secret.toLowerCase(), raw.toString('hex'), raw.toString('hex').toUpperCase(), raw.toString('base64').replace(/=+$/, ''), `[${[...raw].join(',')}]`.slice(1, -1)];
}

function assertNoSecret(command, answer) {
  const text = JSON.stringify(answer);
  for (const s of SECRETS) for (const f of forms(s)) assert.ok(!text.includes(f), `${command} returned a secret (${f}): ${text}`);
}

const COMMANDS = [...readFileSync(path.resolve(import.meta.dirname, '../../src-tauri/build.rs'), 'utf8').matchAll(/^\s+"([a-z_]+)",$/gm)].map((m) => m[1]);

let app;
let vault;
before(async () => {
  vault = cliVault(PASSWORD, URIS);
  app = await launchUnlocked(PASSWORD, { TWOFOLD_VAULT: vault });
});
after(async () => {
  await app?.stop();
});

/** Calls a command through Tauri's IPC from the page; `{ok}` or `{err}`. */
async function call(command, args) {
  return app.browser.executeAsync(
    (command, args, raw, done) => {
      const payload = raw ? Uint8Array.from(atob(args), (c) => c.charCodeAt(0)) : args;
      window.__TAURI_INTERNALS__
        .invoke(command, payload)
        .then((ok) => done({ ok: ok ?? null }))
        .catch((err) => done({ err }));
    },
    command,
    args instanceof Uint8Array || Buffer.isBuffer(args) ? Buffer.from(args).toString('base64') : args,
    args instanceof Uint8Array || Buffer.isBuffer(args),
  );
}

function frame(name, bytes) {
  const n = Buffer.from(name);
  const len = (k) => Buffer.from([(k >>> 24) & 255, (k >>> 16) & 255, (k >>> 8) & 255, k & 255]);
  return Buffer.concat([len(n.length), n, len(bytes.length), bytes]);
}

test('no IPC command returns a secret', async () => {
  assert.ok(COMMANDS.length >= 17 && COMMANDS.includes('list_codes'), `read ${COMMANDS} from build.rs`);
  const answers = {};
  const run = async (command, args = {}) => {
    const answer = await call(command, args);
    assertNoSecret(command, answer);
    (answers[command] ??= []).push(answer);
    return answer;
  };

  assert.equal((await run('vault_status')).ok.unlocked, true);
  const codes = (await run('list_codes')).ok;
  assert.equal(codes.items.length, 3);
  const hotp = codes.items.find((i) => i.kind === 'hotp');
  assert.equal((await run('copy_code', { id: codes.items[0].id })).ok.clear_after, 30);
  assert.ok('ok' in (await run('next_hotp', { id: hotp.id })));
  assert.ok('ok' in (await run('still_here')));
  const review = (await run('review_text', { text: `${NEW_URI} ${URIS[0]}` })).ok;
  assert.equal(review.items.length, 2);
  assert.ok('ok' in (await run('discard_import', { id: review.id })));
  const files = (await run('review_files', frame('links.txt', Buffer.from(`${NEW_URI}\n`)))).ok;
  assert.equal(files.items.length, 1);
  assert.deepEqual((await run('confirm_import', { id: files.id })).ok, { added: 1, skipped: 0 });
  const added = (await run('list_codes')).ok.items.find((i) => i.issuer === 'New');
  const details = (await run('account_details', { id: added.id })).ok;
  assert.equal(details.label, 'dave');
  assert.ok('ok' in (await run('update_account', { id: added.id, issuer: 'New', label: 'dave', tags: ['t'], note: 'n', favourite: true })));
  assert.equal((await run('reveal_secret', { id: added.id, vaultPassword: null })).err.code, 'password_needed');
  assert.equal((await run('reveal_secret', { id: added.id, vaultPassword: 'wrong' })).err.code, 'wrong_password');
  assert.ok('ok' in (await run('reorder_accounts', { order: [added.id, codes.items[0].id] })));
  assert.equal((await run('list_codes')).ok.items[0].id, added.id, 'the favourite moved first');
  assert.equal((await run('reorder_accounts', { order: ['nope'] })).err.code, 'no_such_entry');
  assert.ok('ok' in (await run('remove_account', { id: added.id })));
  assert.equal((await run('account_details', { id: added.id })).err.code, 'no_such_entry');
  assert.deepEqual((await run('get_settings')).ok, { auto_lock_minutes: 10, clipboard_clear_seconds: 30 });
  assert.equal((await run('set_settings', { settings: { auto_lock_minutes: 10, clipboard_clear_seconds: 99_999 } })).err.code, 'bad_setting');
  assert.ok('ok' in (await run('set_settings', { settings: { auto_lock_minutes: 10, clipboard_clear_seconds: 30 } })));
  assert.equal((await run('review_dropped', { paths: ['/etc/hostname'] })).err.code, 'not_dropped');
  assert.equal((await run('review_dropped', { paths: Array(65).fill('/etc/hostname') })).err.code, 'too_many_files');
  const manual = { issuer: 'Typed', label: 'x', secret: SECRETS[3], kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 0 };
  const typed = (await run('review_manual', manual)).ok;
  assert.equal(typed.items[0].issuer, 'Typed');
  assert.ok('ok' in (await run('discard_import', { id: typed.id })));
  assert.equal((await run('review_manual', { ...manual, secret: 'NOT BASE32 1' })).err.code, 'bad_secret');
  assert.equal((await run('review_manual', { ...manual, digits: 12 })).err.code, 'bad_field');
  assert.equal((await run('review_screen')).err.code, 'no_qr_code', 'no QR code on the test screen');
  // The clipboard holds the code copied above: no link, no image.
  assert.equal((await run('review_clipboard')).err.code, 'empty_clipboard');
  assert.equal((await run('unlock_file', { id: 424242, password: 'x' })).err.code, 'no_such_import');
  assert.match((await run('export_suggestion', { format: 'uris' })).ok, /\.txt$/);
  const exported = await run('export_vault', { format: 'google-qr', vaultPassword: null, password: null, path: null });
  assert.equal(exported.err.code, 'password_needed');
  const wrong = await run('export_vault', { format: 'uris', vaultPassword: 'wrong', password: null, path: '/tmp/twofold-ipc-never.txt' });
  assert.equal(wrong.err.code, 'wrong_password');
  // Backup codes: their own vault. Codes do cross (showing them is the point), OTP secrets never.
  const owner = codes.items[0].id;
  assert.deepEqual((await run('backup_status')).ok, { exists: false, unlocked: false, keyring: false });
  assert.equal((await run('unlock_backup', { passphrase: null })).err.code, 'no_backup_vault');
  assert.equal((await run('backup_codes', { owner })).err.code, 'backup_locked');
  assert.ok('ok' in (await run('create_backup', { passphrase: 'codes pass', keyring: false })));
  assert.equal((await run('add_backup_codes', { owner, text: 'nothing here' })).err.code, 'no_codes');
  assert.equal((await run('add_backup_codes', { owner, text: '1111-2222-3333\n4444-5555-6666\n' })).ok.added, 2);
  assert.equal((await run('backup_codes', { owner })).ok.codes.length, 2);
  assert.equal((await run('use_backup_code', { owner })).ok.code, '1111-2222-3333');
  assert.equal((await run('mark_backup_code', { owner, index: 1, used: true })).ok.left, 0);
  assert.equal((await run('use_backup_code', { owner })).err.code, 'all_used');
  assert.deepEqual((await run('list_codes')).ok.items.find((i) => i.id === owner).backup, { left: 0, total: 2, low: true });
  assert.match((await run('backup_export_suggestion')).ok, /backup-codes\.txt$/);
  const codesFile = path.join(path.dirname(vault), 'codes-export.txt');
  assert.equal((await run('export_backup_codes', { owner, path: codesFile })).ok, codesFile);
  assert.equal((await run('export_backup_codes', { owner, path: codesFile })).err.code, 'exists');
  assert.ok('ok' in (await run('lock_backup')));
  assert.equal((await run('backup_codes', { owner })).err.code, 'backup_locked');
  assert.equal((await run('unlock_backup', { passphrase: null })).err.code, 'password_needed');
  assert.equal((await run('unlock_backup', { passphrase: 'wrong' })).err.code, 'wrong_password');
  // Sites and browsers: sites are no secret; a pairing token never crosses into the window.
  const sites = (await run('account_sites', { id: owner })).ok;
  assert.deepEqual(sites.sites, []);
  assert.ok(sites.suggested.includes('github.com'), `GitHub's site is suggested: ${JSON.stringify(sites)}`);
  assert.deepEqual((await run('add_site', { id: owner, site: 'github.com' })).ok.sites, ['github.com']);
  assert.equal((await run('add_site', { id: owner, site: 'github.io' })).err.code, 'bad_site', 'a public suffix is no site');
  assert.deepEqual((await run('remove_site', { id: owner, site: 'github.com' })).ok.sites, []);
  assert.deepEqual((await run('pairing_requests')).ok, []);
  assert.equal((await run('approve_pairing', { request: 'nope' })).err.code, 'no_such_request');
  assert.ok('ok' in (await run('refuse_pairing', { request: 'nope' })));
  assert.deepEqual((await run('list_pairings')).ok, []);
  assert.equal((await run('revoke_pairing', { id: 'nope' })).err.code, 'no_such_pairing');
  // Sync: not set up yet; a folder that is none is refused; a real one starts a set of one computer.
  assert.equal((await run('sync_status')).ok.accounts, null);
  assert.equal((await run('sync_now', { allowMassChange: false })).ok.accounts, null);
  const notFolder = await run('sync_setup', { folder: '/nonexistent/twofold', name: null, secret: null, backupCodes: false });
  assert.equal(notFolder.err.code, 'not_a_folder');
  assert.equal((await run('sync_setup', { folder: os.tmpdir(), name: null, secret: null, backupCodes: true })).err.code, 'backup_locked');
  const syncDir = mkdtempSync(path.join(os.tmpdir(), 'twofold-ipc-sync-'));
  const synced = (await run('sync_setup', { folder: syncDir, name: 'ipc', secret: null, backupCodes: false })).ok;
  assert.deepEqual(synced.accounts.devices.map((d) => [d.name, d.this_device]), [['ipc', true]]);
  assert.equal((await run('sync_remove_device', { id: 'nope', backupCodes: false })).err.code, 'no_such_device');
  // The phone's Aegis backups: not followed yet; a folder with no backups and one that is none are said.
  assert.equal((await run('phone_status')).ok.folder, null);
  assert.equal((await run('phone_follow', { acceptRemovals: false })).err.code, 'not_set_up');
  assert.equal((await run('phone_setup', { folder: syncDir, password: 'x' })).err.code, 'aegis_no_backups');
  assert.equal((await run('phone_setup', { folder: '/nonexistent/aegis', password: 'x' })).err.code, 'not_a_folder');
  // Preferences and unlocking settings.
  const prefs = (await run('get_prefs')).ok;
  assert.equal(prefs.quick_shortcut, 'Ctrl+Shift+K');
  assert.equal((await run('set_prefs', { prefs: { ...prefs, quick_shortcut: 'Ctrl+Banana' } })).err.code, 'bad_shortcut');
  assert.ok('ok' in (await run('set_prefs', { prefs })));
  // On X11 Twofold grabs the key itself; GNOME's list is offered only where there is no way to.
  const shortcut = (await run('shortcut_status')).ok;
  assert.equal(shortcut.how, 'x11');
  assert.match(shortcut.command, /twofold-desktop --quick$/);
  assert.equal((await run('add_gnome_shortcut', { binding: '<Control><Shift>k' })).err.code, 'shortcut');
  assert.deepEqual((await run('security_status')).ok, { keyring: false, password: true, recovery: true, backup_codes: true });
  assert.equal((await run('change_password', { current: 'wrong', new: 'long enough new' })).err.code, 'wrong_password');
  assert.equal((await run('change_password', { current: PASSWORD, new: 'short' })).err.code, 'weak_password');
  assert.equal((await run('set_keyring', { on: true, current: 'wrong' })).err.code, 'wrong_password');
  // The backup codes are locked: a new kit would not open them, so it is refused (no key is made).
  assert.equal((await run('new_recovery_kit', { current: PASSWORD })).err.code, 'backup_locked');
  // The quick window's own command is not the main window's to call.
  assert.ok('err' in (await run('hide_quick')));
  assert.ok('ok' in (await run('open_main')));
  assert.equal((await run('create_vault', { password: 'x' })).err.code, 'already_exists');
  assert.ok('err' in (await run('unlock_keyring')), 'this vault has no keyring slot');
  assert.ok('ok' in (await run('lock')));
  assert.equal((await run('list_codes')).err.code, 'locked');
  assert.equal((await run('unlock_password', { password: 'wrong' })).err.code, 'wrong_password');
  assert.equal((await run('unlock_recovery', { key: 'AAAA-BBBB' })).err.code, 'bad_recovery_key');
  assert.ok('ok' in (await run('unlock_password', { password: PASSWORD })));
  assert.equal((await run('list_codes')).ok.items.length, 3);

  const missing = COMMANDS.filter((c) => !(c in answers));
  assert.deepEqual(missing, [], 'every command of build.rs was called');
});

test('the app and the CLI adding at the same time lose nothing', async () => {
  const before = JSON.parse(cli(['list', '--json'], { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: PASSWORD })).accounts.length;
  const secret = (prefix, i) => `${prefix}${'ABCDEFGHIJKLMNOP'[i]}AAAAAAAAAAAAAAA`;
  const run = promisify(execFile);
  // Ten CLI processes, one after another, while the app saves five imports.
  const fromCli = (async () => {
    for (let i = 0; i < 10; i++) {
      await run(CLI, ['add', `otpauth://totp/Cli:${i}?secret=${secret('MZXW6', i)}&issuer=Cli`], {
        env: { ...process.env, TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: PASSWORD },
      });
    }
  })();
  for (let i = 0; i < 5; i++) {
    const review = await call('review_text', { text: `otpauth://totp/App:${i}?secret=${secret('NBSWY', i)}&issuer=App` });
    assert.equal(review.ok.items.length, 1, JSON.stringify(review));
    const added = await call('confirm_import', { id: review.ok.id });
    assert.deepEqual(added.ok, { added: 1, skipped: 0 }, JSON.stringify(added));
  }
  await fromCli;
  const accounts = JSON.parse(cli(['list', '--json'], { TWOFOLD_VAULT: vault, TWOFOLD_PASSWORD: PASSWORD })).accounts;
  assert.equal(accounts.length, before + 15);
  assert.equal(accounts.filter((a) => a.issuer === 'Cli').length, 10);
  assert.equal(accounts.filter((a) => a.issuer === 'App').length, 5);
});
