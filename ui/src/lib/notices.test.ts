// The list's sync notice: what runs nobody watched found, said in the main window.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SyncNotice from './SyncNotice.svelte';
import { noticesOf } from './notices';
import type { Backend, PhoneStatus, SyncLog, SyncStatus, VaultSync } from './backend';

afterEach(cleanup);

const quiet: SyncLog = { last_run: 1, received: ['added GitHub (alice)'], conflicts: ['label changed on two computers'], set_aside: [], clock_warnings: [], error: null, mass_change: false };
const none: SyncStatus = { accounts: null, backup_codes: null, can_share: true, has_backup_codes: false, backup_codes_open: false, default_name: 'desk' };
const vault = (log: Partial<SyncLog> = {}): VaultSync => ({ folder: '/s', name: 'desk', last_sync: 1, devices: [], log: { ...quiet, ...log } });
const synced = (log: Partial<SyncLog> = {}, codes?: Partial<SyncLog>): SyncStatus => ({ ...none, accounts: vault(log), backup_codes: codes ? vault(codes) : null });
const phoneLog: PhoneStatus['log'] = { last_run: 1, received: [], skipped: [], set_aside: [], error: null };
const phone = (over: Partial<PhoneStatus> = {}): PhoneStatus => ({
  folder: '/s/Aegis',
  folder_present: true,
  last_backup: null,
  last_taken: null,
  linked: 3,
  pending_removals: [],
  log: phoneLog,
  ...over,
});
const massChange = { code: 'mass_change', message: 'This sync would delete 4 and change the secrets of 0 of your 6 accounts; nothing was changed.' };

describe('what the list says of sync', () => {
  it('says nothing when the runs went well, whatever came in', () => {
    expect(noticesOf(null, null)).toEqual([]);
    expect(noticesOf(synced({}, {}), phone({ folder_present: false }))).toEqual([]);
  });

  it('puts a stopped merge first, and names files set aside, clock warnings and the phone’s deletions', () => {
    const notices = noticesOf(
      synced({ set_aside: [{ file: 'b.tfsync', reason: 'half-synced' }], clock_warnings: ['laptop’s clock is 5 minutes ahead'] }, { error: massChange, mass_change: true }),
      phone({ pending_removals: [{ account: 'Steam: alice', since: '2026-12-01' }, { account: 'AWS: root', since: '2026-12-01' }] }),
    );
    expect(notices.map((n) => [n.text, n.section])).toEqual([
      [`Backup codes: ${massChange.message}`, 'sync'],
      ['Sync set aside 1 file in the folder it could not use; nothing in them was taken as deleted.', 'sync'],
      ['laptop’s clock is 5 minutes ahead', 'sync'],
      ['2 accounts deleted on your phone are still here: keep or delete them in Settings.', 'phone'],
    ]);
    expect(notices[0].blocking).toBe(true);
    expect(notices.slice(1).some((n) => n.blocking)).toBe(false);
  });

  it('names a phone whose backups could not be taken', () => {
    const e = { code: 'aegis_key_changed', message: 'Aegis made a new key: give the backup password again' };
    expect(noticesOf(none, phone({ log: { ...phoneLog, error: e } }))).toEqual([
      { key: `phone:${e.code}:${e.message}`, text: `Your phone’s backups: ${e.message}`, blocking: true, section: 'phone' },
    ]);
  });
});

describe('the sync notice in the list', () => {
  function backend(sync: SyncStatus[], over: Partial<Backend> = {}) {
    let changed: () => void = () => {};
    const syncStatus = vi.fn(async () => (sync.length > 1 ? sync.shift()! : sync[0]));
    const b = {
      syncStatus,
      phoneStatus: vi.fn(async () => phone({ folder: null })),
      onSyncChanged: vi.fn(async (cb: () => void) => ((changed = cb), () => {})),
      ...over,
    } as unknown as Backend;
    return { b, changed: () => changed(), syncStatus };
  }

  it('shows a stopped merge, opens Settings at Sync, and comes back after a dismissal only for new trouble', async () => {
    const stopped = synced({ error: massChange, mass_change: true });
    const failed = synced({ error: { code: 'sync_failed', message: '/s: permission denied' } });
    const { b, changed } = backend([stopped, stopped, failed]);
    const onreview = vi.fn();
    render(SyncNotice, { backend: b, onreview });
    const notice = await screen.findByTestId('sync-notice');
    expect(notice.textContent).toContain(massChange.message);
    expect(notice.classList.contains('blocking')).toBe(true);
    await fireEvent.click(screen.getByTestId('sync-notice-review'));
    expect(onreview).toHaveBeenCalledWith('sync');

    await fireEvent.click(screen.getByTestId('sync-notice-dismiss'));
    expect(screen.queryByTestId('sync-notice')).toBeNull();
    // The same trouble again (the next run stopped too): still put away.
    changed();
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByTestId('sync-notice')).toBeNull();
    // Another trouble: said.
    changed();
    await waitFor(() => expect(screen.getByTestId('sync-notice').textContent).toContain('Sync failed: /s: permission denied'));
  });

  it('goes away by itself once a run succeeds', async () => {
    const { b, changed } = backend([synced({ clock_warnings: ['the clock is off'] }), synced()]);
    render(SyncNotice, { backend: b, onreview: () => {} });
    expect((await screen.findByTestId('sync-notice')).classList.contains('blocking')).toBe(false);
    changed();
    await waitFor(() => expect(screen.queryByTestId('sync-notice')).toBeNull());
  });
});
