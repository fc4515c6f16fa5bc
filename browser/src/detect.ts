// Finding the field a sign-in page wants a one-time code in.
//
// A field is taken when the page says so (autocomplete="one-time-code"), when its name, id,
// label or placeholder says so (otp, totp, 2fa, mfa, "verification code", …; the ambiguous
// "code", "token", "pin" only with a numeric keyboard, a digit pattern or a 6–8 length), or when
// it is a numeric field of 6–8 characters. Six to eight one-character boxes side by side are one
// split field. Fields in open shadow roots count. Password, card, phone, postcode (and a few
// other look-alike) fields are never taken, whatever else they say.
//
// Nothing here reads a value or talks to anyone: it only looks at the DOM.

export type Target =
  | { kind: 'single'; input: HTMLInputElement }
  | { kind: 'split'; inputs: HTMLInputElement[] };

/** Input types a code can be typed into; everything else (password, email, hidden, …) is never taken. */
const TYPES = new Set(['', 'text', 'tel', 'number']);

/** Short words that make a field a code field on their own: a whole word of a name, or its
 *  start or end ("app_otp", "otpCode", "2facode"; not "photoCaption" or "hotpink"). */
const STRONG_SHORT = ['otp', 'totp', 'hotp', '2fa', 'twofa', 'tfa', 'mfa', 'otc', '2fcode'];

/** Longer words that make a field a code field on their own, anywhere in a name with case,
 *  spaces and punctuation removed ("twoFactorCode", "verification-code"). */
const STRONG_LONG = [
  'twofactor', 'secondfactor', '2step', 'twostep', 'onetimecode', 'onetimepassword', 'onetimepasscode',
  'onetimepin', 'passcode', 'verificationcode', 'verifycode', 'verificationtoken', 'authcode',
  'authenticationcode', 'authenticatorcode', 'authenticator', 'securitycode', 'logincode', 'signincode',
  'approvalscode', 'challengecode',
];

/** Words that count only with something numeric about the field. */
const AMBIGUOUS = ['code', 'token', 'pin', 'verification', 'verify', 'challenge', 'digits'];

/** Phrases of labels and placeholders that mark a code field. */
const STRONG_PHRASES = [
  'authentication code', 'verification code', 'security code', 'one-time', 'one time', 'two-factor', 'two factor',
  '2-step', 'two-step', 'authenticator', '6-digit', '6 digit', 'six-digit', 'login code', 'sign-in code',
];

/** Autocomplete tokens of what is not a code. */
const VETO_AUTOCOMPLETE = /\b(cc-[a-z-]+|tel(-[a-z-]+)?|postal-code|username|email|current-password|new-password|street-address|address-line\d|address-level\d|country|bday(-[a-z]+)?|transaction-amount|name|given-name|family-name|organization)\b/;

/** Words (anywhere in a name, id, label…) of fields that are never a code field. */
const VETO_WORDS = [
  // phones
  'phone', 'mobile', 'msisdn', 'cellular', 'telephone',
  // cards
  'card', 'ccnumber', 'ccnum', 'cvv', 'cvc', 'expiry', 'expiration',
  // postcodes
  'zip', 'postal', 'postcode', 'pincode',
  // other numbers of 4–8 digits
  'captcha', 'coupon', 'promo', 'voucher', 'giftcode', 'discount', 'referral', 'invite',
  'birth', 'iban', 'routing', 'sortcode', 'bankcode', 'accountnumber', 'taxid',
  'amount', 'quantity', 'price', 'search', 'query',
  // codes that are not one-time codes
  'recovery', 'backup', 'scratch',
];

/** Short words vetoed only as whole words ("tel" in "hotel", "dob" in "adobe" are not). */
const VETO_TOKENS = new Set(['tel', 'cc', 'csc', 'cvn', 'exp', 'dob', 'ssn', 'plz', 'age', 'year', 'month', 'day', 'qty', 'ext', 'gift']);

/** Lower case, letters and digits only. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Words of a name: "twoFactorCode" → two, factor, code; "user[otp_attempt]" → user, otp, attempt. */
function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The text people see for a field: its labels, aria-label(ledby), placeholder, title. */
export function labelText(input: HTMLInputElement): string {
  const parts: string[] = [];
  const add = (t: string | null | undefined) => {
    if (t && t.trim()) parts.push(t.trim());
  };
  add(input.getAttribute('aria-label'));
  add(input.getAttribute('placeholder'));
  add(input.getAttribute('title'));
  const root = input.getRootNode() as Document | ShadowRoot;
  for (const id of (input.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)) {
    add(root.getElementById?.(id)?.textContent);
  }
  if (input.id) {
    for (const label of Array.from(root.querySelectorAll?.('label[for]') ?? [])) {
      if ((label as HTMLLabelElement).htmlFor === input.id) add(label.textContent);
    }
  }
  add(input.closest('label')?.textContent);
  return parts.join(' ').slice(0, 500);
}

