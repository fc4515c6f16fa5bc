import { describe, expect, it, vi } from 'vitest';
import { Background, Native, browserName, frameOrigin, topOrigin, webOrigin, type Apis, type Port, type Sender } from '../src/background';

const ID = 'ajehepmccaobjphfkpegdfmhnajgmdol';
const POPUP = `chrome-extension://${ID}/popup.html`;
const PAIRING = { id: 'p'.repeat(32), token: 't'.repeat(64) };

/** The host's port, answered by `app` (or left unanswered, or disconnected). */
class FakePort implements Port {
  sent: Record<string, unknown>[] = [];
  error: { message?: string } | null = null;
  private onMsg: ((m: unknown) => void)[] = [];
  private onGone: ((p: Port) => void)[] = [];
  onMessage = { addListener: (f: (m: unknown) => void) => void this.onMsg.push(f) };
  onDisconnect = { addListener: (f: (p: Port) => void) => void this.onGone.push(f) };
  constructor(private readonly app?: (m: Record<string, unknown>) => Record<string, unknown> | undefined) {}
  postMessage(m: unknown): void {
    const message = m as Record<string, unknown>;
    this.sent.push(message);
    const reply = this.app?.(message);
    if (reply) queueMicrotask(() => this.reply({ ...reply, id: message.id }));
  }
  reply(m: unknown): void {
    for (const f of this.onMsg) f(m);
  }
  disconnect(): void {}
  gone(message: string): void {
    this.error = { message };
    for (const f of this.onGone) f(this);
  }
}

function background(app: (m: Record<string, unknown>) => Record<string, unknown> | undefined, stored: Record<string, unknown> = { pairing: PAIRING }) {
  const port = new FakePort(app);
  const native = new Native(() => port, () => undefined);
  const storage: Record<string, unknown> = { ...stored };
  const apis: Apis = {
    runtimeId: ID,
    popupUrl: POPUP,
    browserName: 'Chromium',
    storage: { get: async (k) => ({ [k]: storage[k] }), set: async (items) => void Object.assign(storage, items) },
    tabs: {
      get: async (tabId) => ({ id: tabId, url: tabId === 1 ? 'https://github.com/login' : 'chrome://settings' }),
      active: async () => ({ id: 1, url: 'https://github.com/' }),
      send: vi.fn(async () => ({ filled: true })),
    },
    inject: vi.fn(async () => undefined),
    setInline: vi.fn(async () => undefined),
  };
  return { bg: new Background(native, apis), port, storage, apis };
}

const contentIn = (url: string, tabUrl = url, frameId = 0): Sender => ({ id: ID, url, origin: new URL(url).origin, frameId, tab: { id: 1, url: tabUrl } });
const fromPopup: Sender = { id: ID, url: POPUP };

describe('origins come from the browser', () => {
  it('web origins only', () => {
    expect(webOrigin('https://github.com/login?x=1')).toBe('https://github.com');
    expect(webOrigin('http://localhost:8080/')).toBe('http://localhost:8080');
    for (const bad of ['chrome://settings', 'about:blank', 'file:///etc/passwd', 'data:text/html,x', 'not a url', undefined]) {
      expect(webOrigin(bad)).toBeNull();
    }
  });

  it('the frame from sender.origin (Chromium) or sender.url (Firefox); the top from the tab', () => {
    expect(frameOrigin({ origin: 'https://github.com', url: 'https://evil.test/' })).toBe('https://github.com');
    expect(frameOrigin({ url: 'https://github.com/sessions/two-factor' })).toBe('https://github.com');
    expect(frameOrigin({ origin: 'null', url: 'about:srcdoc' })).toBeNull();
    expect(topOrigin({ url: 'https://a.test/', frameId: 3, tab: { url: 'https://b.test/x' } })).toBe('https://b.test');
    expect(topOrigin({ url: 'https://a.test/', frameId: 3 })).toBeNull();
    expect(topOrigin({ url: 'https://a.test/', frameId: 0 })).toBe('https://a.test');
  });

  it('whatever the message says', async () => {
    const { bg, port } = background(() => ({ type: 'codes', origin: 'x', accounts: [] }));
    await bg.onMessage({ type: 'codes', origin: 'https://github.com', frame_origin: 'https://github.com' }, contentIn('https://github.com.evil.test/'));
    expect(port.sent[0]).toMatchObject({ type: 'codes', frame_origin: 'https://github.com.evil.test', top_origin: 'https://github.com.evil.test', pairing: PAIRING });
  });

  it('a frame inside another page is asked for with both origins', async () => {
    const { bg, port } = background(() => ({ type: 'codes', origin: 'x', accounts: [] }));
    await bg.onMessage({ type: 'codes' }, contentIn('https://github.com/', 'https://evil.test/', 7));
    expect(port.sent[0]).toMatchObject({ frame_origin: 'https://github.com', top_origin: 'https://evil.test' });
  });
});

