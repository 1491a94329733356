import { describe, expect, it } from 'vitest';
import { Runtime } from '../sim/runtime';
import { ApiStore } from './store';
import { podGracePeriod, strategies } from './strategies';
import { bindPod } from './subresources';
import { KINDS } from '../api/registry';
import type { KObject, NewObject } from '../api/types';

function setup() {
  const rt = new Runtime(Date.parse('2025-03-03T09:00:00Z'), 1, true);
  const store = rt.register(new ApiStore(rt));
  for (const [kind, s] of Object.entries(strategies)) store.setStrategy(kind, s);
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return { rt, store };
}

const copy = <T>(o: T): T => JSON.parse(JSON.stringify(o));
const pod = (spec: Record<string, unknown> = {}): NewObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});
const deploy: NewObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
};

describe('the strategy table', () => {
  it('has a strategy for every kind Podium serves', () => {
    for (const info of KINDS) expect(strategies[info.kind], info.kind).toBeDefined();
  });

  it('matches 1.32 on generation and status subresources', () => {
    const withGeneration = KINDS.filter((k) => k.hasGeneration).map((k) => k.kind).sort();
    expect(withGeneration).toEqual(['DaemonSet', 'Deployment', 'ReplicaSet', 'ReplicationController']);
    const withStatus = KINDS.filter((k) => k.hasStatusSubresource).map((k) => k.kind).sort();
    expect(withStatus).toEqual(['DaemonSet', 'Deployment', 'Namespace', 'Node', 'Pod', 'ReplicaSet', 'ReplicationController', 'Service']);
  });
});

describe('pod graceful deletion (CheckGracefulDelete)', () => {
  const p = (spec: Record<string, unknown>, phase = 'Running') => ({ spec, status: { phase } }) as unknown as KObject;
  it.each<[string, KObject, number | undefined, number]>([
    ['the pod grace period', p({ nodeName: 'n1', terminationGracePeriodSeconds: 30 }), undefined, 30],
    ['a requested grace period', p({ nodeName: 'n1', terminationGracePeriodSeconds: 30 }), 5, 5],
    ['an explicit 0', p({ nodeName: 'n1', terminationGracePeriodSeconds: 30 }), 0, 0],
    ['30 when the pod has none', p({ nodeName: 'n1' }), undefined, 30],
    ['0 for a pod never scheduled', p({ terminationGracePeriodSeconds: 30 }), 10, 0],
    ['0 for a Succeeded pod', p({ nodeName: 'n1', terminationGracePeriodSeconds: 30 }, 'Succeeded'), undefined, 0],
    ['0 for a Failed pod', p({ nodeName: 'n1', terminationGracePeriodSeconds: 30 }, 'Failed'), 20, 0],
    ['1 for a negative value', p({ nodeName: 'n1', terminationGracePeriodSeconds: -5 }), undefined, 1],
  ])('%s', (_name, obj, requested, want) => {
    expect(podGracePeriod(obj, requested)).toBe(want);
  });

  it('keeps a bound pod Terminating for its grace period and removes an unbound one at once', () => {
    const { rt, store } = setup();
    store.create(pod());
    store.delete('Pod', 'default', 'p');
    expect(store.get('Pod', 'default', 'p')).toBeUndefined();
    store.create(pod({ terminationGracePeriodSeconds: 45 }));
    bindPod(store, 'default', 'p', 'n1', rt.now);
    const gone = store.delete('Pod', 'default', 'p');
    expect(gone.metadata.deletionGracePeriodSeconds).toBe(45);
    expect(gone.metadata.deletionTimestamp).toBe('2025-03-03T09:00:45Z');
  });
});

