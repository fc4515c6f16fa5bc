import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import type { Backend, CodeSet, Codes, Review, ShortcutStatus, Status } from './lib/backend';

const CODES: Codes = {
  at: 1_700_000_003, // 7 s before a 30 s period ends
  items: [
    { id: 'a1', issuer: 'GitHub', label: 'alice', tags: ['work'], favourite: false, kind: 'totp', code: '123456', next_code: '654321', period: 30, seconds_left: 7, backup: { left: 2, total: 10, low: true } },
    { id: 'b2', issuer: null, label: 'bob@example.com', tags: [], favourite: false, kind: 'hotp', code: '00001111', next_code: '22223333', period: null, seconds_left: null, backup: null },
  ],
  sites: [{ id: 'set9', name: 'Proton', left: 5, total: 5, low: false }],
};
const SET: CodeSet = {
  name: 'GitHub',
  codes: [
    { code: 'aaaa-1111', used_on: null },
    { code: 'bbbb-2222', used_on: '2026-11-01' },
    { code: 'cccc-3333', used_on: null },
  ],
  left: 2,
  total: 3,
  low: true,
};
const NOTHING: Review = { id: 0, items: [], errors: [], skipped: [], needs_password: null };
const X11_SHORTCUT: ShortcutStatus = { how: 'x11', desktop: 'other', command: '/usr/bin/twofold-desktop --quick', gnome_entry: null, gnome_offer: null };
const OPEN: Status = { exists: true, unlocked: true, keyring: true, password: false, path: '/v' };

const NO_PHONE = {
  folder: null, folder_present: false, last_backup: null, last_taken: null, linked: 0, pending_removals: [],
  log: { last_run: null, received: [], skipped: [], set_aside: [], error: null },
};
const NO_SYNC = { accounts: null, backup_codes: null, can_share: true, has_backup_codes: false, backup_codes_open: false, default_name: 'desk' };
function fake(over: Partial<Backend> = {}): Backend {
  return {
    status: vi.fn(async () => OPEN),
    unlockKeyring: vi.fn(async () => {}),
    unlockPassword: vi.fn(async () => {}),
    unlockRecovery: vi.fn(async () => {}),
    createVault: vi.fn(async () => ({ recovery_key: 'AAAA-BBBB-CCCC-DDDD', ways: ['keyring', 'recovery'] })),
    listCodes: vi.fn(async () => CODES),
    copyCode: vi.fn(async () => ({ clear_after: 30 })),
    nextHotp: vi.fn(async () => {}),
    lock: vi.fn(async () => {}),
    stillHere: vi.fn(async () => {}),
    reviewText: vi.fn(async () => NOTHING),
    reviewFiles: vi.fn(async () => NOTHING),
    reviewDropped: vi.fn(async () => NOTHING),
    reviewManual: vi.fn(async () => NOTHING),
    reviewScreen: vi.fn(async () => NOTHING),
    reviewClipboard: vi.fn(async () => NOTHING),
    unlockFile: vi.fn(async () => NOTHING),
    confirmImport: vi.fn(async () => ({ added: 1, skipped: 0 })),
    discardImport: vi.fn(async () => {}),
    accountDetails: vi.fn(async (id: string) => ({
      id, issuer: 'GitHub', label: 'alice', tags: ['work'], note: '', favourite: false,
      kind: 'totp' as const, algorithm: 'SHA1', digits: 6, period: 30, counter: null, conflicts: [] as string[],
    })),
    updateAccount: vi.fn(async () => {}),
    removeAccount: vi.fn(async () => {}),
    reorderAccounts: vi.fn(async () => {}),
    revealSecret: vi.fn(async () => ({ secret: 'JBSW Y3DP', pin: null, uri: 'otpauth://totp/x', qr: 'data:image/png;base64,AA==' })),
    getSettings: vi.fn(async () => ({ auto_lock_minutes: 10, clipboard_clear_seconds: 30 })),
    setSettings: vi.fn(async () => {}),
    exportSuggestion: vi.fn(async (f: string) => `/home/me/Documents/twofold-2026-11-28.${f}`),
    exportVault: vi.fn(async () => ({ path: '/home/me/Documents/out', accounts: 2, images: [], left_out: [] })),
    backupStatus: vi.fn(async () => ({ exists: true, unlocked: false, keyring: false })),
    unlockBackup: vi.fn(async () => {}),
    createBackup: vi.fn(async () => {}),
    lockBackup: vi.fn(async () => {}),
    backupCodes: vi.fn(async () => ({ ...SET })),
    addBackupCodes: vi.fn(async () => ({ added: 3, left: 3, total: 3, low: false })),
    useBackupCode: vi.fn(async () => ({ code: 'aaaa-1111', left: 1, total: 3, low: true, clear_after: 30, copy_error: null })),
    markBackupCode: vi.fn(async () => ({ added: 0, left: 1, total: 3, low: true })),
    backupExportSuggestion: vi.fn(async () => '/home/me/Documents/twofold-2026-11-28-backup-codes.txt'),
    exportBackupCodes: vi.fn(async (_o: string, p: string) => p),
    getPrefs: vi.fn(async () => ({ theme: 'system' as const, start_minimised: false, quick_shortcut: 'Ctrl+Shift+K' })),
    setPrefs: vi.fn(async () => {}),
    shortcutStatus: vi.fn(async () => X11_SHORTCUT),
    addGnomeShortcut: vi.fn(async () => X11_SHORTCUT),
    securityStatus: vi.fn(async () => ({ keyring: true, password: false, recovery: true, backup_codes: false })),
    changePassword: vi.fn(async () => {}),
    setKeyring: vi.fn(async () => {}),
    newRecoveryKit: vi.fn(async () => ({ recovery_key: 'EEEE-FFFF-GGGG-HHHH', ways: ['keyring', 'recovery'] })),
    hideQuick: vi.fn(async () => {}),
    openMain: vi.fn(async () => {}),
    onQuickShown: vi.fn(async () => () => {}),
    onVaultEvent: vi.fn(async () => () => {}),
    onFileDrop: vi.fn(async () => () => {}),
    accountSites: vi.fn(async () => ({ sites: [], suggested: [], unusable: [] })),
    addSite: vi.fn(async () => ({ sites: [], suggested: [], unusable: [] })),
    removeSite: vi.fn(async () => ({ sites: [], suggested: [], unusable: [] })),
    pairingRequests: vi.fn(async () => []),
    approvePairing: vi.fn(async () => {}),
    refusePairing: vi.fn(async () => {}),
    pairings: vi.fn(async () => []),
    revokePairing: vi.fn(async () => {}),
    onPairingRequests: vi.fn(async () => () => {}),
    syncStatus: vi.fn(async () => NO_SYNC),
    syncNow: vi.fn(async () => NO_SYNC),
    syncSetup: vi.fn(async () => NO_SYNC),
    syncRemoveDevice: vi.fn(async () => NO_SYNC),
    phoneStatus: vi.fn(async () => NO_PHONE),
    phoneSetup: vi.fn(async () => NO_PHONE),
    phoneFollow: vi.fn(async () => NO_PHONE),
    onSyncChanged: vi.fn(async () => () => {}),
    ...over,
  };
}
afterEach(cleanup);
const keyringError = { code: 'keyring_locked', message: 'the OS keyring is locked; unlock it and try again, or use your password' };

