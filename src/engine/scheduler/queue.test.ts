import { describe, expect, it } from 'vitest';
import { Runtime } from '../sim/runtime';
import { SchedulingQueue, backoffDurationMs, leftoverFlushAt } from './queue';

describe('scheduling queue', () => {
  it.each([
    [0, 0],
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10000],
    [9, 10000],
  ])('back-off after %i attempts is %i ms', (a, ms) => expect(backoffDurationMs(a)).toBe(ms));

  it.each([
    // parked at :00 -> due 5:00, flushed at the first 30 s tick after it: 5:30
    [0, 330_000],
    [10_000, 330_000],
    [29_999, 330_000],
    [30_000, 360_000],
  ])('a pod parked at %i ms is flushed at %i ms', (t, at) => expect(leftoverFlushAt(t)).toBe(at));

  it('pops by priority, then by queue time, then FIFO', () => {
    const rt = new Runtime(0, 1, true);
    rt.register({ name: 'sched', onTimer: () => {} });
    const q = new SchedulingQueue(rt, 'sched');
    q.add('ns/a', 'a', 0, false);
    q.add('ns/b', 'b', 10, false);
    q.add('ns/c', 'c', 0, false);
    q.add('ns/g', 'g', 100, true);
    expect([q.pop()?.key, q.pop()?.key, q.pop()?.key, q.pop()?.key]).toEqual(['ns/b', 'ns/a', 'ns/c', undefined]);
  });

  it('parks unschedulable pods and moves them out by event or flush', () => {
    const rt = new Runtime(0, 1, true);
    const q = new SchedulingQueue(rt, 'sched');
    rt.register({ name: 'sched', onTimer: (type, key) => q.onTimer(type, key as string) });
    q.add('ns/a', 'a', 0, false);
    const qp = q.pop()!;
    q.addUnschedulable(qp, ['NodeResourcesFit']);
    expect(q.get('ns/a')?.state).toBe('unschedulable');
    // An event at 500 ms: still backing off (1 s after the failure) -> backoffQ, active at 1 s.
    rt.advance(500);
    q.activate('ns/a');
    expect(q.get('ns/a')?.state).toBe('backoff');
    rt.advance(499);
    expect(q.pop()).toBeUndefined();
    rt.advance(1);
    expect(q.pop()?.key).toBe('ns/a');
    // Parked again at 1 s: the leftover flush moves it at 5 min 30 s.
    q.addUnschedulable(qp, []);
    rt.advance(328_999);
    expect(q.get('ns/a')?.state).toBe('unschedulable');
    rt.advance(1);
    expect(q.get('ns/a')?.state).toBe('active');
  });

  it('round-trips through save/load', () => {
    const rt = new Runtime(0, 1, true);
    const q = new SchedulingQueue(rt, 'sched');
    q.add('ns/a', 'a', 0, false);
    q.add('ns/b', 'b', 5, false);
    const q2 = new SchedulingQueue(rt, 'sched');
    q2.load(JSON.parse(JSON.stringify(q.save())));
    expect(q2.pop()?.key).toBe('ns/b');
    expect(q2.pop()?.key).toBe('ns/a');
  });
});
