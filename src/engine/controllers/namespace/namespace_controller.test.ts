import { describe, expect, it } from 'vitest';
import { newHarness, replicaSet } from '../testing';
import { clone } from '../../sim/dev';
import { namespaceConditions } from './namespace_controller';

const T = Date.parse('2025-03-03T09:00:00Z');

describe('namespaceConditions', () => {
  it('reports what remains with upstream messages and the ok variants for the rest', () => {
    const conds = namespaceConditions(
      undefined,
      {
        remaining: new Map([
          ['pods.', 2],
          ['deployments.apps', 1],
        ]),
        finalizers: new Map([['foregroundDeletion', 1]]),
        errors: [],
      },
      T,
    );
    expect(conds.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
      ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances'],
      ['NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', 'Some content in the namespace has finalizers remaining: foregroundDeletion in 1 resource instances'],
    ]);
  });

  it('keeps lastTransitionTime unless the status flips', () => {
    const first = namespaceConditions(undefined, { remaining: new Map([['pods.', 2]]), finalizers: new Map(), errors: [] }, T);
    const second = namespaceConditions(first, { remaining: new Map([['pods.', 1]]), finalizers: new Map(), errors: [] }, T + 5000);
    const third = namespaceConditions(second, { remaining: new Map(), finalizers: new Map(), errors: [] }, T + 9000);
    const remaining = (cs: typeof first) => cs.find((c) => c.type === 'NamespaceContentRemaining')!;
    expect(remaining(second)).toMatchObject({ message: 'Some resources are remaining: pods. has 1 resource instances', lastTransitionTime: '2025-03-03T09:00:00Z' });
    expect(remaining(third)).toMatchObject({ status: 'False', message: 'All content successfully removed', lastTransitionTime: '2025-03-03T09:00:09Z' });
  });
});

describe('namespace controller', () => {
  it('deletes the content of a terminating namespace, then the namespace itself', () => {
    const h = newHarness();
    h.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    h.create({ ...replicaSet('web', 2), metadata: { name: 'web', namespace: 'shop' } });
    h.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { a: '1' } });
    expect(h.store.list('Pod', { namespace: 'shop' })).toHaveLength(2);
    // A pod held by a finalizer keeps the namespace Terminating.
    const [held] = h.store.list('Pod', { namespace: 'shop' });
    const upd = clone(held);
    upd.metadata.finalizers = ['example.com/hold'];
    h.store.update(upd);
    h.settle();

    h.store.delete('Namespace', undefined, 'shop');
    h.settle();
    h.finishTerminating('shop');
    const ns = h.store.mustGet('Namespace', undefined, 'shop');
    expect(ns.status.phase).toBe('Terminating');
    const conds = Object.fromEntries(ns.status.conditions.map((c: { type: string; message: string }) => [c.type, c.message]));
    expect(conds.NamespaceContentRemaining).toBe('Some resources are remaining: pods. has 1 resource instances');
    expect(conds.NamespaceFinalizersRemaining).toBe('Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
    expect(ns.spec.finalizers).toEqual(['kubernetes']);
    for (const kind of ['ConfigMap', 'ReplicaSet', 'ServiceAccount']) expect(h.store.list(kind, { namespace: 'shop' })).toEqual([]);
    // No new content may appear meanwhile (the ReplicaSet is gone; SA and CA are not recreated).
    expect(h.store.list('Pod', { namespace: 'shop' }).map((p) => p.metadata.name)).toEqual([held.metadata.name]);

    const free = clone(h.store.mustGet('Pod', 'shop', held.metadata.name));
    delete free.metadata.finalizers;
    h.store.update(free);
    h.settle();
    h.finishTerminating('shop');
    expect(h.store.get('Namespace', undefined, 'shop')).toBeUndefined();
    expect(h.store.get('Namespace', undefined, 'default')).toBeDefined();
  });

  it('removes an empty namespace at once', () => {
    const h = newHarness();
    h.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tmp' } });
    expect(h.store.list('ServiceAccount', { namespace: 'tmp' })).toHaveLength(1);
    h.store.delete('Namespace', undefined, 'tmp');
    h.settle();
    expect(h.store.get('Namespace', undefined, 'tmp')).toBeUndefined();
  });
});
