import { describe, expect, it } from 'vitest';
import { barePod, newHarness, podTemplate, replicaSet } from '../testing';
import { forbidden } from '../../api/errors';
import { mustKind } from '../../api/registry';
import { clone } from '../../sim/dev';
import type { KObject } from '../../api/types';

const names = (pods: KObject[]) => pods.map((p) => p.metadata.name);

describe('ReplicaSet controller', () => {
  it('creates the replicas with generateName, controller references and events', () => {
    const h = newHarness();
    const rs = h.create(replicaSet('web', 3));
    const pods = h.podsOf(rs);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe('web-');
      expect(p.metadata.labels).toEqual({ app: 'web' });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect([...h.events(rs)].sort()).toEqual(names(pods).map((n) => `SuccessfulCreate: Created pod: ${n}`));
    const ev = h.store.filter('Event', undefined, (e) => e.involvedObject?.uid === rs.metadata.uid)[0];
    expect(ev.source).toEqual({ component: 'replicaset-controller' });
    expect(ev.type).toBe('Normal');
    expect(h.get(rs)!.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it('keeps the count when a pod is deleted', () => {
    const h = newHarness();
    const rs = h.create(replicaSet('web', 2));
    const [victim] = h.podsOf(rs);
    h.store.delete('Pod', 'default', victim.metadata.name);
    h.finishTerminating();
    const pods = h.podsOf(rs);
    expect(pods).toHaveLength(2);
    expect(names(pods)).not.toContain(victim.metadata.name);
  });

  it('creates 1,200 replicas in rounds of at most 500 and reports them all', () => {
    const h = newHarness();
    const rs = h.create(replicaSet('big', 1200));
    expect(h.podsOf(rs)).toHaveLength(1200);
    expect(h.get(rs)!.status.replicas).toBe(1200);
  });

  it('scales down in the order of preference: unbound, pending, not ready, then ready', () => {
    const h = newHarness({ nodes: ['n1', 'n2'] });
    const rs = h.create(replicaSet('web', 4));
    const [a, b, c, d] = h.podsOf(rs);
    // a stays unbound; b is bound but Pending; c runs but is not ready; d is ready.
    h.bind(b, 'n1');
    h.bind(c, 'n1');
    h.setReady(c, false);
    h.bind(d, 'n2');
    h.setReady(d, true);
    const scale = (n: number) => {
      const cur = clone(h.get(rs)!);
      cur.spec.replicas = n;
      h.store.update(cur);
      h.settle();
      return names(h.podsOf(rs));
    };
    expect(scale(3)).toEqual(names([b, c, d]));
    expect(scale(2)).toEqual(names([c, d]));
    expect(scale(1)).toEqual(names([d]));
    expect(h.events(rs).filter((e) => e.startsWith('SuccessfulDelete'))).toEqual([
      `SuccessfulDelete: Deleted pod: ${a.metadata.name}`,
      `SuccessfulDelete: Deleted pod: ${b.metadata.name}`,
      `SuccessfulDelete: Deleted pod: ${c.metadata.name}`,
    ]);
    expect(h.get(rs)!.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 4 });
  });

  it('honours pod-deletion-cost among ready pods', () => {
    const h = newHarness({ nodes: ['n1', 'n2', 'n3'] });
    const rs = h.create(replicaSet('web', 3));
    const pods = h.podsOf(rs);
    pods.forEach((p, i) => {
      h.bind(p, `n${i + 1}`);
      h.setReady(p);
    });
    const precious = h.podsOf(rs)[0];
    const cheap = clone(h.podsOf(rs)[2]);
    cheap.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-100' };
    h.store.update(cheap);
    const rich = clone(precious);
    rich.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '100' };
    h.store.update(rich);
    const cur = clone(h.get(rs)!);
    cur.spec.replicas = 1;
    h.store.update(cur);
    h.settle();
    expect(names(h.podsOf(rs))).toEqual([precious.metadata.name]);
  });

  it('adopts matching orphans and does not create pods for them', () => {
    const h = newHarness();
    const orphan = h.create(barePod('stray', { app: 'web' }));
    const rs = h.create(replicaSet('web', 2));
    const pods = h.podsOf(rs);
    expect(pods).toHaveLength(2);
    const adopted = h.get(orphan)!;
    expect(adopted.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(h.events(rs).filter((e) => e.startsWith('SuccessfulCreate'))).toHaveLength(1);
  });

  it('adopts an orphan that starts matching later, then scales the surplus away', () => {
    const h = newHarness();
    const rs = h.create(replicaSet('web', 1));
    const stray = h.create(barePod('stray', { app: 'other' }));
    const relabelled = clone(stray);
    relabelled.metadata.labels = { app: 'web' };
    h.store.update(relabelled);
    h.settle();
    // Two pods matched; the orphan was adopted, then one of the two (both unbound, Pending,
    // created in the same second) was deleted.
    expect(h.podsOf(rs)).toHaveLength(1);
    expect(h.events(rs).filter((e) => e.startsWith('SuccessfulDelete'))).toHaveLength(1);
  });

  it('releases a pod whose labels stop matching and replaces it', () => {
    const h = newHarness();
    const rs = h.create(replicaSet('web', 2));
    const [p] = h.podsOf(rs);
    const debug = clone(p);
    debug.metadata.labels = { app: 'debug' };
    h.store.update(debug);
    h.settle();
    const released = h.get(p)!;
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(h.podsOf(rs)).toHaveLength(2);
    expect(names(h.podsOf(rs))).not.toContain(p.metadata.name);
  });

  it('does not touch pods controlled by another controller', () => {
    const h = newHarness();
    const a = h.create(replicaSet('a', 1, { app: 'shared' }));
    const b = h.create(replicaSet('b', 1, { app: 'shared' }));
    expect(h.podsOf(a)).toHaveLength(1);
    expect(h.podsOf(b)).toHaveLength(1);
  });

  it('stops at the first failing slow-start batch, sets ReplicaFailure, then recovers', () => {
    const h = newHarness();
    let allowed = 2;
    h.store.extendStrategy('Pod', {
      admit(obj) {
        if (allowed-- <= 0) throw forbidden(mustKind('Pod'), obj.metadata.name, 'exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2');
      },
    });
    const rs = h.create(replicaSet('web', 10));
    // Batches 1 and 2: the first pod, then one success and one failure; the rest are skipped.
    expect(h.podsOf(rs)).toHaveLength(2);
    const failures = h.events(rs).filter((e) => e.startsWith('FailedCreate'));
    expect(failures[0]).toMatch(/^FailedCreate: Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: pods/);
    const status = h.get(rs)!.status;
    expect(status.conditions).toHaveLength(1);
    expect(status.conditions[0]).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
    expect(status.conditions[0].message).toMatch(/is forbidden: exceeded quota/);
    allowed = 1000;
    h.advance(60_000);
    expect(h.podsOf(rs)).toHaveLength(10);
    expect(h.get(rs)!.status.conditions).toBeUndefined();
  });

  it('requeues exactly when a pod becomes available under minReadySeconds', () => {
    const h = newHarness({ nodes: ['n1'] });
    const rs = h.create(replicaSet('web', 1, { app: 'web' }, { minReadySeconds: 10 }));
    const [p] = h.podsOf(rs);
    h.bind(p, 'n1');
    h.setReady(p);
    expect(h.get(rs)!.status).toMatchObject({ replicas: 1, readyReplicas: 1 });
    expect(h.get(rs)!.status.availableReplicas).toBeUndefined();
    expect(h.runtime.nextEventAt()).toBe(h.runtime.now + 10_000);
    h.advance(9_999);
    expect(h.get(rs)!.status.availableReplicas).toBeUndefined();
    h.advance(1);
    expect(h.get(rs)!.status.availableReplicas).toBe(1);
    // Nothing is polled: no timer of the controller is left.
    expect(h.runtime.timers.save().timers.filter((t) => t.owner.startsWith('replicaset-controller'))).toEqual([]);
  });

  it('counts fullyLabeledReplicas against the template labels', () => {
    const h = newHarness();
    h.create(barePod('partial', { app: 'web' }));
    const rs = h.create({
      ...replicaSet('web', 2),
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web', tier: 'front' }) },
    });
    h.settle();
    expect(h.get(rs)!.status).toMatchObject({ replicas: 2, fullyLabeledReplicas: 1 });
  });

  it('leaves pods alone while the ReplicaSet is being deleted (orphan finalizer)', () => {
    const h = newHarness();
    const rs = h.create(replicaSet('web', 2));
    const before = names(h.podsOf(rs));
    h.store.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Orphan' });
    h.settle();
    expect(h.get(rs)).toBeUndefined();
    const left = h.store.list('Pod', { namespace: 'default' });
    expect(names(left)).toEqual(before);
    expect(left.every((p) => !p.metadata.ownerReferences)).toBe(true);
  });

  it('continues identically after a snapshot is restored', () => {
    const run = (restore: boolean) => {
      let h = newHarness({ nodes: ['n1', 'n2'] });
      const rs = h.create(replicaSet('web', 6));
      h.podsOf(rs).forEach((p, i) => {
        h.bind(p, i % 2 ? 'n1' : 'n2');
        if (i < 4) h.setReady(p);
      });
      h.advance(30_000);
      if (restore) {
        const state = JSON.parse(JSON.stringify({ runtime: h.runtime.save(), recorder: h.recorder.save() }));
        h = newHarness({ nodes: ['n1', 'n2'] });
        h.runtime.load(state.runtime);
        h.recorder.load(state.recorder);
      }
      const cur = clone(h.store.mustGet('ReplicaSet', 'default', 'web'));
      cur.spec.replicas = 3;
      h.store.update(cur);
      h.advance(1000);
      return JSON.stringify(h.runtime.save());
    };
    expect(run(true)).toBe(run(false));
  });
});

describe('ReplicationController manager', () => {
  it('manages pods with an equality selector and reports as replication-controller', () => {
    const h = newHarness();
    const rc = h.create({
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: { replicas: 2, selector: { app: 'nginx' }, template: podTemplate({ app: 'nginx' }) },
    });
    const pods = h.podsOf(rc);
    expect(pods).toHaveLength(2);
    expect(pods[0].metadata.ownerReferences![0]).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController', name: 'nginx', controller: true });
    const ev = h.store.filter('Event', undefined, (e) => e.involvedObject?.uid === rc.metadata.uid)[0];
    expect(ev.source).toEqual({ component: 'replication-controller' });
    expect(h.get(rc)!.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 });
    // A ReplicaSet selecting the same labels does not steal the RC's pods.
    const rs = h.create(replicaSet('rs', 1, { app: 'nginx' }));
    expect(h.podsOf(rs)).toHaveLength(1);
    expect(h.podsOf(rc)).toHaveLength(2);
  });

  it('deleting the RC deletes its pods (background cascade)', () => {
    const h = newHarness();
    h.create({
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: { replicas: 2, selector: { app: 'nginx' }, template: podTemplate({ app: 'nginx' }) },
    });
    h.store.delete('ReplicationController', 'default', 'nginx');
    h.settle();
    h.finishTerminating();
    expect(h.store.list('Pod', { namespace: 'default' })).toEqual([]);
  });
});