describe('the list', () => {
  it('shows each account with its grouped code, next code and seconds left', async () => {
    render(App, { backend: fake() });
    const rows = await screen.findAllByTestId('account');
    expect(rows).toHaveLength(2);
    const codes = screen.getAllByTestId('code');
    expect(codes[0].textContent).toBe('123 456');
    expect(codes[1].textContent).toBe('0000 1111');
    expect(screen.getAllByTestId('next-code')[0].textContent).toBe('next 654 321');
    expect(screen.getByRole('timer').getAttribute('aria-label')).toBe('7 seconds left');
    expect(screen.getAllByTestId('issuer').map((e) => e.textContent)).toEqual(['GitHub', 'bob@example.com']);
    // HOTP has no countdown but a next-code button.
    expect(screen.getAllByRole('timer')).toHaveLength(1);
    expect(screen.getAllByTestId('hotp-next')).toHaveLength(1);
  });

  it('says so when there are no accounts', async () => {
    render(App, { backend: fake({ listCodes: async () => ({ at: 0, items: [], sites: [] }) }) });
    expect((await screen.findByTestId('empty')).textContent).toContain('No accounts yet');
  });

  it('shows a readable error when the backend fails', async () => {
    render(App, { backend: fake({ listCodes: () => Promise.reject({ code: 'io', message: 'The vault could not be read.' }) }) });
    expect((await screen.findByRole('alert')).textContent).toBe('The vault could not be read.');
  });

  it('filters by issuer, label and tags as you type; Escape clears', async () => {
    render(App, { backend: fake() });
    const search = await screen.findByTestId('search');
    await fireEvent.input(search, { target: { value: 'bob' } });
    expect(screen.getAllByTestId('issuer').map((e) => e.textContent)).toEqual(['bob@example.com']);
    await fireEvent.input(search, { target: { value: 'work' } });
    expect(screen.getAllByTestId('issuer').map((e) => e.textContent)).toEqual(['GitHub']);
    await fireEvent.input(search, { target: { value: 'zzz' } });
    expect(screen.getByTestId('no-match')).toBeTruthy();
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.getAllByTestId('account')).toHaveLength(2);
  });

  it('a tag chip shows only that tag\'s accounts', async () => {
    render(App, { backend: fake() });
    const chip = (await screen.findAllByTestId('tag-chip'))[0];
    expect(chip.textContent).toBe('work');
    await fireEvent.click(chip);
    expect(screen.getAllByTestId('issuer').map((e) => e.textContent)).toEqual(['GitHub']);
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(chip);
    expect(screen.getAllByTestId('account')).toHaveLength(2);
  });

  it('arrows walk from the search box through the rows', async () => {
    render(App, { backend: fake() });
    const search = await screen.findByTestId('search');
    search.focus();
    await fireEvent.keyDown(window, { key: 'ArrowDown' });
    const rows = screen.getAllByTestId('account').map((r) => r.querySelector('.main'));
    expect(document.activeElement).toBe(rows[0]);
    await fireEvent.keyDown(window, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[1]);
    await fireEvent.keyDown(window, { key: 'ArrowUp' });
    await fireEvent.keyDown(window, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(search);
  });

  it('fetches the codes again when the vault is saved elsewhere, and locks when told', async () => {
    let send: (e: 'locked' | 'vault-changed') => void = () => {};
    const backend = fake({ onVaultEvent: vi.fn(async (cb) => ((send = cb), () => {})) });
    render(App, { backend });
    await screen.findAllByTestId('account');
    const calls = vi.mocked(backend.listCodes).mock.calls.length;
    send('vault-changed');
    await waitFor(() => expect(vi.mocked(backend.listCodes).mock.calls.length).toBe(calls + 1));
    backend.status = vi.fn(async () => ({ ...OPEN, unlocked: false, password: true }));
    send('locked');
    await screen.findByTestId('unlock');
    expect(screen.queryByTestId('account')).toBeNull();
  });

  it('Ctrl+F focuses the search box', async () => {
    render(App, { backend: fake() });
    const search = await screen.findByTestId('search');
    await fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(search);
  });

  it('copies a code by its id on click, and on Enter in the search box, with a toast', async () => {
    const backend = fake();
    render(App, { backend });
    const rows = await screen.findAllByTestId('account');
    await fireEvent.click(rows[1].querySelector('button')!);
    expect(backend.copyCode).toHaveBeenCalledWith('b2');
    expect((await screen.findByTestId('toast')).textContent).toContain('Copied');
    const search = screen.getByTestId('search');
    await fireEvent.input(search, { target: { value: 'git' } });
    await fireEvent.keyDown(search, { key: 'Enter' });
    expect(backend.copyCode).toHaveBeenLastCalledWith('a1');
  });

  it('a copy that did not reach the clipboard says so, and never "Copied"', async () => {
    const refused = { code: 'clipboard_not_arrived', message: 'Not copied: the code did not reach the clipboard (X11): copy again, or type the code.' };
    const backend = fake({ copyCode: vi.fn(() => Promise.reject(refused)) });
    render(App, { backend });
    const rows = await screen.findAllByTestId('account');
    await fireEvent.click(rows[0].querySelector('button')!);
    expect((await screen.findByTestId('app-error')).textContent).toBe(refused.message);
    expect(screen.queryByTestId('toast')).toBeNull();
  });

  it('Alt+Down moves an account one place down and keeps it focused', async () => {
    const backend = fake();
    render(App, { backend });
    const rows = await screen.findAllByTestId('account');
    const first = rows[0].querySelector('button')!;
    first.focus();
    await fireEvent.keyDown(first, { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(backend.reorderAccounts).toHaveBeenCalledWith(['b2', 'a1']));
    // At the edge nothing moves.
    await fireEvent.keyDown(first, { key: 'ArrowUp', altKey: true });
    expect(backend.reorderAccounts).toHaveBeenCalledTimes(1);
  });

  it('the details sheet moves an account too (for the mouse)', async () => {
    const backend = fake();
    render(App, { backend });
    await fireEvent.click((await screen.findAllByTestId('details'))[1]);
    await fireEvent.click(await screen.findByTestId('move-up'));
    await waitFor(() => expect(backend.reorderAccounts).toHaveBeenCalledWith(['b2', 'a1']));
  });

  it('moves a HOTP account on', async () => {
    const backend = fake();
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('hotp-next'));
    expect(backend.nextHotp).toHaveBeenCalledWith('b2');
  });
});

