// The toolbar popup: this site's accounts and their codes (with Fill), suggestions to confirm
// ("Use GitHub (alice) on github.com?"), pairing, and "Twofold is locked — Open Twofold".
// Everything it shows comes from the background, which asks the app.

import { accountName, spaced, type PairAnswer, type PopupMessage, type PopupState, type FillResult, type ReleasedCode, type Suggestion } from './protocol';

export type Ask = (message: PopupMessage) => Promise<unknown>;

export interface PopupApis {
  ask: Ask;
  /** The active tab's id. */
  tabId(): Promise<number | undefined>;
  /** Whether the inline button everywhere is on (setting and permission). */
  inline(): Promise<boolean>;
  /** Asks the browser for access to every site (must run in the click's handler). */
  requestAllSites(): Promise<boolean>;
  close(): void;
}

const POLL_MS = 1000;

export class Popup {
  private tabId: number | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly root: HTMLElement, private readonly apis: PopupApis) {}

  async show(): Promise<void> {
    this.tabId = await this.apis.tabId();
    if (this.tabId === undefined) return this.render({ state: 'not_web' });
    this.render((await this.apis.ask({ type: 'popup-state', tabId: this.tabId })) as PopupState);
  }

  stop(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
  }

  private el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
    const e = this.root.ownerDocument.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  private button(label: string, run: () => void | Promise<void>): HTMLButtonElement {
    const b = this.el('button', label);
    b.type = 'button';
    b.addEventListener('click', () => void run());
    return b;
  }

  private render(s: PopupState): void {
    const parts: Node[] = [this.el('h1', 'Twofold')];
    if ('host' in s && s.host) parts.push(this.el('p', s.host, 'site'));
    switch (s.state) {
      case 'not_web':
        parts.push(this.el('p', 'This page cannot receive codes: Twofold fills only https pages (and http on this computer).'));
        break;
      case 'host_missing': {
        parts.push(this.el('p', 'Twofold’s browser helper is not installed for this browser. In a terminal, run:'));
        const command = this.el('p');
        command.append(this.el('code', 'twofold browser install'));
        parts.push(command);
        parts.push(this.el('p', s.message, 'note'));
        break;
      }
      case 'app_not_running':
        parts.push(this.el('p', 'Twofold is not running and could not be started. Start the Twofold app, then open this again.'));
        parts.push(this.el('p', s.message, 'note'));
        break;
      case 'no_vault':
        parts.push(this.el('p', 'Twofold has no vault yet.'));
        parts.push(this.button('Open Twofold', () => this.openApp()));
        break;
      case 'not_paired':
        parts.push(this.el('p', 'This browser is not paired with Twofold yet.'));
        parts.push(this.button('Pair with Twofold', () => this.pair()));
        break;
      case 'locked':
        parts.push(this.el('p', 'Twofold is locked.'));
        parts.push(this.button('Open Twofold', () => this.openApp()));
        break;
      case 'error':
        parts.push(this.el('p', s.message));
        break;
      case 'ready':
        parts.push(...this.ready(s));
        break;
    }
    if (s.state === 'ready' || s.state === 'locked' || s.state === 'not_paired') parts.push(this.inlineSetting());
    this.root.replaceChildren(...parts);
  }

  private ready(s: Extract<PopupState, { state: 'ready' }>): Node[] {
    const out: Node[] = [];
    if (s.accounts.length > 0) {
      const list = this.el('ul');
      list.setAttribute('aria-label', 'Accounts for this site');
      for (const a of s.accounts) list.append(this.accountRow(a));
      out.push(list);
    }
    for (const suggestion of s.suggestions) out.push(this.suggestionRow(suggestion));
    if (s.accounts.length === 0 && s.suggestions.length === 0) {
      out.push(this.el('p', `None of your accounts is for ${s.host}. Add this site to the account in Twofold’s account details.`));
    }
    return out;
  }

  private accountRow(a: ReleasedCode): HTMLLIElement {
    const li = this.el('li');
    li.append(this.el('span', accountName(a), 'name'), this.el('span', spaced(a.code), 'code'));
    if (a.seconds_left !== null) li.append(this.el('span', `${a.seconds_left}s`, 'left'));
    const fill = this.button('Fill', () => this.fill(a, li));
    fill.setAttribute('aria-label', `Fill ${accountName(a)}`);
    li.append(fill);
    return li;
  }

  private suggestionRow(s: Suggestion): HTMLElement {
    const p = this.el('p');
    p.append(`Use ${accountName(s)} on ${s.site}? `);
    p.append(
      this.button('Use', async () => {
        if (this.tabId === undefined) return;
        const reply = (await this.apis.ask({ type: 'popup-confirm', tabId: this.tabId, account: s.account })) as { type: string; message?: string };
        if (reply?.type === 'site_added') await this.show();
        else p.replaceChildren(this.el('span', reply?.message ?? 'Twofold did not add the site.', 'note'));
      }),
    );
    return p;
  }

  private async fill(a: ReleasedCode, row: HTMLElement): Promise<void> {
    if (this.tabId === undefined) return;
    const result = (await this.apis.ask({ type: 'popup-fill', tabId: this.tabId, account: a.account })) as FillResult;
    if (result?.filled) return this.apis.close();
    const why: Record<string, string> = {
      no_field: 'No code field found on this page. Click into the field, then use Fill again.',
      no_account: 'Twofold did not give this account’s code for this page.',
      locked: 'Twofold is locked.',
      not_paired: 'This browser is not paired any more.',
      chosen: 'Choose the account beside the field.',
      error: 'The page could not be filled.',
    };
    row.after(this.el('p', why[result?.reason ?? 'error'] ?? why.error, 'note'));
  }

  private async openApp(): Promise<void> {
    await this.apis.ask({ type: 'popup-open-app' });
    this.apis.close();
  }

  private async pair(): Promise<void> {
    this.pairing((await this.apis.ask({ type: 'popup-pair' })) as PairAnswer);
  }

  private pairing(answer: PairAnswer): void {
    const parts: Node[] = [this.el('h1', 'Pair with Twofold')];
    switch (answer.state) {
      case 'pending': {
        parts.push(this.el('p', 'Twofold shows a pairing request. Approve it if it shows this code:'));
        const code = this.el('p', spaced(answer.code), 'pair-code');
        code.setAttribute('aria-label', `Pairing code ${answer.code.split('').join(' ')}`);
        parts.push(code);
        const how = this.el('p', 'In the Twofold window, or in a terminal: ', 'note');
        how.append(this.el('code', 'twofold browser approve'));
        parts.push(how);
        this.pollTimer = setTimeout(async () => {
          this.pairing((await this.apis.ask({ type: 'popup-pair-poll', request: answer.request })) as PairAnswer);
        }, POLL_MS);
        break;
      }
      case 'paired':
        void this.show();
        return;
      case 'refused':
        parts.push(this.el('p', 'The pairing was refused in Twofold.'), this.button('Try again', () => this.pair()));
        break;
      case 'expired':
        parts.push(this.el('p', 'The pairing request expired.'), this.button('Try again', () => this.pair()));
        break;
      case 'error':
        parts.push(this.el('p', answer.message), this.button('Try again', () => this.pair()));
        break;
    }
    this.root.replaceChildren(...parts);
  }

  private inlineSetting(): HTMLElement {
    const label = this.el('label', undefined, 'inline');
    const box = this.el('input');
    box.type = 'checkbox';
    void this.apis.inline().then((on) => (box.checked = on));
    box.addEventListener('change', async () => {
      // The browser asks the person for access to every site; only then is the button everywhere.
      const enabled = box.checked && (await this.apis.requestAllSites());
      box.checked = enabled;
      await this.apis.ask({ type: 'popup-inline', enabled });
    });
    label.append(box, 'Show the Fill button on every site');
    return label;
  }
}