/** The names the page gave a field: name, id, class, autocomplete and data-* values. */
function nameText(input: HTMLInputElement): string {
  const parts = [input.name, input.id, input.getAttribute('autocomplete') ?? '', input.className];
  for (const attr of Array.from(input.attributes)) {
    if (attr.name.startsWith('data-')) parts.push(attr.name.slice(5), attr.value);
  }
  return parts.join(' ').slice(0, 500);
}

function hidden(input: HTMLInputElement): boolean {
  if (input.hidden || input.closest('[hidden], [aria-hidden="true"]')) return true;
  const view = input.ownerDocument.defaultView;
  for (let el: Element | null = input; el; el = el.parentElement) {
    const style = view?.getComputedStyle(el);
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return true;
  }
  return false;
}

/** A field a code could be typed into, whatever it is for: enabled, visible, writable,
 *  of a text-like type, and none of the vetoed kinds. */
export function isFillable(input: HTMLInputElement): boolean {
  if (!TYPES.has((input.getAttribute('type') ?? '').toLowerCase())) return false;
  if (input.disabled || input.readOnly || hidden(input)) return false;
  return !isVetoed(input);
}

function mentionsVetoed(text: string): boolean {
  const squashed = squash(text);
  return VETO_WORDS.some((w) => squashed.includes(w)) || words(text).some((w) => VETO_TOKENS.has(w));
}

/** Password, card, phone, postcode and the like: never a code field. What the page named the
 *  field decides; its label only when the page's names do not mark it as a code field ("Enter the
 *  code from the authenticator app on your phone" labels a field named `otc`). A label alone
 *  never overrides a veto: "Card security code" stays a card field. */
export function isVetoed(input: HTMLInputElement): boolean {
  const type = (input.getAttribute('type') ?? '').toLowerCase();
  if (!TYPES.has(type)) return true;
  const autocomplete = (input.getAttribute('autocomplete') ?? '').toLowerCase();
  if (VETO_AUTOCOMPLETE.test(autocomplete)) return true;
  const inputmode = (input.getAttribute('inputmode') ?? '').toLowerCase();
  if (inputmode === 'tel' || inputmode === 'email' || inputmode === 'decimal' || inputmode === 'search') return true;
  if (mentionsVetoed(nameText(input))) return true;
  return mentionsVetoed(labelText(input)) && !namedAsCode(input);
}

/** The page's own names (not the label people read) mark the field as a one-time-code field. */
function namedAsCode(input: HTMLInputElement): boolean {
  const autocomplete = (input.getAttribute('autocomplete') ?? '').toLowerCase();
  return autocomplete.split(/\s+/).includes('one-time-code') || strongIn(nameText(input));
}

function maxLength(input: HTMLInputElement): number {
  const attr = input.getAttribute('maxlength');
  const n = attr === null ? -1 : Number.parseInt(attr, 10);
  return Number.isFinite(n) ? n : -1;
}

/** Something about the field says "digits". */
function looksNumeric(input: HTMLInputElement): boolean {
  const type = (input.getAttribute('type') ?? '').toLowerCase();
  const inputmode = (input.getAttribute('inputmode') ?? '').toLowerCase();
  const pattern = input.getAttribute('pattern') ?? '';
  const max = maxLength(input);
  return (
    inputmode === 'numeric' ||
    type === 'tel' ||
    type === 'number' ||
    /\\d|\[0-9\]/.test(pattern) ||
    (max >= 6 && max <= 8)
  );
}

function strongIn(text: string): boolean {
  if (words(text).some((w) => STRONG_SHORT.some((s) => w === s || w.startsWith(s) || w.endsWith(s)))) return true;
  const squashed = squash(text);
  return STRONG_LONG.some((w) => squashed.includes(w));
}

/** The page marks the field as a one-time-code field, by its names or its label. */
function hasStrongSign(input: HTMLInputElement): boolean {
  if (namedAsCode(input)) return true;
  const label = labelText(input);
  if (strongIn(label)) return true;
  const lower = label.toLowerCase();
  return STRONG_PHRASES.some((p) => lower.includes(p));
}

