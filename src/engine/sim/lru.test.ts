import { describe, expect, it } from 'vitest';
import { evictOldest } from './lru';

describe('evictOldest', () => {
  it('always evicts what a fresh iterator would (the oldest entry), through refreshes, deletes and growth', () => {
    const m = new Map<number, number>();
    const ref = new Map<number, number>();
    let x = 99;
    const rand = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
    for (let i = 0; i < 20000; i++) {
      const k = rand(300);
      const op = rand(10);
      if (op < 6) {
        // An LRU refresh: delete and set moves the key to the end.
        for (const map of [m, ref]) {
          map.delete(k);
          map.set(k, i);
        }
      } else if (op < 8) {
        m.delete(k);
        ref.delete(k);
      } else {
        const want = ref.keys().next().value;
        if (want !== undefined) ref.delete(want);
        expect(evictOldest(m)).toBe(want);
      }
      if (i % 997 === 0) expect([...m]).toEqual([...ref]);
    }
    expect([...m]).toEqual([...ref]);
  });

  it('returns undefined for an empty map and keeps working once it fills again', () => {
    const m = new Map<string, number>();
    expect(evictOldest(m)).toBeUndefined();
    m.set('a', 1);
    m.set('b', 2);
    expect(evictOldest(m)).toBe('a');
    expect(evictOldest(m)).toBe('b');
    expect(evictOldest(m)).toBeUndefined();
    m.set('c', 3);
    expect(evictOldest(m)).toBe('c');
  });
});
