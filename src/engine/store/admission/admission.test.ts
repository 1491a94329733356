import { describe, expect, it } from 'vitest';
import { Runtime } from '../../sim/runtime';
import { ApiStore } from '../store';
import { strategies } from '../strategies';
import { ApiError } from '../../api/errors';
import { computePodQOS } from '../../api/defaults/qos';
import type { NewObject } from '../../api/types';

function setup(seed = 1) {
  const rt = new Runtime(Date.parse('2025-03-03T09:00:00Z'), seed, true);
  const store = rt.register(new ApiStore(rt));
  for (const [kind, s] of Object.entries(strategies)) store.setStrategy(kind, s);
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return store;
}

const pod = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = { name: 'p' }): NewObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta,
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec },
});

function forbidden(store: ApiStore, input: NewObject): string {
  try {
    store.create(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).reason).toBe('Forbidden');
    return (e as Error).message;
  }
  throw new Error('expected Forbidden');
}

const MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

describe('ServiceAccount admission', () => {
  it('defaults the service account and mounts the token volume in init containers and containers', () => {
    const p = setup().create(pod({ initContainers: [{ name: 'init', image: 'busybox' }] }));
    expect(p.spec.serviceAccountName).toBe('default');
    const vol = p.spec.volumes.at(-1);
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol.projected.sources[0]).toEqual({ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } });
    for (const c of [...p.spec.initContainers, ...p.spec.containers]) expect(c.volumeMounts).toEqual([{ name: vol.name, readOnly: true, mountPath: MOUNT }]);
  });

  it('draws the volume suffix from the seeded RNG (same seed, same name)', () => {
    const a = setup(9).create(pod()).spec.volumes[0].name;
    const b = setup(9).create(pod()).spec.volumes[0].name;
    expect(a).toBe(b);
  });

  it.each([
    ['the pod opts out', { automountServiceAccountToken: false }, undefined],
    ['the service account opts out', { serviceAccountName: 'robot' }, false],
  ])('mounts nothing when %s', (_name, spec, saAutomount) => {
    const store = setup();
    store.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' }, automountServiceAccountToken: saAutomount });
    const p = store.create(pod(spec));
    expect(p.spec.volumes).toBeUndefined();
    expect(p.spec.containers[0].volumeMounts).toBeUndefined();
  });

  it("lets the pod's automountServiceAccountToken override the account's", () => {
    const store = setup();
    store.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' }, automountServiceAccountToken: false });
    expect(store.create(pod({ serviceAccountName: 'robot', automountServiceAccountToken: true })).spec.volumes).toHaveLength(1);
  });

  it('leaves a container that already mounts the path alone', () => {
    const p = setup().create(
      pod({ volumes: [{ name: 'own', emptyDir: {} }], containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: 'own', mountPath: MOUNT }] }] }),
    );
    expect(p.spec.volumes.map((v: { name: string }) => v.name)).toEqual(['own']);
  });

  it('copies the account image pull secrets', () => {
    const store = setup();
    store.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' }, imagePullSecrets: [{ name: 'regcred' }] });
    expect(store.create(pod({ serviceAccountName: 'robot' })).spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  it('refuses an unknown service account', () => {
    expect(forbidden(setup(), pod({ serviceAccountName: 'robot' }))).toBe(
      'pods "p" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    );
  });

  it('names a generated pod by its generateName, as a ReplicaSet event shows it', () => {
    expect(forbidden(setup(), pod({ serviceAccountName: 'robot' }, { generateName: 'web-7d4b9c-' }))).toBe(
      'pods "web-7d4b9c-" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found',
    );
  });

  it('does not touch mirror pods, and refuses one that references a service account', () => {
    const store = setup();
    const mirror = { name: 'etcd-n1', annotations: { 'kubernetes.io/config.mirror': 'abc' } };
    const p = store.create(pod({ nodeName: 'n1' }, mirror));
    expect(p.spec.serviceAccountName).toBeUndefined();
    expect(p.spec.volumes).toBeUndefined();
    expect(forbidden(store, pod({ nodeName: 'n1', serviceAccountName: 'default' }, { ...mirror, name: 'x' }))).toBe(
      'pods "x" is forbidden: a mirror pod may not reference service accounts',
    );
  });
});

describe('DefaultTolerationSeconds admission', () => {
  const tol = (key: string) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  it.each<[string, unknown[], unknown[]]>([
    ['adds both', [], [tol('node.kubernetes.io/not-ready'), tol('node.kubernetes.io/unreachable')]],
    [
      'keeps a given not-ready toleration',
      [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }],
      [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }, tol('node.kubernetes.io/unreachable')],
    ],
    ['adds nothing when everything is tolerated', [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
    [
      'a NoSchedule toleration does not count',
      [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }],
      [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, tol('node.kubernetes.io/not-ready'), tol('node.kubernetes.io/unreachable')],
    ],
  ])('%s', (_name, given, want) => {
    expect(setup().create(pod({ tolerations: given })).spec.tolerations).toEqual(want);
  });
});

describe('Priority admission', () => {
  it.each([
    [undefined, 0],
    ['system-node-critical', 2000001000],
    ['system-cluster-critical', 2000000000],
  ])('class %s -> priority %d, PreemptLowerPriority', (cls, priority) => {
    const p = setup().create(pod(cls ? { priorityClassName: cls } : {}));
    expect(p.spec.priority).toBe(priority);
    expect(p.spec.preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('refuses an unknown class and a hand-written priority', () => {
    const store = setup();
    expect(forbidden(store, pod({ priorityClassName: 'gold' }))).toBe('pods "p" is forbidden: no PriorityClass with name gold was found');
    expect(forbidden(store, pod({ priority: 5 }))).toBe(
      'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    );
  });
});

describe('pod status on create', () => {
  it('is Pending with the QoS class, whatever the request said', () => {
    const p = setup().create({ ...pod(), status: { phase: 'Running', podIP: '10.0.0.1' } });
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  const c = (resources: Record<string, unknown>, name = 'c') => ({ name, image: 'x', resources });
  it.each<[string, Record<string, unknown>, string]>([
    ['nothing', { containers: [c({})] }, 'BestEffort'],
    ['a request', { containers: [c({ requests: { cpu: '100m' } })] }, 'Burstable'],
    ['equal requests and limits', { containers: [c({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } })] }, 'Guaranteed'],
    ['limits only (requests default to them)', { containers: [c({ limits: { cpu: '500m', memory: '128Mi' } })] }, 'Guaranteed'],
    ['cpu limit only', { containers: [c({ limits: { cpu: '500m' } })] }, 'Burstable'],
    ['an init container without limits', { containers: [c({ limits: { cpu: '1', memory: '1Gi' } })], initContainers: [c({}, 'init')] }, 'Burstable'],
    ['zero requests are ignored', { containers: [c({ requests: { cpu: '0' } })] }, 'BestEffort'],
    ['other resources do not count', { containers: [c({ requests: { 'ephemeral-storage': '1Gi' } })] }, 'BestEffort'],
  ])('%s -> %s', (_name, spec, want) => {
    const p = setup().create(pod(spec));
    expect(p.status.qosClass).toBe(want);
    expect(computePodQOS(p.spec)).toBe(want);
  });
});
