import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import type { KubeletApi } from '../../contracts';
import { rfc3339, rfc3339Micro } from '../../api/time';
import { clone } from '../../sim/dev';
import { CONTROL_PLANE_TAINT, T0, testCluster, type TestCluster } from '../../scheduler/testing';
import { installNodeLifecycleControllers } from './install';
import { computeZoneState, nextMonitorTick, zoneQps } from './node_lifecycle_controller';

/** A stand-in for the kubelet fleet: it only stops and starts, writing the Lease as the real one does. */
class FakeKubelets implements Partial<KubeletApi> {
  stopped = new Set<string>();
  constructor(private readonly c: () => TestCluster) {}
  isRunning(name: string): boolean {
    return !this.stopped.has(name);
  }
  /** Stops a kubelet whose last heartbeat was `lastBeatMs`. */
  stop(name: string, lastBeatMs: number): void {
    this.stopped.add(name);
    this.writeLease(name, lastBeatMs);
  }
  start(name: string): void {
    this.stopped.delete(name);
    const c = this.c();
    this.writeLease(name, c.runtime.now);
    c.patchNode(
      name,
      (n) => {
        for (const cond of n.status.conditions) {
          const ready = cond.type === 'Ready';
          cond.status = ready ? 'True' : 'False';
          cond.reason = ready ? 'KubeletReady' : cond.type === 'MemoryPressure' ? 'KubeletHasSufficientMemory' : cond.type === 'DiskPressure' ? 'KubeletHasNoDiskPressure' : 'KubeletHasSufficientPID';
          cond.lastHeartbeatTime = rfc3339(c.runtime.now);
          cond.lastTransitionTime = rfc3339(c.runtime.now);
        }
      },
      true,
    );
  }
  private writeLease(name: string, renew: number): void {
    const c = this.c();
    const lease = c.store.get('Lease', 'kube-node-lease', name);
    const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(renew) };
    if (!lease) c.store.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec });
    else c.store.update({ ...clone(lease), spec });
  }
}

function cluster(nodes: string[] = ['podium-control-plane', 'podium-worker', 'podium-worker2']) {
  let c!: TestCluster;
  const kubelets = new FakeKubelets(() => c);
  c = testCluster({
    install: (e) => {
      (e as { kubelets: unknown }).kubelets = kubelets;
      installNodeLifecycleControllers(e);
    },
  });
  nodes.forEach((name, i) => c.addNode({ name, taints: i === 0 && nodes.length > 1 ? [CONTROL_PLANE_TAINT] : undefined }));
  c.settle();
  return { c, kubelets };
}

/** A running, ready pod on a node, as its kubelet would report it. */
function runningPod(c: TestCluster, name: string, node: string, extra: Record<string, unknown> = {}): KObject {
  c.addPod({ name, nodeName: node, ...extra });
  const p = clone(c.pod(name));
  const now = rfc3339(c.runtime.now);
  p.status = {
    phase: 'Running',
    conditions: [
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    ],
  };
  return c.store.updateStatus(p);
}

const cond = (o: KObject, type: string) => o.status.conditions.find((x: { type: string }) => x.type === type);
const msgs = (c: TestCluster, name: string) => c.events(name).map((e) => `${e.reason} ${e.source?.component ?? e.reportingComponent}: ${e.message}`);

