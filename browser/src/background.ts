// The background (a service worker in Chromium, an event page in Firefox): the only part that
// talks to Twofold, through the native-messaging host. It keeps the pairing token, and it
// names the page to the app from what the *browser* says about the sender (`sender.origin`,
// `sender.url`, the tab's URL), never from anything a page or a content script wrote.

import type {
  AppReply, CodesAnswer, ContentMessage, Credentials, FillRequest, FillResult, OfferAnswer, PairAnswer, PopupMessage,
  PopupState,
} from './protocol';

export const HOST_NAME = 'app.twofold.browser';
export const CONTENT_SCRIPT = 'content.js';
export const INLINE_SCRIPT_ID = 'twofold-inline';
const REQUEST_TIMEOUT_MS = 25_000; // the host may be starting the app

export interface Port {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(f: (message: unknown) => void): void };
  onDisconnect: { addListener(f: (port: Port) => void): void };
  error?: { message?: string } | null;
}

/** `sender` as the browser fills it in (runtime.MessageSender). */
export interface Sender {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

/** The origin of a web page's URL (`https:` or `http:`), or null for anything else. */
export function webOrigin(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

/** The frame's origin, as the browser reported it for the message's sender. */
export function frameOrigin(sender: Sender): string | null {
  if (sender.origin && sender.origin !== 'null') return webOrigin(sender.origin);
  return webOrigin(sender.url);
}

/** The tab's top-level origin; for the top frame itself, the frame's. */
export function topOrigin(sender: Sender): string | null {
  return webOrigin(sender.tab?.url) ?? (sender.frameId === 0 ? frameOrigin(sender) : null);
}

/** The browser's name for the pairing request ("Chromium", "Brave", "Firefox"…). */
export function browserName(nav: { userAgent: string; userAgentData?: { brands?: { brand: string }[] } }): string {
  const brands = (nav.userAgentData?.brands ?? []).map((b) => b.brand).filter((b) => !/not.?a.?brand/i.test(b));
  const named = brands.find((b) => b !== 'Chromium') ?? brands[0];
  if (named) return named;
  const ua = nav.userAgent;
  for (const [re, name] of [[/Firefox\//, 'Firefox'], [/Edg\//, 'Microsoft Edge'], [/Vivaldi\//, 'Vivaldi'], [/Chrome\//, 'Chromium']] as const) {
    if (re.test(ua)) return name;
  }
  return 'a browser';
}

/** Requests to the app over one native port, matched to replies by id. */
export class Native {
  private port: Port | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: AppReply) => void>();

  constructor(private readonly connect: () => Port, private readonly lastError: () => string | undefined) {}

  request(body: Record<string, unknown>, timeoutMs = REQUEST_TIMEOUT_MS): Promise<AppReply> {
    const port = this.open();
    if (!port) return Promise.resolve(hostMissing(this.lastError()));
    const id = ++this.nextId;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ type: 'error', code: 'timeout', message: 'Twofold did not answer in time.' });
      }, timeoutMs);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      try {
        port.postMessage({ ...body, id });
      } catch (e) {
        this.waiting.delete(id);
        clearTimeout(timer);
        resolve(hostMissing(String(e)));
      }
    });
  }

  private open(): Port | null {
    if (this.port) return this.port;
    let port: Port;
    try {
      port = this.connect();
    } catch {
      return null;
    }
    port.onMessage.addListener((m) => this.received(m as AppReply & { id?: number }));
    port.onDisconnect.addListener((p) => {
      const why = p.error?.message ?? this.lastError();
      this.port = null;
      this.answerAll(hostMissing(why));
    });
    this.port = port;
    return port;
  }

  private received(reply: AppReply & { id?: number }): void {
    const id = reply.id ?? 0;
    // Id 0 is the host speaking for itself (no app, refused): it concerns every request.
    if (id === 0) {
      this.answerAll(reply);
      return;
    }
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(reply);
  }

  private answerAll(reply: AppReply): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const resolve of all) resolve(reply);
  }
}