describe('opening', () => {
  it('opens with the keyring, no typing', async () => {
    const backend = fake({ status: async () => ({ ...OPEN, unlocked: false }) });
    render(App, { backend });
    await screen.findAllByTestId('account');
    expect(backend.unlockKeyring).toHaveBeenCalled();
  });

  it('says why the keyring failed and asks for the password', async () => {
    const backend = fake({
      status: async () => ({ ...OPEN, unlocked: false, password: true }),
      unlockKeyring: () => Promise.reject(keyringError),
    });
    render(App, { backend });
    expect((await screen.findByTestId('unlock-reason')).textContent).toContain('keyring is locked');
    await fireEvent.input(screen.getByTestId('password'), { target: { value: 'pw' } });
    await fireEvent.click(screen.getByTestId('unlock-button'));
    expect(backend.unlockPassword).toHaveBeenCalledWith('pw');
    await screen.findAllByTestId('account');
  });

  it('shows a wrong password', async () => {
    const backend = fake({
      status: async () => ({ ...OPEN, unlocked: false, keyring: false, password: true }),
      unlockPassword: () => Promise.reject({ code: 'wrong_password', message: 'wrong password' }),
    });
    render(App, { backend });
    await fireEvent.input(await screen.findByTestId('password'), { target: { value: 'nope' } });
    await fireEvent.click(screen.getByTestId('unlock-button'));
    expect((await screen.findByTestId('unlock-error')).textContent).toBe('wrong password');
    expect(screen.queryByTestId('unlock-keyring')).toBeNull();
  });

  it('goes to the password screen when the vault locks (Lock button or idle)', async () => {
    const backend = fake();
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.click(screen.getByTestId('lock'));
    expect(backend.lock).toHaveBeenCalled();
    await screen.findByTestId('unlock');
  });
});

describe('first run', () => {
  it('creates a keyring vault, shows the recovery key once, then the empty list', async () => {
    const backend = fake({ status: async () => ({ ...OPEN, exists: false, unlocked: false }), listCodes: async () => ({ at: 0, items: [], sites: [] }) });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('create'));
    expect(backend.createVault).toHaveBeenCalledWith(undefined);
    expect((await screen.findByTestId('recovery-key')).textContent).toBe('AAAABBBBCCCCDDDD');
    await fireEvent.click(screen.getByTestId('saved'));
    await screen.findByTestId('empty');
    expect(document.body.textContent).not.toContain('AAAA');
  });

  it('without a keyring, says why and asks for a password twice', async () => {
    const createVault = vi.fn(async (pw?: string) => {
      if (!pw) throw keyringError;
      return { recovery_key: 'AAAA-BBBB', ways: ['password', 'recovery'] };
    });
    const backend = fake({ status: async () => ({ ...OPEN, exists: false, unlocked: false }), createVault });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('create'));
    expect((await screen.findByTestId('keyring-error')).textContent).toContain('keyring is locked');
    await fireEvent.input(screen.getByTestId('new-password'), { target: { value: 'correct horse' } });
    await fireEvent.input(screen.getByTestId('new-password-again'), { target: { value: 'correct hors' } });
    await fireEvent.click(screen.getByTestId('create-with-password'));
    expect(screen.getAllByRole('alert').map((e) => e.textContent)).toContain('The two passwords differ.');
    expect(createVault).toHaveBeenCalledTimes(1);
    await fireEvent.input(screen.getByTestId('new-password-again'), { target: { value: 'correct horse' } });
    await fireEvent.click(screen.getByTestId('create-with-password'));
    expect(createVault).toHaveBeenLastCalledWith('correct horse');
    await screen.findByTestId('recovery-key');
  });
});

