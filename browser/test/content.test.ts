import { describe, expect, it, afterEach, vi } from 'vitest';
import { Page, start } from '../src/content';
import { BUTTON_NAME, HOST_ATTRIBUTE } from '../src/button';
import type { CodesAnswer, ContentMessage, OfferAnswer } from '../src/protocol';

const GITHUB = { account: 'a1', issuer: 'GitHub', label: 'alice', code: '123456', seconds_left: 12, period: 30 };
const WORK = { account: 'a2', issuer: 'GitHub', label: 'work', code: '654321', seconds_left: 12, period: 30 };

/** A click the browser would mark as the person's (happy-dom marks dispatched events untrusted). */
function personClicks(el: Element): void {
  const e = new MouseEvent('click', { bubbles: true, composed: true });
  Object.defineProperty(e, 'isTrusted', { value: true });
  el.dispatchEvent(e);
}

function buttons(root: Document | ShadowRoot = document): HTMLButtonElement[] {
  const out: HTMLButtonElement[] = [];
  for (const host of Array.from(root.querySelectorAll(`[${HOST_ATTRIBUTE}]`))) {
    out.push(...Array.from(host.shadowRoot!.querySelectorAll('button')).filter((b) => b.getAttribute('aria-label') === BUTTON_NAME));
  }
  return out;
}

function panelText(button: HTMLButtonElement): string {
  return (button.getRootNode() as ShadowRoot).querySelector('[role=status]')!.textContent ?? '';
}

const settle = () => new Promise((r) => setTimeout(r, 0));

let page: Page | null = null;
afterEach(() => {
  page?.stop();
  page = null;
  document.body.innerHTML = '';
});

const ONE: OfferAnswer = { state: 'accounts', count: 1 };

/** A page with `html`, whose app answers codes with `answer` and "has accounts?" with `offer`
 *  (by default: one account here); resolves once the page has asked. */
async function open(html: string, answer: CodesAnswer | (() => CodesAnswer), offer: OfferAnswer | (() => OfferAnswer) = ONE) {
  document.body.innerHTML = html;
  const send = vi.fn(async (m: ContentMessage) => {
    if (m.type === 'codes') return typeof answer === 'function' ? answer() : answer;
    if (m.type === 'offer') return typeof offer === 'function' ? offer() : offer;
    return {};
  });
  page = new Page(document, send);
  page.scan();
  page.observe();
  await settle();
  return send;
}

const codeRequests = (send: ReturnType<typeof vi.fn>) => send.mock.calls.filter(([m]) => (m as ContentMessage).type === 'codes');