describe('pod updates through subresources', () => {
  it('binds a pod (spec.nodeName) through pods/binding', () => {
    const { rt, store } = setup();
    store.create(pod());
    expect(bindPod(store, 'default', 'p', 'n1', rt.now).spec.nodeName).toBe('n1');
  });

  it('backfills a status write that drops the QoS class and refuses one that changes it', () => {
    const { store } = setup();
    const p = copy(store.create(pod()));
    p.status = { phase: 'Running' };
    const running = copy(store.updateStatus(p));
    expect(running.status.qosClass).toBe('BestEffort');
    running.status.qosClass = 'Guaranteed';
    expect(() => store.updateStatus(running)).toThrow('Pod "p" is invalid: status.qosClass: Invalid value: "Guaranteed": field is immutable');
  });

  it('refuses to bring a terminated container back under restartPolicy Never', () => {
    const { store } = setup();
    const p = copy(store.create(pod({ restartPolicy: 'Never' })));
    p.status.containerStatuses = [{ name: 'c', state: { terminated: { exitCode: 0 } } }];
    const done = copy(store.updateStatus(p));
    done.status.containerStatuses = [{ name: 'c', state: { running: {} } }];
    expect(() => store.updateStatus(done)).toThrow('status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state');
  });
});

describe('workload strategies', () => {
  it('bumps a deployment generation for annotation changes, not for status writes carrying the revision', () => {
    const { store } = setup();
    const d = copy(store.create(deploy));
    d.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
    d.status = { observedGeneration: 1 };
    const afterStatus = store.updateStatus(d);
    expect(afterStatus.metadata.generation).toBe(1);
    expect(afterStatus.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    const d2 = copy(afterStatus);
    d2.metadata.annotations = { ...d2.metadata.annotations, 'kubernetes.io/change-cause': 'manual' };
    expect(store.update(d2).metadata.generation).toBe(2);
  });

  it('counts a daemon set template generation in its annotation', () => {
    const { store } = setup();
    const ds = copy(
      store.create({
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent' },
        spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      }),
    );
    ds.spec.template.spec.containers[0].image = 'busybox:1.36';
    const updated = store.update(ds);
    expect(updated.metadata.annotations?.['deprecated.daemonset.template.generation']).toBe('2');
    expect(updated.metadata.generation).toBe(2);
  });
});

describe('service strategy', () => {
  const svc: NewObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }], clusterIP: '10.96.0.20' } };

  it('keeps the allocated clusterIP when an update leaves it out (kubectl replace)', () => {
    const { store } = setup();
    const created = store.create(svc);
    const again = store.update({ ...copy(svc), metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    expect(again.spec.clusterIPs).toEqual(['10.96.0.20']);
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('drops the clusterIP and IP families when the type becomes ExternalName', () => {
    const { store } = setup();
    const s = copy(store.create(svc));
    s.spec.type = 'ExternalName';
    s.spec.externalName = 'example.com';
    const out = store.update(s);
    expect(out.spec.clusterIP).toBeUndefined();
    expect(out.spec.ipFamilies).toBeUndefined();
    expect(out.spec.ipFamilyPolicy).toBeUndefined();
    expect(out.spec.internalTrafficPolicy).toBe('Cluster');
  });

  it('leaves prepareForCreate and admit free for the network part to layer allocation on', () => {
    expect(strategies.Service.prepareForCreate).toBeUndefined();
    expect(strategies.Service.admit).toBeUndefined();
    const { store } = setup();
    let next = 10;
    store.extendStrategy('Service', {
      prepareForCreate(obj) {
        if (!obj.spec.clusterIP) {
          obj.spec.clusterIP = `10.96.0.${next++}`;
          obj.spec.clusterIPs = [obj.spec.clusterIP];
        }
      },
    });
    const out = store.create({ ...svc, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    expect(out.spec).toMatchObject({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], type: 'ClusterIP' });
  });
});

describe('namespace strategy', () => {
  it('adds the kubernetes finalizer to given ones and turns Terminating on delete', () => {
    const { store } = setup();
    const ns = store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: { finalizers: ['example.com/keep'] } });
    expect(ns.spec.finalizers).toEqual(['example.com/keep', 'kubernetes']);
    const deleting = store.delete('Namespace', undefined, 'team');
    expect(deleting.status.phase).toBe('Terminating');
    expect(deleting.metadata.deletionTimestamp).toBeDefined();
  });
});
