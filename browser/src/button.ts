// The small "Fill with Twofold" button beside a code field, and what it shows when there is
// more to say (a choice of accounts, "Twofold is locked"). It lives in an open shadow root of
// its own, so the page's styles do not reach it while assistive technology and WebDriver do.
// Styles are set through the CSSOM (element.style), which a page's CSP does not block.

import { accountName, type ReleasedCode } from './protocol';

export const BUTTON_NAME = 'Fill with Twofold';
/** Marks our own elements, so the page watcher ignores them. */
export const HOST_ATTRIBUTE = 'data-twofold';

function css(el: HTMLElement, styles: Partial<CSSStyleDeclaration>): void {
  Object.assign(el.style, styles);
}

export class FillButton {
  readonly host: HTMLElement;
  readonly button: HTMLButtonElement;
  private readonly panel: HTMLElement;

  /** Puts a button right after `after` (the field, or a split field's last box). */
  constructor(after: HTMLElement, onClick: (event: MouseEvent) => void) {
    const doc = after.ownerDocument;
    this.host = doc.createElement('span');
    this.host.setAttribute(HOST_ATTRIBUTE, 'button');
    css(this.host, { display: 'inline-block', position: 'relative', verticalAlign: 'middle', marginLeft: '4px', lineHeight: '0' });
    const root = this.host.attachShadow({ mode: 'open' });
    this.button = doc.createElement('button');
    this.button.type = 'button';
    this.button.setAttribute('aria-label', BUTTON_NAME);
    this.button.title = BUTTON_NAME;
    this.button.append(icon(doc));
    css(this.button, {
      width: '24px', height: '24px', padding: '3px', margin: '0', border: '1px solid #8a8f98', borderRadius: '6px',
      background: '#ffffff', cursor: 'pointer', boxSizing: 'border-box', lineHeight: '0',
    });
    this.button.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      onClick(e);
    });
    this.panel = doc.createElement('div');
    this.panel.setAttribute('role', 'status');
    css(this.panel, {
      position: 'absolute', top: '28px', right: '0', zIndex: '2147483647', minWidth: '200px', maxWidth: '320px',
      padding: '8px', background: '#ffffff', color: '#1b1d21', border: '1px solid #8a8f98', borderRadius: '8px',
      font: '13px/1.4 system-ui, sans-serif', boxShadow: '0 4px 16px rgba(0,0,0,.18)', display: 'none', textAlign: 'left',
    });
    root.append(this.button, this.panel);
    after.insertAdjacentElement('afterend', this.host);
  }

  /** The panel's text, when it shows something. */
  get message(): string {
    return this.panel.style.display === 'none' ? '' : (this.panel.textContent ?? '');
  }

  /** A sentence, with an optional action button ("Open Twofold"). */
  note(text: string, action?: { label: string; run: () => void }): void {
    this.clear();
    const p = this.host.ownerDocument.createElement('p');
    p.textContent = text;
    css(p, { margin: '0' });
    this.panel.append(p);
    if (action) this.panel.append(this.panelButton(action.label, action.run));
    this.panel.style.display = 'block';
  }

  /** One button per account; `pick` gets the chosen one (only from a real click). */
  choose(accounts: ReleasedCode[], pick: (a: ReleasedCode) => void): void {
    this.clear();
    const p = this.host.ownerDocument.createElement('p');
    p.textContent = 'Which account?';
    css(p, { margin: '0 0 6px' });
    this.panel.append(p);
    for (const a of accounts) this.panel.append(this.panelButton(accountName(a), () => pick(a)));
    this.panel.style.display = 'block';
  }

  clear(): void {
    this.panel.replaceChildren();
    this.panel.style.display = 'none';
  }

  remove(): void {
    this.host.remove();
  }

  private panelButton(label: string, run: () => void): HTMLButtonElement {
    const b = this.host.ownerDocument.createElement('button');
    b.type = 'button';
    b.textContent = label;
    css(b, {
      display: 'block', width: '100%', margin: '4px 0 0', padding: '4px 8px', textAlign: 'left', cursor: 'pointer',
      border: '1px solid #8a8f98', borderRadius: '6px', background: '#f3f4f6', color: '#1b1d21', font: 'inherit',
    });
    b.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      if (!e.isTrusted) return;
      this.clear();
      run();
    });
    return b;
  }
}

/** Two overlapping rounded squares: Twofold's mark, drawn without any file or inline style. */
function icon(doc: Document): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  for (const [x, y, colour] of [['1', '1', '#3b5bdb'], ['6', '6', '#0ca678']]) {
    const r = doc.createElementNS(ns, 'rect');
    r.setAttribute('x', x);
    r.setAttribute('y', y);
    r.setAttribute('width', '9');
    r.setAttribute('height', '9');
    r.setAttribute('rx', '2');
    r.setAttribute('fill', 'none');
    r.setAttribute('stroke', colour);
    r.setAttribute('stroke-width', '2');
    svg.append(r);
  }
  return svg;
}