describe('node lifecycle controller', () => {
  it.each([
    [3, 0, 'Normal'],
    [0, 2, 'FullDisruption'],
    [1, 2, 'Normal'],
    [2, 3, 'PartialDisruption'],
    [3, 3, 'Normal'],
  ])('computeZoneState(%i ready, %i not ready) = %s', (r, n, s) => expect(computeZoneState(r, n)).toBe(s));

  it.each([
    ['Normal', 3, 0.1],
    ['PartialDisruption', 10, 0],
    ['PartialDisruption', 51, 0.01],
    ['FullDisruption', 3, 0.1],
  ] as const)('zoneQps(%s, %i) = %d', (s, n, q) => expect(zoneQps(s, n)).toBe(q));

  it.each([
    [0, 5000],
    [4999, 5000],
    [5000, 10000],
  ])('the first monitor tick after %i is %i', (t, at) => expect(nextMonitorTick(t)).toBe(at));

  it('registers nodes', () => {
    const { c } = cluster();
    c.runtime.advance(5_000);
    expect(msgs(c, 'podium-worker')).toEqual(['RegisteredNode node-controller: Node podium-worker event: Registered Node podium-worker in Controller']);
    expect(c.events('podium-worker')[0].involvedObject).toEqual({ apiVersion: 'v1', kind: 'Node', name: 'podium-worker', uid: c.node('podium-worker').metadata.uid });
  });

  it('taints a cordoned node and untaints it on uncordon', () => {
    const { c } = cluster();
    c.patchNode('podium-worker', (n) => (n.spec.unschedulable = true));
    c.settle();
    expect(c.node('podium-worker').spec.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2025-03-03T09:00:00Z' }]);
    c.runtime.advance(1_000);
    c.patchNode('podium-worker', (n) => delete n.spec.unschedulable);
    c.settle();
    expect(c.node('podium-worker').spec.taints).toBeUndefined();
  });

  it('stop -> NotReady after the grace period -> eviction after 300 s -> recovery', () => {
    const { c, kubelets } = cluster();
    runningPod(c, 'web', 'podium-worker');
    runningPod(c, 'ds', 'podium-worker', {
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      ],
    });
    c.runtime.advance(10_000);
    // The kubelet stops; its last heartbeat was at 09:00:07.
    kubelets.stop('podium-worker', T0 + 7_000);
    c.runtime.advance(49_999); // 09:00:59.999: 7 + 50 = 57 s, but the next monitor tick is at 60 s
    expect(cond(c.node('podium-worker'), 'Ready').status).toBe('True');
    c.runtime.advance(1);
    const node = c.node('podium-worker');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'])
      expect(cond(node, type)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: '2025-03-03T09:01:00Z' });
    expect(node.spec.taints).toEqual([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2025-03-03T09:01:00Z' }]);
    expect(msgs(c, 'podium-worker')).toContain('NodeNotReady node-controller: Node podium-worker status is now: NodeNotReady');
    expect(cond(c.pod('web'), 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: '2025-03-03T09:01:00Z' });
    expect(msgs(c, 'web')).toContain('NodeNotReady node-controller: Node is not ready');
    // The scheduler now avoids the node.
    c.addPod({ name: 'new' });
    c.settle();
    expect(c.pod('new').spec.nodeName).toBe('podium-worker2');
    // The next pass (09:01:05) queues it for NoExecute tainting, done by the 100 ms tainter run.
    c.runtime.advance(5_100);
    expect(c.node('podium-worker').spec.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2025-03-03T09:01:00Z' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-03-03T09:01:05Z' },
    ]);
    // The default toleration of 300 s: deleted at 09:06:05.1.
    c.runtime.advance(299_999);
    expect(c.pod('web').metadata.deletionTimestamp).toBeUndefined();
    c.runtime.advance(1);
    const web = c.pod('web');
    expect(web.metadata.deletionTimestamp).toBeDefined();
    expect(cond(web, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    const ev = c.events('web').find((e) => e.reason === 'TaintManagerEviction')!;
    expect(ev.message).toBe('Marking for deletion Pod default/web');
    expect(ev.source).toEqual({ component: 'taint-eviction-controller' });
    expect(ev.involvedObject.uid).toBeUndefined();
    // A pod tolerating unreachable forever (DaemonSet style) stays.
    expect(c.pod('ds').metadata.deletionTimestamp).toBeUndefined();
    // The kubelet comes back: Ready again, taints gone.
    c.runtime.advance(30_000);
    kubelets.start('podium-worker');
    c.runtime.advance(5_000);
    expect(cond(c.node('podium-worker'), 'Ready').status).toBe('True');
    expect(c.node('podium-worker').spec.taints).toBeUndefined();
  });

  it('cancels a pending eviction when the node recovers in time', () => {
    const { c, kubelets } = cluster();
    runningPod(c, 'web', 'podium-worker');
    kubelets.stop('podium-worker', T0);
    c.runtime.advance(120_000);
    expect(c.node('podium-worker').spec.taints).toHaveLength(2);
    kubelets.start('podium-worker');
    c.runtime.advance(10_000);
    expect(c.node('podium-worker').spec.taints).toBeUndefined();
    expect(msgs(c, 'web')).toContain('TaintManagerEviction taint-eviction-controller: Cancelling deletion of Pod default/web');
    c.runtime.advance(600_000);
    expect(c.pod('web').metadata.deletionTimestamp).toBeUndefined();
  });

  it('evicts pods that do not tolerate the taint at once', () => {
    const { c } = cluster();
    runningPod(c, 'web', 'podium-worker', { tolerations: [] });
    c.patchNode('podium-worker', (n) => (n.spec.taints = [{ key: 'maintenance', effect: 'NoExecute' }]));
    c.settle();
    expect(c.pod('web').metadata.deletionTimestamp).toBeDefined();
  });

  it('taints one node per 10 s in a zone (--node-eviction-rate 0.1)', () => {
    const { c, kubelets } = cluster(['cp', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6']);
    kubelets.stop('w1', T0);
    kubelets.stop('w2', T0);
    c.runtime.advance(65_100);
    const noExec = (n: string) => c.node(n).spec.taints?.find((t: { effect: string }) => t.effect === 'NoExecute')?.timeAdded;
    expect([noExec('w1'), noExec('w2')]).toEqual(['2025-03-03T09:01:00Z', undefined]);
    c.runtime.advance(10_000);
    expect(noExec('w2')).toBe('2025-03-03T09:01:10Z');
  });

  it('stops evictions when every node is down (master disruption mode)', () => {
    const { c, kubelets } = cluster(['solo']);
    runningPod(c, 'web', 'solo');
    kubelets.stop('solo', T0);
    c.runtime.advance(700_000);
    expect(cond(c.node('solo'), 'Ready').status).toBe('Unknown');
    expect(c.node('solo').spec.taints).toEqual([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2025-03-03T09:00:55Z' }]);
    expect(c.pod('web').metadata.deletionTimestamp).toBeUndefined();
  });

  it('survives a snapshot mid-way', () => {
    const run = (restore: boolean) => {
      let { c, kubelets } = cluster();
      runningPod(c, 'web', 'podium-worker');
      kubelets.stop('podium-worker', T0);
      c.runtime.advance(100_000);
      if (restore) {
        const state = JSON.parse(JSON.stringify(c.runtime.save()));
        const events = JSON.parse(JSON.stringify(c.recorder.save()));
        const stopped = kubelets.stopped;
        ({ c, kubelets } = cluster([]));
        kubelets.stopped = stopped;
        c.runtime.load(state);
        c.recorder.load(events);
      }
      c.runtime.advance(400_000);
      return JSON.stringify([c.runtime.save(), c.recorder.save()]);
    };
    expect(run(true)).toBe(run(false));
  });
});
