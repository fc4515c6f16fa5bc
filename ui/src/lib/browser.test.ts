// The window's side of the browser extension: an account's sites, pairing requests, paired browsers.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SitesEditor from './SitesEditor.svelte';
import PairingRequests from './PairingRequests.svelte';
import PairingsSection from './PairingsSection.svelte';
import type { AccountSites, Backend, PairingRequest, PairingView } from './backend';

afterEach(cleanup);

function backend(over: Partial<Backend>): Backend {
  return over as Backend;
}

describe('the account’s sites', () => {
  it('lists them, adds what is typed, removes one, and adds a suggestion', async () => {
    let current: AccountSites = { sites: ['github.com'], suggested: [], unusable: ['github.io'] };
    const addSite = vi.fn(async (_id: string, site: string) => (current = { ...current, sites: [...current.sites, site.toLowerCase()] }));
    const removeSite = vi.fn(async (_id: string, site: string) => (current = { ...current, sites: current.sites.filter((s) => s !== site) }));
    const b = backend({ accountSites: vi.fn(async () => current), addSite, removeSite });
    render(SitesEditor, { backend: b, id: 'a1' });
    await waitFor(() => expect(screen.getAllByTestId('site').map((li) => li.textContent?.trim().split(/\s+/)[0])).toEqual(['github.com']));
    expect(screen.getByTestId('unusable-site').textContent).toContain('github.io');

    await fireEvent.input(screen.getByTestId('site-new'), { target: { value: 'Gist.GitHub.com' } });
    await fireEvent.click(screen.getByTestId('site-add'));
    await waitFor(() => expect(addSite).toHaveBeenCalledWith('a1', 'Gist.GitHub.com'));
    await waitFor(() => expect(screen.getAllByTestId('site')).toHaveLength(2));
    expect((screen.getByTestId('site-new') as HTMLInputElement).value).toBe('');

    await fireEvent.click(screen.getByRole('button', { name: 'Remove github.com' }));
    await waitFor(() => expect(removeSite).toHaveBeenCalledWith('a1', 'github.com'));
    await waitFor(() => expect(screen.getAllByTestId('site')).toHaveLength(1));
  });

  it('shows the reason a site is refused, and keeps what was typed', async () => {
    const b = backend({
      accountSites: vi.fn(async () => ({ sites: [], suggested: ['github.com'], unusable: [] })),
      addSite: vi.fn(async () => {
        throw { code: 'bad_site', message: 'github.io is a public suffix, shared by everyone who registers a name under it' };
      }),
    });
    render(SitesEditor, { backend: b, id: 'a1' });
    await waitFor(() => screen.getByTestId('no-sites'));
    expect(screen.getByTestId('suggested-site').textContent).toContain('github.com');
    await fireEvent.input(screen.getByTestId('site-new'), { target: { value: 'github.io' } });
    await fireEvent.click(screen.getByTestId('site-add'));
    await waitFor(() => expect(screen.getByTestId('sites-error').textContent).toContain('public suffix'));
    expect((screen.getByTestId('site-new') as HTMLInputElement).value).toBe('github.io');
  });

  it('a suggestion is added only when the person clicks Add', async () => {
    const addSite = vi.fn(async () => ({ sites: ['github.com'], suggested: [], unusable: [] }));
    const b = backend({ accountSites: vi.fn(async () => ({ sites: [], suggested: ['github.com'], unusable: [] })), addSite });
    render(SitesEditor, { backend: b, id: 'a1' });
    await waitFor(() => screen.getByTestId('suggested-site'));
    expect(addSite).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Add github.com' }));
    await waitFor(() => expect(screen.getAllByTestId('site')).toHaveLength(1));
    expect(addSite).toHaveBeenCalledWith('a1', 'github.com');
    expect(screen.queryByTestId('suggested-site')).toBeNull();
  });
});

const REQUEST: PairingRequest = { request: 'r1', browser: 'Chromium', extension: 'chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol/', code: '482917' };

