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

describe('CodeRow kinds with a PIN', () => {
  it('shows an mOTP code in hex groups with a 10 s countdown, and Yandex letters', async () => {
    const motp: CodeView = { ...ITEM, id: 'm1', issuer: 'Bank', kind: 'motp', code: 'e7d8b6', next_code: '1a14f8', period: 10, seconds_left: 2 };
    const { rerender } = render(CodeRow, { item: motp, now: 165_892_298, oncopy: () => {}, onnext: () => {} });
    expect(ring()).toBe('2 seconds left');
    expect(screen.getByTestId('code').textContent).toContain('e7d 8b6');
    await rerender({ item: motp, now: 165_892_299, oncopy: () => {}, onnext: () => {} });
    expect(ring()).toBe('1 seconds left');
    cleanup();
    const yandex: CodeView = { ...ITEM, id: 'y1', issuer: 'Yandex', kind: 'yandex', code: 'oactmacq', next_code: 'wemdwrix', period: 30, seconds_left: 30 };
    render(CodeRow, { item: yandex, now: 1_581_064_020, oncopy: () => {}, onnext: () => {} });
    expect(screen.getByTestId('code').textContent).toContain('oact macq');
    expect(screen.getByTestId('next-code').textContent).toBe('next wemd wrix');
  });
});