function hasAmbiguousSign(input: HTMLInputElement): boolean {
  const all = words(`${nameText(input)} ${labelText(input)}`);
  return all.some((w) => AMBIGUOUS.includes(w));
}

/** Whether one field (not a box of a split field) is a code field. */
export function isCodeField(input: HTMLInputElement): boolean {
  if (!isFillable(input)) return false;
  const max = maxLength(input);
  // A one-character box is part of a split field, never a field on its own; no code fits in 4
  // (Steam's are 5 letters and digits; TOTP codes 6 to 8 digits).
  if (max >= 0 && max < 5) return false;
  if (hasStrongSign(input)) return true;
  if (hasAmbiguousSign(input) && looksNumeric(input)) return true;
  const inputmode = (input.getAttribute('inputmode') ?? '').toLowerCase();
  return inputmode === 'numeric' && max >= 6 && max <= 8;
}

/** Every input under `root`, including those in open shadow roots (in document order). */
export function allInputs(root: Document | ShadowRoot | Element): HTMLInputElement[] {
  const out: HTMLInputElement[] = [];
  const walk = (node: Document | ShadowRoot | Element) => {
    for (const el of Array.from(node.querySelectorAll('*'))) {
      if (el.tagName === 'INPUT') out.push(el as HTMLInputElement);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return out;
}

/** Every open shadow root under `root` (to watch them for late changes). */
export function shadowRoots(root: Document | ShadowRoot | Element): ShadowRoot[] {
  const out: ShadowRoot[] = [];
  const walk = (node: Document | ShadowRoot | Element) => {
    for (const el of Array.from(node.querySelectorAll('*'))) {
      if (el.shadowRoot) {
        out.push(el.shadowRoot);
        walk(el.shadowRoot);
      }
    }
  };
  walk(root);
  return out;
}

/** A one-character box of a split field. */
function isBox(input: HTMLInputElement): boolean {
  return maxLength(input) === 1 && isFillable(input);
}

function ancestors(el: Element, depth: number): Element[] {
  const out: Element[] = [];
  for (let p = el.parentElement; p && out.length < depth; p = p.parentElement) out.push(p);
  return out;
}

/** Boxes side by side: they share a parent within three levels. */
function together(a: HTMLInputElement, b: HTMLInputElement): boolean {
  const near = ancestors(a, 3);
  return ancestors(b, 3).some((p) => near.includes(p));
}

/** Runs of 6–8 one-character boxes next to each other, with nothing else to type into between. */
function splitFields(inputs: HTMLInputElement[]): HTMLInputElement[][] {
  const runs: HTMLInputElement[][] = [];
  let run: HTMLInputElement[] = [];
  const close = () => {
    if (run.length >= 6 && run.length <= 8) runs.push(run);
    run = [];
  };
  for (const input of inputs) {
    const type = (input.getAttribute('type') ?? '').toLowerCase();
    if (type === 'hidden') continue;
    if (!isBox(input)) {
      close();
      continue;
    }
    if (run.length > 0 && !together(run[run.length - 1], input)) close();
    run.push(input);
  }
  close();
  return runs;
}

/** The code fields under `root`, in document order. */
export function findTargets(root: Document | ShadowRoot | Element): Target[] {
  const inputs = allInputs(root);
  const targets: Target[] = [];
  for (const run of splitFields(inputs)) targets.push({ kind: 'split', inputs: run });
  for (const input of inputs) {
    if (isCodeField(input)) targets.push({ kind: 'single', input });
  }
  const first = (t: Target) => (t.kind === 'single' ? t.input : t.inputs[0]);
  return targets.sort((a, b) =>
    first(a).compareDocumentPosition(first(b)) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
}

/** The field to fill on an explicit request (shortcut, popup): the focused field when a code
 *  could go there (or it is a box of a split field), else the first code field. */
export function targetForRequest(doc: Document): Target | null {
  const targets = findTargets(doc);
  let focused: Element | null = doc.activeElement;
  while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
  if (focused instanceof HTMLInputElement) {
    const split = targets.find((t) => t.kind === 'split' && t.inputs.includes(focused as HTMLInputElement));
    if (split) return split;
    if (isFillable(focused) && maxLength(focused) !== 1) return { kind: 'single', input: focused };
  }
  return targets[0] ?? null;
}
