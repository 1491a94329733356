import { describe, expect, it } from 'vitest';
import { applyChanges, emptyMirror, pruneAnimations, objectsOf, isNewerVersion, ownedBy, eventsFor, findObject, latestEvents, ARRIVAL_MS, GHOST_MS } from './mirror';
import type { KObject } from '../../protocol/batch';

const obj = (kind: string, uid: string, rv: number, extra: Partial<KObject> = {}): KObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: `n-${uid}`, namespace: 'default', uid, resourceVersion: String(rv), creationTimestamp: '2025-03-03T09:00:00Z' },
  ...extra,
});
const batch = (added: KObject[] = [], updated: KObject[] = [], removed: KObject[] = []) => ({ added, updated, removed });

describe('mirror reducer', () => {
  it('applies a reset batch', () => {
    const m = applyChanges(emptyMirror(), batch([obj('Pod', 'a', 1), obj('Node', 'b', 2)]), { reset: true });
    expect(m.loaded).toBe(true);
    expect(objectsOf(m, 'Pod').size).toBe(1);
    expect(objectsOf(m, 'Node').get('b')!.metadata.resourceVersion).toBe('2');
  });

  it('a reset drops what was held', () => {
    const m1 = applyChanges(emptyMirror(), batch([obj('Pod', 'a', 1)]), { reset: true });
    const m2 = applyChanges(m1, batch([obj('Pod', 'z', 9)]), { reset: true });
    expect([...objectsOf(m2, 'Pod').keys()]).toEqual(['z']);
  });

  it('updates with a newer version and ignores an older or equal one', () => {
    const m1 = applyChanges(emptyMirror(), batch([obj('Pod', 'a', 5)]), { reset: true });
    const older = applyChanges(m1, batch([], [obj('Pod', 'a', 4)]));
    expect(older).toBe(m1);
    const same = applyChanges(m1, batch([], [obj('Pod', 'a', 5)]));
    expect(same).toBe(m1);
    const newer = applyChanges(m1, batch([], [obj('Pod', 'a', 6)]));
    expect(objectsOf(newer, 'Pod').get('a')!.metadata.resourceVersion).toBe('6');
    // Versions compare as numbers, not strings ("10" > "9").
    const m9 = applyChanges(emptyMirror(), batch([obj('Pod', 'a', 9)]), { reset: true });
    expect(objectsOf(applyChanges(m9, batch([], [obj('Pod', 'a', 10)])), 'Pod').get('a')!.metadata.resourceVersion).toBe('10');
  });

  it('removes, but not on a stale removal', () => {
    const m1 = applyChanges(emptyMirror(), batch([obj('Pod', 'a', 5), obj('Pod', 'b', 5)]), { reset: true });
    const m2 = applyChanges(m1, batch([], [], [obj('Pod', 'a', 7)]));
    expect(objectsOf(m2, 'Pod').has('a')).toBe(false);
    const m3 = applyChanges(m1, batch([], [], [obj('Pod', 'b', 3)]));
    expect(objectsOf(m3, 'Pod').has('b')).toBe(true);
  });

  it('never edits the previous mirror and keeps untouched kinds', () => {
    const m1 = applyChanges(emptyMirror(), batch([obj('Pod', 'a', 1), obj('Node', 'n', 1)]), { reset: true });
    const pods1 = objectsOf(m1, 'Pod');
    const m2 = applyChanges(m1, batch([obj('Pod', 'b', 2)]));
    expect(pods1.size).toBe(1);
    expect(objectsOf(m2, 'Pod').size).toBe(2);
    expect(objectsOf(m2, 'Node')).toBe(objectsOf(m1, 'Node'));
  });

  it('records arrivals and ghosts after the first load, and prunes them', () => {
    const m1 = applyChanges(emptyMirror(), batch([obj('Pod', 'a', 1)]), { reset: true, animate: true, wallNow: 0 });
    expect(m1.arrivals.size).toBe(0);
    const m2 = applyChanges(m1, batch([obj('Pod', 'b', 2)], [], [obj('Pod', 'a', 3)]), { animate: true, wallNow: 100 });
    expect(m2.arrivals.get('b')).toBe(100);
    expect(m2.ghosts.Pod.get('a')!.object.metadata.uid).toBe('a');
    const m3 = pruneAnimations(m2, 100 + Math.max(ARRIVAL_MS, GHOST_MS));
    expect(m3.arrivals.size).toBe(0);
    expect(m3.ghosts.Pod).toBeUndefined();
    expect(pruneAnimations(m3, 1e9)).toBe(m3);
  });

  it.each([
    ['2', '1', true],
    ['1', '2', false],
    ['1', '1', false],
    ['10', '9', true],
    ['x', 'y', true],
    [undefined, '1', true],
  ])('isNewerVersion(%s, %s) = %s', (a, b, yes) => expect(isNewerVersion(a, b)).toBe(yes));

  it('finds owned objects, events and objects by name', () => {
    const rs = obj('ReplicaSet', 'rs1', 1);
    const pod = obj('Pod', 'p1', 2, { metadata: { ...obj('Pod', 'p1', 2).metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'n-rs1', uid: 'rs1', controller: true }] } });
    const ev1 = obj('Event', 'e1', 3, { involvedObject: { uid: 'p1' }, lastTimestamp: '2025-03-03T09:00:05Z' });
    const ev0 = obj('Event', 'e0', 4, { involvedObject: { uid: 'p1' }, lastTimestamp: '2025-03-03T09:00:01Z' });
    const m = applyChanges(emptyMirror(), batch([rs, pod, ev1, ev0]), { reset: true });
    expect(ownedBy(m, 'rs1').map((o) => o.metadata.uid)).toEqual(['p1']);
    expect(eventsFor(m, 'p1').map((o) => o.metadata.uid)).toEqual(['e0', 'e1']);
    expect(findObject(m, 'Pod', 'default', 'n-p1')?.metadata.uid).toBe('p1');
    expect(findObject(m, 'Pod', 'other', 'n-p1')).toBeUndefined();
  });

  it('latestEvents picks the newest n, newest first', () => {
    const at = (uid: string, s: number) => obj('Event', uid, 1, { lastTimestamp: `2025-03-03T09:00:${String(s).padStart(2, '0')}Z` });
    const evs = [at('a', 5), at('b', 1), at('c', 9), at('d', 7), at('e', 3)];
    expect(latestEvents(evs, 3).map((e) => e.metadata.uid)).toEqual(['c', 'd', 'a']);
    expect(latestEvents(evs, 10)).toHaveLength(5);
    expect(latestEvents([], 3)).toEqual([]);
  });
});