describe('who may ask', () => {
  it('another extension, or a content script asking what only the popup may, gets nothing', async () => {
    const { bg, port, apis } = background(() => ({ type: 'codes', origin: 'x', accounts: [] }));
    expect(await bg.onMessage({ type: 'codes' }, { ...contentIn('https://github.com/'), id: 'someone-else' })).toBeUndefined();
    expect(await bg.onMessage({ type: 'popup-fill', tabId: 1, account: 'a' }, contentIn('https://github.com/'))).toBeUndefined();
    expect(await bg.onMessage({ type: 'popup-pair' }, contentIn('https://github.com/'))).toBeUndefined();
    expect(port.sent).toEqual([]);
    expect(apis.tabs.send).not.toHaveBeenCalled();
  });

  it('the popup opened in a tab (as tests do) is still the popup', async () => {
    const { bg, port } = background((m) => (m.type === 'pair_request' ? { type: 'pair_pending', request: 'r', code: '000111', expires_in: 300 } : undefined));
    expect(await bg.onMessage({ type: 'popup-pair' }, { id: ID, url: POPUP, tab: { id: 9, url: POPUP } })).toMatchObject({ state: 'pending' });
    expect(port.sent[0]).toMatchObject({ type: 'pair_request' });
  });

  it('an unpaired extension asks the app for no code', async () => {
    const { bg, port } = background(() => ({ type: 'codes', origin: 'x', accounts: [] }), {});
    expect(await bg.onMessage({ type: 'codes' }, contentIn('https://github.com/'))).toEqual({ state: 'not_paired' });
    expect(port.sent).toEqual([]);
  });
});

describe('answers', () => {
  it('codes, locked, not paired and errors reach the content script as states', async () => {
    for (const [reply, state] of [
      [{ type: 'codes', origin: 'https://github.com', accounts: [{ account: 'a', code: '1' }] }, 'codes'],
      [{ type: 'locked' }, 'locked'],
      [{ type: 'not_paired' }, 'not_paired'],
      [{ type: 'error', code: 'app_not_running', message: 'Twofold is not running' }, 'error'],
    ] as const) {
      const { bg } = background(() => reply);
      expect(await bg.onMessage({ type: 'codes' }, contentIn('https://github.com/'))).toMatchObject({ state });
    }
  });

  it('"has this frame accounts?" goes with the origins the browser reported, and answers a count', async () => {
    const { bg, port } = background(() => ({ type: 'offer', accounts: 2 }));
    expect(await bg.onMessage({ type: 'offer' }, contentIn('https://github.com/', 'https://evil.test/', 7))).toEqual({ state: 'accounts', count: 2 });
    expect(port.sent[0]).toMatchObject({ type: 'offer', frame_origin: 'https://github.com', top_origin: 'https://evil.test', pairing: PAIRING });
    for (const [reply, state] of [[{ type: 'locked' }, 'locked'], [{ type: 'not_paired' }, 'not_paired']] as const) {
      expect(await background(() => reply).bg.onMessage({ type: 'offer' }, contentIn('https://github.com/'))).toEqual({ state });
    }
    const unpaired = background(() => ({ type: 'offer', accounts: 1 }), {});
    expect(await unpaired.bg.onMessage({ type: 'offer' }, contentIn('https://github.com/'))).toEqual({ state: 'not_paired' });
    expect(unpaired.port.sent).toEqual([]);
  });

  it('replies are matched by id, and the host speaking for itself (id 0) answers everyone', async () => {
    const port = new FakePort();
    const native = new Native(() => port, () => undefined);
    const a = native.request({ type: 'status' });
    const b = native.request({ type: 'status' });
    port.reply({ id: port.sent[1].id, type: 'opened' });
    expect(await b).toMatchObject({ type: 'opened' });
    port.reply({ id: 0, type: 'error', code: 'wrong_user', message: 'Twofold answers only its own user' });
    expect(await a).toMatchObject({ code: 'wrong_user' });
  });

  it('a missing host or a dropped port is "host_unavailable"; no answer is a timeout', async () => {
    const port = new FakePort();
    const native = new Native(() => port, () => undefined);
    const pending = native.request({ type: 'status' });
    port.gone('Specified native messaging host not found.');
    expect(await pending).toMatchObject({ code: 'host_unavailable', message: 'Specified native messaging host not found.' });
    const unreachable = new Native(() => { throw new Error('no'); }, () => 'Access to the specified native messaging host is forbidden.');
    expect(await unreachable.request({ type: 'status' })).toMatchObject({ code: 'host_unavailable' });
    vi.useFakeTimers();
    const silent = new Native(() => new FakePort(), () => undefined).request({ type: 'status' }, 50);
    vi.advanceTimersByTime(60);
    expect(await silent).toMatchObject({ code: 'timeout' });
    vi.useRealTimers();
  });
});