describe('the Fill with Twofold button', () => {
  it('sits right after the field, in an open shadow root, with its accessible name', async () => {
    await open('<form><input name="otp" id="f" autocomplete="one-time-code"><button>Verify</button></form>', { state: 'codes', accounts: [GITHUB] });
    const [b] = buttons();
    expect(b.getAttribute('aria-label')).toBe('Fill with Twofold');
    expect(b.type).toBe('button');
    const host = (b.getRootNode() as ShadowRoot).host;
    expect(host.previousElementSibling?.id).toBe('f');
  });

  it('fills on the person’s click and never on a script’s', async () => {
    const send = await open('<input name="otp" autocomplete="one-time-code">', { state: 'codes', accounts: [GITHUB] });
    const [b] = buttons();
    b.click(); // what a page's script can do
    await settle();
    expect(codeRequests(send)).toHaveLength(0);
    expect(document.querySelector('input')!.value).toBe('');
    personClicks(b);
    await settle();
    expect(send).toHaveBeenCalledWith({ type: 'codes' });
    expect(document.querySelector('input')!.value).toBe('123456');
  });

  it('sends nothing about the page: the background knows the origin from the browser', async () => {
    const send = await open('<input name="otp">', { state: 'codes', accounts: [GITHUB] });
    personClicks(buttons()[0]);
    await settle();
    expect(send.mock.calls.map(([m]) => m)).toEqual([{ type: 'offer' }, { type: 'codes' }]);
  });

  it('asks which account when the site has several, and fills the chosen one', async () => {
    await open('<input name="otp">', { state: 'codes', accounts: [GITHUB, WORK] });
    const [b] = buttons();
    personClicks(b);
    await settle();
    const root = b.getRootNode() as ShadowRoot;
    const choices = Array.from(root.querySelectorAll('[role=status] button')) as HTMLButtonElement[];
    expect(choices.map((c) => c.textContent)).toEqual(['GitHub (alice)', 'GitHub (work)']);
    choices[1].click(); // a script choosing: ignored
    expect(document.querySelector('input')!.value).toBe('');
    personClicks(choices[1]);
    expect(document.querySelector('input')!.value).toBe('654321');
  });

  it('says when the vault was locked since and offers to open Twofold', async () => {
    const send = await open('<input name="otp">', { state: 'locked' });
    const [b] = buttons();
    personClicks(b);
    await settle();
    expect(panelText(b)).toContain('Twofold is locked.');
    const openButton = (b.getRootNode() as ShadowRoot).querySelector('[role=status] button') as HTMLButtonElement;
    expect(openButton.textContent).toBe('Open Twofold');
    personClicks(openButton);
    expect(send).toHaveBeenLastCalledWith({ type: 'open_app' });
    expect(document.querySelector('input')!.value).toBe('');
  });

  it('says when the browser is not paired, or the site has no account', async () => {
    await open('<input name="otp">', { state: 'not_paired' });
    personClicks(buttons()[0]);
    await settle();
    expect(panelText(buttons()[0])).toContain('not paired');
    page!.stop();
    await open('<input name="otp">', { state: 'codes', accounts: [] });
    personClicks(buttons()[0]);
    await settle();
    expect(panelText(buttons()[0])).toContain('No Twofold account');
    expect(document.querySelector('input')!.value).toBe('');
  });

  it('fills split boxes box by box', async () => {
    await open(`<div class="otp">${'<input maxlength="1" inputmode="numeric">'.repeat(6)}</div>`, { state: 'codes', accounts: [GITHUB] });
    const all = buttons();
    expect(all).toHaveLength(1);
    const host = (all[0].getRootNode() as ShadowRoot).host;
    expect(host.previousElementSibling).toBe(document.querySelectorAll('input')[5]);
    personClicks(all[0]);
    await settle();
    expect(Array.from(document.querySelectorAll('input')).map((i) => i.value)).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

describe('where the button shows', () => {
  it('nowhere the app has no account for (a look-alike page), and no code is asked for', async () => {
    const send = await open('<input name="otp" autocomplete="one-time-code">', { state: 'codes', accounts: [GITHUB] }, { state: 'accounts', count: 0 });
    expect(buttons()).toHaveLength(0);
    expect(codeRequests(send)).toHaveLength(0);
    expect(send).toHaveBeenCalledWith({ type: 'offer' });
  });

  it('not while Twofold is locked or the browser unpaired; after unlocking, when the field gets focus', async () => {
    let offer: OfferAnswer = { state: 'locked' };
    const send = await open('<input name="otp" autocomplete="one-time-code">', { state: 'codes', accounts: [GITHUB] }, () => offer);
    expect(buttons()).toHaveLength(0);
    offer = ONE;
    vi.useFakeTimers({ now: Date.now() + 2_500, toFake: ['Date'] });
    try {
      document.querySelector('input')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    } finally {
      vi.useRealTimers();
    }
    await settle();
    expect(buttons()).toHaveLength(1);
    expect(send.mock.calls.filter(([m]) => (m as ContentMessage).type === 'offer')).toHaveLength(2);
  });

  it('asks once for a page that only changes, not once per change', async () => {
    const send = await open('<input name="otp">', { state: 'codes', accounts: [GITHUB] }, { state: 'not_paired' });
    for (let i = 0; i < 5; i++) document.body.append(document.createElement('p'));
    await new Promise((r) => setTimeout(r, 300));
    expect(send.mock.calls.filter(([m]) => (m as ContentMessage).type === 'offer')).toHaveLength(1);
    expect(buttons()).toHaveLength(0);
  });
});

describe('fields that come later', () => {
  it('a second step rendered after the password (MutationObserver)', async () => {
    await open('<form id="login"><input name="login" autocomplete="username"><input type="password" name="password"></form>', { state: 'codes', accounts: [GITHUB] });
    expect(buttons()).toHaveLength(0);
    const form = document.getElementById('login')!;
    form.innerHTML = '<label for="otp">Authentication code</label><input id="otp" name="app_otp" inputmode="numeric" maxlength="6">';
    await new Promise((r) => setTimeout(r, 400));
    expect(buttons()).toHaveLength(1);
    personClicks(buttons()[0]);
    await settle();
    expect((document.getElementById('otp') as HTMLInputElement).value).toBe('123456');
  });

  it('a field that appears inside an open shadow root later', async () => {
    await open('<mfa-step></mfa-step>', { state: 'codes', accounts: [GITHUB] });
    const root = document.querySelector('mfa-step')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<div></div>';
    // The host gets its shadow root; a later scan starts watching it.
    document.body.append(document.createElement('span'));
    await new Promise((r) => setTimeout(r, 400));
    root.querySelector('div')!.innerHTML = '<input name="otp" autocomplete="one-time-code">';
    await new Promise((r) => setTimeout(r, 400));
    const inShadow = buttons(root);
    expect(inShadow).toHaveLength(1);
    personClicks(inShadow[0]);
    await settle();
    expect(root.querySelector('input')!.value).toBe('123456');
  });

  it('one button per field however often the page changes, and none for a field that left', async () => {
    await open('<div id="step"><input name="otp"></div>', { state: 'codes', accounts: [GITHUB] });
    for (let i = 0; i < 3; i++) document.body.append(document.createElement('p'));
    await new Promise((r) => setTimeout(r, 300));
    expect(buttons()).toHaveLength(1);
    document.getElementById('step')!.remove();
    await new Promise((r) => setTimeout(r, 300));
    expect(buttons()).toHaveLength(0);
  });
});

describe('fill requests from the popup and the shortcut', () => {
  it('fill the named account into the code field', async () => {
    await open('<input name="otp">', { state: 'codes', accounts: [GITHUB, WORK] });
    expect(await page!.fillNow({ type: 'fill-now', account: 'a2' })).toEqual({ filled: true });
    expect(document.querySelector('input')!.value).toBe('654321');
  });

  it('offer a choice when several accounts fit and none was named', async () => {
    await open('<input name="otp">', { state: 'codes', accounts: [GITHUB, WORK] });
    expect(await page!.fillNow({ type: 'fill-now' })).toEqual({ filled: false, reason: 'chosen' });
    expect(panelText(buttons()[0])).toContain('Which account?');
  });

  it('say why nothing was filled', async () => {
    await open('<p>no field</p>', { state: 'codes', accounts: [GITHUB] });
    expect(await page!.fillNow({ type: 'fill-now' })).toEqual({ filled: false, reason: 'no_field' });
    page!.stop();
    await open('<input name="otp">', { state: 'locked' });
    expect(await page!.fillNow({ type: 'fill-now' })).toEqual({ filled: false, reason: 'locked' });
    page!.stop();
    await open('<input name="otp">', { state: 'codes', accounts: [GITHUB] });
    expect(await page!.fillNow({ type: 'fill-now', account: 'someone-else' })).toEqual({ filled: false, reason: 'no_account' });
    expect(document.querySelector('input')!.value).toBe('');
  });
});

describe('frames', () => {
  it('a cross-origin frame gets no button', () => {
    document.body.innerHTML = '<input name="otp" autocomplete="one-time-code">';
    // A frame whose top page is of another origin: reading top.location throws, as in browsers.
    const top = { get location(): Location { throw new DOMException('cross-origin', 'SecurityError'); } };
    const framed = { top, location: window.location, document } as unknown as Window;
    const send = vi.fn();
    expect(start(framed, send, () => undefined)).toBeNull();
    expect(buttons()).toHaveLength(0);
  });

  it('the top page starts once, however often it is injected', async () => {
    document.body.innerHTML = '<input name="otp" autocomplete="one-time-code">';
    const listen = vi.fn();
    const send = vi.fn(async () => ONE);
    const first = start(window, send, listen);
    const again = start(window, send, listen);
    await settle();
    expect(first).not.toBeNull();
    expect(again).toBe(first);
    expect(listen).toHaveBeenCalledTimes(1);
    expect(buttons()).toHaveLength(1);
    first!.stop();
  });
});
