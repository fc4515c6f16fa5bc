import { describe, expect, it, vi, afterEach } from 'vitest';
import { Popup, type PopupApis } from '../src/popup';
import type { PopupMessage, PopupState } from '../src/protocol';

let popup: Popup | null = null;
afterEach(() => popup?.stop());

function make(answer: (m: PopupMessage) => unknown, overrides: Partial<PopupApis> = {}) {
  document.body.innerHTML = '<main id="app"></main>';
  const root = document.getElementById('app')!;
  const apis: PopupApis = {
    ask: vi.fn(async (m: PopupMessage) => answer(m)),
    tabId: async () => 1,
    inline: async () => false,
    requestAllSites: vi.fn(async () => true),
    close: vi.fn(),
    ...overrides,
  };
  popup = new Popup(root, apis);
  return { root, apis };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const button = (root: HTMLElement, text: string) =>
  Array.from(root.querySelectorAll('button')).find((b) => b.textContent === text) as HTMLButtonElement;

const READY: PopupState = {
  state: 'ready',
  host: 'github.com',
  origin: 'https://github.com',
  accounts: [{ account: 'a1', issuer: 'GitHub', label: 'alice', code: '123456', seconds_left: 17, period: 30 }],
  suggestions: [],
};

describe('the popup', () => {
  it('lists this site’s accounts with their codes and fills one', async () => {
    const { root, apis } = make((m) => (m.type === 'popup-state' ? READY : m.type === 'popup-fill' ? { filled: true } : undefined));
    await popup!.show();
    expect(root.textContent).toContain('github.com');
    expect(root.querySelector('li')!.textContent).toContain('GitHub (alice)');
    expect(root.querySelector('.code')!.textContent).toBe('123 456');
    root.querySelector<HTMLButtonElement>('button[aria-label="Fill GitHub (alice)"]')!.click();
    await settle();
    expect(apis.ask).toHaveBeenCalledWith({ type: 'popup-fill', tabId: 1, account: 'a1' });
    expect(apis.close).toHaveBeenCalled();
  });

  it('says why it could not fill', async () => {
    const { root } = make((m) => (m.type === 'popup-state' ? READY : { filled: false, reason: 'no_field' }));
    await popup!.show();
    button(root, 'Fill').click();
    await settle();
    expect(root.textContent).toContain('No code field found on this page');
  });

  it('asks before a suggestion becomes a site', async () => {
    let bound = false;
    const { root, apis } = make((m) => {
      if (m.type === 'popup-confirm') {
        bound = true;
        return { type: 'site_added', account: 'a2', site: 'github.com' };
      }
      return bound
        ? READY
        : { ...READY, accounts: [], suggestions: [{ account: 'a2', issuer: 'GitHub', label: 'work', site: 'github.com' }] };
    });
    await popup!.show();
    expect(root.textContent).toContain('Use GitHub (work) on github.com?');
    expect(root.querySelector('li')).toBeNull();
    button(root, 'Use').click();
    await settle();
    await settle();
    expect(apis.ask).toHaveBeenCalledWith({ type: 'popup-confirm', tabId: 1, account: 'a2' });
    expect(root.querySelector('li')).not.toBeNull();
  });

  it('pairs: shows the code the window shows, until approved', async () => {
    vi.useFakeTimers();
    let polls = 0;
    const { root } = make((m) => {
      if (m.type === 'popup-state') return polls >= 2 ? READY : { state: 'not_paired', host: 'github.com' };
      if (m.type === 'popup-pair') return { state: 'pending', request: 'r', code: '482917' };
      if (m.type === 'popup-pair-poll') return ++polls >= 2 ? { state: 'paired' } : { state: 'pending', request: 'r', code: '482917' };
      return undefined;
    });
    await popup!.show();
    expect(root.textContent).toContain('not paired');
    button(root, 'Pair with Twofold').click();
    await vi.advanceTimersByTimeAsync(0);
    expect(root.querySelector('.pair-code')!.textContent).toBe('482 917');
    expect(root.textContent).toContain('twofold browser approve');
    await vi.advanceTimersByTimeAsync(2100);
    expect(polls).toBe(2);
    expect(root.querySelector('li')).not.toBeNull();
    vi.useRealTimers();
  });

  it('offers to open Twofold when it is locked, and says what to install when the helper is missing', async () => {
    const locked = make((m) => (m.type === 'popup-state' ? { state: 'locked', host: 'github.com' } : { type: 'opened' }));
    await popup!.show();
    expect(locked.root.textContent).toContain('Twofold is locked.');
    expect(locked.root.querySelector('.code')).toBeNull();
    button(locked.root, 'Open Twofold').click();
    await settle();
    expect(locked.apis.ask).toHaveBeenCalledWith({ type: 'popup-open-app' });
    const missing = make(() => ({ state: 'host_missing', message: 'Specified native messaging host not found.' }));
    await popup!.show();
    expect(missing.root.textContent).toContain('twofold browser install');
    const web = make(() => ({ state: 'not_web' }));
    await popup!.show();
    expect(web.root.textContent).toContain('cannot receive codes');
  });

  it('turns the button on every site on only with the browser’s permission', async () => {
    const refused = vi.fn(async () => false);
    const { root, apis } = make((m) => (m.type === 'popup-state' ? READY : {}), { requestAllSites: refused });
    await popup!.show();
    const box = root.querySelector<HTMLInputElement>('input[type=checkbox]')!;
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    await settle();
    expect(refused).toHaveBeenCalled();
    expect(box.checked).toBe(false);
    expect(apis.ask).toHaveBeenLastCalledWith({ type: 'popup-inline', enabled: false });
  });
});