function hostMissing(why: string | undefined): AppReply {
  return {
    type: 'error',
    code: 'host_unavailable',
    message: why ?? 'Twofold’s browser helper could not be started.',
  };
}

/** A reply that is not what a frame asked for, as the content script's state: locked, not
 *  paired, an error, or something unexpected. */
function refusal(reply: AppReply): Exclude<CodesAnswer, { state: 'codes' }> {
  switch (reply.type) {
    case 'locked':
      return { state: 'locked' };
    case 'not_paired':
      return { state: 'not_paired' };
    case 'error':
      return { state: 'error', code: reply.code, message: reply.message };
    default:
      return { state: 'error', code: 'unexpected', message: 'Twofold answered something unexpected.' };
  }
}

/** The browser APIs the background uses (a fake in tests). */
export interface Apis {
  runtimeId: string;
  popupUrl: string;
  browserName: string;
  storage: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  tabs: {
    get(tabId: number): Promise<{ id?: number; url?: string }>;
    active(): Promise<{ id?: number; url?: string } | undefined>;
    send(tabId: number, message: FillRequest): Promise<FillResult | undefined>;
  };
  inject(tabId: number): Promise<void>;
  setInline(enabled: boolean): Promise<void>;
}

export class Background {
  constructor(private readonly native: Native, private readonly apis: Apis) {}

  /** A message from our content script or our popup; anything else gets nothing. */
  async onMessage(message: unknown, sender: Sender): Promise<unknown> {
    if (sender.id !== this.apis.runtimeId) return undefined;
    const m = message as { type?: string };
    // The browser sets sender.url: our popup page (in the toolbar, or opened in a tab as tests
    // do) is the only sender at that address; a content script's is its page's.
    if (sender.url?.startsWith(this.apis.popupUrl)) return this.fromPopup(m as PopupMessage);
    if (sender.tab) return this.fromContent(m as ContentMessage, sender);
    return undefined;
  }

  /** The keyboard shortcut: fill the active tab's focused or first code field. */
  async onCommand(command: string): Promise<FillResult | undefined> {
    if (command !== 'fill-code') return undefined;
    const tab = await this.apis.tabs.active();
    if (tab?.id === undefined) return undefined;
    return this.fillTab(tab.id, undefined);
  }

  private async pairing(): Promise<Credentials | null> {
    const stored = (await this.apis.storage.get('pairing')).pairing as Credentials | undefined;
    return stored && typeof stored.id === 'string' && typeof stored.token === 'string' ? stored : null;
  }

  private async fromContent(m: ContentMessage, sender: Sender): Promise<unknown> {
    switch (m.type) {
      case 'codes':
        return this.codes(frameOrigin(sender), topOrigin(sender));
      case 'offer':
        return this.offer(frameOrigin(sender), topOrigin(sender));
      case 'open_app':
        await this.native.request({ type: 'open_app' });
        return {};
      default:
        return undefined;
    }
  }

  /** This frame's codes, for origins the browser reported. */
  private async codes(frame: string | null, top: string | null): Promise<CodesAnswer> {
    const pairing = await this.pairing();
    if (!pairing) return { state: 'not_paired' };
    if (!frame || !top) return { state: 'codes', accounts: [] };
    const reply = await this.native.request({ type: 'codes', pairing, frame_origin: frame, top_origin: top });
    return reply.type === 'codes' ? { state: 'codes', accounts: reply.accounts } : refusal(reply);
  }

  /** Whether this frame has accounts, for origins the browser reported (no code travels). */
  private async offer(frame: string | null, top: string | null): Promise<OfferAnswer> {
    const pairing = await this.pairing();
    if (!pairing) return { state: 'not_paired' };
    if (!frame || !top) return { state: 'accounts', count: 0 };
    const reply = await this.native.request({ type: 'offer', pairing, frame_origin: frame, top_origin: top });
    return reply.type === 'offer' ? { state: 'accounts', count: reply.accounts } : refusal(reply);
  }

