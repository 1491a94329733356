import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import { fromLabelSelector } from '../../api/labels';
import { OwnedPods, podFacts } from './owned_pods';

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
