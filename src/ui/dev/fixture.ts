/**
 * A static, read-only sample cluster for looking at the dashboard without the engine (`?fixture`
 * or `?fixture=10000` for that many extra pods): screenshots, layout work and the table's
 * scrolling measurement. It only fills the UI mirror; nothing here reaches the engine.
 */
import type { KObject } from '../../protocol/batch';

const T0 = Date.parse('2025-03-03T08:55:00Z');
let uidSeq = 0;
let rv = 1000;

function meta(name: string, namespace: string | undefined, createdMs: number, extra: Record<string, unknown> = {}) {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: `00000000-0000-4000-8000-${String(++uidSeq).padStart(12, '0')}`,
    resourceVersion: String(++rv),
    creationTimestamp: new Date(createdMs).toISOString().replace('.000Z', 'Z'),
    ...extra,
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function node(name: string, i: number, controlPlane: boolean): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name, undefined, T0, {
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
    }),
    spec: { podCIDR: `10.244.${i}.0/24`, ...(controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}) },
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [
        { type: 'InternalIP', address: `172.18.0.${i + 2}` },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: { kubeletVersion: 'v1.32.2', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0-45-generic', containerRuntimeVersion: 'containerd://1.7.24', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

function pod(o: { name: string; ns: string; node?: string; image: string; labels?: Record<string, string>; owner?: KObject; state: 'running' | 'creating' | 'pending' | 'crash' | 'terminating'; ip?: string; created: number; restarts?: number; cpu?: string }): KObject {
  const running = o.state === 'running' || o.state === 'terminating';
  const cs =
    o.state === 'pending'
      ? undefined
      : [
          {
            name: o.image.split(/[:/]/).slice(-2)[0] || 'app',
            image: o.image,
            ready: running,
            started: running,
            restartCount: o.restarts ?? 0,
            state: running ? { running: { startedAt: iso(o.created + 4000) } } : o.state === 'crash' ? { waiting: { reason: 'CrashLoopBackOff' } } : { waiting: { reason: 'ContainerCreating' } },
            ...(o.restarts ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: iso(o.created + 60_000) } } } : {}),
          },
        ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(o.name, o.ns, o.created, {
      labels: o.labels ?? {},
      ...(o.owner ? { ownerReferences: [{ apiVersion: o.owner.apiVersion, kind: o.owner.kind, name: o.owner.metadata.name, uid: o.owner.metadata.uid, controller: true, blockOwnerDeletion: true }] } : {}),
      ...(o.state === 'terminating' ? { deletionTimestamp: iso(T0 + 400_000), deletionGracePeriodSeconds: 30 } : {}),
    }),
    spec: { nodeName: o.node, containers: [{ name: cs?.[0]?.name ?? 'app', image: o.image, resources: { requests: { cpu: o.cpu ?? '100m', memory: '128Mi' } } }] },
    status: {
      phase: o.state === 'pending' || o.state === 'creating' ? 'Pending' : 'Running',
      ...(o.ip && o.state !== 'pending' ? { podIP: o.ip, podIPs: [{ ip: o.ip }] } : {}),
      conditions: [{ type: 'PodScheduled', status: o.node ? 'True' : 'False' }, { type: 'Ready', status: running ? 'True' : 'False' }],
      ...(cs ? { containerStatuses: cs } : {}),
      qosClass: 'Burstable',
    },
  };
}

function event(o: { ns: string; kind: string; name: string; uid: string; reason: string; message: string; type?: string; at: number; component: string; host?: string; count?: number }): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(`${o.name}.${(0x17a0000000 + uidSeq).toString(16)}`, o.ns, o.at),
    involvedObject: { kind: o.kind, namespace: o.ns, name: o.name, uid: o.uid },
    reason: o.reason,
    message: o.message,
    type: o.type ?? 'Normal',
    source: { component: o.component, ...(o.host ? { host: o.host } : {}) },
    firstTimestamp: iso(o.at),
    lastTimestamp: iso(o.at + ((o.count ?? 1) - 1) * 20_000),
    count: o.count ?? 1,
  };
}