  private async fromPopup(m: PopupMessage): Promise<unknown> {
    switch (m.type) {
      case 'popup-state':
        return this.popupState(m.tabId);
      case 'popup-pair':
        return this.pair();
      case 'popup-pair-poll':
        return this.pairPoll(m.request);
      case 'popup-confirm':
        return this.confirm(m.tabId, m.account);
      case 'popup-fill':
        return this.fillTab(m.tabId, m.account);
      case 'popup-open-app':
        return this.native.request({ type: 'open_app' });
      case 'popup-inline':
        await this.apis.setInline(m.enabled);
        return {};
      default:
        return undefined;
    }
  }

  private async tabOrigin(tabId: number): Promise<string | null> {
    try {
      return webOrigin((await this.apis.tabs.get(tabId)).url);
    } catch {
      return null;
    }
  }

  async popupState(tabId: number): Promise<PopupState> {
    const origin = await this.tabOrigin(tabId);
    const host = origin ? new URL(origin).host : '';
    // The buttons appear beside the fields too, now that the person has opened the popup.
    if (origin) this.apis.inject(tabId).catch(() => undefined);
    const pairing = await this.pairing();
    const status = await this.native.request({ type: 'status', pairing });
    if (status.type === 'error') {
      if (status.code === 'host_unavailable') return { state: 'host_missing', message: status.message };
      if (status.code === 'app_not_running') return { state: 'app_not_running', message: status.message };
      return { state: 'error', message: status.message };
    }
    if (status.type !== 'status') return { state: 'error', message: 'Twofold answered something unexpected.' };
    if (status.vault === 'no_vault') return { state: 'no_vault', host };
    // Pairing is offered on any page; codes only on a web page.
    if (!pairing || status.paired === false) return { state: 'not_paired', host };
    if (!origin) return { state: 'not_web' };
    if (status.vault === 'locked') return { state: 'locked', host };
    const [codes, suggestions] = await Promise.all([
      this.native.request({ type: 'codes', pairing, frame_origin: origin, top_origin: origin }),
      this.native.request({ type: 'suggestions', pairing, origin }),
    ]);
    if (codes.type === 'locked') return { state: 'locked', host };
    if (codes.type === 'not_paired') return { state: 'not_paired', host };
    return {
      state: 'ready',
      host,
      origin,
      accounts: codes.type === 'codes' ? codes.accounts : [],
      suggestions: suggestions.type === 'suggestions' ? suggestions.items : [],
    };
  }

  private async pair(): Promise<PairAnswer> {
    const reply = await this.native.request({ type: 'pair_request', browser: this.apis.browserName });
    if (reply.type === 'pair_pending') return { state: 'pending', request: reply.request, code: reply.code };
    return { state: 'error', message: reply.type === 'error' ? reply.message : 'Twofold could not start pairing.' };
  }

  private async pairPoll(request: string): Promise<PairAnswer> {
    const reply = await this.native.request({ type: 'pair_poll', request });
    switch (reply.type) {
      case 'pair_pending':
        return { state: 'pending', request: reply.request, code: reply.code };
      case 'paired':
        await this.apis.storage.set({ pairing: { id: reply.pairing, token: reply.token } });
        return { state: 'paired' };
      case 'pair_refused':
        return { state: 'refused' };
      case 'pair_expired':
        return { state: 'expired' };
      case 'error':
        return { state: 'error', message: reply.message };
      default:
        return { state: 'error', message: 'Twofold answered something unexpected.' };
    }
  }

  private async confirm(tabId: number, account: string): Promise<AppReply> {
    const origin = await this.tabOrigin(tabId);
    const pairing = await this.pairing();
    if (!origin || !pairing) return { type: 'error', code: 'not_web', message: 'This page cannot have a site.' };
    return this.native.request({ type: 'confirm_site', pairing, account, origin });
  }

  /** Fills in the tab's top frame: the content script asks for the code itself, so the origin
   *  it gets a code for is the one the browser reports for that frame at that moment. */
  private async fillTab(tabId: number, account: string | undefined): Promise<FillResult> {
    try {
      await this.apis.inject(tabId);
      return (await this.apis.tabs.send(tabId, { type: 'fill-now', account })) ?? { filled: false, reason: 'error' };
    } catch {
      return { filled: false, reason: 'error' };
    }
  }
}
