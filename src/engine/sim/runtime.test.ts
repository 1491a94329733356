import { describe, expect, it } from 'vitest';
import { Runtime, type Component } from './runtime';
import { Rng } from './rng';

class Recorder implements Component {
  readonly name = 'rec';
  log: string[] = [];
  constructor(private rt: Runtime) {}
  onTimer(type: string, data: unknown) {
    this.log.push(`${this.rt.now}:${type}:${data}`);
    if (type === 'chain' && (data as number) > 0) this.rt.after(this.name, 7, 'chain', (data as number) - 1);
  }
  save() {
    return this.log;
  }
  load(s: unknown) {
    this.log = [...(s as string[])];
  }
}

describe('Runtime', () => {
  it('runs timers in due order, ties in the order they were set', () => {
    const rt = new Runtime(0, 1, true);
    const r = rt.register(new Recorder(rt));
    rt.setTimer('rec', 20, 'b', 1);
    rt.setTimer('rec', 10, 'a', 1);
    rt.setTimer('rec', 20, 'c', 1);
    rt.advance(100);
    expect(r.log).toEqual(['10:a:1', '20:b:1', '20:c:1']);
    expect(rt.now).toBe(100);
  });

  it('advance(a + b) leaves the same state as advance(a); advance(b)', () => {
    const run = (splits: number[]) => {
      const rt = new Runtime(1000, 5, true);
      const r = rt.register(new Recorder(rt));
      rt.after('rec', 3, 'chain', 5);
      for (const s of splits) rt.advance(s);
      return { log: r.log, now: rt.now, next: rt.nextEventAt(), state: JSON.stringify(rt.save()) };
    };
    expect(run([40])).toEqual(run([10, 30]));
    expect(run([40])).toEqual(run([3, 7, 0, 30]));
  });

  it('restores clock, rng and pending timers from save()', () => {
    const rt = new Runtime(0, 9, true);
    rt.register(new Recorder(rt));
    rt.after('rec', 5, 'chain', 3);
    rt.advance(6);
    rt.rng.nextUint32();
    const saved = JSON.parse(JSON.stringify(rt.save()));
    const copy = new Runtime(0, 0, true);
    const rc = copy.register(new Recorder(copy));
    copy.load(saved);
    rt.advance(100);
    copy.advance(100);
    expect(rc.log).toEqual((rt.component('rec') as Recorder).log);
    expect(copy.rng.nextUint32()).toBe(rt.rng.nextUint32());
  });

  it('cancelled timers never run', () => {
    const rt = new Runtime(0, 1, true);
    const r = rt.register(new Recorder(rt));
    const id = rt.after('rec', 5, 'x', 1);
    rt.cancelTimer(id);
    rt.advance(10);
    expect(r.log).toEqual([]);
    expect(rt.nextEventAt()).toBeUndefined();
  });
});

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const sa = [a.nameSuffix(), a.uuid(), a.hex(16)];
    expect([b.nameSuffix(), b.uuid(), b.hex(16)]).toEqual(sa);
    expect(c.nameSuffix()).not.toEqual(sa[0]);
  });

  it('makes Kubernetes-shaped names and uids', () => {
    const r = new Rng(3);
    expect(r.nameSuffix()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
