// Putting a code into a field so that the page's framework sees it, and never submitting.
//
// React, Vue and Angular keep their own copy of an input's value. Setting `input.value` on the
// element goes through React's tracker, which then swallows the next `input` event; writing with
// the prototype's setter changes the value underneath, so the `input` and `change` events that
// follow are seen as the person typing.

import type { Target } from './detect';

/** Sets `value` as if typed: the prototype's setter, then bubbling `input` and `change`. */
export function setValue(input: HTMLInputElement, value: string): void {
  const view = input.ownerDocument.defaultView ?? window;
  const setter = Object.getOwnPropertyDescriptor(view.HTMLInputElement.prototype, 'value')?.set;
  input.focus();
  if (setter) setter.call(input, value);
  else input.value = value;
  const InputEventCtor = view.InputEvent ?? InputEvent;
  input.dispatchEvent(new InputEventCtor('input', { bubbles: true, composed: true, inputType: 'insertText', data: value }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Fills a target with `code` (digits as the app gave them). A split field gets one character
 *  per box, box by box, and only when the code has exactly as many characters as there are
 *  boxes. Returns whether it filled. Nothing is submitted. */
export function fill(target: Target, code: string): boolean {
  const clean = code.replace(/\s+/g, '');
  if (!clean) return false;
  if (target.kind === 'single') {
    setValue(target.input, clean);
    return true;
  }
  const boxes = target.inputs;
  if (boxes.length !== clean.length) return false;
  boxes.forEach((box, i) => setValue(box, clean[i]));
  boxes[boxes.length - 1].focus();
  return true;
}
