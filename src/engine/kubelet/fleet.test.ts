import { describe, expect, it } from 'vitest';
import { Engine } from '../cluster';
import type { KObject, NewObject } from '../api/types';
import { parseTime } from '../api/time';
import { kubeletFleet } from './install';
import { nodeIP, podCIDR } from './node';

const T0 = Date.parse('2025-03-03T09:00:00Z');

function cluster(nodes: number | undefined = 3, seed = 42): Engine {
  return Engine.create({ strict: true, nodes, seed });
}

function podOn(name: string, node: string, containers: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): NewObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node, containers, ...extra } };
}

function create(e: Engine, obj: NewObject): KObject {
  const o = e.store.create(obj);
  e.runtime.settle();
  return o;
}

function pod(e: Engine, name: string, ns = 'default'): KObject | undefined {
  return e.store.get('Pod', ns, name);
}

/** [seconds since t, reason, message] of a pod's events, oldest first. */
function events(e: Engine, name: string, since = T0): Array<[number, string, string]> {
  return e.store
    .list('Event')
    .filter((ev) => ev.involvedObject.kind === 'Pod' && ev.involvedObject.name === name)
    .sort((a, b) => parseTime(a.firstTimestamp) - parseTime(b.firstTimestamp) || (a.metadata.name < b.metadata.name ? -1 : 1))
    .map((ev) => [Math.round((parseTime(ev.firstTimestamp) - since) / 1000), ev.reason, ev.message] as [number, string, string]);
}

function cstate(e: Engine, name: string, i = 0): Record<string, any> {
  return pod(e, name)!.status.containerStatuses[i];
}

