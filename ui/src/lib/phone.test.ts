// Settings › Your phone: following Aegis' automatic backups, what came in, removals waiting.
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PhoneSection from './PhoneSection.svelte';
import type { Backend, PhoneStatus } from './backend';

afterEach(cleanup);

const quiet: PhoneStatus['log'] = { last_run: null, received: [], skipped: [], set_aside: [], error: null };
const none: PhoneStatus = { folder: null, folder_present: false, last_backup: null, last_taken: null, linked: 0, pending_removals: [], log: quiet };
const now = Math.floor(Date.now() / 1000);
const following = (over: Partial<PhoneStatus> = {}): PhoneStatus => ({
  ...none,
  folder: '/home/a/Sync/Aegis',
  folder_present: true,
  last_backup: 'aegis-backup-20261203-101500.json',
  last_taken: now - 120,
  linked: 4,
  ...over,
});

function backend(over: Partial<Backend>): Backend {
  return { phoneStatus: vi.fn(async () => none), onSyncChanged: vi.fn(async () => () => {}), ...over } as Backend;
}

describe('the phone in settings', () => {
  it('follows a folder with the Aegis backup password, and shows what came in', async () => {
    const phoneSetup = vi
      .fn()
      .mockRejectedValueOnce({ code: 'aegis_wrong_password', message: 'the password does not open aegis-backup-1.json' })
      .mockResolvedValueOnce(following({ log: { ...quiet, received: ['added GitHub: alice', 'added Steam: alice'] } }));
    render(PhoneSection, { backend: backend({ phoneSetup }) });
    const button = await screen.findByTestId('phone-setup');
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('phone-folder-input'), { target: { value: '~/Sync/Aegis' } });
    await fireEvent.input(screen.getByTestId('phone-password'), { target: { value: 'wrong' } });
    await fireEvent.click(button);
    expect(phoneSetup).toHaveBeenLastCalledWith('~/Sync/Aegis', 'wrong');
    expect((await screen.findByTestId('phone-setup-error')).textContent).toContain('does not open');
    // The form stays, with the folder typed.
    expect((screen.getByTestId('phone-folder-input') as HTMLInputElement).value).toBe('~/Sync/Aegis');
    await fireEvent.input(screen.getByTestId('phone-password'), { target: { value: 'right' } });
    await fireEvent.click(screen.getByTestId('phone-setup'));
    expect(phoneSetup).toHaveBeenLastCalledWith('~/Sync/Aegis', 'right');
    expect((await screen.findByTestId('phone-folder')).textContent).toContain('/home/a/Sync/Aegis');
    expect(screen.getByTestId('phone-folder').textContent).toContain('2 minutes ago');
    expect(screen.getByTestId('phone-received').textContent).toContain('added GitHub: alice; added Steam: alice');
    expect(screen.queryByTestId('phone-password')).toBeNull();
    expect(screen.queryByTestId('phone-setup-error')).toBeNull();
  });

  it('deletes what was deleted on the phone only after a confirm', async () => {
    const pending = following({ pending_removals: [{ account: 'Steam: alice', since: 'aegis-backup-2.json' }] });
    const phoneFollow = vi.fn(async () => following());
    render(PhoneSection, { backend: backend({ phoneStatus: vi.fn(async () => pending), phoneFollow }) });
    expect((await screen.findByTestId('phone-pending')).textContent).toContain('Steam: alice');
    await fireEvent.click(screen.getByTestId('phone-removals'));
    expect(phoneFollow).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('phone-accept-removals'));
    expect(phoneFollow).toHaveBeenCalledWith(true);
    await vi.waitFor(() => expect(screen.queryByTestId('phone-pending')).toBeNull());
  });

  it('checks now without accepting removals', async () => {
    const phoneFollow = vi.fn(async () => following());
    render(PhoneSection, { backend: backend({ phoneStatus: vi.fn(async () => following()), phoneFollow }) });
    await fireEvent.click(await screen.findByTestId('phone-check'));
    expect(phoneFollow).toHaveBeenCalledWith(false);
  });

  it('after Aegis made a new key, asks for the password again for the same folder', async () => {
    const error = { code: 'aegis_key_changed', message: 'does not open with the Aegis key Twofold keeps' };
    const phoneSetup = vi.fn(async () => following());
    render(PhoneSection, { backend: backend({ phoneStatus: vi.fn(async () => following({ log: { ...quiet, error } })), phoneSetup }) });
    expect((await screen.findByTestId('phone-error')).textContent).toContain('does not open');
    expect(screen.queryByTestId('phone-folder-input')).toBeNull();
    await fireEvent.input(screen.getByTestId('phone-password'), { target: { value: 'new' } });
    await fireEvent.click(screen.getByTestId('phone-setup'));
    expect(phoneSetup).toHaveBeenCalledWith('/home/a/Sync/Aegis', 'new');
  });

  it('says a missing folder, a half-written backup and an entry it cannot take', async () => {
    const log = { ...quiet, set_aside: [{ file: 'aegis-backup-3.json', reason: 'cut short' }], skipped: ['Yandex: alice (needs its PIN)'] };
    render(PhoneSection, { backend: backend({ phoneStatus: vi.fn(async () => following({ folder_present: false, log })) }) });
    expect((await screen.findByTestId('phone-missing')).textContent).toContain('not there now');
    expect(screen.getByTestId('phone-set-aside').textContent).toContain('aegis-backup-3.json');
    expect(screen.getByTestId('phone-skipped').textContent).toContain('Yandex');
  });

  it('reads the status again when a sync ran', async () => {
    let ran = () => {};
    const phoneStatus = vi.fn().mockResolvedValueOnce(none).mockResolvedValue(following({ log: { ...quiet, received: ['added Dropbox: alice'] } }));
    render(PhoneSection, { backend: backend({ phoneStatus, onSyncChanged: vi.fn(async (cb) => ((ran = cb), () => {})) }) });
    await screen.findByTestId('phone-setup');
    ran();
    expect((await screen.findByTestId('phone-received')).textContent).toContain('added Dropbox');
  });
});