describe('the popup', () => {
  it('pairs: shows the code, polls, keeps the token', async () => {
    let approved = false;
    const { bg, storage, port } = background((m) => {
      if (m.type === 'pair_request') return { type: 'pair_pending', request: 'r1', code: '482917', expires_in: 300 };
      if (m.type === 'pair_poll') return approved ? { type: 'paired', pairing: 'p2', token: 'secret' } : { type: 'pair_pending', request: 'r1', code: '482917', expires_in: 300 };
      return undefined;
    }, {});
    expect(await bg.onMessage({ type: 'popup-pair' }, fromPopup)).toEqual({ state: 'pending', request: 'r1', code: '482917' });
    expect(port.sent[0]).toMatchObject({ type: 'pair_request', browser: 'Chromium' });
    expect(await bg.onMessage({ type: 'popup-pair-poll', request: 'r1' }, fromPopup)).toMatchObject({ state: 'pending' });
    expect(storage.pairing).toBeUndefined();
    approved = true;
    expect(await bg.onMessage({ type: 'popup-pair-poll', request: 'r1' }, fromPopup)).toEqual({ state: 'paired' });
    expect(storage.pairing).toEqual({ id: 'p2', token: 'secret' });
  });

  it('lists the tab’s accounts and suggestions, for the tab’s own origin', async () => {
    const { bg, port } = background((m) => {
      if (m.type === 'status') return { type: 'status', vault: 'unlocked', paired: true, pairings: 1 };
      if (m.type === 'codes') return { type: 'codes', origin: m.frame_origin, accounts: [{ account: 'a', issuer: 'GitHub', label: 'alice', code: '123456' }] };
      if (m.type === 'suggestions') return { type: 'suggestions', origin: m.origin, items: [] };
      return undefined;
    });
    const state = await bg.onMessage({ type: 'popup-state', tabId: 1 }, fromPopup);
    expect(state).toMatchObject({ state: 'ready', host: 'github.com', origin: 'https://github.com' });
    expect(port.sent.find((m) => m.type === 'codes')).toMatchObject({ frame_origin: 'https://github.com', top_origin: 'https://github.com' });
  });

  it('says locked, not paired, helper missing, or not a web page', async () => {
    const status = (s: Record<string, unknown>) => background((m) => (m.type === 'status' ? s : undefined));
    expect(await status({ type: 'status', vault: 'locked', paired: null, pairings: null }).bg.popupState(1)).toEqual({ state: 'locked', host: 'github.com' });
    expect(await status({ type: 'status', vault: 'unlocked', paired: false, pairings: 1 }).bg.popupState(1)).toEqual({ state: 'not_paired', host: 'github.com' });
    expect(await status({ type: 'error', code: 'host_unavailable', message: 'not found' }).bg.popupState(1)).toMatchObject({ state: 'host_missing' });
    expect(await status({ type: 'error', code: 'app_not_running', message: 'x' }).bg.popupState(1)).toMatchObject({ state: 'app_not_running' });
    const paired = { type: 'status', vault: 'unlocked', paired: true, pairings: 1 };
    expect(await status(paired).bg.popupState(2)).toEqual({ state: 'not_web' });
    // Pairing is offered on any page, a browser's own pages included.
    expect(await status({ ...paired, paired: false }).bg.popupState(2)).toEqual({ state: 'not_paired', host: '' });
  });

  it('fills through the tab’s top frame, where the content script asks for its own code', async () => {
    const { bg, apis, port } = background(() => undefined);
    expect(await bg.onMessage({ type: 'popup-fill', tabId: 1, account: 'a' }, fromPopup)).toEqual({ filled: true });
    expect(apis.inject).toHaveBeenCalledWith(1);
    expect(apis.tabs.send).toHaveBeenCalledWith(1, { type: 'fill-now', account: 'a' });
    expect(port.sent).toEqual([]); // no code went to the page from the popup
  });

  it('confirms a suggestion for the tab’s origin', async () => {
    const { bg, port } = background((m) => (m.type === 'confirm_site' ? { type: 'site_added', account: 'a', site: 'github.com' } : undefined));
    expect(await bg.onMessage({ type: 'popup-confirm', tabId: 1, account: 'a' }, fromPopup)).toMatchObject({ type: 'site_added' });
    expect(port.sent[0]).toMatchObject({ type: 'confirm_site', account: 'a', origin: 'https://github.com', pairing: PAIRING });
  });
});

describe('the keyboard shortcut', () => {
  it('fills the active tab', async () => {
    const { bg, apis } = background(() => undefined);
    expect(await bg.onCommand('fill-code')).toEqual({ filled: true });
    expect(apis.tabs.send).toHaveBeenCalledWith(1, { type: 'fill-now', account: undefined });
    expect(await bg.onCommand('something-else')).toBeUndefined();
  });
});

describe('the browser’s name for the pairing request', () => {
  it('from brands, else the user agent', () => {
    expect(browserName({ userAgent: '', userAgentData: { brands: [{ brand: 'Not)A;Brand' }, { brand: 'Chromium' }] } })).toBe('Chromium');
    expect(browserName({ userAgent: '', userAgentData: { brands: [{ brand: 'Chromium' }, { brand: 'Brave' }] } })).toBe('Brave');
    expect(browserName({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0' })).toBe('Firefox');
  });
});
