import { describe, expect, it } from 'vitest';
import { brandKey, checkSecret, groupCode, kindName, matches, title } from './format';

describe('groupCode', () => {
  it.each([
    ['123456', '123 456'],
    ['12345678', '1234 5678'],
    ['1234567', '123 4567'],
    ['123456789', '123 456 789'],
    ['1234567890', '123 456 7890'],
    ['5KBQ7', '5KBQ7'],
    ['e7d8b6', 'e7d 8b6'], // mOTP: six hex digits
    ['oactmacq', 'oact macq'], // Yandex Key: eight letters
  ])('%s reads as %s', (code, grouped) => {
    expect(groupCode(code)).toBe(grouped);
  });
});

describe('title', () => {
  it('prefers the issuer, falls back to the label', () => {
    expect(title('GitHub', 'alice')).toBe('GitHub');
    expect(title(null, 'alice@example.com')).toBe('alice@example.com');
    expect(title('  ', '')).toBe('Unnamed account');
  });
});

describe('matches', () => {
  const item = { issuer: 'GitHub', label: 'alice@example.com', tags: ['work'] };
  it.each([
    ['', true],
    ['git', true],
    ['ALICE', true],
    ['work', true],
    ['git alice', true],
    ['gitlab', false],
    ['home', false],
  ])('%s -> %s', (q, hit) => {
    expect(matches(item, q as string)).toBe(hit);
  });
  it('works without an issuer', () => {
    expect(matches({ issuer: null, label: 'bob', tags: [] }, 'bo')).toBe(true);
  });
});

describe('checkSecret', () => {
  it('accepts secrets as sites show them', () => {
    for (const ok of ['', 'JBSWY3DPEHPK3PXP', 'jbsw y3dp ehpk 3pxp', 'JBSW-Y3DP-EHPK-3PXP', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'JBSWY3DPEHPK3PXP====']) {
      expect(checkSecret(ok), ok).toBeNull();
    }
  });
  it('says what is wrong', () => {
    expect(checkSecret('JBSWY3DPEHPK3PX1')).toContain('“1” cannot be in a secret');
    expect(checkSecret('JBSWY3DPEHPK3PXPA')).toContain('cut short');
    expect(checkSecret('JBSWY3DP')).toContain('unusually short');
  });
});

describe('brandKey', () => {
  it('reads issuers as people and sites write them', () => {
    expect(brandKey('GitHub')).toBe('github');
    expect(brandKey('accounts.google.com')).toBe('google');
    expect(brandKey('Proton Mail')).toBe('protonmail');
    expect(brandKey('Twitter')).toBe('x');
    expect(brandKey('Battle.net')).toBe('battledotnet');
    expect(brandKey('  ')).toBeNull();
    expect(brandKey(null)).toBeNull();
  });
});

describe('kindName', () => {
  it('names each kind as people know it', () => {
    expect(['totp', 'hotp', 'steam', 'motp', 'yandex'].map(kindName)).toEqual(['TOTP', 'HOTP', 'STEAM', 'mOTP', 'Yandex']);
  });
});
