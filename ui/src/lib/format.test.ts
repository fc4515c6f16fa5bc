import { describe, expect, it } from 'vitest';
import { groupCode, title } from './format';

describe('groupCode', () => {
  it.each([
    ['123456', '123 456'],
    ['12345678', '1234 5678'],
    ['1234567', '123 4567'],
    ['123456789', '123 456 789'],
    ['1234567890', '123 456 7890'],
    ['5KBQ7', '5KBQ7'],
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