/** Builds the sample cluster: kind's three nodes, kubeadm's system pods, a web app mid-rollout. */
export function buildFixture(extraPods = 0): KObject[] {
  uidSeq = 0;
  const out: KObject[] = [];
  const nodes = [node('podium-control-plane', 0, true), node('podium-worker', 1, false), node('podium-worker2', 2, false)];
  out.push(...nodes);
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, undefined, T0, { labels: { 'kubernetes.io/metadata.name': ns } }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  const cp = 'podium-control-plane';
  for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'])
    out.push(pod({ name: `${c}-${cp}`, ns: 'kube-system', node: cp, image: `registry.k8s.io/${c}:${c === 'etcd' ? '3.5.16-0' : 'v1.32.2'}`, labels: { component: c, tier: 'control-plane' }, state: 'running', ip: '172.18.0.2', created: T0 + 20_000, cpu: '250m' }));
  const ds: KObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('kube-proxy', 'kube-system', T0 + 25_000, { labels: { 'k8s-app': 'kube-proxy' } }),
    spec: { selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.2' }] } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 },
  };
  out.push(ds);
  ['xk2pd', 'b7q9s', 'm4wzr'].forEach((s, i) =>
    out.push(pod({ name: `kube-proxy-${s}`, ns: 'kube-system', node: nodes[i].metadata.name, image: 'registry.k8s.io/kube-proxy:v1.32.2', labels: { 'k8s-app': 'kube-proxy' }, owner: ds, state: 'running', ip: `172.18.0.${i + 2}`, created: T0 + 30_000 })),
  );
  const dep = (name: string, ns: string, replicas: number, image: string, ready: number, updated: number, labels: Record<string, string>): KObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, ns, T0 + 40_000, { labels, annotations: { 'deployment.kubernetes.io/revision': name === 'web' ? '2' : '1' } }),
    spec: { replicas, selector: { matchLabels: labels }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, template: { metadata: { labels }, spec: { containers: [{ name: image.split(/[:/]/).slice(-2)[0], image }] } } },
    status: { replicas: updated + (replicas - ready), readyReplicas: ready, updatedReplicas: updated, availableReplicas: ready, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }] },
  });
  const coredns = dep('coredns', 'kube-system', 2, 'registry.k8s.io/coredns/coredns:v1.11.3', 2, 2, { 'k8s-app': 'kube-dns' });
  const web = dep('web', 'default', 4, 'nginx:1.27', 3, 2, { app: 'web' });
  out.push(coredns, web);
  const rs = (d: KObject, hash: string, replicas: number, ready: number, image: string, rev: string): KObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(`${d.metadata.name}-${hash}`, d.metadata.namespace, T0 + 41_000 + (Number(rev) - 1) * 200_000, {
      labels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': rev },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }],
    }),
    spec: { replicas, selector: { matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hash } }, template: { spec: { containers: [{ name: image.split(/[:/]/).slice(-2)[0], image }] } } },
    status: { replicas, readyReplicas: ready, availableReplicas: ready },
  });
  const corednsRs = rs(coredns, '668d6bf9bc', 2, 2, 'registry.k8s.io/coredns/coredns:v1.11.3', '1');
  const webOld = rs(web, '7c5ddbdf54', 2, 2, 'nginx:1.26', '1');
  const webNew = rs(web, '5d8f9c7b6d', 3, 1, 'nginx:1.27', '2');
  out.push(corednsRs, webOld, webNew);
  out.push(pod({ name: 'coredns-668d6bf9bc-7xk2p', ns: 'kube-system', node: cp, image: 'registry.k8s.io/coredns/coredns:v1.11.3', labels: { 'k8s-app': 'kube-dns' }, owner: corednsRs, state: 'running', ip: '10.244.0.2', created: T0 + 45_000 }));
  out.push(pod({ name: 'coredns-668d6bf9bc-q9m4t', ns: 'kube-system', node: cp, image: 'registry.k8s.io/coredns/coredns:v1.11.3', labels: { 'k8s-app': 'kube-dns' }, owner: corednsRs, state: 'running', ip: '10.244.0.3', created: T0 + 45_000 }));
  out.push(pod({ name: 'web-7c5ddbdf54-2xk8p', ns: 'default', node: 'podium-worker', image: 'nginx:1.26', labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' }, owner: webOld, state: 'running', ip: '10.244.1.4', created: T0 + 60_000 }));
  out.push(pod({ name: 'web-7c5ddbdf54-h7v2c', ns: 'default', node: 'podium-worker2', image: 'nginx:1.26', labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' }, owner: webOld, state: 'terminating', ip: '10.244.2.4', created: T0 + 60_000 }));
  out.push(pod({ name: 'web-5d8f9c7b6d-k2m9x', ns: 'default', node: 'podium-worker2', image: 'nginx:1.27', labels: { app: 'web', 'pod-template-hash': '5d8f9c7b6d' }, owner: webNew, state: 'running', ip: '10.244.2.7', created: T0 + 290_000 }));
  out.push(pod({ name: 'web-5d8f9c7b6d-p8r4n', ns: 'default', node: 'podium-worker', image: 'nginx:1.27', labels: { app: 'web', 'pod-template-hash': '5d8f9c7b6d' }, owner: webNew, state: 'creating', ip: '10.244.1.9', created: T0 + 296_000 }));
  out.push(pod({ name: 'web-5d8f9c7b6d-zt6wq', ns: 'default', image: 'nginx:1.27', labels: { app: 'web', 'pod-template-hash': '5d8f9c7b6d' }, owner: webNew, state: 'pending', created: T0 + 298_000 }));
  out.push(pod({ name: 'api-6b7f8d9c4f-lq2vx', ns: 'default', node: 'podium-worker', image: 'busybox:1.36', labels: { app: 'api', note: '<b>bold</b>' }, state: 'crash', ip: '10.244.1.5', created: T0 + 100_000, restarts: 4 }));
  for (let i = 0; i < extraPods; i++) {
    const n = 1 + (i % 2);
    out.push(pod({ name: `load-6f9b8c7d5e-${i.toString(36).padStart(5, '0')}`, ns: 'load', node: nodes[n].metadata.name, image: 'nginx:1.26', labels: { app: 'load' }, state: i % 97 === 0 ? 'creating' : 'running', ip: `10.${244 + Math.floor(i / 65000)}.${n}.${i % 250}`, created: T0 + 100_000 + i * 10 }));
  }
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('kubernetes', 'default', T0, { labels: { component: 'apiserver', provider: 'kubernetes' } }),
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
  });
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('kube-dns', 'kube-system', T0 + 20_000, { labels: { 'k8s-app': 'kube-dns' } }),
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }] },
  });
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('web', 'default', T0 + 50_000, { labels: { app: 'web' } }),
    spec: { type: 'NodePort', clusterIP: '10.96.142.17', clusterIPs: ['10.96.142.17'], selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP', targetPort: 80 }] },
  });
  out.push({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta('kubernetes', 'default', T0), subsets: [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }] });
  out.push({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta('kube-dns', 'kube-system', T0 + 20_000), subsets: [{ addresses: [{ ip: '10.244.0.2' }, { ip: '10.244.0.3' }], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }] }] });
  out.push({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta('web', 'default', T0 + 50_000), subsets: [{ addresses: [{ ip: '10.244.1.4' }, { ip: '10.244.2.7' }], ports: [{ port: 80, protocol: 'TCP' }] }] });
  const podsByName = new Map(out.filter((o) => o.kind === 'Pod').map((p) => [p.metadata.name, p]));
  const ev = (p: string, reason: string, message: string, at: number, extra: Partial<Parameters<typeof event>[0]> = {}) => {
    const o = podsByName.get(p)!;
    out.push(event({ ns: o.metadata.namespace!, kind: 'Pod', name: p, uid: o.metadata.uid, reason, message, at, component: 'kubelet', host: o.spec.nodeName, ...extra }));
  };
  ev('web-5d8f9c7b6d-k2m9x', 'Scheduled', 'Successfully assigned default/web-5d8f9c7b6d-k2m9x to podium-worker2', T0 + 290_000, { component: 'default-scheduler', host: undefined });
  ev('web-5d8f9c7b6d-k2m9x', 'Pulling', 'Pulling image "nginx:1.27"', T0 + 290_500);
  ev('web-5d8f9c7b6d-k2m9x', 'Pulled', 'Successfully pulled image "nginx:1.27" in 2.841s (2.841s including waiting). Image size: 72099410 bytes.', T0 + 293_400);
  ev('web-5d8f9c7b6d-k2m9x', 'Created', 'Created container: nginx', T0 + 293_500);
  ev('web-5d8f9c7b6d-k2m9x', 'Started', 'Started container nginx', T0 + 293_600);
  ev('web-7c5ddbdf54-h7v2c', 'Killing', 'Stopping container nginx', T0 + 299_000);
  ev('web-5d8f9c7b6d-zt6wq', 'FailedScheduling', '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.', T0 + 298_000, { type: 'Warning', component: 'default-scheduler', host: undefined });
  ev('api-6b7f8d9c4f-lq2vx', 'BackOff', 'Back-off restarting failed container api in pod api-6b7f8d9c4f-lq2vx_default(…)', T0 + 200_000, { type: 'Warning', count: 9 });
  out.push(event({ ns: 'default', kind: 'Deployment', name: 'web', uid: web.metadata.uid, reason: 'ScalingReplicaSet', message: 'Scaled up replica set web-5d8f9c7b6d from 0 to 1', at: T0 + 289_000, component: 'deployment-controller' }));
  out.push(event({ ns: 'default', kind: 'Deployment', name: 'web', uid: web.metadata.uid, reason: 'ScalingReplicaSet', message: 'Scaled down replica set web-7c5ddbdf54 from 4 to 3', at: T0 + 296_000, component: 'deployment-controller' }));
  return out;
}

/** Simulated "now" of the fixture. */
export const FIXTURE_NOW = T0 + 300_000;
