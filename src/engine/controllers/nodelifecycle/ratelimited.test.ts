import { describe, expect, it } from 'vitest';
import { addNode, newZoneTainter, nextTokenAt, removeNode, swapLimiter, tryAccept } from './ratelimited';

describe('zone tainter (RateLimitedTimedQueue + token bucket)', () => {
  it('lets one node through, then one per 10 s at 0.1 qps', () => {
    const t = newZoneTainter(0.1, 0);
    expect(tryAccept(t, 0)).toBe(true);
    expect(tryAccept(t, 0)).toBe(false);
    expect(nextTokenAt(t, 1_000)).toBe(10_000);
    expect(tryAccept(t, 9_999)).toBe(false);
    expect(tryAccept(t, 10_000)).toBe(true);
  });

  it('keeps processed nodes in the set until removed', () => {
    const t = newZoneTainter(0.1, 0);
    expect(addNode(t, 'a')).toBe(true);
    expect(addNode(t, 'a')).toBe(false);
    t.queue.shift();
    expect(addNode(t, 'a')).toBe(false);
    expect(removeNode(t, 'a')).toBe(true);
    expect(addNode(t, 'a')).toBe(true);
  });

  it.each([
    ['stops at qps 0', 0.1, true, 0, false],
    ['a new rate starts full', 0.1, true, 0.01, true],
    ['a drained bucket stays drained', 0.1, false, 0.01, false],
  ])('swapLimiter: %s', (_n, from, full, to, accepts) => {
    const t = newZoneTainter(from, 0);
    if (!full) tryAccept(t, 0);
    swapLimiter(t, to, 0);
    expect(tryAccept(t, 0)).toBe(accepts);
    if (to === 0) expect(nextTokenAt(t, 0)).toBeUndefined();
  });
});
