import { describe, expect, it } from 'vitest';
import { newHarness, replicaSet, type Harness } from '../testing';
import { clone } from '../../sim/dev';
import type { KObject, OwnerReference } from '../../api/types';

const HOLD = 'example.com/hold';

function configMap(name: string, ownerReferences?: OwnerReference[]) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ...(ownerReferences ? { ownerReferences } : {}) }, data: { k: 'v' } };
}

function ref(owner: KObject, extra: Partial<OwnerReference> = {}): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, ...extra };
}

/** Puts a finalizer on an object so its removal can be watched step by step. */
function hold(h: Harness, obj: KObject): void {
  const upd = clone(h.get(obj)!);
  upd.metadata.finalizers = [...(upd.metadata.finalizers ?? []), HOLD];
  h.store.update(upd);
  h.settle();
}

function release(h: Harness, obj: KObject): void {
  const upd = clone(h.get(obj)!);
  upd.metadata.finalizers = (upd.metadata.finalizers ?? []).filter((f: string) => f !== HOLD);
  if (!upd.metadata.finalizers.length) delete upd.metadata.finalizers;
  h.store.update(upd);
  h.settle();
}

const podsLeft = (h: Harness) => h.store.list('Pod', { namespace: 'default' });

describe('garbage collector', () => {
  it('background: deleting a ReplicaSet deletes its pods', () => {
    const h = newHarness();
    h.create(replicaSet('web', 3));
    h.store.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Background' });
    h.settle();
    expect(podsLeft(h).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    h.finishTerminating();
    expect(podsLeft(h)).toEqual([]);
  });

  it('orphan: the pods stay without their ownerReference and a new ReplicaSet adopts them', () => {
    const h = newHarness();
    const old = h.create(replicaSet('web', 2));
    const before = podsLeft(h).map((p) => p.metadata.name);
    h.store.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Orphan' });
    h.settle();
    expect(h.get(old)).toBeUndefined();
    expect(podsLeft(h).map((p) => p.metadata.ownerReferences)).toEqual([undefined, undefined]);
    const rs = h.create(replicaSet('web2', 2, { app: 'web' }));
    expect(h.podsOf(rs).map((p) => p.metadata.name)).toEqual(before);
  });

  it('foreground: the owner waits, with its finalizer, until its blocking dependents are gone', () => {
    const h = newHarness();
    const rs = h.create(replicaSet('web', 2));
    const [held, other] = h.podsOf(rs);
    hold(h, held);
    h.store.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Foreground' });
    h.settle();
    h.finishTerminating();
    const waiting = h.get(rs)!;
    expect(waiting.metadata.deletionTimestamp).toBeDefined();
    expect(waiting.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(h.get(other)).toBeUndefined();
    expect(h.get(held)!.metadata.deletionTimestamp).toBeDefined();
    // The ReplicaSet being deleted does not replace its pods.
    expect(podsLeft(h)).toHaveLength(1);
    release(h, held);
    h.finishTerminating();
    expect(h.get(held)).toBeUndefined();
    expect(h.get(rs)).toBeUndefined();
  });

  it('foreground through two levels: an owning ConfigMap waits for the ReplicaSet, which waits for its pods', () => {
    const h = newHarness();
    const top = h.create(configMap('top'));
    const rs = h.create({ ...replicaSet('web', 2), metadata: { name: 'web', namespace: 'default', ownerReferences: [ref(top, { blockOwnerDeletion: true })] } });
    const [held] = h.podsOf(rs);
    hold(h, held);
    h.store.delete('ConfigMap', 'default', 'top', { propagationPolicy: 'Foreground' });
    h.settle();
    h.finishTerminating();
    expect(h.get(top)!.metadata.finalizers).toEqual(['foregroundDeletion']);
    // The ReplicaSet has dependents, so it is deleted in foreground too.
    expect(h.get(rs)!.metadata.finalizers).toEqual(['foregroundDeletion']);
    release(h, held);
    h.finishTerminating();
    expect(h.get(rs)).toBeUndefined();
    expect(h.get(top)).toBeUndefined();
    expect(podsLeft(h)).toEqual([]);
  });

  it('foreground does not wait for dependents that do not block, but still deletes them', () => {
    const h = newHarness();
    const owner = h.create(configMap('owner'));
    const dep = h.create(configMap('dep', [ref(owner)]));
    hold(h, dep);
    h.store.delete('ConfigMap', 'default', 'owner', { propagationPolicy: 'Foreground' });
    h.settle();
    expect(h.get(owner)).toBeUndefined();
    expect(h.get(dep)!.metadata.deletionTimestamp).toBeDefined();
  });

  it('a dependent with another live owner only loses the reference to the deleted one', () => {
    const h = newHarness();
    const a = h.create(configMap('a'));
    const b = h.create(configMap('b'));
    const dep = h.create(configMap('dep', [ref(a), ref(b)]));
    h.store.delete('ConfigMap', 'default', 'a');
    h.settle();
    expect(h.get(dep)!.metadata.ownerReferences).toEqual([ref(b)]);
    h.store.delete('ConfigMap', 'default', 'b');
    h.settle();
    expect(h.get(dep)).toBeUndefined();
  });

  it('deletes an object created with a reference to an owner that does not exist', () => {
    const h = newHarness();
    const ghost: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' };
    h.create(configMap('dep', [ghost]));
    expect(h.store.get('ConfigMap', 'default', 'dep')).toBeUndefined();
  });

  it('treats an owner recreated under the same name as gone', () => {
    const h = newHarness();
    const owner = h.create(configMap('owner'));
    const dep = h.create(configMap('dep', [ref(owner)]));
    h.store.delete('ConfigMap', 'default', 'owner', { propagationPolicy: 'Orphan' });
    h.settle();
    expect(h.get(dep)!.metadata.ownerReferences).toBeUndefined();
    const dep2 = h.create(configMap('dep2', [ref(owner)]));
    expect(h.get(dep2)).toBeUndefined();
    h.create(configMap('owner'));
    const dep3 = h.create(configMap('dep3', [ref(owner)]));
    expect(h.get(dep3)).toBeUndefined();
  });

  it('leaves references to kinds Podium does not serve alone', () => {
    const h = newHarness();
    const dep = h.create(configMap('dep', [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u-db' }]));
    expect(h.get(dep)).toBeDefined();
  });

  it('orphan: the dependents are released before the owner is let go by its own finalizers', () => {
    const h = newHarness();
    const owner = h.create(configMap('owner'));
    hold(h, owner);
    const dep = h.create(configMap('dep', [ref(owner, { blockOwnerDeletion: true })]));
    h.store.delete('ConfigMap', 'default', 'owner', { propagationPolicy: 'Orphan' });
    h.settle();
    expect(h.get(dep)!.metadata.ownerReferences).toBeUndefined();
    expect(h.get(owner)!.metadata.finalizers).toEqual([HOLD]);
    release(h, owner);
    expect(h.get(owner)).toBeUndefined();
    expect(h.get(dep)).toBeDefined();
  });
});
