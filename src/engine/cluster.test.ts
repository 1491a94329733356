import { describe, expect, it } from 'vitest';
import { Engine, SnapshotError, type Snapshot } from './cluster';
import { fnv1a32 } from './sim/hash';

/** A copy of a snapshot with `edit` applied to its state and the checksum recomputed. */
function resealed(s: Snapshot, edit: (state: Record<string, any>) => void): Snapshot {
  const copy = JSON.parse(JSON.stringify(s)) as Snapshot;
  edit(copy.state as unknown as Record<string, any>);
  copy.checksum = fnv1a32(JSON.stringify(copy.state));
  return copy;
}

describe('Engine.restore of a malformed snapshot with a good checksum', () => {
  const snap = Engine.create({ nodes: 1 }).snapshot();

  // Regression: these threw TypeError (or, for the RNG, silently restored a differently seeded
  // cluster) instead of SnapshotError.
  it.each([
    ['no options', (s: Record<string, any>) => delete s.options, 'damaged snapshot: state.options is missing'],
    ['nodes not a list', (s: Record<string, any>) => (s.options.nodes = 'x'), 'damaged snapshot: state.options needs seed, nodes and startTime'],
    ['no runtime', (s: Record<string, any>) => delete s.runtime, 'damaged snapshot: state.runtime is missing'],
    ['an RNG that is no RNG state', (s: Record<string, any>) => (s.runtime.rng = 'x'), 'damaged snapshot: state.runtime.rng is not an RNG state'],
    ['no timers', (s: Record<string, any>) => (s.runtime.timers = null), 'damaged snapshot: state.runtime needs timers and components'],
    ['an unknown kind', (s: Record<string, any>) => (s.runtime.components.apiserver.objects[0].kind = 'Widget'), 'the snapshot could not be restored: unknown kind Widget'],
  ])('%s', (_name, edit, message) => {
    let err: unknown;
    try {
      Engine.restore(resealed(snap, edit));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as Error).message).toBe(message);
  });

  it('the unedited snapshot restores', () => {
    expect(Engine.restore(resealed(snap, () => {})).snapshot()).toEqual(snap);
  });
});

describe('Engine.restore', () => {
  it('does not share state with the snapshot it restores (regression: the event recorder mutated it)', () => {
    const e = Engine.create({ nodes: 2 });
    e.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] } });
    // Crash-looping already, so that its events recur (and aggregate) after the restore.
    e.runtime.advance(60_000);
    const snap = e.snapshot();
    const text = JSON.stringify(snap);
    const x = Engine.restore(snap);
    const y = Engine.restore(snap);
    x.runtime.advance(120_000);
    expect(JSON.stringify(snap) === text).toBe(true);
    y.runtime.advance(120_000);
    expect(JSON.stringify(x.snapshot()) === JSON.stringify(y.snapshot())).toBe(true);
  });
});