describe('adding', () => {
  const review: Review = {
    id: 7,
    items: [
      { issuer: 'GitHub', label: 'alice', kind: 'totp', tags: ['Work'], duplicate: false, warnings: [] },
      { issuer: 'ACME', label: 'bob', kind: 'hotp', tags: [], duplicate: true, warnings: [] },
    ],
    errors: ['this QR code holds a web address, not a 2FA setup code'],
    skipped: [],
    needs_password: null,
  };

  it('reviews a link, flags duplicates and errors, and adds only on confirm', async () => {
    const backend = fake({ reviewText: vi.fn(async () => review) });
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    await fireEvent.input(await screen.findByTestId('link'), { target: { value: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP' } });
    await fireEvent.click(screen.getByTestId('read-link'));
    expect(await screen.findAllByTestId('review-item')).toHaveLength(2);
    expect(screen.getAllByTestId('duplicate')).toHaveLength(1);
    expect(screen.getByTestId('review-error').textContent).toContain('web address');
    expect(backend.confirmImport).not.toHaveBeenCalled();
    const confirm = screen.getByTestId('confirm-add');
    expect(confirm.textContent?.trim()).toBe('Add 1 account');
    await fireEvent.click(confirm);
    expect(backend.confirmImport).toHaveBeenCalledWith(7);
    await waitFor(() => expect(screen.queryByTestId('add-sheet')).toBeNull());
  });

  it('shows what to check on an account and names the items an export leaves out', async () => {
    const warned: Review = {
      ...review,
      items: [{ ...review.items[0], warnings: ['Its secret has 1 character too many, so it looks mistyped.'] }, review.items[1]],
      errors: [],
      skipped: ['“Old Service: old” is left out: it is in the app’s trash.', '“Wi-Fi” is left out: it holds no one-time code.'],
    };
    const backend = fake({ reviewText: vi.fn(async () => warned) });
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    await fireEvent.input(await screen.findByTestId('link'), { target: { value: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXPA' } });
    await fireEvent.click(screen.getByTestId('read-link'));
    const items = await screen.findAllByTestId('review-item');
    expect(items[0].querySelector('[data-testid="review-warning"]')?.textContent).toContain('looks mistyped');
    expect(items[1].querySelector('[data-testid="review-warning"]')).toBeNull();
    expect(screen.getAllByTestId('review-skipped').map((p) => p.textContent)).toEqual(warned.skipped);
    // A warning does not stop the account from being added.
    expect(screen.getByTestId('confirm-add').textContent?.trim()).toBe('Add 1 account');
  });

  it('checks a typed secret as it is typed and sends the form for review', async () => {
    const backend = fake({ reviewManual: vi.fn(async () => ({ ...review, items: [review.items[0]], errors: [] })) });
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.click(screen.getByTestId('add'));
    await fireEvent.click(await screen.findByTestId('manual'));
    await fireEvent.input(screen.getByTestId('m-issuer'), { target: { value: 'GitHub' } });
    await fireEvent.input(screen.getByTestId('m-secret'), { target: { value: 'jbsw y3dp ehpk 3px1' } });
    expect(screen.getByTestId('m-secret-check').textContent).toContain('“1” cannot be in a secret');
    expect((screen.getByTestId('m-check') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('m-secret'), { target: { value: 'jbsw y3dp ehpk 3pxp' } });
    expect(screen.getByTestId('m-secret-check').textContent).toContain('Looks right');
    await fireEvent.change(screen.getByTestId('m-kind'), { target: { value: 'hotp' } });
    await fireEvent.input(screen.getByTestId('m-counter'), { target: { value: '4' } });
    await fireEvent.click(screen.getByTestId('m-check'));
    expect(backend.reviewManual).toHaveBeenCalledWith({
      issuer: 'GitHub', label: '', secret: 'jbsw y3dp ehpk 3pxp', kind: 'hotp', algorithm: 'SHA1', digits: 6, period: 30, counter: 4,
    });
    expect(await screen.findAllByTestId('review-item')).toHaveLength(1);
    expect(backend.confirmImport).not.toHaveBeenCalled();
  });

  it('scans the screen and reads the clipboard through the backend', async () => {
    const backend = fake({ reviewScreen: vi.fn(async () => review), reviewClipboard: () => Promise.reject({ code: 'empty_clipboard', message: 'The clipboard holds no setup link and no image.' }) });
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.click(screen.getByTestId('add'));
    await fireEvent.click(await screen.findByTestId('scan-screen'));
    expect(await screen.findAllByTestId('review-item')).toHaveLength(2);
    await fireEvent.click(screen.getByTestId('paste'));
    expect((await screen.findByTestId('add-error')).textContent).toBe('The clipboard holds no setup link and no image.');
  });

  it('shows an image error', async () => {
    const backend = fake({
      reviewDropped: () => Promise.reject({ code: 'no_qr_code', message: 'no QR code was found in the image' }),
    });
    let drop: (p: string[]) => void = () => {};
    backend.onFileDrop = async (cb) => ((drop = cb), () => {});
    render(App, { backend });
    await screen.findAllByTestId('account');
    drop(['/tmp/x.png']);
    expect((await screen.findByTestId('add-error')).textContent).toContain('no QR code');
  });

  it('reads every file of a drop together', async () => {
    const reviewDropped = vi.fn(async () => review);
    const backend = fake({ reviewDropped });
    let drop: (p: string[]) => void = () => {};
    backend.onFileDrop = async (cb) => ((drop = cb), () => {});
    render(App, { backend });
    await screen.findAllByTestId('account');
    drop(['/s/export-1.png', '/s/export-2.png']);
    expect(await screen.findAllByTestId('review-item')).toHaveLength(2);
    expect(reviewDropped).toHaveBeenCalledWith(['/s/export-1.png', '/s/export-2.png']);
  });

  it('forgets a review on cancel', async () => {
    const backend = fake({ reviewText: vi.fn(async () => review) });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('add'));
    await fireEvent.input(await screen.findByTestId('link'), { target: { value: 'x' } });
    await fireEvent.click(screen.getByTestId('read-link'));
    await screen.findAllByTestId('review-item');
    await fireEvent.click(screen.getByTestId('cancel-add'));
    expect(backend.discardImport).toHaveBeenCalledWith(7);
  });

  it('asks for the password of an encrypted export, retries a wrong one, then reviews', async () => {
    const unlockFile = vi
      .fn()
      .mockRejectedValueOnce({ code: 'wrong_password', message: 'That password does not open this file.' })
      .mockResolvedValueOnce({ ...review, id: 9 });
    const backend = fake({
      reviewFiles: vi.fn(async () => ({ ...NOTHING, id: 8, needs_password: 'Aegis' })),
      unlockFile,
    });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('add'));
    const file = new File(['{"version":1}'], 'aegis.json');
    await fireEvent.change(screen.getByTestId('import-input'), { target: { files: [file] } });
    expect((await screen.findByTestId('file-password-form')).textContent).toContain('This Aegis file is encrypted');
    const picked = (backend.reviewFiles as ReturnType<typeof vi.fn>).mock.calls[0][0];
    expect(picked[0].name).toBe('aegis.json');
    expect(new TextDecoder().decode(picked[0].bytes)).toBe('{"version":1}');
    await fireEvent.input(screen.getByTestId('file-password'), { target: { value: 'nope' } });
    await fireEvent.click(screen.getByTestId('open-file'));
    expect((await screen.findByTestId('add-error')).textContent).toContain('does not open');
    expect(screen.queryByTestId('review')).toBeNull();
    await fireEvent.input(screen.getByTestId('file-password'), { target: { value: 'right' } });
    await fireEvent.click(screen.getByTestId('open-file'));
    expect(await screen.findAllByTestId('review-item')).toHaveLength(2);
    expect(unlockFile).toHaveBeenLastCalledWith(8, 'right');
    expect(screen.getAllByTestId('review-item')[0].textContent).toContain('Work');
  });
});

describe('exporting', () => {
  it('exports an encrypted backup to the suggested file only with matching passwords', async () => {
    const backend = fake({ status: async () => ({ ...OPEN, password: true }) });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('export'));
    await waitFor(() => expect((screen.getByTestId('export-path') as HTMLInputElement).value).toContain('twofold-2026-11-28.twofold'));
    const run = screen.getByTestId('run-export') as HTMLButtonElement;
    await fireEvent.input(screen.getByTestId('export-password'), { target: { value: 'pw1' } });
    await fireEvent.input(screen.getByTestId('export-repeat'), { target: { value: 'pw2' } });
    await fireEvent.input(screen.getByTestId('export-vault-password'), { target: { value: 'vault pw' } });
    expect(run.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('export-repeat'), { target: { value: 'pw1' } });
    expect(run.disabled).toBe(false);
    await fireEvent.click(run);
    expect(backend.exportVault).toHaveBeenCalledWith({
      format: 'twofold',
      vaultPassword: 'vault pw',
      password: 'pw1',
      path: '/home/me/Documents/twofold-2026-11-28.twofold',
    });
    expect((await screen.findByTestId('export-saved')).textContent).toContain('Saved 2 accounts');
  });

  it('shows Google QR codes one by one, with what was left out', async () => {
    const backend = fake({
      exportVault: vi.fn(async () => ({ path: null, accounts: 1, images: ['data:image/png;base64,AA==', 'data:image/png;base64,BB=='], left_out: ['Steam: cannot be carried'] })),
    });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('export'));
    await fireEvent.click(screen.getByTestId('format-google-qr'));
    expect(screen.getByTestId('unencrypted-warning')).toBeTruthy();
    expect(screen.queryByTestId('export-path')).toBeNull();
    await fireEvent.click(screen.getByTestId('run-export'));
    expect((await screen.findByTestId('qr-page')).textContent).toBe('QR code 1 of 2');
    expect(screen.getByTestId('qr-image').getAttribute('src')).toContain('AA==');
    await fireEvent.click(screen.getByTestId('qr-next'));
    expect(screen.getByTestId('qr-page').textContent).toBe('QR code 2 of 2');
    expect(screen.getByTestId('qr-image').getAttribute('src')).toContain('BB==');
    expect(screen.getByTestId('left-out').textContent).toContain('Steam');
    await fireEvent.click(screen.getByTestId('export-done'));
    expect(screen.queryByTestId('export-sheet')).toBeNull();
  });
});

describe('unlocking', () => {
  const LOCKED: Status = { exists: true, unlocked: false, keyring: true, password: false, path: '/v' };
  const lostKeyring = { code: 'keyring_no_entry', message: "the keyring has no key for this vault" };

  it('opens a keyring-only vault with the recovery key when the keyring cannot', async () => {
    const unlockRecovery = vi
      .fn()
      .mockRejectedValueOnce({ code: 'bad_recovery_key', message: 'this recovery key has a typo (its checksum does not match); check each group' })
      .mockResolvedValueOnce(undefined);
    const backend = fake({ status: async () => LOCKED, unlockKeyring: () => Promise.reject(lostKeyring), unlockRecovery });
    render(App, { backend });
    // No password field: this vault has no password.
    const field = await screen.findByTestId('recovery-key-input');
    expect(screen.queryByTestId('password')).toBeNull();
    expect(screen.getByTestId('unlock-reason').textContent).toContain('no key for this vault');
    await fireEvent.input(field, { target: { value: 'abcd-efgh' } });
    await fireEvent.click(screen.getByTestId('unlock-button'));
    expect((await screen.findByTestId('unlock-error')).textContent).toContain('typo');
    await fireEvent.input(field, { target: { value: 'AAAA-BBBB' } });
    await fireEvent.click(screen.getByTestId('unlock-button'));
    expect(unlockRecovery).toHaveBeenLastCalledWith('AAAA-BBBB');
    await screen.findAllByTestId('account');
  });

  it('after a lock, a keyring-only vault opens with one click on the keyring, the recovery key one link away', async () => {
    let open = true;
    const backend = fake({
      status: vi.fn(async () => (open ? OPEN : { ...OPEN, unlocked: false, password: false })),
      lock: vi.fn(async () => void (open = false)),
    });
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.click(screen.getByTestId('lock'));
    const keyring = await screen.findByTestId('unlock-keyring');
    expect(document.activeElement).toBe(keyring);
    expect(keyring.classList.contains('primary')).toBe(true);
    expect(screen.queryByTestId('recovery-key-input')).toBeNull();
    expect(screen.queryByTestId('password')).toBeNull();
    await fireEvent.click(screen.getByTestId('use-recovery'));
    expect(await screen.findByTestId('recovery-key-input')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('unlock-keyring'));
    expect(backend.unlockKeyring).toHaveBeenCalledTimes(1);
    await screen.findAllByTestId('account');
  });

  it('offers the recovery key beside the password', async () => {
    const backend = fake({ status: async () => ({ ...LOCKED, keyring: false, password: true }) });
    render(App, { backend });
    await screen.findByTestId('password');
    await fireEvent.click(screen.getByTestId('use-recovery'));
    await fireEvent.input(await screen.findByTestId('recovery-key-input'), { target: { value: 'KEY' } });
    await fireEvent.click(screen.getByTestId('unlock-button'));
    expect(backend.unlockRecovery).toHaveBeenCalledWith('KEY');
    expect(backend.unlockPassword).not.toHaveBeenCalled();
  });
});

describe('account details', () => {
  it('edits name, tags, note and favourite', async () => {
    const backend = fake();
    render(App, { backend });
    await fireEvent.click((await screen.findAllByTestId('details'))[0]);
    const issuer = (await screen.findByTestId('d-issuer')) as HTMLInputElement;
    await waitFor(() => expect(issuer.value).toBe('GitHub'));
    expect((screen.getByTestId('d-tags') as HTMLInputElement).value).toBe('work');
    await fireEvent.input(issuer, { target: { value: ' GitHub Inc ' } });
    await fireEvent.input(screen.getByTestId('d-tags'), { target: { value: 'work, , code ' } });
    await fireEvent.input(screen.getByTestId('d-note'), { target: { value: 'main account' } });
    await fireEvent.click(screen.getByTestId('d-favourite'));
    await fireEvent.click(screen.getByTestId('save-details'));
    expect(backend.updateAccount).toHaveBeenCalledWith('a1', { issuer: 'GitHub Inc', label: 'alice', tags: ['work', 'code'], note: 'main account', favourite: true });
    await waitFor(() => expect(screen.queryByTestId('details-sheet')).toBeNull());
  });

  it('shows what changed on two computers at once, and nothing when nothing did', async () => {
    const conflicts = ['label changed on two computers: kept "laptop name"; the other was "desktop name"'];
    const accountDetails = vi.fn(async (id: string) => ({
      id, issuer: 'GitHub', label: 'laptop name', tags: [], note: '', favourite: false,
      kind: 'totp' as const, algorithm: 'SHA1', digits: 6, period: 30, counter: null, conflicts,
    }));
    render(App, { backend: fake({ accountDetails }) });
    await fireEvent.click((await screen.findAllByTestId('details'))[0]);
    expect((await screen.findByTestId('details-conflicts')).textContent).toContain('kept "laptop name"; the other was "desktop name"');
    cleanup();
    render(App, { backend: fake() });
    await fireEvent.click((await screen.findAllByTestId('details'))[0]);
    await screen.findByTestId('d-issuer');
    expect(screen.queryByTestId('details-conflicts')).toBeNull();
  });

  it('shows the secret only after the vault password, and deletes only after asking', async () => {
    const revealSecret = vi
      .fn()
      .mockRejectedValueOnce({ code: 'wrong_password', message: 'wrong password' })
      .mockResolvedValueOnce({ secret: 'JBSW Y3DP', pin: '4711', uri: 'otpauth://totp/x', qr: 'data:image/png;base64,AA==' });
    const backend = fake({ status: async () => ({ ...OPEN, password: true }), revealSecret });
    render(App, { backend });
    await fireEvent.click((await screen.findAllByTestId('details'))[0]);
    await fireEvent.click(await screen.findByTestId('show-secret'));
    const confirm = screen.getByTestId('confirm-reveal') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('reveal-password'), { target: { value: 'nope' } });
    await fireEvent.click(confirm);
    expect((await screen.findByTestId('details-error')).textContent).toBe('wrong password');
    expect(screen.queryByTestId('revealed')).toBeNull();
    await fireEvent.input(screen.getByTestId('reveal-password'), { target: { value: 'right' } });
    await fireEvent.click(confirm);
    expect((await screen.findByTestId('secret-text')).textContent).toBe('JBSW Y3DP');
    // An mOTP or Yandex PIN comes only with the secret, after the password.
    expect(screen.getByTestId('secret-pin').textContent).toBe('4711');
    expect(revealSecret).toHaveBeenLastCalledWith('a1', 'right');
    await fireEvent.click(screen.getByTestId('hide-secret'));
    await waitFor(() => expect(screen.queryByTestId('details-sheet')).toBeNull());

    await fireEvent.click(screen.getAllByTestId('details')[1]);
    await fireEvent.click(await screen.findByTestId('delete'));
    expect(backend.removeAccount).not.toHaveBeenCalled();
    expect(screen.getByTestId('delete-question').textContent).toContain('GitHub');
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(backend.removeAccount).toHaveBeenCalledWith('b2');
  });
});

describe('settings', () => {
  it('shows the vault settings and saves the new ones', async () => {
    const backend = fake({ getSettings: vi.fn(async () => ({ auto_lock_minutes: 7, clipboard_clear_seconds: 30 })) });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('settings'));
    const lock = (await screen.findByTestId('s-auto-lock')) as HTMLSelectElement;
    // A value set elsewhere (the CLI, an older version) stays selectable.
    expect(Array.from(lock.options).map((o) => o.textContent)).toContain('7 minutes');
    const choose = async (select: HTMLSelectElement, text: string) => {
      Array.from(select.options).find((o) => o.textContent === text)!.selected = true;
      await fireEvent.change(select);
    };
    await choose(lock, 'never');
    await choose(screen.getByTestId('s-clipboard') as HTMLSelectElement, '45 seconds');
    await fireEvent.click(screen.getByTestId('save-settings'));
    expect(backend.setSettings).toHaveBeenCalledWith({ auto_lock_minutes: 0, clipboard_clear_seconds: 45 });
    expect((await screen.findByTestId('toast')).textContent).toBe('Settings saved');
  });

  it('a merge stopped in the background is said over the list, and Review opens Settings at Sync', async () => {
    const log = { last_run: 1, received: [], conflicts: [], set_aside: [], clock_warnings: [], mass_change: true };
    const error = { code: 'mass_change', message: 'This sync would delete 4 and change the secrets of 0 of your 6 accounts; nothing was changed.' };
    const stopped = { ...NO_SYNC, accounts: { folder: '/s', name: 'desk', last_sync: 1, devices: [], log: { ...log, error } } };
    const scrolled: Element[] = [];
    const scrollIntoView = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    try {
      render(App, { backend: fake({ syncStatus: vi.fn(async () => stopped) }) });
      expect((await screen.findByTestId('sync-notice')).textContent).toContain(error.message);
      expect(screen.getAllByTestId('account')).toHaveLength(2);
      await fireEvent.click(screen.getByTestId('sync-notice-review'));
      // Settings opens, its Sync section shown, with the button that applies the merge.
      await screen.findByTestId('sync-apply-anyway');
      await waitFor(() => expect(scrolled.map((e) => e.getAttribute('data-testid'))).toEqual(['sync']));
    } finally {
      Element.prototype.scrollIntoView = scrollIntoView;
    }
  });
});

describe('backup codes', () => {
  it('shows how many are left on the account, warning when few', async () => {
    render(App, { backend: fake() });
    const badge = await screen.findByTestId('backup-count');
    expect(badge.textContent).toBe('2 codes');
    expect(badge.classList.contains('low')).toBe(true);
    expect(badge.getAttribute('aria-label')).toBe('2 of 10 backup codes of GitHub left');
  });

  it('asks for the passphrase, then lists the codes and uses the next one', async () => {
    const backend = fake();
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('backup-count'));
    await fireEvent.input(await screen.findByTestId('b-pass'), { target: { value: 'codes pw' } });
    await fireEvent.click(screen.getByTestId('b-unlock'));
    expect(backend.unlockBackup).toHaveBeenCalledWith('codes pw');
    const codes = await screen.findAllByTestId('b-code');
    expect(codes.map((c) => c.dataset.used)).toEqual(['false', 'true', 'false']);
    expect(screen.getByTestId('b-left').textContent).toContain('2 of 3 left');
    expect(screen.getByTestId('b-low').textContent).toContain('Only a few codes are left');
    const use = screen.getByTestId('b-use') as HTMLButtonElement;
    await waitFor(() => expect(use.disabled).toBe(false));
    await fireEvent.click(use);
    expect(backend.useBackupCode).toHaveBeenCalledWith('a1');
    expect((await screen.findByTestId('b-used')).textContent).toContain('aaaa-1111');
    expect(screen.getByTestId('b-used').textContent).toContain('copied and marked used');
  });

  it('a backup code whose copy failed is still shown, marked used, with why it is not copied', async () => {
    const backend = fake({
      backupStatus: vi.fn(async () => ({ exists: true, unlocked: true, keyring: false })),
      useBackupCode: vi.fn(async () => ({ code: 'aaaa-1111', left: 1, total: 3, low: true, clear_after: 30, copy_error: 'Not copied: no clipboard could be reached.' })),
    });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('backup-count'));
    const use = (await screen.findByTestId('b-use')) as HTMLButtonElement;
    await waitFor(() => expect(use.disabled).toBe(false));
    await fireEvent.click(use);
    const used = await screen.findByTestId('b-used');
    expect(used.textContent).toContain('aaaa-1111');
    expect(screen.getByTestId('b-copy-error').textContent).toContain('no clipboard could be reached');
    expect(used.textContent).not.toContain('copied and marked used');
  });

  it('creates the backup-code vault with a passphrase typed twice', async () => {
    const backend = fake({
      backupStatus: vi.fn(async () => ({ exists: false, unlocked: false, keyring: false })),
      backupCodes: vi.fn(async () => ({ name: 'GitHub', codes: [], left: 0, total: 0, low: false })),
    });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('backup-count'));
    await fireEvent.input(await screen.findByTestId('b-new'), { target: { value: 'one' } });
    await fireEvent.input(screen.getByTestId('b-again'), { target: { value: 'two' } });
    await fireEvent.click(screen.getByTestId('b-create'));
    expect((await screen.findByTestId('backup-error')).textContent).toBe('The two passphrases differ.');
    expect(backend.createBackup).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId('b-again'), { target: { value: 'one' } });
    await fireEvent.click(screen.getByTestId('b-create'));
    expect(backend.createBackup).toHaveBeenCalledWith('one', false);
    // No codes yet: the paste box is open at once.
    await fireEvent.input(await screen.findByTestId('b-paste'), { target: { value: '1111-2222\n3333-4444' } });
    await fireEvent.click(screen.getByTestId('b-add'));
    expect(backend.addBackupCodes).toHaveBeenCalledWith('a1', '1111-2222\n3333-4444');
  });

  it('Locked out? finds accounts and sites with codes and opens the chosen one', async () => {
    const backend = fake({ backupStatus: vi.fn(async () => ({ exists: true, unlocked: true, keyring: false })) });
    render(App, { backend });
    await fireEvent.click(await screen.findByTestId('locked-out'));
    const choices = await screen.findAllByTestId('lo-choice');
    expect(choices.map((c) => c.textContent)).toEqual(['GitHub · alice 2 of 10 left', 'Proton 5 of 5 left']);
    await fireEvent.input(screen.getByTestId('lo-search'), { target: { value: 'prot' } });
    await fireEvent.keyDown(screen.getByTestId('lo-search'), { key: 'Enter' });
    await screen.findByTestId('backup-sheet');
    expect(backend.backupCodes).toHaveBeenCalledWith('set9');
  });
});

