// The content script: puts "Fill with Twofold" beside each code field (also in fields that
// appear later, and in open shadow roots), and fills when the person clicks it, or when the
// popup or the keyboard shortcut asks. The button shows only once the app has said this frame
// has accounts ("offer", which carries no code): a look-alike page gets no button at all.
//
// It never names the page to anyone: it asks the background for "this frame's codes", and the
// background takes the frame's origin from the browser. Only trusted clicks fill (a page cannot
// click for the person), and nothing is ever submitted.

import { findTargets, shadowRoots, targetForRequest, type Target } from './detect';
import { fill } from './fill';
import { FillButton, HOST_ATTRIBUTE } from './button';
import type { CodesAnswer, ContentMessage, FillRequest, FillResult, OfferAnswer, ReleasedCode } from './protocol';

export type Send = (message: ContentMessage) => Promise<unknown>;

const RESCAN_MS = 150;
/** How soon a field's focus may ask again whether the page has accounts (after "locked"). */
const REASK_MS = 2_000;

function anchorOf(t: Target): HTMLInputElement {
  return t.kind === 'single' ? t.input : t.inputs[t.inputs.length - 1];
}

function keyOf(t: Target): HTMLInputElement {
  return t.kind === 'single' ? t.input : t.inputs[0];
}

/** Whether this frame may show buttons: the top page, or a frame of the top page's origin. */
export function sameOriginAsTop(win: Window): boolean {
  if (win === win.top) return true;
  try {
    return win.top?.location.origin === win.location.origin;
  } catch {
    return false;
  }
}

export class Page {
  private readonly buttons = new Map<HTMLInputElement, { target: Target; button: FillButton }>();
  private readonly watched = new WeakSet<Node>();
  private observer: MutationObserver | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the app said this frame has accounts; `asking` while the question is out. */
  private offered: 'unknown' | 'asking' | 'yes' | 'no' = 'unknown';
  private askedAt = 0;
  private readonly onFocus = () => {
    if (this.offered !== 'no' || Date.now() - this.askedAt < REASK_MS) return;
    this.offered = 'unknown';
    this.scan();
  };

  constructor(private readonly doc: Document, private readonly send: Send) {}

  /** Adds buttons to code fields not yet seen, drops those whose field is gone. */
  scan(): void {
    for (const [key, { button }] of this.buttons) {
      if (!key.isConnected) {
        button.remove();
        this.buttons.delete(key);
      }
    }
    const targets = findTargets(this.doc);
    for (const root of shadowRoots(this.doc)) this.watch(root);
    if (targets.length === 0) return;
    if (this.offered === 'unknown') void this.askOffer();
    if (this.offered !== 'yes') return;
    for (const target of targets) {
      const key = keyOf(target);
      if (this.buttons.has(key)) continue;
      const button = new FillButton(anchorOf(target), (e) => void this.clicked(e, key));
      this.buttons.set(key, { target, button });
    }
  }

  /** Asks the app whether this frame has accounts; buttons follow a yes. A no (locked, not
   *  paired, no account here) is asked again when the person focuses a field, at most every
   *  REASK_MS: unlocking Twofold, or adding this site, then brings the button. */
  private async askOffer(): Promise<void> {
    if (this.offered === 'asking') return;
    this.offered = 'asking';
    this.askedAt = Date.now();
    let answer: OfferAnswer | undefined;
    try {
      answer = (await this.send({ type: 'offer' })) as OfferAnswer | undefined;
    } catch {
      answer = undefined;
    }
    this.offered = answer?.state === 'accounts' && answer.count > 0 ? 'yes' : 'no';
    if (this.offered === 'yes') this.scan();
  }

  /** Watches the page (and each open shadow root) for fields that come later. */
  observe(): void {
    if (this.observer) return;
    const view = this.doc.defaultView;
    if (!view) return;
    this.observer = new view.MutationObserver((records) => {
      const ours = records.every((r) => (r.target as Element).closest?.(`[${HOST_ATTRIBUTE}]`) || isOurs(r));
      if (!ours) this.schedule();
    });
    this.watch(this.doc);
    this.doc.addEventListener('focusin', this.onFocus, true);
  }

  stop(): void {
    this.doc.removeEventListener('focusin', this.onFocus, true);
    this.observer?.disconnect();
    this.observer = null;
    if (this.timer) clearTimeout(this.timer);
  }

