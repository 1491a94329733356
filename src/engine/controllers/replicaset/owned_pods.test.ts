import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import { fromLabelSelector } from '../../api/labels';
import { OwnedPods, nodeIdCount, podFacts } from './owned_pods';
import { DeletionSelection, getPodsToDelete } from '../controller_utils';

const T0 = Date.parse('2025-03-03T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function pod(name: string, labels: Record<string, string>, o: { readySince?: number; deleting?: boolean; phase?: string } = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `u-${name}`, resourceVersion: '1', creationTimestamp: iso(T0), labels, ...(o.deleting ? { deletionTimestamp: iso(T0) } : {}) },
    spec: {},
    status: { phase: o.phase ?? 'Running', conditions: o.readySince !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.readySince) }] : [] },
  };
}

const sel = fromLabelSelector({ matchLabels: { app: 'web' } });
const tmpl = { app: 'web', tier: 'front' };

describe('OwnedPods', () => {
  it('counts active matching pods, fully labelled, ready and available ones', () => {
    const v = new OwnedPods('u', 1);
    v.set('a', podFacts(pod('a', { app: 'web', tier: 'front' }, { readySince: T0 }), sel, tmpl));
    v.set('b', podFacts(pod('b', { app: 'web' }, { readySince: T0 + 8_000 }), sel, tmpl));
    v.set('c', podFacts(pod('c', { app: 'web' }), sel, tmpl));
    v.set('gone', podFacts(pod('gone', { app: 'web' }, { deleting: true }), sel, tmpl));
    v.set('done', podFacts(pod('done', { app: 'web' }, { phase: 'Succeeded' }), sel, tmpl));
    v.set('stray', podFacts(pod('stray', { app: 'debug' }), sel, tmpl));
    expect(v.counts(0, T0)).toEqual({ replicas: 3, fullyLabeledReplicas: 1, readyReplicas: 2, availableReplicas: 2 });
    expect(v.counts(10, T0 + 10_000)).toEqual({ replicas: 3, fullyLabeledReplicas: 1, readyReplicas: 2, availableReplicas: 1, nextAvailableAtMs: T0 + 18_000 });
    expect([...v.nonMatching]).toEqual(['stray']);
    expect(v.activeNames()).toEqual(['a', 'b', 'c']);
  });

  it('moves counts when a pod changes or goes, and detects a diverging copy', () => {
    const v = new OwnedPods('u', 1);
    v.set('a', podFacts(pod('a', { app: 'web' }), sel, tmpl));
    const copy = new OwnedPods('u', 1);
    copy.set('a', podFacts(pod('a', { app: 'web' }), sel, tmpl));
    expect(v.sameAs(copy)).toBe(true);
    v.set('a', podFacts(pod('a', { app: 'web' }, { readySince: T0 }), sel, tmpl));
    expect(v.sameAs(copy)).toBe(false);
    expect(v.counts(0, T0)).toMatchObject({ replicas: 1, readyReplicas: 1 });
    v.set('a', podFacts(pod('a', { app: 'other' }), sel, tmpl));
    expect(v.counts(0, T0)).toMatchObject({ replicas: 0, readyReplicas: 0 });
    expect([...v.nonMatching]).toEqual(['a']);
    v.set('a', undefined);
    expect(v.nonMatching.size).toBe(0);
    expect(v.pods.size).toBe(0);
  });
});

describe('OwnedPods.selectForDeletion', () => {
  const now = T0 + 600_000;
  function makePod(i: number, r: (n: number) => number): KObject {
    const ready = r(5) > 0;
    const p = pod(`web-${String(r(100000)).padStart(5, '0')}-${i}`, { app: 'web' }, { readySince: ready ? now - 1000 * (1 + i) - r(999) : undefined, phase: r(10) ? 'Running' : 'Pending' });
    return { ...p, metadata: { ...p.metadata, uid: `u${r(1_000_000)}` }, spec: r(8) ? { nodeName: `node-${r(6)}` } : {} };
  }
  it.each([1, 2, 3, 4, 5, 6])('picks what sorting every pod picks, with distinct ready times (seed %i)', (seed) => {
    let x = seed;
    const r = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
    const pods = Array.from({ length: 60 }, (_, i) => makePod(i, r)).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const v = new OwnedPods('u', 1);
    for (const p of pods) v.set(p.metadata.name, podFacts(p, sel, tmpl));
    for (const diff of [1, 2, 5, 20, 59]) {
      const want = getPodsToDelete(pods, pods, diff, now).map((p) => p.metadata.name);
      const perNode = new Int32Array(nodeIdCount());
      for (const p of pods) if (p.status?.phase !== 'Succeeded') perNode[v.pods.get(p.metadata.name)!.nodeIdx]++;
      expect(v.selectForDeletion(diff, now, () => perNode).map((f) => f.name)).toEqual(want);
    }
  });
});

describe('OwnedPods.selectForDeletion screening', () => {
  const now = T0 + 600_000;
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('offers only what a full comparison would let in, with many equal times (seed %i)', (seed) => {
    let x = seed;
    const r = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
    // Ready and created within a few whole seconds, so that equal times and equal age ranks abound.
    const pods = Array.from({ length: 80 }, (_, i) => {
      const p = pod(`web-${String(r(100000)).padStart(5, '0')}-${i}`, { app: 'web' }, { readySince: now - 1000 * (20 + r(6)) });
      const restarts = r(10) === 0 ? 1 : 0;
      return {
        ...p,
        metadata: { ...p.metadata, uid: `${r(16).toString(16)}${String(r(10_000_000)).padStart(7, '0')}-x`, creationTimestamp: iso(now - 1000 * (90 + r(3) * 40)) },
        spec: { nodeName: `node-${r(5)}` },
        status: { ...p.status, containerStatuses: [{ name: 'c', restartCount: restarts }] },
      };
    });
    const v = new OwnedPods('u', 1);
    for (const p of pods) v.set(p.metadata.name, podFacts(p, sel, tmpl));
    const perNode = new Int32Array(nodeIdCount());
    for (const p of pods) perNode[v.pods.get(p.metadata.name)!.nodeIdx]++;
    // The order the candidates are offered in: node rank, highest first; node name; newest ready first; name.
    const facts = [...v.pods.values()].sort(
      (a, b) =>
        perNode[b.nodeIdx] - perNode[a.nodeIdx] ||
        (a.node < b.node ? -1 : a.node > b.node ? 1 : 0) ||
        b.readySinceMs - a.readySinceMs ||
        (a.name < b.name ? -1 : 1),
    );
    for (const diff of [1, 2, 3, 7, 30]) {
      const plain = new DeletionSelection<(typeof facts)[number]>(diff, now);
      for (const f of facts) {
        f.rank = perNode[f.nodeIdx];
        plain.offer(f);
      }
      const want = plain.result().map((f) => f.name);
      expect(v.selectForDeletion(diff, now, () => perNode).map((f) => f.name)).toEqual(want);
    }
  });
});
