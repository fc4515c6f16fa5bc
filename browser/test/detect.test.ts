import { describe, expect, it, beforeEach } from 'vitest';
import { findTargets, targetForRequest, isFillable } from '../src/detect';
import { CODE_FIELDS, NOT_CODE_FIELDS } from './forms';

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('code fields modelled on real sign-in pages are found', () => {
  for (const form of CODE_FIELDS) {
    it(form.site, () => {
      document.body.innerHTML = form.html;
      const targets = findTargets(document);
      expect(targets, form.site).toHaveLength(1);
      const [t] = targets;
      expect(t.kind).toBe(form.expect);
      if (t.kind === 'single') expect(t.input).toBe(document.querySelector(form.field!));
      if (t.kind === 'split') {
        expect(t.inputs).toHaveLength(form.boxes!);
        if (form.field) expect(t.inputs[0]).toBe(document.querySelector(form.field));
        // The boxes in document order, all of them.
        expect(t.inputs).toEqual(Array.from(document.querySelectorAll('input[maxlength="1"]')));
      }
    });
  }
});

describe('fields that are not code fields are never taken', () => {
  for (const form of NOT_CODE_FIELDS) {
    it(form.site, () => {
      document.body.innerHTML = form.html;
      expect(findTargets(document)).toEqual([]);
    });
  }
});

describe('shadow DOM', () => {
  it('finds a field in an open shadow root (Reddit-like web component)', () => {
    document.body.innerHTML = '<shreddit-2fa><faceplate-text-input></faceplate-text-input></shreddit-2fa>';
    const outer = document.querySelector('faceplate-text-input')!;
    const root = outer.attachShadow({ mode: 'open' });
    root.innerHTML = '<label for="otp">Verification code</label><input id="otp" name="otp" type="text" inputmode="numeric" maxlength="6">';
    const targets = findTargets(document);
    expect(targets).toHaveLength(1);
    expect(targets[0].kind === 'single' && targets[0].input).toBe(root.querySelector('#otp'));
  });

  it('finds split boxes in nested open shadow roots', () => {
    document.body.innerHTML = '<app-root></app-root>';
    const r1 = document.querySelector('app-root')!.attachShadow({ mode: 'open' });
    r1.innerHTML = '<otp-input></otp-input>';
    const r2 = r1.querySelector('otp-input')!.attachShadow({ mode: 'open' });
    r2.innerHTML = `<div part="boxes">${'<input maxlength="1" inputmode="numeric">'.repeat(6)}</div>`;
    const [t] = findTargets(document);
    expect(t.kind).toBe('split');
    expect(t.kind === 'split' && t.inputs.every((i) => i.getRootNode() === r2)).toBe(true);
  });

  it('cannot see into a closed shadow root (and does not try)', () => {
    document.body.innerHTML = '<x-closed></x-closed>';
    const root = document.querySelector('x-closed')!.attachShadow({ mode: 'closed' });
    root.innerHTML = '<input name="otp" autocomplete="one-time-code">';
    expect(findTargets(document)).toEqual([]);
  });
});

describe('several fields on a page', () => {
  it('the code field, not the other numeric ones (GitHub settings-like page)', () => {
    document.body.innerHTML = `
      <input type="tel" name="phone" autocomplete="tel">
      <input name="zip" autocomplete="postal-code" maxlength="5">
      <label for="c">Authentication code</label><input id="c" name="otp" inputmode="numeric" maxlength="6">`;
    const targets = findTargets(document);
    expect(targets).toHaveLength(1);
    expect(targets[0].kind === 'single' && targets[0].input.id).toBe('c');
  });

  it('keeps document order between a single field and a split field', () => {
    document.body.innerHTML = `<div>${'<input maxlength="1">'.repeat(6)}</div><input name="otp" id="second">`;
    const targets = findTargets(document);
    expect(targets.map((t) => t.kind)).toEqual(['split', 'single']);
  });
});

describe('an explicit request (shortcut or popup)', () => {
  it('fills the focused field when a code could go there', () => {
    document.body.innerHTML = '<input name="otp" id="a"><input name="whatever" id="b">';
    (document.getElementById('b') as HTMLInputElement).focus();
    const t = targetForRequest(document);
    expect(t?.kind === 'single' && t.input.id).toBe('b');
  });

  it('never the focused password or phone field: the code field instead', () => {
    document.body.innerHTML = '<input name="otp" id="a"><input type="password" id="p"><input type="tel" name="phone" id="t">';
    for (const id of ['p', 't']) {
      (document.getElementById(id) as HTMLInputElement).focus();
      const t = targetForRequest(document);
      expect(t?.kind === 'single' && t.input.id).toBe('a');
    }
  });

  it('a focused box means its whole split field', () => {
    document.body.innerHTML = `<div>${'<input maxlength="1">'.repeat(6)}</div>`;
    (document.querySelectorAll('input')[3] as HTMLInputElement).focus();
    expect(targetForRequest(document)?.kind).toBe('split');
  });

  it('nothing when there is no field', () => {
    document.body.innerHTML = '<p>Hello</p><input type="checkbox">';
    expect(targetForRequest(document)).toBeNull();
    expect(isFillable(document.querySelector('input')!)).toBe(false);
  });
});
