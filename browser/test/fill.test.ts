import { describe, expect, it, beforeEach, vi } from 'vitest';
import { fill, setValue } from '../src/fill';
import { findTargets } from '../src/detect';

beforeEach(() => {
  document.body.innerHTML = '';
});

/** What React does to a controlled input: it defines `value` on the element to track what it
 *  last set, and calls onChange from an `input` event only when the DOM value differs. */
function reactControlled(input: HTMLInputElement, onChange: (v: string) => void): void {
  const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  let tracked = proto.get!.call(input) as string;
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() {
      return proto.get!.call(this);
    },
    set(v: string) {
      tracked = String(v);
      proto.set!.call(this, v);
    },
  });
  input.addEventListener('input', () => {
    const now = proto.get!.call(input) as string;
    if (now !== tracked) {
      tracked = now;
      onChange(now);
    }
  });
}

describe('a React-controlled field sees the value', () => {
  it('through the prototype setter and the input event', () => {
    document.body.innerHTML = '<input name="otp" autocomplete="one-time-code">';
    const input = document.querySelector('input')!;
    const onChange = vi.fn();
    reactControlled(input, onChange);
    setValue(input, '123456');
    expect(onChange).toHaveBeenCalledWith('123456');
    expect(input.value).toBe('123456');
  });

  it('where a plain assignment would have been swallowed (the shim is faithful)', () => {
    document.body.innerHTML = '<input name="otp">';
    const input = document.querySelector('input')!;
    const onChange = vi.fn();
    reactControlled(input, onChange);
    input.value = '123456';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('Vue and Angular forms', () => {
  it('v-model and ngModel read the value on input; change follows', () => {
    document.body.innerHTML = '<form><input name="otp"></form>';
    const input = document.querySelector('input')!;
    const seen: string[] = [];
    input.addEventListener('input', (e) => seen.push(`input:${(e.target as HTMLInputElement).value}:${(e as InputEvent).inputType}`));
    input.addEventListener('change', (e) => seen.push(`change:${(e.target as HTMLInputElement).value}`));
    document.querySelector('form')!.addEventListener('input', () => seen.push('bubbled'));
    setValue(input, '654321');
    expect(seen).toEqual(['input:654321:insertText', 'bubbled', 'change:654321']);
  });
});

describe('split boxes', () => {
  it('are filled box by box, in order, each with its own events', () => {
    document.body.innerHTML = `<form><div>${'<input maxlength="1" inputmode="numeric">'.repeat(6)}</div></form>`;
    const [t] = findTargets(document);
    const events: string[] = [];
    t.kind === 'split' && t.inputs.forEach((box, i) => box.addEventListener('input', () => events.push(`${i}=${box.value}`)));
    expect(fill(t, '492 817')).toBe(true);
    expect(events).toEqual(['0=4', '1=9', '2=2', '3=8', '4=1', '5=7']);
    expect(Array.from(document.querySelectorAll('input')).map((i) => i.value).join('')).toBe('492817');
  });

  it('work with boxes that move the focus on by themselves', () => {
    document.body.innerHTML = `<div>${'<input maxlength="1">'.repeat(6)}</div>`;
    const boxes = Array.from(document.querySelectorAll('input'));
    boxes.forEach((b, i) => b.addEventListener('input', () => boxes[i + 1]?.focus()));
    const [t] = findTargets(document);
    fill(t, '111222');
    expect(boxes.map((b) => b.value)).toEqual(['1', '1', '1', '2', '2', '2']);
  });

  it('are left alone when the code does not have one digit per box', () => {
    document.body.innerHTML = `<div>${'<input maxlength="1">'.repeat(6)}</div>`;
    const [t] = findTargets(document);
    expect(fill(t, '12345678')).toBe(false);
    expect(Array.from(document.querySelectorAll('input')).every((b) => b.value === '')).toBe(true);
  });
});

describe('filling never submits', () => {
  it('no submit event, no submit() or requestSubmit(), no Enter key', () => {
    document.body.innerHTML = '<form><input name="otp" autocomplete="one-time-code"><button type="submit">Go</button></form>';
    const form = document.querySelector('form')!;
    const submitted = vi.fn((e: Event) => e.preventDefault());
    form.addEventListener('submit', submitted);
    const submit = vi.spyOn(HTMLFormElement.prototype, 'submit');
    const requestSubmit = vi.spyOn(HTMLFormElement.prototype, 'requestSubmit');
    const keys = vi.fn();
    document.addEventListener('keydown', keys);
    const [t] = findTargets(document);
    expect(fill(t, '123456')).toBe(true);
    expect(submitted).not.toHaveBeenCalled();
    expect(submit).not.toHaveBeenCalled();
    expect(requestSubmit).not.toHaveBeenCalled();
    expect(keys).not.toHaveBeenCalled();
  });

  it('an empty code fills nothing', () => {
    document.body.innerHTML = '<input name="otp" value="keep">';
    const [t] = findTargets(document);
    expect(fill(t, ' ')).toBe(false);
    expect(document.querySelector('input')!.value).toBe('keep');
  });
});
