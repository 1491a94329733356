import { describe, expect, it } from 'vitest';
import { goDuration } from '../api/time';
import { isInBackOffSince, isInBackOffSinceUpdate, nextBackoff, type BackoffEntry } from './backoff';

describe('container back-off (CrashLoopBackOff)', () => {
  it('doubles 10s -> 5m0s for a container that keeps crashing at once', () => {
    // The container exits right after each start; each restart happens when the back-off ends.
    let e: BackoffEntry | undefined;
    let t = 0;
    const shown: string[] = [];
    for (let i = 0; i < 8; i++) {
      const exitAt = t;
      e = nextBackoff(e, exitAt, t + 1000);
      shown.push(goDuration(e.backoffMs));
      t = exitAt + e.backoffMs;
    }
    expect(shown).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s', '5m0s']);
  });

  it.each([
    // [back-off, exit time, now, in back-off?]
    [10_000, 1_000, 1_000, true],
    [10_000, 1_000, 10_999, true],
    [10_000, 1_000, 11_000, false],
    [300_000, 0, 299_999, true],
  ])('back-off %dms after an exit at %d is active at %d: %s', (backoffMs, exitAt, now, want) => {
    expect(isInBackOffSince({ backoffMs, lastUpdate: exitAt }, exitAt, now)).toBe(want);
  });

  it('resets after a run of more than 10 minutes', () => {
    const e = { backoffMs: 160_000, lastUpdate: 0 };
    // Exited 10 min + 1 ms after the last restart: the entry has expired.
    expect(isInBackOffSince(e, 600_001, 600_500)).toBe(false);
    expect(nextBackoff(e, 600_001, 601_000)).toEqual({ backoffMs: 10_000, lastUpdate: 601_000 });
    // Exactly 10 min: still counts.
    expect(nextBackoff(e, 600_000, 601_000).backoffMs).toBe(300_000);
  });
});

describe('image pull back-off', () => {
  it.each([
    [{ backoffMs: 10_000, lastUpdate: 5_000 }, 14_999, true],
    [{ backoffMs: 10_000, lastUpdate: 5_000 }, 15_000, false],
    [{ backoffMs: 20_000, lastUpdate: 5_000 }, 15_000, true],
    [undefined, 0, false],
  ])('%j at %d -> %s', (e, now, want) => {
    expect(isInBackOffSinceUpdate(e, now)).toBe(want);
  });
});
