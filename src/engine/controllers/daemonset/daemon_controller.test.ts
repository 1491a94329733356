import { describe, expect, it } from 'vitest';
import { newHarness, podTemplate, type Harness } from '../testing';
import { clone } from '../../sim/dev';
import type { KObject, Taint } from '../../api/types';
import { getTargetNodeName } from './util';
import { daemonSetHash } from './daemon_controller';

const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function daemonSet(name: string, spec: Record<string, unknown> = {}, templateSpec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system' },
    spec: { selector: { matchLabels: { 'k8s-app': name } }, template: podTemplate({ 'k8s-app': name }, templateSpec), ...spec },
  };
}

function cluster(): Harness {
  return newHarness({ nodes: [{ name: 'cp', taints: [CONTROL_PLANE_TAINT], labels: { 'node-role.kubernetes.io/control-plane': '' } }, 'w1', 'w2'] });
}

const byNode = (h: Harness, ds: KObject) =>
  h
    .podsOf(ds)
    .map((p) => getTargetNodeName(p))
    .sort();

function patchNode(h: Harness, name: string, edit: (n: KObject) => void): void {
  const n = clone(h.store.mustGet('Node', undefined, name));
  edit(n);
  h.store.update(n);
  h.settle();
}

describe('DaemonSet controller', () => {
  it('creates one pod per eligible node with the daemon tolerations, node affinity and labels', () => {
    const h = cluster();
    const ds = h.create(daemonSet('agent'));
    expect(byNode(h, ds)).toEqual(['w1', 'w2']);
    const pod = h.podsOf(ds).find((p) => getTargetNodeName(p) === 'w1')!;
    expect(pod.metadata.generateName).toBe('agent-');
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w1'] }] }] } },
    });
    expect(pod.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(pod.metadata.labels).toEqual({ 'k8s-app': 'agent', 'controller-revision-hash': daemonSetHash(ds), 'pod-template-generation': '1' });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const ev = h.store.filter('Event', undefined, (e) => e.involvedObject?.uid === ds.metadata.uid);
    expect(ev.map((e) => e.source)).toEqual([{ component: 'daemonset-controller' }, { component: 'daemonset-controller' }]);
    expect(ev.every((e) => e.reason === 'SuccessfulCreate' && /^Created pod: agent-/.test(e.message))).toBe(true);
    expect(h.get(ds)!.status).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 0,
      numberUnavailable: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
    });
  });

  it('adds the network-unavailable toleration to host-network pods and runs on the control plane when tolerated', () => {
    const h = cluster();
    const ds = h.create(daemonSet('proxy', {}, { hostNetwork: true, tolerations: [{ operator: 'Exists' }] }));
    expect(byNode(h, ds)).toEqual(['cp', 'w1', 'w2']);
    const tolerations = h.podsOf(ds)[0].spec.tolerations;
    expect(tolerations[0]).toEqual({ operator: 'Exists' });
    expect(tolerations.at(-1)).toEqual({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
    expect(tolerations).toHaveLength(8);
  });

  it('counts ready and available pods and requeues at the end of minReadySeconds', () => {
    const h = cluster();
    const ds = h.create(daemonSet('agent', { minReadySeconds: 5 }));
    for (const p of h.podsOf(ds)) {
      h.bind(p, getTargetNodeName(p)!);
      h.setReady(p);
    }
    expect(h.get(ds)!.status).toMatchObject({ numberReady: 2, numberUnavailable: 2, updatedNumberScheduled: 2 });
    h.advance(5_000);
    expect(h.get(ds)!.status).toMatchObject({ numberReady: 2, numberAvailable: 2, updatedNumberScheduled: 2 });
    expect(h.get(ds)!.status.numberUnavailable).toBeUndefined();
  });

  it('follows nodes: added, relabelled away from the nodeSelector, tainted, cordoned, deleted', () => {
    const h = cluster();
    const ds = h.create(daemonSet('agent', {}, { nodeSelector: { disk: 'ssd' } }));
    expect(byNode(h, ds)).toEqual([]);
    patchNode(h, 'w1', (n) => (n.metadata.labels!.disk = 'ssd'));
    h.addNode({ name: 'w3', labels: { disk: 'ssd' } });
    expect(byNode(h, ds)).toEqual(['w1', 'w3']);

    // Labels changed so the selector no longer matches: the pod goes.
    patchNode(h, 'w1', (n) => delete n.metadata.labels!.disk);
    h.finishTerminating();
    expect(byNode(h, ds)).toEqual(['w3']);

    // Cordoned: the daemon tolerates node.kubernetes.io/unschedulable and stays.
    patchNode(h, 'w3', (n) => {
      n.spec.unschedulable = true;
      n.spec.taints = [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }];
    });
    expect(byNode(h, ds)).toEqual(['w3']);

    // A NoSchedule taint it does not tolerate: the running pod may stay but is misscheduled.
    patchNode(h, 'w3', (n) => (n.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]));
    expect(byNode(h, ds)).toEqual(['w3']);
    expect(h.get(ds)!.status).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 1 });

    // A NoExecute taint it does not tolerate: the pod is deleted.
    patchNode(h, 'w3', (n) => (n.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]));
    h.finishTerminating();
    expect(byNode(h, ds)).toEqual([]);

    // Untainted again and a node deleted: the pod on the deleted node goes after PodGC's quarantine.
    patchNode(h, 'w3', (n) => delete n.spec.taints);
    patchNode(h, 'w2', (n) => (n.metadata.labels!.disk = 'ssd'));
    expect(byNode(h, ds)).toEqual(['w2', 'w3']);
    const onW2 = h.podsOf(ds).find((p) => getTargetNodeName(p) === 'w2')!;
    h.bind(onW2, 'w2');
    h.store.delete('Node', undefined, 'w2');
    h.settle();
    h.advance(39_999);
    expect(h.get(onW2)).toBeDefined();
    h.advance(1);
    expect(h.get(onW2)).toBeUndefined();
    expect(byNode(h, ds)).toEqual(['w3']);
    expect(h.get(ds)!.status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0 });
  });

  it('deletes an unscheduled pod meant for a node that no longer exists', () => {
    const h = cluster();
    const ds = h.create(daemonSet('agent'));
    h.store.delete('Node', undefined, 'w2');
    h.settle();
    h.finishTerminating();
    expect(byNode(h, ds)).toEqual(['w1']);
  });

  it('replaces a failed daemon pod with a FailedDaemonPod event', () => {
    const h = cluster();
    const ds = h.create(daemonSet('agent'));
    const pod = h.podsOf(ds).find((p) => getTargetNodeName(p) === 'w1')!;
    h.bind(pod, 'w1');
    const failed = clone(h.get(pod)!);
    failed.status = { ...(failed.status ?? {}), phase: 'Failed' };
    h.store.updateStatus(failed);
    h.settle();
    expect(h.events(ds)).toContain(`FailedDaemonPod: Found failed daemon pod kube-system/${pod.metadata.name} on node w1, will try to kill it`);
    h.finishTerminating();
    const now = h.podsOf(ds).filter((p) => getTargetNodeName(p) === 'w1');
    expect(now).toHaveLength(1);
    expect(now[0].metadata.name).not.toBe(pod.metadata.name);
  });

  it('keeps the oldest of two daemon pods on a node', () => {
    const h = cluster();
    const ds = h.create(daemonSet('agent'));
    const first = h.podsOf(ds).find((p) => getTargetNodeName(p) === 'w1')!;
    h.advance(1000);
    const extra = clone(first);
    delete (extra.metadata as Partial<KObject['metadata']>).name;
    delete (extra.metadata as Partial<KObject['metadata']>).uid;
    delete (extra.metadata as Partial<KObject['metadata']>).resourceVersion;
    h.create(extra);
    h.finishTerminating();
    expect(h.podsOf(ds).filter((p) => getTargetNodeName(p) === 'w1').map((p) => p.metadata.name)).toEqual([first.metadata.name]);
  });

  it('OnDelete: after a template change old pods stay; a deleted pod comes back with the new template', () => {
    const h = cluster();
    const ds = h.create(daemonSet('agent', { updateStrategy: { type: 'OnDelete' } }));
    const oldHash = daemonSetHash(ds);
    const upd = clone(h.get(ds)!);
    upd.spec.template.spec.containers[0].image = 'nginx:1.28';
    h.store.update(upd);
    h.settle();
    const cur = h.get(ds)!;
    expect(daemonSetHash(cur)).not.toBe(oldHash);
    expect(h.podsOf(ds).every((p) => p.metadata.labels!['controller-revision-hash'] === oldHash)).toBe(true);
    expect(cur.status.updatedNumberScheduled).toBeUndefined();
    expect(cur.status.observedGeneration).toBe(2);
    const [p] = h.podsOf(ds);
    h.store.delete('Pod', 'kube-system', p.metadata.name);
    h.finishTerminating();
    const fresh = h.podsOf(ds).find((x) => getTargetNodeName(x) === getTargetNodeName(p))!;
    expect(fresh.metadata.labels!['controller-revision-hash']).toBe(daemonSetHash(cur));
    expect(fresh.spec.containers[0].image).toBe('nginx:1.28');
    expect(h.get(ds)!.status.updatedNumberScheduled).toBe(1);
  });

  it('deleting the DaemonSet deletes its pods', () => {
    const h = cluster();
    h.create(daemonSet('agent'));
    h.store.delete('DaemonSet', 'kube-system', 'agent');
    h.settle();
    h.finishTerminating();
    expect(h.store.list('Pod', { namespace: 'kube-system' })).toEqual([]);
  });

  it.each([
    [undefined, [1, 1, 1, 1]],
    [{ maxUnavailable: '50%' }, [2, 2]],
    [{ maxUnavailable: 3 }, [3, 1]],
  ])('RollingUpdate %j replaces old pods in waves of %j', (rollingUpdate, waves) => {
    const h = newHarness({ nodes: ['w1', 'w2', 'w3', 'w4'] });
    const ds = h.create(daemonSet('agent', rollingUpdate ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate } } : {}));
    const runAll = () => {
      for (const p of h.podsOf(ds)) {
        if (!p.spec.nodeName) h.bind(p, getTargetNodeName(p)!);
        if (!p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')) h.setReady(p.metadata.name, true, 'kube-system');
      }
    };
    runAll();
    const upd = clone(h.get(ds)!);
    upd.spec.template.spec.containers[0].image = 'nginx:1.28';
    h.store.update(upd);
    h.settle();
    const hash = daemonSetHash(h.get(ds)!);
    const seen: number[] = [];
    for (let round = 0; round < 10; round++) {
      const terminating = h.store.list('Pod', { namespace: 'kube-system' }).filter((p) => p.metadata.deletionTimestamp).length;
      if (!terminating) break;
      seen.push(terminating);
      h.finishTerminating();
      runAll();
    }
    expect(seen).toEqual(waves);
    expect(h.podsOf(ds).map((p) => p.metadata.labels!['controller-revision-hash'])).toEqual([hash, hash, hash, hash]);
    expect(h.get(ds)!.status).toMatchObject({ desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 });
  });
});
