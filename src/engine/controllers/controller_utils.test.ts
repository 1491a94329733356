import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import { newHarness, barePod } from './testing';
import { fromLabelSelector } from '../api/labels';
import {
  ControllerExpectations,
  claimObjects,
  cmpRankKeys,
  lessRankKeys,
  rankKey,
  selectPodsToDelete,
  EXPECTATIONS_TIMEOUT_MS,
  activePodsWithRanksLess,
  computeHash,
  getPodsToDelete,
  logarithmicRankDiff,
  newControllerRef,
  podDeletionCost,
  podFromTemplate,
  ranksByRelatedPodsOnSameNode,
  safeEncodeString,
  setCondition,
  slowStartBatch,
  slowStartBatchSizes,
  sortActivePodsWithRanks,
} from './controller_utils';

const T0 = Date.parse('2025-03-03T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface PodOpts {
  node?: string;
  phase?: string;
  readySince?: number;
  cost?: string;
  restarts?: number;
  created?: number;
  uid?: string;
}

function pod(name: string, o: PodOpts = {}): KObject {
  const conditions = o.readySince !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.readySince) }] : [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: o.uid ?? `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: iso(o.created ?? T0),
      ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
    },
    spec: { ...(o.node ? { nodeName: o.node } : {}), containers: [{ name: 'c', image: 'nginx' }] },
    status: {
      phase: o.phase ?? 'Pending',
      conditions,
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
    },
  };
}

describe('slowStartBatch', () => {
  it.each([
    [0, []],
    [1, [1]],
    [2, [1, 1]],
    [3, [1, 2]],
    [10, [1, 2, 4, 3]],
    [500, [1, 2, 4, 8, 16, 32, 64, 128, 245]],
  ])('batches %i creations as %j', (count, sizes) => {
    expect(slowStartBatchSizes(count)).toEqual(sizes);
    let calls = 0;
    expect(slowStartBatch(count, 1, () => void calls++)).toEqual({ successes: count });
    expect(calls).toBe(count);
  });

  it.each([
    // count, failing call (1-based), calls made, successes
    [10, 1, 1, 0],
    [10, 3, 3, 2],
    [10, 2, 3, 2],
    [10, 5, 7, 6],
    [10, 10, 10, 9],
  ])('of %i calls with call %i failing makes %i calls with %i successes', (count, failAt, calls, successes) => {
    let n = 0;
    const res = slowStartBatch(count, 1, () => {
      n++;
      if (n === failAt) throw new Error('quota');
    });
    expect(n).toBe(calls);
    expect(res.successes).toBe(successes);
    expect((res.error as Error).message).toBe('quota');
  });
});

describe('ControllerExpectations', () => {
  it('waits for creations, then is satisfied', () => {
    let now = T0;
    const e = new ControllerExpectations(() => now);
    expect(e.satisfiedExpectations('default/a')).toBe(true);
    e.expectCreations('default/a', 2);
    expect(e.satisfiedExpectations('default/a')).toBe(false);
    e.creationObserved('default/a');
    expect(e.satisfiedExpectations('default/a')).toBe(false);
    e.creationObserved('default/a');
    expect(e.satisfiedExpectations('default/a')).toBe(true);
  });

  it('counts a deletion once however often it is observed, and ignores unexpected pods', () => {
    const e = new ControllerExpectations(() => T0);
    e.expectDeletions('default/a', ['default/p1', 'default/p2']);
    e.deletionObserved('default/a', 'default/p1');
    e.deletionObserved('default/a', 'default/p1');
    e.deletionObserved('default/a', 'default/other');
    expect(e.get('default/a')).toEqual({ add: 0, del: 1 });
    e.deletionObserved('default/a', 'default/p2');
    expect(e.satisfiedExpectations('default/a')).toBe(true);
  });

  it('expires after five minutes and round-trips through save/load', () => {
    let now = T0;
    const e = new ControllerExpectations(() => now);
    e.expectCreations('default/a', 1);
    const copy = new ControllerExpectations(() => now);
    copy.load(JSON.parse(JSON.stringify(e.save())));
    expect(copy.get('default/a')).toEqual({ add: 1, del: 0 });
    now += EXPECTATIONS_TIMEOUT_MS;
    expect(e.satisfiedExpectations('default/a')).toBe(false);
    now += 1;
    expect(e.satisfiedExpectations('default/a')).toBe(true);
  });
});

describe('logarithmicRankDiff', () => {
  const now = T0 + 3600_000;
  it.each([
    // ages in seconds: 60 s = 6e10 ns (rank 35), 30 s = 3e10 ns (rank 34)
    [60, 30, 1],
    [30, 60, -1],
    [40, 50, 0],
    [3600, 60, 6],
    [0, 60, -36],
  ])('ages %i s and %i s differ by %i', (a, b, diff) => {
    expect(logarithmicRankDiff(now - a * 1000, now - b * 1000, now)).toBe(diff);
  });
});

describe('ActivePodsWithRanks ordering', () => {
  const now = T0 + 3600_000;
  const running = (name: string, o: PodOpts = {}) => pod(name, { node: 'n1', phase: 'Running', ...o });
  it.each<[string, KObject, KObject, number, number]>([
    ['unassigned before assigned', pod('a'), pod('b', { node: 'n1' }), 0, 0],
    ['unassigned before assigned even if ranked lower', pod('a'), pod('b', { node: 'n1' }), 0, 5],
    ['pending before running', pod('a', { node: 'n1' }), running('b'), 0, 0],
    ['unknown before running', pod('a', { node: 'n1', phase: 'Unknown' }), running('b'), 0, 0],
    ['pending before unknown', pod('a', { node: 'n1' }), pod('b', { node: 'n1', phase: 'Unknown' }), 0, 0],
    ['not ready before ready', running('a'), running('b', { readySince: T0 }), 0, 0],
    ['lower deletion cost first', running('a', { readySince: T0, cost: '-5' }), running('b', { readySince: T0 - 3000_000 }), 0, 0],
    ['higher rank (doubled up) first', running('a', { readySince: T0 - 3000_000 }), running('b', { node: 'n2', readySince: T0 }), 3, 1],
    ['ready for a shorter time first', running('a', { readySince: now - 30_000 }), running('b', { readySince: now - 600_000 }), 0, 0],
    ['ready for the same log2 time: smaller UID first', running('x', { readySince: now - 40_000, uid: 'u1' }), running('y', { readySince: now - 50_000, uid: 'u2' }), 0, 0],
    ['more restarts first', running('a', { restarts: 3 }), running('b', { restarts: 1 }), 0, 0],
    ['newer first', running('a', { created: now - 60_000 }), running('b', { created: now - 7200_000 }), 0, 0],
    ['created within the same log2 age: smaller UID first', running('x', { created: now - 50_000, uid: 'u1' }), running('y', { created: now - 40_000, uid: 'u2' }), 0, 0],
  ])('%s', (_why, a, b, ra, rb) => {
    expect(activePodsWithRanksLess(a, b, ra, rb, now)).toBe(true);
    expect(activePodsWithRanksLess(b, a, rb, ra, now)).toBe(false);
  });

  it('does not order identical pods either way', () => {
    const a = running('a');
    const b = running('b');
    expect(activePodsWithRanksLess(a, b, 0, 0, now)).toBe(false);
    expect(activePodsWithRanksLess(b, a, 0, 0, now)).toBe(false);
  });

  it('sorts a mixed set in deletion order, ties by name', () => {
    const pods = [
      running('ready-old', { readySince: now - 3000_000 }),
      running('ready-new', { readySince: now - 20_000 }),
      pod('unbound'),
      running('not-ready'),
      pod('pending', { node: 'n1' }),
      running('not-ready-2'),
    ];
    const sorted = sortActivePodsWithRanks(pods, pods.map(() => 0), now).map((p) => p.metadata.name);
    expect(sorted).toEqual(['unbound', 'pending', 'not-ready', 'not-ready-2', 'ready-new', 'ready-old']);
  });

  it('ranks pods by active related pods on the same node and deletes doubled-up ones first', () => {
    const pods = [running('a', { node: 'n1', readySince: T0 }), running('b', { node: 'n1', readySince: T0 }), running('c', { node: 'n2', readySince: T0 })];
    expect(ranksByRelatedPodsOnSameNode(pods, pods)).toEqual([2, 2, 1]);
    expect(getPodsToDelete(pods, pods, 1, now).map((p) => p.metadata.name)).toEqual(['a']);
    expect(getPodsToDelete(pods, [], 1, now).map((p) => p.metadata.name)).toEqual(['a']);
    expect(getPodsToDelete(pods, pods, 3, now).map((p) => p.metadata.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('scale-down selection with a bounded heap', () => {
  const now = T0 + 3600_000;
  // A small deterministic generator, so that the cases are the same on every run.
  function gen(seed: number) {
    let x = seed;
    return (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
  }
  function randomPods(seed: number, n: number, distinctTimes: boolean): KObject[] {
    const r = gen(seed);
    return Array.from({ length: n }, (_, i) =>
      pod(`p${String(r(1000)).padStart(3, '0')}-${i}`, {
        node: r(5) ? `n${r(4)}` : undefined,
        phase: ['Pending', 'Running', 'Running', 'Unknown'][r(4)],
        // Equal ready times among others of the same log2 age make upstream's Less intransitive;
        // with distinct times it is a strict order and the heap must agree with the sort exactly.
        readySince: r(4) ? now - (distinctTimes ? 1000 * i + r(900) : 1000 * r(8)) - 1000 : undefined,
        restarts: r(6) === 0 ? r(3) : 0,
        created: now - (distinctTimes ? 7_000_000 + 1000 * i : 1000 * r(3)) - 20_000,
        uid: `u${r(100000)}`,
      }),
    );
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('cmpRankKeys is the pair of lessRankKeys calls (seed %i)', (seed) => {
    const pods = randomPods(seed, 40, false);
    const keys = pods.map((p, i) => rankKey(p, i % 3));
    for (const a of keys)
      for (const b of keys) {
        const want = lessRankKeys(a, b, now) ? -1 : lessRankKeys(b, a, now) ? 1 : 0;
        expect(cmpRankKeys({ ...a }, { ...b }, now)).toBe(want);
      }
  });

  it.each([
    [1, 1],
    [2, 5],
    [3, 17],
    [4, 39],
    [5, 40],
    [6, 60],
  ])('picks what sorting all pods picks when the order is strict (seed %i, diff %i)', (seed, diff) => {
    const pods = randomPods(seed, 40, true).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const ranks = ranksByRelatedPodsOnSameNode(pods, pods);
    const want = getPodsToDelete(pods, pods, diff, now).map((p) => p.metadata.name);
    const keys = pods.map((p, i) => rankKey(p, ranks[i]));
    expect(selectPodsToDelete(keys, diff, now).map((k) => k.name)).toEqual(want);
  });
});

describe('pod-deletion-cost', () => {
  it.each([
    [undefined, 0],
    ['10', 10],
    ['-5', -5],
    ['0', 0],
    ['+10', 0],
    ['008', 0],
    ['1e3', 0],
    ['abc', 0],
    ['2147483647', 2147483647],
    ['2147483648', 0],
    ['-2147483648', -2147483648],
  ])('%s -> %i', (v, n) => {
    expect(podDeletionCost(pod('a', v === undefined ? {} : { cost: v }))).toBe(n);
  });
});

describe('templates, references, hashes', () => {
  const rs: KObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-5d4f8c7b9', namespace: 'shop', uid: 'u-rs', resourceVersion: '1', creationTimestamp: iso(T0) },
    spec: {},
  };

  it('builds the controller reference and the pod as GetPodFromTemplate does', () => {
    const ref = newControllerRef(rs);
    expect(ref).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f8c7b9', uid: 'u-rs', controller: true, blockOwnerDeletion: true });
    const p = podFromTemplate({ metadata: { labels: { app: 'web' }, annotations: {} }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, rs, ref);
    expect(p).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: 'web-5d4f8c7b9-', namespace: 'shop', labels: { app: 'web' }, ownerReferences: [ref] },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
  });

  it.each([
    ['0123456789', '456789bcdf'],
    ['', ''],
  ])('SafeEncodeString(%j) = %j', (s, out) => {
    expect(safeEncodeString(s)).toBe(out);
  });

  it('hashes templates independently of key order and changes with the collision count', () => {
    const a = computeHash({ metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const b = computeHash({ spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { app: 'x' } } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash({ spec: {} }, 1)).not.toBe(computeHash({ spec: {} }));
    expect(computeHash({ spec: { containers: [{ name: 'c', image: 'nginx:2' }] } })).not.toBe(computeHash({ spec: { containers: [{ name: 'c', image: 'nginx' }] } }));
  });

  it('keeps a condition whose status and reason did not change', () => {
    const c1 = { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'a', lastTransitionTime: iso(T0) };
    const c2 = { ...c1, message: 'b', lastTransitionTime: iso(T0 + 5000) };
    expect(setCondition([c1], c2)).toEqual([c1]);
    expect(setCondition([c1], { ...c2, reason: 'FailedDelete' })).toEqual([{ ...c2, reason: 'FailedDelete' }]);
  });
});

describe('claimObjects (ControllerRefManager)', () => {
  it('keeps, releases, adopts and ignores as ClaimPods does', () => {
    const h = newHarness();
    const owner = h.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' } });
    const other = h.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other', namespace: 'default' } });
    const mine = h.store.create({ ...barePod('mine', { app: 'web' }), metadata: { name: 'mine', namespace: 'default', labels: { app: 'web' }, ownerReferences: [newControllerRef(owner)] } });
    const drifted = h.store.create({ ...barePod('drifted', { app: 'db' }), metadata: { name: 'drifted', namespace: 'default', labels: { app: 'db' }, ownerReferences: [newControllerRef(owner)] } });
    const orphan = h.store.create(barePod('orphan', { app: 'web' }));
    const theirs = h.store.create({ ...barePod('theirs', { app: 'web' }), metadata: { name: 'theirs', namespace: 'default', labels: { app: 'web' }, ownerReferences: [newControllerRef(other)] } });
    const res = claimObjects(h.store, owner, fromLabelSelector({ matchLabels: { app: 'web' } }), [theirs, orphan, drifted, mine]);
    expect(res.errors).toEqual([]);
    expect(res.claimed.map((p) => p.metadata.name).sort()).toEqual(['mine', 'orphan']);
    expect(h.get(orphan)!.metadata.ownerReferences).toEqual([newControllerRef(owner)]);
    expect(h.get(drifted)!.metadata.ownerReferences).toBeUndefined();
    expect(h.get(theirs)!.metadata.ownerReferences).toEqual([newControllerRef(other)]);
    // An owner being deleted neither adopts nor releases.
    const deleting = { ...owner, metadata: { ...owner.metadata, deletionTimestamp: '2025-03-03T09:00:00Z' } };
    const stray = h.store.create(barePod('stray', { app: 'web' }));
    const again = claimObjects(h.store, deleting, fromLabelSelector({ matchLabels: { app: 'web' } }), [h.get(mine)!, stray]);
    expect(again.claimed.map((p) => p.metadata.name)).toEqual(['mine']);
    expect(h.get(stray)!.metadata.ownerReferences).toBeUndefined();
  });
});
