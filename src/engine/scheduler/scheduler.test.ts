import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import { clone } from '../sim/dev';
import { CONTROL_PLANE_TAINT, T0, testCluster, type TestCluster } from './testing';

const FULL =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

function kind3(c: TestCluster): void {
  c.addNode({ name: 'podium-control-plane', taints: [CONTROL_PLANE_TAINT] });
  c.addNode({ name: 'podium-worker' });
  c.addNode({ name: 'podium-worker2' });
}

function reasons(c: TestCluster, pod: string): string[] {
  return c.events(pod).map((e) => `${e.reason}: ${e.message}`);
}

describe('Scheduler', () => {
  it('binds a pod to a worker and records Scheduled through events.k8s.io', () => {
    const c = testCluster();
    c.addNode({ name: 'podium-control-plane', taints: [CONTROL_PLANE_TAINT] });
    c.addNode({ name: 'podium-worker' });
    c.addPod({ name: 'web', cpu: '100m' });
    c.settle();
    const pod = c.pod('web');
    expect(pod.spec.nodeName).toBe('podium-worker');
    expect(pod.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-03-03T09:00:00Z' }]);
    const ev = c.events('web');
    expect(reasons(c, 'web')).toEqual(['Scheduled: Successfully assigned default/web to podium-worker']);
    expect(ev[0]).toMatchObject({ type: 'Normal', reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-podium-control-plane', action: 'Binding' });
  });

  it('reports FailedScheduling with the v1.32 message and PodScheduled=False', () => {
    const c = testCluster();
    kind3(c);
    c.addPod({ name: 'big', cpu: '5' });
    c.settle();
    const pod = c.pod('big');
    expect(pod.spec.nodeName).toBeUndefined();
    expect(reasons(c, 'big')).toEqual([`FailedScheduling: ${FULL}`]);
    expect(c.events('big')[0]).toMatchObject({ type: 'Warning', action: 'Scheduling' });
    expect(pod.status.conditions).toEqual([
      { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: '2025-03-03T09:00:00Z', reason: 'Unschedulable', message: FULL },
    ]);
  });

  it('retries a parked pod when a node that fits joins, not on unrelated changes', () => {
    const c = testCluster();
    kind3(c);
    c.addPod({ name: 'big', cpu: '5' });
    c.settle();
    c.runtime.advance(20_000);
    // A label change helps no plugin that rejected the pod: no new attempt.
    c.patchNode('podium-worker', (n) => (n.metadata.labels!.tier = 'web'));
    c.runtime.advance(20_000);
    expect(c.events('big')).toHaveLength(1);
    c.addNode({ name: 'podium-worker3', cpu: '8' });
    c.settle();
    expect(c.pod('big').spec.nodeName).toBe('podium-worker3');
    expect(reasons(c, 'big')[1]).toBe('Scheduled: Successfully assigned default/big to podium-worker3');
  });

  it('waits out the back-off when the helpful event comes right after the failure', () => {
    const c = testCluster();
    kind3(c);
    c.addPod({ name: 'big', cpu: '5' });
    c.settle();
    c.addNode({ name: 'podium-worker3', cpu: '8' });
    c.settle();
    expect(c.pod('big').spec.nodeName).toBeUndefined();
    c.runtime.advance(999);
    expect(c.pod('big').spec.nodeName).toBeUndefined();
    c.runtime.advance(1);
    expect(c.pod('big').spec.nodeName).toBe('podium-worker3');
  });

  it('retries parked pods after 5 minutes (leftover flush) and counts repeats in the series', () => {
    const c = testCluster();
    kind3(c);
    c.addPod({ name: 'big', cpu: '5' });
    c.settle();
    c.runtime.advance(329_000);
    expect(c.events('big')[0].series).toBeUndefined();
    c.runtime.advance(1_000); // 09:05:30, the first 30 s tick more than 5 minutes later
    const ev = c.events('big');
    expect(ev).toHaveLength(1);
    expect(ev[0].series.count).toBe(2);
    expect(c.runtime.nextEventAt()).toBe(T0 + 330_000 + 330_000);
  });

  it('schedules on a node once it is uncordoned', () => {
    const c = testCluster();
    c.addNode({ name: 'podium-worker', unschedulable: true });
    c.addPod({ name: 'p' });
    c.settle();
    expect(reasons(c, 'p')[0]).toBe(
      'FailedScheduling: 0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    c.runtime.advance(2_000);
    c.patchNode('podium-worker', (n) => delete n.spec.unschedulable);
    c.settle();
    expect(c.pod('p').spec.nodeName).toBe('podium-worker');
  });

  it('pins a DaemonSet pod with matchFields and explains the other nodes as absent', () => {
    const c = testCluster();
    kind3(c);
    c.addPod({ name: 'filler', cpu: '4', nodeName: 'podium-worker' });
    c.addPod({
      name: 'ds',
      cpu: '100m',
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['podium-worker'] }] }] } } },
    });
    c.settle();
    expect(reasons(c, 'ds')).toEqual([
      "FailedScheduling: 0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    ]);
    // Deleting the pod that fills the node frees it (AssignedPodDelete moves NodeResourcesFit rejections).
    c.runtime.advance(1_000);
    // A bound pod stays (Terminating, still counted) until its kubelet confirms; force it.
    c.store.delete('Pod', 'default', 'filler', { gracePeriodSeconds: 0 });
    c.settle();
    expect(c.pod('ds').spec.nodeName).toBe('podium-worker');
  });

  it('retries a pod rejected by a taint when the taint goes', () => {
    const c = testCluster();
    c.addNode({ name: 'n', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    c.addPod({ name: 'p' });
    c.settle();
    expect(reasons(c, 'p')[0]).toBe(
      'FailedScheduling: 0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
    c.runtime.advance(5_000);
    c.patchNode('n', (n) => delete n.spec.taints);
    c.settle();
    expect(c.pod('p').spec.nodeName).toBe('n');
  });

  it('waits for scheduling gates to be removed', () => {
    const c = testCluster();
    c.addNode({ name: 'n' });
    c.addPod({ name: 'p', spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
    c.runtime.advance(60_000);
    expect(c.pod('p').spec.nodeName).toBeUndefined();
    expect(c.events('p')).toEqual([]);
    const p = clone(c.pod('p'));
    p.spec.schedulingGates = [];
    c.store.update(p);
    c.settle();
    expect(c.pod('p').spec.nodeName).toBe('n');
  });

  it('respects nodeSelector and host ports', () => {
    const c = testCluster();
    c.addNode({ name: 'a', labels: { disk: 'ssd' } });
    c.addNode({ name: 'b' });
    c.addPod({ name: 'ssd', nodeSelector: { disk: 'ssd' } });
    c.addPod({ name: 'port1', hostPort: 8080, nodeSelector: { disk: 'ssd' } });
    c.addPod({ name: 'port2', hostPort: 8080, nodeSelector: { disk: 'ssd' } });
    c.settle();
    expect(c.pod('ssd').spec.nodeName).toBe('a');
    expect(c.pod('port1').spec.nodeName).toBe('a');
    expect(reasons(c, 'port2')[0]).toBe(
      "FailedScheduling: 0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
  });

  it('schedules higher priority first', () => {
    const c = testCluster();
    c.addNode({ name: 'n', cpu: '1' });
    c.runtime.settle();
    // Created in the same step: the high-priority pod is popped first and takes the node.
    c.store.create(podLike('low'));
    c.store.create(podLike('high', 'system-cluster-critical'));
    c.settle();
    expect(c.pod('high').spec.nodeName).toBe('n');
    expect(c.pod('low').spec.nodeName).toBeUndefined();
  });

  it('reports the filter reasons when evicting lower-priority pods would not help either', () => {
    const c = testCluster();
    c.addNode({ name: 'n', cpu: '1' });
    c.addPod({ name: 'low', cpu: '500m', nodeName: 'n' });
    c.addPod({ name: 'p', cpu: '2', spec: { priorityClassName: 'system-cluster-critical' } });
    c.settle();
    expect(reasons(c, 'p')[0]).toBe('FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('ignores pods of other schedulers', () => {
    const c = testCluster();
    c.addNode({ name: 'n' });
    c.addPod({ name: 'other', spec: { schedulerName: 'my-scheduler' } });
    c.settle();
    expect(c.pod('other').spec.nodeName).toBeUndefined();
    expect(c.events('other')).toEqual([]);
  });

  it('spreads replicas of a ReplicaSet over nodes', () => {
    const c = testCluster();
    c.addNode({ name: 'a' });
    c.addNode({ name: 'b' });
    c.addNode({ name: 'c' });
    const rs = c.store.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 6, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
    for (let i = 0; i < 6; i++) c.addPod({ name: `web-${i}`, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true }] });
    c.settle();
    const per: Record<string, number> = {};
    for (let i = 0; i < 6; i++) per[c.pod(`web-${i}`).spec.nodeName] = (per[c.pod(`web-${i}`).spec.nodeName] ?? 0) + 1;
    expect(per).toEqual({ a: 2, b: 2, c: 2 });
  });

  it('explains every node: the rejecting filter or the weighted scores', () => {
    const c = testCluster();
    kind3(c);
    c.addPod({ name: 'filler', cpu: '3', nodeName: 'podium-worker2' });
    c.addPod({ name: 'p', cpu: '2' });
    c.settle();
    const x = c.scheduler.explain('default', 'p');
    expect(x.boundTo).toBe('podium-worker');
    expect(x.chosen).toBe('podium-worker');
    expect(x.nodes.map((n) => [n.node, n.rejectedBy, n.reason])).toEqual([
      ['podium-control-plane', 'TaintToleration', 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
      ['podium-worker', undefined, undefined],
      ['podium-worker2', 'NodeResourcesFit', 'Insufficient cpu'],
    ]);
    // 2 CPUs of 4 and 200Mi of 8Gi: LeastAllocated (50 + 97) / 2 = 73; BalancedAllocation
    // fractions 0.5 and 0 -> 100 * (1 - 0.25) = 75; no tolerable-taint penalty: 3 * 100.
    expect(x.nodes[1].scores).toEqual({ TaintToleration: 300, NodeResourcesFit: 73, NodeResourcesBalancedAllocation: 75, ImageLocality: 0 });
    expect(x.nodes[1].score).toBe(448);
    expect(() => c.scheduler.explain('default', 'nope')).toThrow('pods "nope" not found');
  });

  it('explains an unschedulable pod with the FailedScheduling message', () => {
    const c = testCluster();
    kind3(c);
    c.addPod({ name: 'big', cpu: '5' });
    c.settle();
    const x = c.scheduler.explain('default', 'big');
    expect(x.chosen).toBeUndefined();
    expect(x.message).toBe(FULL);
  });

  it('follows preferred node affinity and avoids PreferNoSchedule taints', () => {
    const c = testCluster();
    c.addNode({ name: 'a' });
    c.addNode({ name: 'b', labels: { disk: 'ssd' } });
    c.addNode({ name: 'c', taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] });
    c.addPod({ name: 'ssd', affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } } });
    c.settle();
    expect(c.pod('ssd').spec.nodeName).toBe('b');
    const x = c.scheduler.explain('default', 'ssd');
    expect(x.nodes.map((n) => [n.node, n.scores?.NodeAffinity, n.scores?.TaintToleration])).toEqual([
      ['a', 0, 300],
      ['b', 200, 300],
      ['c', 0, 0],
    ]);
  });

  it('prefers a node that already has the image', () => {
    const c = testCluster();
    c.addNode({ name: 'a' });
    c.addNode({ name: 'b', images: [{ names: ['registry.example/big:1'], sizeBytes: 900 * 1024 * 1024 }] });
    c.addPod({ name: 'p', image: 'registry.example/big:1' });
    c.settle();
    expect(c.pod('p').spec.nodeName).toBe('b');
  });

  it('continues identically after a snapshot is restored', () => {
    const run = (restoreAt?: number) => {
      let c = testCluster({ seed: 7 });
      for (let i = 0; i < 5; i++) c.addNode({ name: `n${i}`, cpu: '2' });
      for (let i = 0; i < 14; i++) c.addPod({ name: `p${i}`, cpu: '600m' });
      c.settle();
      if (restoreAt !== undefined) {
        const state = JSON.parse(JSON.stringify(c.runtime.save()));
        const events = JSON.parse(JSON.stringify(c.recorder.save()));
        c = testCluster({ seed: 99 });
        c.runtime.load(state);
        c.recorder.load(events);
      }
      c.runtime.advance(10_000);
      c.addNode({ name: 'late', cpu: '4' });
      c.runtime.advance(400_000);
      return JSON.stringify([c.runtime.save(), c.recorder.save()]);
    };
    expect(run(0)).toBe(run());
  });
});

function podLike(name: string, priorityClassName?: string): KObject {
  return clone({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { ...(priorityClassName ? { priorityClassName } : {}), schedulerName: 'default-scheduler', containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '1' } } }] },
  } as unknown as KObject);
}