describe('node registration (kind v1.32)', () => {
  it('registers nodes as kind does, with derived heartbeats', () => {
    const e = cluster();
    const cp = e.store.present(e.store.get('Node', undefined, 'podium-control-plane')!);
    const w = e.store.get('Node', undefined, 'podium-worker')!;
    expect(cp.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'podium-control-plane',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
      'beta.kubernetes.io/arch': 'amd64',
    });
    expect(w.metadata.labels!['node-role.kubernetes.io/control-plane']).toBeUndefined();
    expect(cp.metadata.annotations).toEqual({
      'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    });
    expect(cp.spec).toMatchObject({
      podCIDR: '10.244.0.0/24',
      podCIDRs: ['10.244.0.0/24'],
      providerID: 'kind://docker/podium/podium-control-plane',
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    });
    expect(w.spec.podCIDR).toBe('10.244.1.0/24');
    expect(cp.status.addresses).toEqual([
      { address: '172.18.0.2', type: 'InternalIP' },
      { address: 'podium-control-plane', type: 'Hostname' },
    ]);
    expect(cp.status.capacity).toEqual({ cpu: '4', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8Gi', pods: '110' });
    expect(cp.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(cp.status.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.2', kubeProxyVersion: 'v1.32.2', containerRuntimeVersion: 'containerd://1.7.24', osImage: 'Debian GNU/Linux 12 (bookworm)', architecture: 'amd64', operatingSystem: 'linux' });
    expect(cp.status.nodeInfo.machineID).toMatch(/^[0-9a-f]{32}$/);
    const ready = cp.status.conditions.find((c: { type: string }) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(cp.status.conditions.map((c: { type: string }) => c.type)).toEqual(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
    expect(cp.status.images.map((i: { names: string[] }) => i.names[1])).toContain('registry.k8s.io/kube-apiserver:v1.32.2');
    // Heartbeats: the stored value is the last write; reading 12 minutes later shows the last 5-minute beat.
    const stored = parseTime(e.store.get('Node', undefined, 'podium-control-plane')!.status.conditions.at(-1).lastHeartbeatTime);
    e.runtime.advance(12 * 60_000);
    const later = e.store.present(e.store.get('Node', undefined, 'podium-control-plane')!);
    const beat = parseTime(later.status.conditions.at(-1).lastHeartbeatTime);
    expect((beat - stored) % 300_000).toBe(0);
    expect(e.runtime.now - beat).toBeLessThan(300_000);
    const lease = e.store.present(e.store.get('Lease', 'kube-node-lease', 'podium-worker')!);
    expect(lease.spec).toMatchObject({ holderIdentity: 'podium-worker', leaseDurationSeconds: 40 });
    expect(e.runtime.now - parseTime(lease.spec.renewTime)).toBeLessThan(10_000);
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'podium-worker', uid: w.metadata.uid }]);
  });

  it('joins the control plane first and the workers 20-40 s later, Ready after the CNI', () => {
    const e = cluster();
    const created = (n: string) => parseTime(e.store.get('Node', undefined, n)!.metadata.creationTimestamp);
    const cp = created('podium-control-plane');
    for (const w of ['podium-worker', 'podium-worker2']) {
      expect(created(w) - cp).toBeGreaterThanOrEqual(15_000);
      expect(created(w) - cp).toBeLessThanOrEqual(40_000);
    }
    const nodeEvents = e.store.list('Event').filter((ev) => ev.involvedObject.kind === 'Node' && ev.involvedObject.name === 'podium-worker' && ev.source?.component === 'kubelet');
    expect(nodeEvents.map((ev) => ev.reason)).toEqual(
      expect.arrayContaining(['Starting', 'NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeAllocatableEnforced', 'NodeReady']),
    );
    expect(nodeEvents.find((ev) => ev.reason === 'NodeReady')!.message).toBe('Node podium-worker status is now: NodeReady');
    expect(nodeEvents[0].involvedObject.uid).toBe('podium-worker');
  });

  it('leaves an idle cluster without periodic timers', () => {
    const e = cluster();
    e.runtime.advance(600_000);
    const before = e.runtime.timers.size;
    e.runtime.advance(3_600_000);
    // Event expiry buckets only: nothing is polled.
    expect(e.runtime.timers.size).toBeLessThanOrEqual(before);
    expect(e.runtime.nextEventAt()).toBeUndefined();
  });
});

describe('static pods', () => {
  it('publishes kubeadm mirror pods on the control plane', () => {
    const e = cluster();
    const names = e.store
      .list('Pod', { namespace: 'kube-system' })
      .filter((p) => p.metadata.labels?.tier === 'control-plane')
      .map((p) => p.metadata.name);
    expect(names).toEqual(['etcd-podium-control-plane', 'kube-apiserver-podium-control-plane', 'kube-controller-manager-podium-control-plane', 'kube-scheduler-podium-control-plane']);
    const api = pod(e, 'kube-apiserver-podium-control-plane', 'kube-system')!;
    const node = e.store.get('Node', undefined, 'podium-control-plane')!;
    expect(api.metadata.labels).toEqual({ component: 'kube-apiserver', tier: 'control-plane' });
    expect(api.metadata.annotations).toMatchObject({
      'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': '172.18.0.2:6443',
      'kubernetes.io/config.source': 'file',
    });
    expect(api.metadata.annotations!['kubernetes.io/config.hash']).toMatch(/^[0-9a-f]{32}$/);
    expect(api.metadata.annotations!['kubernetes.io/config.mirror']).toBe(api.metadata.annotations!['kubernetes.io/config.hash']);
    expect(api.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', controller: true, kind: 'Node', name: 'podium-control-plane', uid: node.metadata.uid }]);
    expect(api.spec).toMatchObject({ hostNetwork: true, priorityClassName: 'system-node-critical', nodeName: 'podium-control-plane' });
    expect(api.status).toMatchObject({ phase: 'Running', podIP: '172.18.0.2', hostIP: '172.18.0.2' });
    expect(api.status.containerStatuses[0]).toMatchObject({ ready: true, started: true, image: 'registry.k8s.io/kube-apiserver:v1.32.2' });
  });

  it('recreates a deleted mirror pod without restarting the static pod', () => {
    const e = cluster();
    const before = pod(e, 'etcd-podium-control-plane', 'kube-system')!;
    e.store.delete('Pod', 'kube-system', 'etcd-podium-control-plane');
    e.runtime.settle();
    e.runtime.advance(2000);
    const after = pod(e, 'etcd-podium-control-plane', 'kube-system')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.status.containerStatuses[0].containerID).toBe(before.status.containerStatuses[0].containerID);
    expect(after.status.containerStatuses[0].restartCount).toBe(0);
  });
});

describe('pods as kubelet+containerd run them', () => {
  it('pulls, creates and starts nginx with 1.32 events and status', () => {
    const e = cluster();
    const t = e.runtime.now;
    create(e, podOn('web', 'podium-worker', [{ name: 'nginx', image: 'nginx' }]));
    expect(pod(e, 'web')!.status.phase).toBe('Pending');
    expect(cstate(e, 'web')).toMatchObject({ image: 'nginx', imageID: '', ready: false, started: false, state: { waiting: { reason: 'ContainerCreating' } } });
    e.runtime.advance(10_000);
    const ev = events(e, 'web', t);
    expect(ev.map((x) => x[1])).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
    expect(ev[0][2]).toBe('Pulling image "nginx"');
    expect(ev[1][2]).toMatch(/^Successfully pulled image "nginx" in \d+(\.\d+)?m?s \(\d+(\.\d+)?m?s including waiting\)\. Image size: 72950530 bytes\.$/);
    expect(ev[2][2]).toBe('Created container nginx');
    expect(ev[3][2]).toBe('Started container nginx');
    const fieldPaths = e.store.list('Event').filter((x) => x.involvedObject.name === 'web').map((x) => x.involvedObject.fieldPath);
    expect(new Set(fieldPaths)).toEqual(new Set(['spec.containers{nginx}']));
    const p = pod(e, 'web')!;
    expect(p.status.phase).toBe('Running');
    expect(p.status.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(p.status.podIPs).toEqual([{ ip: p.status.podIP }]);
    expect(p.status.hostIP).toBe('172.18.0.3');
    expect(p.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    const cs = p.status.containerStatuses[0];
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.image).toBe('docker.io/library/nginx:latest');
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs).toMatchObject({ ready: true, started: true, restartCount: 0, lastState: {} });
    expect(cs.state.running.startedAt).toBeDefined();
  });

  it('takes about 2.8 s for a cold nginx pull and serialises pulls per node', () => {
    const e = cluster();
    const t = e.runtime.now;
    create(e, podOn('a', 'podium-worker2', [{ name: 'c', image: 'nginx:1.27' }]));
    create(e, podOn('b', 'podium-worker2', [{ name: 'c', image: 'httpd:2.4' }]));
    e.runtime.advance(20_000);
    const pulled = (n: string) => events(e, n, t).find((x) => x[1] === 'Pulled')![2];
    const secs = (s: string) => s.match(/in ([\d.]+)(m?s)/)!.slice(1);
    const [a, unitA] = secs(pulled('a'));
    expect(unitA).toBe('s');
    expect(Number(a)).toBeGreaterThan(2);
    expect(Number(a)).toBeLessThan(4);
    // The pulls are serial: whichever was queued second waited for the other one.
    const waits = ['a', 'b'].map((n) => {
      const m = pulled(n).match(/in ([\d.]+)s \(([\d.]+)s including waiting\)/)!;
      return Number(m[2]) - Number(m[1]);
    });
    expect(Math.max(...waits)).toBeGreaterThan(1);
    expect(Math.min(...waits)).toBe(0);
    // IfNotPresent, already pulled: no pull at all.
    create(e, podOn('c', 'podium-worker2', [{ name: 'c', image: 'nginx:1.27' }]));
    e.runtime.advance(5_000);
    expect(events(e, 'c', t).map((x) => x[2])).toContain('Container image "nginx:1.27" already present on machine');
  });

  it('fails unknown images with ErrImagePull then ImagePullBackOff, backing off 10 s, 20 s, ...', () => {
    const e = cluster();
    const t = e.runtime.now;
    create(e, podOn('bad', 'podium-worker', [{ name: 'c', image: 'nginx:1.99' }]));
    e.runtime.advance(3_000);
    expect(cstate(e, 'bad').state.waiting).toEqual({
      reason: 'ErrImagePull',
      message: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found',
    });
    // The second attempt (after 10-15 s) fails too; the next sync is within the 20 s back-off.
    let backoff: Record<string, string> | undefined;
    for (let s = 0; s < 40 && !backoff; s++) {
      e.runtime.advance(1000);
      const w = cstate(e, 'bad').state.waiting;
      if (w.reason === 'ImagePullBackOff') backoff = w;
    }
    expect(backoff).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:1.99"' });
    expect(cstate(e, 'bad')).toMatchObject({ image: 'nginx:1.99', imageID: '' });
    e.runtime.advance(120_000);
    const ev = e.store.list('Event').filter((x) => x.involvedObject.name === 'bad');
    const byMsg = (m: string) => ev.find((x) => x.message === m);
    expect(byMsg('Pulling image "nginx:1.99"')!.count).toBeGreaterThanOrEqual(3);
    expect(byMsg('Error: ErrImagePull')!.type).toBe('Warning');
    expect(byMsg('Back-off pulling image "nginx:1.99"')).toMatchObject({ type: 'Normal', reason: 'BackOff' });
    expect(byMsg('Error: ImagePullBackOff')).toMatchObject({ type: 'Warning', reason: 'Failed' });
    expect(ev.find((x) => x.message.startsWith('Failed to pull image "nginx:1.99": rpc error: code = NotFound desc = failed to pull and unpack image'))).toBeDefined();
    // Pull attempts: at ~0 s, then when each back-off (10 s, 20 s, 40 s, 80 s) has passed.
    const pulls = byMsg('Pulling image "nginx:1.99"')!;
    expect(pulls.count).toBeLessThanOrEqual(5);
    void t;
  });

  it('refuses to pull with imagePullPolicy Never', () => {
    const e = cluster();
    create(e, podOn('never', 'podium-worker', [{ name: 'c', image: 'redis:7', imagePullPolicy: 'Never' }]));
    e.runtime.advance(3_000);
    expect(cstate(e, 'never').state.waiting).toEqual({ reason: 'ErrImageNeverPull', message: 'Container image "redis:7" is not present with pull policy of Never' });
  });

  it('restarts a crashing container with CrashLoopBackOff: 10 s doubling', () => {
    const e = cluster();
    create(e, podOn('crash', 'podium-worker', [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] }]));
    // Record each new container start.
    const starts: number[] = [];
    let last = '';
    const t0 = e.runtime.now;
    for (let s = 0; s < 400; s++) {
      e.runtime.advance(1000);
      const cs = pod(e, 'crash')?.status?.containerStatuses?.[0];
      const id = cs?.containerID ?? '';
      if (id && id !== last) {
        starts.push(Math.round((e.runtime.now - t0) / 1000));
        last = id;
      }
    }
    const gaps = starts.slice(1).map((s, i) => s - starts[i]);
    // First restart at the next relist, then back-offs of 10, 20, 40, 80, 160 s (+ up to 15 s re-sync).
    expect(gaps[0]).toBeLessThanOrEqual(2);
    const expected = [10, 20, 40, 80, 160];
    expected.forEach((b, i) => {
      expect(gaps[i + 1]).toBeGreaterThanOrEqual(b);
      expect(gaps[i + 1]).toBeLessThanOrEqual(b + 16);
    });
    const cs = cstate(e, 'crash');
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(pod(e, 'crash')!.status.phase).toBe('Running');
    const backOff = e.store.list('Event').find((x) => x.involvedObject.name === 'crash' && x.reason === 'BackOff')!;
    const p = pod(e, 'crash')!;
    expect(backOff.message).toBe(`Back-off restarting failed container c in pod crash_default(${p.metadata.uid})`);
    // While backing off: waiting CrashLoopBackOff with the kubelet's message.
    let seen: Record<string, string> | undefined;
    for (let s = 0; s < 320 && !seen; s++) {
      e.runtime.advance(1000);
      const w = cstate(e, 'crash').state.waiting;
      if (w?.reason === 'CrashLoopBackOff') seen = w;
    }
    expect(seen!.message).toBe(`back-off 5m0s restarting failed container=c pod=crash_default(${p.metadata.uid})`);
  });

  it('runs the docs exec-liveness example: probe fails after ~30 s, the container restarts', () => {
    const e = cluster();
    const t = e.runtime.now;
    create(
      e,
      podOn('liveness-exec', 'podium-worker', [
        {
          name: 'liveness',
          image: 'registry.k8s.io/busybox:1.27.2',
          args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
        },
      ]),
    );
    e.runtime.advance(30_000);
    expect(events(e, 'liveness-exec', t).some((x) => x[1] === 'Unhealthy')).toBe(false);
    e.runtime.advance(15_000);
    const ev = events(e, 'liveness-exec', t);
    const unhealthy = e.store.list('Event').find((x) => x.involvedObject.name === 'liveness-exec' && x.reason === 'Unhealthy')!;
    expect(unhealthy.message).toBe("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(unhealthy.count).toBe(3);
    const killing = ev.find((x) => x[1] === 'Killing')!;
    expect(killing[2]).toBe('Container liveness failed liveness probe, will be restarted');
    expect(killing[0]).toBeGreaterThanOrEqual(35);
    expect(killing[0]).toBeLessThanOrEqual(45);
    // sh ignores SIGTERM: killed after the 30 s grace period (exit 137), then restarted.
    e.runtime.advance(25_000);
    expect(cstate(e, 'liveness-exec').restartCount).toBe(0);
    // Through the kill the pod worker blocks: the status still reads 1/1 Running.
    expect(cstate(e, 'liveness-exec')).toMatchObject({ ready: true, state: { running: {} } });
    e.runtime.advance(10_000);
    const cs = cstate(e, 'liveness-exec');
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('reports a failing HTTP readiness probe and keeps the pod unready', () => {
    const e = cluster();
    create(e, podOn('ready', 'podium-worker', [{ name: 'web', image: 'nginx', readinessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 } }]));
    e.runtime.advance(30_000);
    const p = pod(e, 'ready')!;
    expect(p.status.phase).toBe('Running');
    expect(p.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    const ev = e.store.list('Event').find((x) => x.involvedObject.name === 'ready' && x.reason === 'Unhealthy')!;
    expect(ev.message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 404');
  });

  it('becomes ready on a passing readiness probe at start, without timers once steady', () => {
    const e = cluster();
    create(e, podOn('ok', 'podium-worker', [{ name: 'web', image: 'nginx', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 }, livenessProbe: { tcpSocket: { port: 80 } } }]));
    e.runtime.advance(30_000);
    expect(cstate(e, 'ok')).toMatchObject({ ready: true, started: true });
    e.runtime.advance(60_000);
    const fleet = kubeletFleet(e);
    const rec = fleet.save().pods.find((p) => p.key === 'default/ok')!;
    expect(rec.timerId === undefined || !e.runtime.timers.has(rec.timerId)).toBe(true);
  });

  it('honours the grace period: nginx stops at once, a shell running sleep takes 30 s', () => {
    const e = cluster();
    create(e, podOn('ngx', 'podium-worker', [{ name: 'c', image: 'nginx' }]));
    create(e, podOn('sleeper', 'podium-worker', [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 3600'] }]));
    e.runtime.advance(20_000);
    const t = e.runtime.now;
    e.store.delete('Pod', 'default', 'ngx');
    e.store.delete('Pod', 'default', 'sleeper');
    e.runtime.settle();
    expect(pod(e, 'ngx')!.metadata.deletionTimestamp).toBeDefined();
    e.runtime.advance(1000);
    expect(pod(e, 'ngx')).toBeUndefined();
    expect(events(e, 'sleeper', t).filter((x) => x[1] === 'Killing').map((x) => x[2])).toEqual(['Stopping container c']);
    e.runtime.advance(28_000);
    expect(pod(e, 'sleeper')).toBeDefined();
    e.runtime.advance(2_000);
    expect(pod(e, 'sleeper')).toBeUndefined();
  });

  it('runs init containers in order before the app container', () => {
    const e = cluster();
    create(
      e,
      podOn('init', 'podium-worker', [{ name: 'app', image: 'busybox', command: ['sleep', '3600'] }], {
        initContainers: [
          { name: 'one', image: 'busybox', command: ['sh', '-c', 'sleep 5'] },
          { name: 'two', image: 'busybox', command: ['sh', '-c', 'sleep 5'] },
        ],
      }),
    );
    e.runtime.advance(3_000);
    let p = pod(e, 'init')!;
    expect(p.status.phase).toBe('Pending');
    expect(p.status.initContainerStatuses.map((c: Record<string, any>) => Object.keys(c.state)[0])).toEqual(['running', 'waiting']);
    expect(p.status.containerStatuses[0].state.waiting.reason).toBe('PodInitializing');
    expect(p.status.conditions.find((c: { type: string }) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [one two]' });
    e.runtime.advance(6_000);
    p = pod(e, 'init')!;
    expect(p.status.initContainerStatuses.map((c: Record<string, any>) => Object.keys(c.state)[0])).toEqual(['terminated', 'running']);
    e.runtime.advance(10_000);
    p = pod(e, 'init')!;
    expect(p.status.phase).toBe('Running');
    expect(p.status.initContainerStatuses[1].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('completes a restartPolicy Never pod and keeps its logs', async () => {
    const e = cluster();
    create(e, podOn('once', 'podium-worker', [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo hello; echo oops >&2; exit 3'] }], { restartPolicy: 'Never' }));
    e.runtime.advance(10_000);
    const p = pod(e, 'once')!;
    expect(p.status.phase).toBe('Failed');
    expect(p.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(p.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(e.kubelets.logs('default', 'once', {})).toBe('hello\noops\n');
  });
});

describe('exec and logs', () => {
  it('runs commands, fails missing programs as runc does, and serves logs', () => {
    const e = cluster();
    create(e, podOn('web', 'podium-worker', [{ name: 'nginx', image: 'nginx' }]));
    create(e, podOn('bb', 'podium-worker', [{ name: 'bb', image: 'busybox', command: ['sleep', '3600'] }]));
    expect(() => e.kubelets.logs('default', 'web', {})).toThrow('container "nginx" in pod "web" is waiting to start: ContainerCreating');
    e.runtime.advance(10_000);
    const resolv = e.kubelets.exec({ namespace: 'default', pod: 'web', command: ['cat', '/etc/resolv.conf'] });
    expect(resolv).toEqual({ stdout: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n', stderr: '', exitCode: 0 });
    expect(e.kubelets.exec({ namespace: 'default', pod: 'web', command: ['hostname'] }).stdout).toBe('web\n');
    expect(e.kubelets.exec({ namespace: 'default', pod: 'bb', command: ['curl', 'web'] })).toEqual({
      stdout: '',
      stderr: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\r\n',
      exitCode: 126,
    });
    const local = e.kubelets.exec({ namespace: 'default', pod: 'web', command: ['curl', '-s', 'localhost'] });
    expect(local.stdout).toContain('<title>Welcome to nginx!</title>');
    const logs = e.kubelets.logs('default', 'web', {});
    expect(logs.split('\n')[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(logs).toContain('[notice] 1#1: start worker processes');
    expect(logs).toMatch(/127\.0\.0\.1 - - \[\d\d\/Mar\/2025:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/7\.88\.1" "-"\n$/);
    expect(e.kubelets.logs('default', 'web', { tail: 1 }).split('\n')).toHaveLength(2);
    expect(() => e.kubelets.logs('default', 'web', { previous: true })).toThrow('previous terminated container "nginx" in pod "web" not found');
    expect(() => e.kubelets.logs('default', 'web', { container: 'nope' })).toThrow('container nope is not valid for pod web');
    expect(() => e.kubelets.exec({ namespace: 'default', pod: 'missing', command: ['ls'] })).toThrow('pods "missing" not found');
  });

  it('lets exec change what an exec probe sees', () => {
    const e = cluster();
    create(
      e,
      podOn('probe', 'podium-worker', [
        { name: 'c', image: 'busybox', command: ['sh', '-c', 'touch /tmp/ok; sleep 3600'], readinessProbe: { exec: { command: ['cat', '/tmp/ok'] }, periodSeconds: 5 } },
      ]),
    );
    e.runtime.advance(10_000);
    expect(cstate(e, 'probe').ready).toBe(true);
    e.kubelets.exec({ namespace: 'default', pod: 'probe', command: ['rm', '/tmp/ok'] });
    e.runtime.settle();
    e.runtime.advance(20_000);
    expect(cstate(e, 'probe').ready).toBe(false);
  });
});

describe('node stop and start', () => {
  it('freezes a stopped kubelet, writes its Lease once, and cleans up on start', () => {
    const e = cluster();
    create(e, podOn('w', 'podium-worker', [{ name: 'c', image: 'busybox', command: ['sleep', '36000'] }]));
    e.runtime.advance(10_000);
    const rvBefore = pod(e, 'w')!.metadata.resourceVersion;
    const stopAt = e.runtime.now;
    e.kubelets.stopNode('podium-worker');
    e.runtime.settle();
    expect(e.kubelets.isRunning('podium-worker')).toBe(false);
    const lease = e.store.get('Lease', 'kube-node-lease', 'podium-worker')!;
    const renew = parseTime(lease.spec.renewTime);
    expect(stopAt - renew).toBeLessThan(10_000);
    expect(stopAt).toBeGreaterThanOrEqual(renew);
    // Reading it later does not invent renewals.
    e.runtime.advance(60_000);
    expect(e.store.present(e.store.get('Lease', 'kube-node-lease', 'podium-worker')!).spec.renewTime).toBe(lease.spec.renewTime);
    expect(() => e.kubelets.logs('default', 'w', {})).toThrow(/dial tcp 172\.18\.0\.3:10250: connect: connection refused/);
    // Deleted meanwhile: stays Terminating.
    e.store.delete('Pod', 'default', 'w');
    e.runtime.advance(120_000);
    expect(pod(e, 'w')!.metadata.deletionTimestamp).toBeDefined();
    expect(pod(e, 'w')!.metadata.resourceVersion).not.toBe(rvBefore);
    e.kubelets.startNode('podium-worker');
    e.runtime.settle();
    const ready = e.store.get('Node', undefined, 'podium-worker')!.status.conditions.find((c: { type: string }) => c.type === 'Ready');
    expect(ready.status).toBe('True');
    expect(parseTime(e.store.get('Lease', 'kube-node-lease', 'podium-worker')!.spec.renewTime)).toBe(e.runtime.now);
    // The shell ignores SIGTERM: the pod goes after its grace period.
    e.runtime.advance(31_000);
    expect(pod(e, 'w')).toBeUndefined();
  });
});

describe('snapshots', () => {
  it('continues identically after a restore', () => {
    const a = cluster(3, 7);
    create(a, podOn('crash', 'podium-worker', [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo hi; exit 1'] }]));
    create(a, podOn('live', 'podium-worker2', [{ name: 'c', image: 'busybox', args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 } }]));
    create(a, podOn('web', 'podium-worker', [{ name: 'c', image: 'nginx', readinessProbe: { httpGet: { path: '/x', port: 80 } } }]));
    a.runtime.advance(37_000);
    const b = Engine.restore(JSON.parse(JSON.stringify(a.snapshot())), { strict: true });
    a.runtime.advance(200_000);
    b.runtime.advance(200_000);
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()));
    expect(b.kubelets.logs('default', 'crash', {})).toBe(a.kubelets.logs('default', 'crash', {}));
  });

  it('continues identically after a restore taken while a node is stopped', () => {
    const a = cluster(3, 9);
    for (const n of ['p1', 'p2', 'p3']) create(a, podOn(n, 'podium-worker', [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 3600'] }]));
    a.runtime.advance(20_000);
    a.kubelets.stopNode('podium-worker');
    a.store.delete('Pod', 'default', 'p2');
    a.runtime.advance(30_000);
    const b = Engine.restore(JSON.parse(JSON.stringify(a.snapshot())), { strict: true });
    for (const e of [a, b]) {
      e.kubelets.startNode('podium-worker');
      e.runtime.settle();
      e.runtime.advance(60_000);
    }
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()));
    expect(b.store.get('Pod', 'default', 'p2')).toBeUndefined();
  });

  it('gives the same state for advance(a + b) and advance(a); advance(b)', () => {
    const run = (split: boolean) => {
      const e = cluster(3, 11);
      create(e, podOn('crash', 'podium-worker', [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 2'] }]));
      if (split) {
        e.runtime.advance(12_345);
        e.runtime.advance(87_655);
      } else e.runtime.advance(100_000);
      return JSON.stringify(e.snapshot());
    };
    expect(run(true)).toBe(run(false));
  });
});

describe('addresses', () => {
  it.each([
    [0, '172.18.0.2', '10.244.0.0/24'],
    [1, '172.18.0.3', '10.244.1.0/24'],
    [253, '172.18.0.255', '10.244.253.0/24'],
    [254, '172.18.1.0', '10.244.254.0/24'],
    [256, '172.18.1.2', '10.245.0.0/24'],
    [999, '172.18.3.233', '10.247.231.0/24'],
  ])('node %d has %s and pod CIDR %s', (i, ip, cidr) => {
    expect(nodeIP(i)).toBe(ip);
    expect(podCIDR(i)).toBe(cidr);
  });
});

describe('status manager', () => {
  it('writes pod statuses at the whole-second PLEG relist, one write for the changes of a second', () => {
    const e = cluster();
    create(e, podOn('web', 'podium-worker', [{ name: 'nginx', image: 'nginx' }]));
    const writes: Array<{ at: number; phase: string; ready: boolean }> = [];
    e.store.watch('Pod', (ev) => {
      if (ev.type !== 'MODIFIED' || ev.object.metadata.name !== 'web') return;
      const cs = ev.object.status?.containerStatuses?.[0];
      writes.push({ at: e.runtime.now, phase: ev.object.status.phase, ready: !!cs?.ready });
    });
    e.runtime.advance(10_000);
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(w.at % 1000).toBe(0);
    // Created, Started and Ready (no probe) fall within one second: Running and ready come in one write.
    expect(writes.filter((w) => w.phase === 'Running')).toHaveLength(1);
    expect(writes.find((w) => w.phase === 'Running')!.ready).toBe(true);
  });
});

describe('container start order', () => {
  it('starts containers one after another: the second waits for the first one\'s pull', () => {
    const e = cluster();
    create(e, podOn('warm', 'podium-worker', [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }]));
    e.runtime.advance(10_000);
    const t = e.runtime.now;
    create(
      e,
      podOn('two', 'podium-worker', [
        { name: 'main', image: 'nginx:1.27' },
        { name: 'side', image: 'busybox:1.36', command: ['sleep', '3600'] },
      ]),
    );
    e.runtime.advance(15_000);
    const ev = events(e, 'two', t).map(([, reason, msg]) => `${reason} ${msg}`);
    expect(ev).toEqual([
      'Pulling Pulling image "nginx:1.27"',
      expect.stringMatching(/^Pulled Successfully pulled image "nginx:1.27"/),
      'Created Created container main',
      'Started Started container main',
      'Pulled Container image "busybox:1.36" already present on machine',
      'Created Created container side',
      'Started Started container side',
    ]);
  });
});

describe('host network', () => {
  it("shows the node's address as the pod IP from the first status, while ContainerCreating", () => {
    const e = cluster();
    create(e, podOn('hn', 'podium-worker', [{ name: 'c', image: 'nginx:1.27' }], { hostNetwork: true }));
    const p = pod(e, 'hn')!;
    expect(cstate(e, 'hn').state.waiting?.reason).toBe('ContainerCreating');
    expect([p.status.podIP, p.status.hostIP]).toEqual(['172.18.0.3', '172.18.0.3']);
  });
});

describe('timing sanity', () => {
  it('starts at the configured time', () => {
    expect(cluster().runtime.now).toBe(T0);
  });
});
