import { describe, expect, it } from 'vitest';
import { frame } from './frame';

describe('frame', () => {
  it('writes each file as big-endian lengths around its name and bytes', () => {
    const body = frame([
      { name: 'a.png', bytes: new Uint8Array([1, 2, 3]) },
      { name: 'é', bytes: new Uint8Array([]) },
    ]);
    expect(Array.from(body)).toEqual([
      0, 0, 0, 5, 97, 46, 112, 110, 103, 0, 0, 0, 3, 1, 2, 3,
      0, 0, 0, 2, 0xc3, 0xa9, 0, 0, 0, 0,
    ]);
  });
});
