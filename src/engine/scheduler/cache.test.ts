import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import { clone } from '../sim/dev';
import { NodeTree, SchedulerCache, zoneKey } from './cache';
import { nodeObject } from './testing';

const node = (name: string, zone?: string) => nodeObject({ name, labels: zone ? { 'topology.kubernetes.io/zone': zone } : {} }) as unknown as KObject;
const pod = (name: string, nodeName: string, labels: Record<string, string>, extra: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: name, labels, ...extra }, spec: { nodeName, containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m' } } }] }, status: { phase: 'Running' } }) as unknown as KObject;

describe('NodeTree', () => {
  it('interleaves zones in the order they appeared', () => {
    const t = new NodeTree();
    t.add('a1', 'a');
    t.add('a2', 'a');
    t.add('a3', 'a');
    t.add('b1', 'b');
    t.add('c1', 'c');
    t.add('c2', 'c');
    expect(t.list()).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
    t.remove('b1', 'b');
    expect(t.list()).toEqual(['a1', 'c1', 'a2', 'c2', 'a3']);
  });

  it('keys zones by region and zone', () => {
    expect(zoneKey({})).toBe('');
    expect(zoneKey({ 'topology.kubernetes.io/zone': 'z', 'topology.kubernetes.io/region': 'r' })).toBe('r:\x00:z');
  });
});

describe('SchedulerCache', () => {
  it('accounts pods incrementally and keeps spreading counts in step', () => {
    const c = new SchedulerCache();
    c.addNode(node('n1'));
    c.addNode(node('n2'));
    c.addPod(pod('p1', 'n1', { app: 'web' }));
    const sel = [{ key: 'app', op: '=' as const, values: ['web'] }];
    const counts = c.spreadCounts('default', sel);
    expect([...counts]).toEqual([['n1', 1]]);
    c.addPod(pod('p2', 'n2', { app: 'web' }));
    expect(counts.get('n2')).toBe(1);
    expect(c.get('n1')!.requested.milliCPU).toBe(100);
    // A label change moves the pod out of the selector; a terminating pod is not counted.
    const p2 = pod('p2', 'n2', { app: 'other' });
    c.updatePod(pod('p2', 'n2', { app: 'web' }), p2);
    expect(counts.get('n2')).toBeUndefined();
    const p1 = clone(pod('p1', 'n1', { app: 'web' }));
    p1.metadata.deletionTimestamp = '2025-03-03T09:00:00Z';
    c.updatePod(pod('p1', 'n1', { app: 'web' }), p1);
    expect(counts.get('n1')).toBeUndefined();
    // Still accounted for resources until it is gone.
    expect(c.get('n1')!.requested.milliCPU).toBe(100);
    c.removePod('p1');
    expect(c.get('n1')!.requested.milliCPU).toBe(0);
  });

  it('keeps pods of a deleted node until they go, and counts images per node', () => {
    const c = new SchedulerCache();
    const n = nodeObject({ name: 'n1', images: [{ names: ['nginx:1', 'nginx@sha256:x'], sizeBytes: 10 }] }) as unknown as KObject;
    c.addNode(n);
    c.addNode(nodeObject({ name: 'n2', images: [{ names: ['nginx:1'], sizeBytes: 10 }] }) as unknown as KObject);
    expect(c.imageNumNodes('nginx:1')).toBe(2);
    c.addPod(pod('p', 'n1', {}));
    c.removeNode(n);
    expect(c.numNodes).toBe(1);
    expect(c.list().map((x) => x.name)).toEqual(['n2']);
    expect(c.imageNumNodes('nginx:1')).toBe(1);
    expect(c.hasPod('p')).toBe(true);
  });
});
