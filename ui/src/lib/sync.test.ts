// Settings › Sync: setting up, joining another computer's set, the computers, a big merge.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SyncSection from './SyncSection.svelte';
import { since } from './format';
import type { Backend, SyncLog, SyncStatus, VaultSync } from './backend';

afterEach(cleanup);

const quiet: SyncLog = { last_run: null, received: [], conflicts: [], set_aside: [], clock_warnings: [], error: null, mass_change: false };
const none: SyncStatus = { accounts: null, backup_codes: null, can_share: true, has_backup_codes: false, backup_codes_open: false, default_name: 'desk' };
const now = Math.floor(Date.now() / 1000);
const synced = (log: Partial<SyncLog> = {}): VaultSync => ({
  folder: '/home/a/Sync',
  name: 'desk',
  last_sync: now - 5,
  devices: [
    { id: 'aaaa', name: 'desk', last_write: now - 5, this_device: true, file_present: true },
    { id: 'bbbb', name: 'laptop', last_write: now - 600, this_device: false, file_present: false },
  ],
  log: { ...quiet, ...log },
});

function backend(over: Partial<Backend>): Backend {
  return { syncStatus: vi.fn(async () => none), onSyncChanged: vi.fn(async () => () => {}), ...over } as Backend;
}

describe('sync in settings', () => {
  it('sets up a folder, then asks for the other computers’ password when the folder holds their set', async () => {
    const joined: SyncStatus = { ...none, accounts: synced() };
    const syncSetup = vi
      .fn()
      .mockRejectedValueOnce({ code: 'join_needs_secret', message: 'holds the vault of other computers' })
      .mockResolvedValueOnce(joined);
    render(SyncSection, { backend: backend({ syncSetup }) });
    await fireEvent.input(await screen.findByTestId('sync-folder-input'), { target: { value: '~/Sync' } });
    await fireEvent.input(screen.getByTestId('sync-name'), { target: { value: 'desk' } });
    await fireEvent.click(screen.getByTestId('sync-setup'));
    expect(syncSetup).toHaveBeenLastCalledWith({ folder: '~/Sync', name: 'desk', secret: undefined, backupCodes: false });
    // Not an error: a question.
    await fireEvent.input(await screen.findByTestId('sync-secret'), { target: { value: 'their password' } });
    expect(screen.queryByTestId('sync-setup-error')).toBeNull();
    expect(screen.getByTestId('sync-setup').textContent).toBe('Join');
    await fireEvent.click(screen.getByTestId('sync-setup'));
    expect(syncSetup).toHaveBeenLastCalledWith({ folder: '~/Sync', name: 'desk', secret: 'their password', backupCodes: false });
    expect((await screen.findByTestId('sync-folder')).textContent).toContain('/home/a/Sync');
    const devices = screen.getAllByTestId('sync-device').map((d) => d.textContent);
    expect(devices[0]).toContain('(this computer)');
    expect(devices[1]).toContain('laptop');
    expect(devices[1]).toContain('10 minutes ago');
    expect(devices[1]).toContain('its file is not in the folder now');
  });

  it('says a wrong join password, and keeps the form', async () => {
    const syncSetup = vi.fn(async () => Promise.reject({ code: 'join_refused', message: 'neither file opens with that password' }));
    render(SyncSection, { backend: backend({ syncSetup }) });
    await fireEvent.input(await screen.findByTestId('sync-folder-input'), { target: { value: '/x' } });
    await fireEvent.click(screen.getByTestId('sync-setup'));
    expect((await screen.findByTestId('sync-setup-error')).textContent).toContain('neither file opens');
    expect(screen.getByTestId('sync-folder-input')).toBeTruthy();
  });

  it('needs a password before other computers can open the vault', async () => {
    render(SyncSection, { backend: backend({ syncStatus: vi.fn(async () => ({ ...none, can_share: false })) }) });
    expect((await screen.findByTestId('sync-needs-password')).textContent).toContain('Set a password first');
    expect(screen.queryByTestId('sync-setup')).toBeNull();
  });

  it('asks before a merge that deletes many accounts, and applies it only when told', async () => {
    const big = { ...none, accounts: synced({ error: { code: 'mass_change', message: 'This sync would delete 4' }, mass_change: true }) };
    const syncNow = vi.fn(async () => ({ ...none, accounts: synced({ received: ['removed GitHub (alice)'] }) }));
    render(SyncSection, { backend: backend({ syncStatus: vi.fn(async () => big), syncNow }) });
    expect((await screen.findByTestId('sync-error')).textContent).toContain('would delete 4');
    expect(syncNow).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('sync-apply-anyway'));
    expect(syncNow).toHaveBeenCalledWith(true);
    expect((await screen.findByTestId('sync-received')).textContent).toContain('removed GitHub (alice)');
    expect(screen.queryByTestId('sync-apply-anyway')).toBeNull();
  });

  it('shows conflicts, set-aside files and clock warnings', async () => {
    const log = {
      conflicts: ['GitHub: label changed on two computers: kept "work"; the other was "home"'],
      set_aside: [{ file: 'cafe.tfsync', reason: 'damaged' }],
      clock_warnings: ['laptop’s clock is 5 minutes ahead'],
    };
    render(SyncSection, { backend: backend({ syncStatus: vi.fn(async () => ({ ...none, accounts: synced(log) })) }) });
    expect((await screen.findByTestId('sync-conflict')).textContent).toContain('kept "work"');
    expect(screen.getByTestId('sync-set-aside').textContent).toBe('Set aside cafe.tfsync: damaged');
    expect(screen.getByTestId('sync-clock').textContent).toContain('5 minutes ahead');
  });

  it('removes another computer only after a confirm', async () => {
    const syncRemoveDevice = vi.fn(async () => ({ ...none, accounts: { ...synced(), devices: synced().devices.slice(0, 1) } }));
    render(SyncSection, { backend: backend({ syncStatus: vi.fn(async () => ({ ...none, accounts: synced() })), syncRemoveDevice }) });
    await fireEvent.click(await screen.findByLabelText('Remove laptop'));
    expect(syncRemoveDevice).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('sync-remove-confirm'));
    expect(syncRemoveDevice).toHaveBeenCalledWith('bbbb', false);
    await waitFor(() => expect(screen.getAllByTestId('sync-device')).toHaveLength(1));
  });

  it('offers the backup codes once they are open, in the same folder', async () => {
    const status = { ...none, accounts: synced(), has_backup_codes: true, backup_codes_open: true };
    const syncSetup = vi.fn(async () => ({ ...status, backup_codes: synced() }));
    render(SyncSection, { backend: backend({ syncStatus: vi.fn(async () => status), syncSetup }) });
    await fireEvent.click(await screen.findByTestId('sync-codes-setup'));
    expect(syncSetup).toHaveBeenCalledWith({ folder: '/home/a/Sync', name: undefined, secret: undefined, backupCodes: true });
    await waitFor(() => expect(screen.getByTestId('sync-code-devices')).toBeTruthy());
  });

  it('refreshes when a sync ran', async () => {
    let ran = () => {};
    const syncStatus = vi.fn().mockResolvedValueOnce(none).mockResolvedValue({ ...none, accounts: synced({ received: ['added GitLab (alice)'] }) });
    render(SyncSection, { backend: backend({ syncStatus, onSyncChanged: vi.fn(async (cb) => ((ran = cb), () => {})) }) });
    await screen.findByTestId('sync-setup');
    ran();
    expect((await screen.findByTestId('sync-received')).textContent).toContain('added GitLab (alice)');
  });
});

describe('since', () => {
  it('says how long ago', () => {
    expect(since(1000, 1030)).toBe('just now');
    expect(since(1000, 1000 + 61)).toBe('1 minute ago');
    expect(since(1000, 1000 + 3599)).toBe('59 minutes ago');
    expect(since(1000, 1000 + 7300)).toBe('2 hours ago');
    expect(since(1_800_000_000, 1_800_000_000 + 200_000)).toBe('2027-01-15');
  });
});
