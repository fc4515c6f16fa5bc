import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import type { Backend, Codes } from './lib/backend';

function backendWith(codes: Codes): Backend {
  return { listCodes: async () => codes };
}

describe('App', () => {
  it('shows each account with its grouped code, next code and seconds left', async () => {
    render(App, {
      backend: backendWith({
        at: 1_700_000_000,
        items: [
          { index: 0, issuer: 'GitHub', label: 'alice', kind: 'totp', code: '123456', next_code: '654321', period: 30, seconds_left: 7 },
          { index: 1, issuer: null, label: 'bob@example.com', kind: 'hotp', code: '00001111', next_code: '22223333', period: null, seconds_left: null },
        ],
      }),
    });
    const rows = await screen.findAllByTestId('account');
    expect(rows).toHaveLength(2);
    const codes = screen.getAllByTestId('code');
    expect(codes[0].textContent).toBe('123 456');
    expect(codes[1].textContent).toBe('0000 1111');
    expect(screen.getAllByTestId('next-code')[0].textContent).toBe('next 654 321');
    expect(screen.getByRole('timer').getAttribute('aria-label')).toBe('7 seconds left');
    expect(screen.getAllByTestId('issuer').map((e) => e.textContent)).toEqual(['GitHub', 'bob@example.com']);
    // HOTP has no countdown.
    expect(screen.getAllByRole('timer')).toHaveLength(1);
  });

  it('says so when there are no accounts', async () => {
    render(App, { backend: backendWith({ at: 0, items: [] }) });
    expect((await screen.findByTestId('empty')).textContent).toContain('No accounts yet');
  });

  it('shows a readable error when the backend fails', async () => {
    render(App, { backend: { listCodes: () => Promise.reject({ code: 'io', message: 'The vault could not be read.' }) } });
    expect((await screen.findByRole('alert')).textContent).toBe('The vault could not be read.');
  });
});