  /** The buttons shown, in no particular order (for tests and the shortcut). */
  shown(): FillButton[] {
    return [...this.buttons.values()].map((b) => b.button);
  }

  /** The popup or the shortcut asks to fill (the person's action, in the extension's UI). */
  async fillNow(request: FillRequest): Promise<FillResult> {
    const target = targetForRequest(this.doc);
    if (!target) return { filled: false, reason: 'no_field' };
    const answer = (await this.send({ type: 'codes' })) as CodesAnswer;
    // The person asked from the extension's own UI: if this frame has accounts, its buttons show.
    if (answer.state === 'codes' && answer.accounts.length > 0) this.offered = 'yes';
    this.scan();
    const entry = this.buttons.get(keyOf(target));
    if (answer.state !== 'codes') {
      if (entry) this.explain(entry.button, answer);
      return { filled: false, reason: answer.state === 'error' ? 'error' : answer.state };
    }
    const accounts = request.account ? answer.accounts.filter((a) => a.account === request.account) : answer.accounts;
    if (accounts.length === 0) {
      entry?.button.note('No Twofold account is set up for this site.');
      return { filled: false, reason: 'no_account' };
    }
    if (accounts.length > 1 && entry) {
      entry.button.choose(accounts, (a) => this.put(target, entry.button, a));
      return { filled: false, reason: 'chosen' };
    }
    return { filled: this.put(target, entry?.button, accounts[0]) };
  }

  private watch(node: Document | ShadowRoot): void {
    if (!this.observer || this.watched.has(node)) return;
    this.watched.add(node);
    this.observer.observe(node, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['type', 'autocomplete', 'name', 'id', 'maxlength', 'inputmode', 'hidden', 'style', 'class', 'disabled', 'readonly'],
    });
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.scan();
    }, RESCAN_MS);
  }

  private async clicked(event: MouseEvent, key: HTMLInputElement): Promise<void> {
    // A script can call click(); only the person's own click fills.
    if (!event.isTrusted) return;
    const entry = this.buttons.get(key);
    if (!entry) return;
    const { target, button } = entry;
    button.note('Asking Twofold…');
    let answer: CodesAnswer;
    try {
      answer = (await this.send({ type: 'codes' })) as CodesAnswer;
    } catch {
      answer = { state: 'error', code: 'extension', message: 'Twofold’s extension did not answer; reload the page.' };
    }
    if (answer.state !== 'codes') {
      this.explain(button, answer);
      return;
    }
    if (answer.accounts.length === 0) {
      button.note('No Twofold account is set up for this site. Open Twofold’s toolbar button to add it.');
    } else if (answer.accounts.length === 1) {
      this.put(target, button, answer.accounts[0]);
    } else {
      button.choose(answer.accounts, (a) => this.put(target, button, a));
    }
  }

  private put(target: Target, button: FillButton | undefined, account: ReleasedCode): boolean {
    const done = fill(target, account.code);
    if (done) button?.clear();
    else button?.note('This code does not fit the field; type it in by hand.');
    return done;
  }

  private explain(button: FillButton, answer: Exclude<CodesAnswer, { state: 'codes' }>): void {
    switch (answer.state) {
      case 'locked':
        button.note('Twofold is locked.', { label: 'Open Twofold', run: () => void this.send({ type: 'open_app' }) });
        break;
      case 'not_paired':
        button.note('This browser is not paired with Twofold yet. Click Twofold’s toolbar button to pair it.');
        break;
      case 'error':
        button.note(answer.message);
        break;
    }
  }
}

function isOurs(r: MutationRecord): boolean {
  const nodes = [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)];
  return nodes.length > 0 && nodes.every((n) => n instanceof Element && n.hasAttribute(HOST_ATTRIBUTE));
}

const STARTED = Symbol.for('twofold.content');

/** Starts the content script once per frame (it may be injected again by the popup). */
export function start(win: Window, send: Send, onFillRequest: (listen: (r: FillRequest) => Promise<FillResult>) => void): Page | null {
  const marked = win as unknown as Record<symbol, Page | null>;
  if (STARTED in marked) return marked[STARTED];
  if (!sameOriginAsTop(win)) {
    marked[STARTED] = null;
    return null;
  }
  const page = new Page(win.document, send);
  marked[STARTED] = page;
  page.scan();
  page.observe();
  onFillRequest((r) => page.fillNow(r));
  return page;
}
