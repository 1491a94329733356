import { describe, expect, it } from 'vitest';
import { ClockDriver, clampSpeed, nextSpeed, simAdvanceFor, MAX_TICK_WALL_MS, type WallClock } from './driver';

describe('simAdvanceFor', () => {
  it.each([
    // wall ms, speed, carry in, advance, carry out
    [16, 1, 0, 16, 0],
    [16, 0.25, 0, 4, 0],
    [10, 0.25, 0, 2, 0.5],
    [10, 0.25, 0.5, 3, 0],
    [16, 100, 0, 1600, 0],
    [16, 10, 0.3, 160, 0.3],
    [0, 10, 0, 0, 0],
    [-5, 10, 0, 0, 0],
  ])('%d wall ms at x%d (carry %d) advances %d ms, carries %d', (wall, speed, carry, adv, carryOut) => {
    const r = simAdvanceFor(wall, speed, carry);
    expect(r.advanceMs).toBe(adv);
    expect(r.carryMs).toBeCloseTo(carryOut, 9);
    expect(r.capped).toBe(false);
  });

  it('caps a long stall instead of leaping', () => {
    const r = simAdvanceFor(5000, 100, 0);
    expect(r.advanceMs).toBe(MAX_TICK_WALL_MS * 100);
    expect(r.capped).toBe(true);
  });
});

describe('speeds', () => {
  it.each([
    [0.1, 0.25],
    [1000, 100],
    [3, 3],
    [NaN, 1],
  ])('clampSpeed(%d) = %d', (x, y) => expect(clampSpeed(x)).toBe(y));

  it.each([
    [1, 1, 2],
    [1, -1, 0.5],
    [100, 1, 100],
    [0.25, -1, 0.25],
    [3, 1, 5],
  ] as const)('nextSpeed(%d, %d) = %d', (s, d, y) => expect(nextSpeed(s, d)).toBe(y));
});

/** A fake wall clock whose timers run when the test moves time. */
function fakeWall() {
  let t = 1000;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  const wall: WallClock & { run(ms: number): void; pending(): number } = {
    now: () => t,
    setTimer: (fn, ms) => {
      const id = ++ids;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimer: (h) => {
      timers = timers.filter((x) => x.id !== h);
    },
    run(ms: number) {
      const end = t + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        t = next.at;
        next.fn();
      }
      t = end;
    },
    pending: () => timers.length,
  };
  return wall;
}

function fakeClock(start = 0, next?: number) {
  const c = { t: start, next, advances: [] as number[] };
  return {
    c,
    clock: {
      now: () => c.t,
      advance: (ms: number) => {
        c.advances.push(ms);
        c.t += ms;
      },
      nextEventAt: () => c.next,
    },
  };
}

describe('ClockDriver', () => {
  it('does not move while paused', () => {
    const wall = fakeWall();
    const { c, clock } = fakeClock();
    new ClockDriver(clock, wall);
    wall.run(10_000);
    expect(c.t).toBe(0);
  });

  it('follows wall time at the chosen speed and stops when paused', () => {
    const wall = fakeWall();
    const { c, clock } = fakeClock();
    const d = new ClockDriver(clock, wall);
    d.play();
    wall.run(1000);
    expect(c.t).toBeGreaterThanOrEqual(992);
    expect(c.t).toBeLessThanOrEqual(1000);
    d.setSpeed(10);
    const before = c.t;
    wall.run(1000);
    expect(c.t - before).toBeGreaterThanOrEqual(9_800);
    d.pause();
    const frozen = c.t;
    wall.run(5000);
    expect(c.t).toBe(frozen);
    expect(wall.pending()).toBe(0);
  });

  it('charges time elapsed before a speed change at the old speed', () => {
    const wall = fakeWall();
    const { c, clock } = fakeClock();
    const d = new ClockDriver(clock, wall);
    d.play();
    wall.run(8); // no tick has run yet (ticks every 16 ms)
    d.setSpeed(100);
    expect(c.t).toBe(8);
  });

  it('steps by a fixed amount and to the next event', () => {
    const wall = fakeWall();
    const { c, clock } = fakeClock(0, 4_500);
    const d = new ClockDriver(clock, wall);
    d.step(1000);
    d.step(10_000);
    expect(c.t).toBe(11_000);
    c.t = 1000;
    expect(d.stepToNextEvent()).toBe(true);
    expect(c.t).toBe(4_500);
    c.next = undefined;
    expect(d.stepToNextEvent()).toBe(false);
    expect(c.t).toBe(4_500);
  });

  it('reports lagging after a stall', () => {
    const wall = fakeWall();
    const { clock } = fakeClock();
    const d = new ClockDriver(clock, wall);
    d.play();
    // Simulate a stall: the timer fires late.
    const t0 = wall.now();
    (wall as unknown as { now: () => number }).now = () => t0 + 2000;
    d.tick(false);
    expect(d.isLagging).toBe(true);
  });
});
