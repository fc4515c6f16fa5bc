import { describe, expect, it } from 'vitest';
import { dropIndex, placed } from './reorder';

const items = [
  { id: 'f1', favourite: true },
  { id: 'f2', favourite: true },
  { id: 'a', favourite: false },
  { id: 'b', favourite: false },
  { id: 'c', favourite: false },
];

describe('placed', () => {
  it('moves an account down and up', () => {
    expect(placed(items, 'a', 4)).toEqual(['f1', 'f2', 'b', 'c', 'a']);
    expect(placed(items, 'c', 2)).toEqual(['f1', 'f2', 'c', 'a', 'b']);
    expect(placed(items, 'f2', 0)).toEqual(['f2', 'f1', 'a', 'b', 'c']);
  });

  it('keeps favourites first: a move past the group stops at its edge', () => {
    expect(placed(items, 'c', 0)).toEqual(['f1', 'f2', 'c', 'a', 'b']);
    expect(placed(items, 'f1', 4)).toEqual(['f2', 'f1', 'a', 'b', 'c']);
  });

  it('says null when nothing moves or the account is unknown', () => {
    expect(placed(items, 'a', 2)).toBeNull();
    expect(placed(items, 'a', 1)).toBeNull(); // clamped back to where it is
    expect(placed(items, 'c', 99)).toBeNull();
    expect(placed(items, 'zz', 0)).toBeNull();
  });
});

describe('dropIndex', () => {
  // Rows 60 px apart: middles at 30, 90, 150, 210.
  const middles = [30, 90, 150, 210];
  it('lands above the first row whose middle is below the pointer', () => {
    expect(dropIndex(0, 100, middles)).toBe(1); // between rows 1 and 2, dragged down from 0
    expect(dropIndex(0, 200, middles)).toBe(2);
    expect(dropIndex(0, 500, middles)).toBe(3); // past the end
    expect(dropIndex(3, 10, middles)).toBe(0); // past the top
    expect(dropIndex(3, 100, middles)).toBe(2);
  });
  it('stays put while the pointer is around its own row', () => {
    expect(dropIndex(1, 70, middles)).toBe(1);
    expect(dropIndex(1, 110, middles)).toBe(1);
  });
});
