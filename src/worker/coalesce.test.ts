import { describe, expect, it } from 'vitest';
import { BatchCoalescer } from './coalesce';
import type { KObject } from '../protocol/batch';

const pod = (uid: string, rv: number): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p-${uid}`, namespace: 'default', uid, resourceVersion: String(rv), creationTimestamp: '2025-03-03T09:00:00Z' },
});
const none = { added: [], updated: [], removed: [] };

describe('BatchCoalescer', () => {
  it('returns null when nothing is pending', () => {
    expect(new BatchCoalescer().take()).toBeNull();
  });

  it.each([
    ['added then updated stays added with the newest object', [['added', 1], ['updated', 2]], { added: 2 }],
    ['added then removed vanishes', [['added', 1], ['removed', 2]], {}],
    ['updated then updated keeps the newest', [['updated', 1], ['updated', 3]], { updated: 3 }],
    ['updated then removed is removed', [['updated', 1], ['removed', 2]], { removed: 2 }],
    ['removed alone is removed', [['removed', 5]], { removed: 5 }],
  ] as const)('%s', (_name, steps, expected) => {
    const c = new BatchCoalescer();
    for (const [type, rv] of steps) c.push({ ...none, [type]: [pod('a', rv)] });
    const out = c.take();
    const summary: Record<string, number> = {};
    if (out) for (const t of ['added', 'updated', 'removed'] as const) for (const o of out[t]) summary[t] = Number(o.metadata.resourceVersion);
    expect(summary).toEqual(expected);
  });

  it('keeps distinct objects apart and clears after take', () => {
    const c = new BatchCoalescer();
    c.push({ added: [pod('a', 1), pod('b', 2)], updated: [], removed: [] });
    c.push({ added: [], updated: [pod('a', 3)], removed: [pod('c', 4)] });
    expect(c.size).toBe(3);
    const out = c.take()!;
    expect(out.added.map((o) => o.metadata.uid).sort()).toEqual(['a', 'b']);
    expect(out.removed.map((o) => o.metadata.uid)).toEqual(['c']);
    expect(c.take()).toBeNull();
  });

  it('hands out at most max objects per take, oldest change first, the rest later', () => {
    const c = new BatchCoalescer();
    c.push({ added: [pod('a', 1), pod('b', 2), pod('c', 3)], updated: [], removed: [] });
    c.push({ added: [], updated: [pod('a', 4)], removed: [] });
    const first = c.take(2)!;
    expect(first.added.map((o) => [o.metadata.uid, o.metadata.resourceVersion])).toEqual([
      ['a', '4'],
      ['b', '2'],
    ]);
    expect(c.take(2)!.added.map((o) => o.metadata.uid)).toEqual(['c']);
    expect(c.take(2)).toBeNull();
  });
});