describe('a pairing request in the window', () => {
  it('shows the browser and the code, and approves', async () => {
    let waiting = [REQUEST];
    let announce: (() => void) | null = null;
    const approvePairing = vi.fn(async () => void (waiting = []));
    const b = backend({
      pairingRequests: vi.fn(async () => waiting),
      approvePairing,
      onPairingRequests: vi.fn(async (cb: () => void) => ((announce = cb), () => {})),
    });
    waiting = [];
    render(PairingRequests, { backend: b, unlocked: true });
    await waitFor(() => expect(b.onPairingRequests).toHaveBeenCalled());
    expect(screen.queryByTestId('pairing-request')).toBeNull();
    // The app announces a request.
    waiting = [REQUEST];
    announce!();
    await waitFor(() => screen.getByTestId('pairing-request'));
    expect(screen.getByRole('heading').textContent).toBe('Chromium asks to fill codes');
    expect(screen.getByTestId('pairing-code').textContent).toBe('482 917');
    expect(screen.getByTestId('pairing-request').textContent).toContain('chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol/');
    await fireEvent.click(screen.getByTestId('pairing-approve'));
    expect(approvePairing).toHaveBeenCalledWith('r1');
    await waitFor(() => expect(screen.queryByTestId('pairing-request')).toBeNull());
  });

  it('refuses, and cannot approve while locked', async () => {
    let waiting = [REQUEST];
    const refusePairing = vi.fn(async () => void (waiting = []));
    const approvePairing = vi.fn(async () => {});
    const b = backend({ pairingRequests: vi.fn(async () => waiting), refusePairing, approvePairing, onPairingRequests: vi.fn(async () => () => {}) });
    render(PairingRequests, { backend: b, unlocked: false });
    await waitFor(() => screen.getByTestId('pairing-locked'));
    expect((screen.getByTestId('pairing-approve') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('pairing-approve'));
    expect(approvePairing).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('pairing-refuse'));
    expect(refusePairing).toHaveBeenCalledWith('r1');
    await waitFor(() => expect(screen.queryByTestId('pairing-request')).toBeNull());
  });

  it('says why an approval failed', async () => {
    const b = backend({
      pairingRequests: vi.fn(async () => [REQUEST]),
      approvePairing: vi.fn(async () => {
        throw { code: 'no_such_request', message: 'that pairing request is no longer waiting; ask again from the browser' };
      }),
      onPairingRequests: vi.fn(async () => () => {}),
    });
    render(PairingRequests, { backend: b, unlocked: true });
    await waitFor(() => screen.getByTestId('pairing-request'));
    await fireEvent.click(screen.getByTestId('pairing-approve'));
    await waitFor(() => expect(screen.getByTestId('pairing-error').textContent).toContain('no longer waiting'));
  });
});

describe('Settings › Browsers', () => {
  it('lists the paired browsers and revokes one after asking', async () => {
    let list: PairingView[] = [
      { id: 'p1', browser: 'Chromium', extension: 'chrome-extension://x/', created: '2026-12-01' },
      { id: 'p2', browser: 'Firefox', extension: 'browser@twofold.app', created: '2026-12-02' },
    ];
    const revokePairing = vi.fn(async (id: string) => void (list = list.filter((p) => p.id !== id)));
    const b = backend({ pairings: vi.fn(async () => list), revokePairing });
    render(PairingsSection, { backend: b });
    await waitFor(() => expect(screen.getAllByTestId('pairing')).toHaveLength(2));
    expect(screen.getAllByTestId('pairing')[0].textContent).toContain('paired 2026-12-01');
    await fireEvent.click(screen.getByRole('button', { name: 'Revoke Firefox' }));
    expect(revokePairing).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('revoke-confirm'));
    expect(revokePairing).toHaveBeenCalledWith('p2');
    await waitFor(() => expect(screen.getAllByTestId('pairing')).toHaveLength(1));
  });

  it('says when none is paired', async () => {
    render(PairingsSection, { backend: backend({ pairings: vi.fn(async () => []) }) });
    await waitFor(() => expect(screen.getByTestId('no-pairings').textContent).toContain('Pair'));
  });
});
