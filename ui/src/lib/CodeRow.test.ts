import { cleanup, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import CodeRow from './CodeRow.svelte';
import type { CodeView } from './backend';

// A stand-in IntersectionObserver whose callback the test calls, as the
// browser would when a row scrolls out of or into view.
let report: ((entries: { target: Element; isIntersecting: boolean }[]) => void) | null = null;
beforeAll(() => {
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      constructor(cb: typeof report) {
        report = cb;
      }
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
});
afterEach(cleanup);

const ITEM: CodeView = {
  id: 'a1', issuer: 'GitHub', label: 'alice', tags: [], favourite: false, kind: 'totp',
  code: '123456', next_code: '654321', period: 30, seconds_left: 7, backup: null,
};
const props = (now: number) => ({ item: ITEM, now, oncopy: () => {}, onnext: () => {} });
const ring = () => screen.getByRole('timer').getAttribute('aria-label');

describe('CodeRow countdown', () => {
  it('counts down while on screen, rests off screen, and catches up when back', async () => {
    const { rerender } = render(CodeRow, props(1_700_000_003)); // 23 s into a 30 s period
    expect(ring()).toBe('7 seconds left');
    await rerender(props(1_700_000_004));
    expect(ring()).toBe('6 seconds left');

    const row = screen.getByTestId('account');
    report!([{ target: row, isIntersecting: false }]);
    await rerender(props(1_700_000_005));
    expect(ring()).toBe('6 seconds left');

    report!([{ target: row, isIntersecting: true }]);
    await tick();
    expect(ring()).toBe('5 seconds left');
  });
});
