/**
 * Test helpers of the read-side kubectl tests: an engine with the API store and its indexes but
 * no controllers, scheduler or kubelets, loaded with exactly the objects a test builds (uids,
 * resourceVersions and timestamps as given), and objects shaped as a v1.32 cluster stores them.
 */
import { Runtime } from '../../engine/sim/runtime';
import { ApiStore } from '../../engine/store/store';
import { EventRecorder } from '../../engine/client/events';
import { controllerRef, type KObject } from '../../engine/api/types';
import type { Engine } from '../../engine/cluster';
import { rfc3339 } from '../../engine/api/time';
import { runKubectl, type KubectlOptions } from '../index';

/** The simulated "now" of kit engines: 2025-03-03T10:00:00Z. */
export const KIT_NOW = Date.parse('2025-03-03T10:00:00Z');

/** RFC 3339 time `seconds` before KIT_NOW. */
export function ago(seconds: number, now = KIT_NOW): string {
  return rfc3339(now - seconds * 1000);
}

/** An engine holding exactly `objects` (missing uid/resourceVersion are filled in), at `now`. */
export function kitEngine(objects: Array<Partial<KObject> & { kind: string }>, now = KIT_NOW): Engine {
  const runtime = new Runtime(now, 42, true);
  const store = runtime.register(new ApiStore(runtime));
  const recorder = new EventRecorder(runtime, store);
  // The indexes the real API server installs (store/install.ts), without the strategies.
  const kinds = [...new Set(['Pod', 'Event', 'Node', 'ReplicaSet', 'Deployment', ...objects.map((o) => o.kind)])];
  for (const k of kinds) {
    store.addIndex(k, 'owner', (o: KObject) => o.metadata.ownerReferences?.map((r) => r.uid));
    store.addIndex(k, 'controller', (o: KObject) => controllerRef(o)?.uid);
  }
  store.addIndex('Pod', 'node', (o: KObject) => o.spec?.nodeName || undefined);
  let rv = 100;
  const full = objects.map((o, i) => {
    const apiVersion = o.apiVersion ?? (['Deployment', 'ReplicaSet', 'DaemonSet'].includes(o.kind) ? 'apps/v1' : o.kind === 'Lease' ? 'coordination.k8s.io/v1' : 'v1');
    const metadata = { ...(o.metadata ?? {}) } as KObject['metadata'];
    metadata.uid ??= `uid-${metadata.name}-${i}`;
    metadata.resourceVersion ??= String(++rv);
    metadata.creationTimestamp ??= ago(3600, now);
    return { ...o, apiVersion, metadata } as KObject;
  });
  store.load({ resourceVersion: rv, objects: full, ttl: [] });
  return { runtime, store, recorder, clientState: {}, options: { seed: 42, nodes: [], startTime: rfc3339(now) } } as unknown as Engine;
}

/** Runs kubectl on a kit engine. */
export function kubectl(engine: Engine, line: string, options: KubectlOptions = {}) {
  return runKubectl(engine, line, options);
}

/** A namespace object. */
export function ns(name: string, ageSeconds = 86400): KObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, creationTimestamp: ago(ageSeconds) }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as unknown as KObject;
}

/** A running, ready pod with one container, as a kubelet reports it. */
export function runningPod(name: string, opts: { namespace?: string; node?: string; ip?: string; ageSeconds?: number; labels?: Record<string, string>; image?: string; restarts?: number } = {}): KObject {
  const age = opts.ageSeconds ?? 300;
  const started = ago(age - 5);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.namespace ?? 'default', labels: opts.labels ?? { app: 'web' }, creationTimestamp: ago(age) },
    spec: {
      containers: [{ name: 'nginx', image: opts.image ?? 'nginx', imagePullPolicy: 'Always', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
      nodeName: opts.node ?? 'podium-worker',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: started },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: ago(age) },
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: started },
        { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: started },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: ago(age) },
      ],
      hostIP: '172.18.0.3',
      hostIPs: [{ ip: '172.18.0.3' }],
      podIP: opts.ip ?? '10.244.1.5',
      podIPs: [{ ip: opts.ip ?? '10.244.1.5' }],
      startTime: ago(age),
      qosClass: 'BestEffort',
      containerStatuses: [
        {
          name: 'nginx',
          image: `docker.io/library/${opts.image ?? 'nginx'}:latest`,
          imageID: 'docker.io/library/nginx@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a',
          containerID: 'containerd://5f1c3a1e0f6b7a2a0c1e5d4e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a',
          ready: true,
          started: true,
          restartCount: opts.restarts ?? 0,
          state: { running: { startedAt: started } },
          lastState: {},
        },
      ],
    },
  } as unknown as KObject;
}