describe('settings', () => {
  it('saves the theme and shortcut, and applies the theme', async () => {
    const backend = fake();
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.click(screen.getByTestId('settings'));
    const theme = (await screen.findByTestId('s-theme')) as HTMLSelectElement;
    theme.selectedIndex = 2;
    await fireEvent.change(theme);
    await fireEvent.input(screen.getByTestId('s-shortcut'), { target: { value: 'Alt+Shift+Q' } });
    await fireEvent.click(screen.getByTestId('save-settings'));
    await waitFor(() => expect(backend.setPrefs).toHaveBeenCalledWith({ theme: 'dark', start_minimised: false, quick_shortcut: 'Alt+Shift+Q' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    delete document.documentElement.dataset.theme;
  });

  it('on a desktop that binds keys itself, shows its key instead of a field', async () => {
    const backend = fake({ shortcutStatus: vi.fn(async () => ({ ...X11_SHORTCUT, how: 'portal' as const, trigger: 'Ctrl+Alt+T', desktop: 'kde' as const })) });
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.click(screen.getByTestId('settings'));
    expect((await screen.findByTestId('s-shortcut-portal')).textContent).toContain('Ctrl+Alt+T');
    expect(screen.queryByTestId('s-shortcut')).toBeNull();
  });

  it('on GNOME without the portal, shows the command and adds the key only after the person confirms', async () => {
    const offer = { binding: '<Control><Shift>k', command: '/usr/bin/twofold-desktop --quick' };
    const command = { ...X11_SHORTCUT, how: 'command' as const, why: 'no GlobalShortcuts portal', desktop: 'gnome' as const, gnome_offer: offer };
    const added = { ...command, gnome_entry: offer };
    const backend = fake({ shortcutStatus: vi.fn(async () => command), addGnomeShortcut: vi.fn(async () => added) });
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.click(screen.getByTestId('settings'));
    expect((await screen.findByTestId('s-shortcut-cmd')).textContent).toBe('/usr/bin/twofold-desktop --quick');
    await fireEvent.click(screen.getByTestId('s-gnome-offer'));
    const confirm = await screen.findByTestId('s-gnome-confirm');
    expect(confirm.textContent).toContain('Ctrl+Shift+K');
    expect(confirm.textContent).toContain('/usr/bin/twofold-desktop --quick');
    expect(backend.addGnomeShortcut).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('s-gnome-add'));
    expect(backend.addGnomeShortcut).toHaveBeenCalledWith('<Control><Shift>k');
    expect((await screen.findByTestId('s-gnome-entry')).textContent).toContain('Ctrl+Shift+K');
  });

  it('sets a password on a keyring vault, typed twice, then shows a new recovery kit once', async () => {
    const backend = fake();
    render(App, { backend });
    await screen.findAllByTestId('account');
    await fireEvent.click(screen.getByTestId('settings'));
    expect((await screen.findByTestId('sec-ways')).textContent).toContain('the system keyring, the recovery kit');
    // Without a password the keyring cannot be turned off.
    expect((screen.getByTestId('sec-keyring-off') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('sec-password'));
    expect(screen.queryByTestId('sec-current')).toBeNull();
    await fireEvent.input(screen.getByTestId('sec-new'), { target: { value: 'a long password' } });
    await fireEvent.input(screen.getByTestId('sec-again'), { target: { value: 'a long passwort' } });
    await fireEvent.click(screen.getByTestId('sec-confirm'));
    expect((await screen.findByTestId('sec-error')).textContent).toBe('The two new passwords differ.');
    await fireEvent.input(screen.getByTestId('sec-again'), { target: { value: 'a long password' } });
    await fireEvent.click(screen.getByTestId('sec-confirm'));
    expect(backend.changePassword).toHaveBeenCalledWith(undefined, 'a long password');
    await fireEvent.click(await screen.findByTestId('sec-kit'));
    await fireEvent.click(screen.getByTestId('sec-confirm'));
    expect((await screen.findByTestId('recovery-key')).textContent).toBe('EEEEFFFFGGGGHHHH');
  });
});
