import { describe, expect, it } from 'vitest';
import { initialProbeState, observe, pendingFlipAt, probeTiming, ticksBetween, tickAtOrAfter, type ProbeValue } from './probes';

/** Periodic probing, tick by tick: the reference the event-driven evaluation must equal. */
function periodic(resultAt: (t: number) => ProbeValue, origin: number, startedAt: number, spec: Parameters<typeof probeTiming>[0], kind: 'liveness' | 'readiness', until: number) {
  const timing = probeTiming(spec);
  const st = initialProbeState(kind);
  const flips: Array<[number, string]> = [];
  for (let t = origin; t <= until; t += timing.periodMs) {
    if (t < startedAt + timing.initialDelayMs) continue;
    if (observe(st, resultAt(t), t, origin, timing)) flips.push([t, st.result]);
  }
  return flips;
}

/** Event-driven: evaluate only at the first tick after each change point, and while a flip is pending. */
function eventDriven(resultAt: (t: number) => ProbeValue, changes: number[], origin: number, startedAt: number, spec: Parameters<typeof probeTiming>[0], kind: 'liveness' | 'readiness', until: number) {
  const timing = probeTiming(spec);
  const st = initialProbeState(kind);
  const flips: Array<[number, string]> = [];
  const first = tickAtOrAfter(origin, timing.periodMs, startedAt + timing.initialDelayMs);
  let t: number | undefined = first;
  let evaluations = 0;
  while (t !== undefined && t <= until) {
    evaluations++;
    if (observe(st, resultAt(t), t, origin, timing)) flips.push([t, st.result]);
    const cur: number = t;
    const nextChange = changes.find((c) => c > cur);
    const candidates = [pendingFlipAt(st, origin, timing), nextChange === undefined ? undefined : tickAtOrAfter(origin, timing.periodMs, nextChange)].filter(
      (x): x is number => x !== undefined && x > cur,
    );
    t = candidates.length ? Math.min(...candidates) : undefined;
  }
  return { flips, evaluations };
}

describe('probe timing', () => {
  it.each([
    [0, 10_000, 0, 0],
    [0, 10_000, 1, 10_000],
    [5_000, 5_000, 30_000, 30_000],
    [5_000, 5_000, 31_000, 35_000],
    [5_000, 5_000, 0, 5_000],
  ])('tickAtOrAfter(origin %d, period %d, %d) = %d', (origin, period, t, want) => {
    expect(tickAtOrAfter(origin, period, t)).toBe(want);
  });

  it.each([
    [0, 5_000, 0, 5_000, 1],
    [0, 5_000, 0, 4_999, 0],
    [0, 5_000, 2_500, 20_000, 4],
  ])('ticksBetween(%d, %d, %d, %d) = %d', (o, p, a, b, want) => {
    expect(ticksBetween(o, p, a, b)).toBe(want);
  });

  it('the docs exec-liveness example fails at 40 s both ways, with 3 evaluations instead of 8 ticks', () => {
    // touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600 -- cat /tmp/healthy every 5 s after 5 s.
    const start = 1_000_000;
    const healthy = (t: number): ProbeValue => (t - start < 30_000 ? 'success' : 'failure');
    const spec = { initialDelaySeconds: 5, periodSeconds: 5 };
    const ref = periodic(healthy, start, start, spec, 'liveness', start + 120_000);
    const ev = eventDriven(healthy, [start + 30_000], start, start, spec, 'liveness', start + 120_000);
    expect(ref).toEqual([[start + 40_000, 'failure']]);
    expect(ev.flips).toEqual(ref);
    expect(ev.evaluations).toBe(3);
  });

  it.each([
    ['readiness, slow start', 'readiness' as const, { periodSeconds: 10, successThreshold: 1 }, [3_500], 0, 0],
    ['readiness, threshold 3, origin before start', 'readiness' as const, { periodSeconds: 2, successThreshold: 3, failureThreshold: 2 }, [7_000, 20_100, 25_000], 1_300, -700],
    ['liveness flapping', 'liveness' as const, { periodSeconds: 3, failureThreshold: 2 }, [4_000, 6_500, 20_000, 40_000], 0, 0],
    ['liveness with initial delay', 'liveness' as const, { periodSeconds: 10, initialDelaySeconds: 15, failureThreshold: 1 }, [2_000, 50_000], 0, 0],
  ])('%s: event-driven evaluation equals periodic probing', (_n, kind, spec, changes, startedAt, origin) => {
    // The result alternates at each change point: success, failure, success, ...
    const resultAt = (t: number): ProbeValue => (changes.filter((c) => c <= t).length % 2 === 0 ? (kind === 'readiness' ? 'failure' : 'success') : kind === 'readiness' ? 'success' : 'failure');
    const until = 120_000;
    expect(eventDriven(resultAt, changes, origin, startedAt, spec, kind, until).flips).toEqual(periodic(resultAt, origin, startedAt, spec, kind, until));
  });
});
