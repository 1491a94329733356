/**
 * Nodes on the real engine (issue 2 point 8): a stopped kubelet turns its node NotReady/Unknown
 * after the node monitor grace period (50 s in 1.32) and gets the unreachable taints; 300 s later
 * (the default toleration) its pods are marked for deletion and replaced elsewhere, and they stay
 * Terminating until the node comes back. DaemonSet and mirror pods stay. With most of a small
 * cluster down, evictions stop (zone disruption). Then cordon, drain and uncordon.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/index';
import type { KObject } from '../../src/engine/api/types';

async function ok(c: Cluster, line: string): Promise<string> {
  const r = await c.kubectl(line);
  if (r.exitCode !== 0) throw new Error(`${line} -> ${r.exitCode}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const node = (c: Cluster, name: string) => c.engine.store.get('Node', undefined, name)!;
const ready = (n: KObject) => n.status.conditions.find((x: { type: string }) => x.type === 'Ready');
const taintKeys = (n: KObject) => (n.spec.taints ?? []).map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`).sort();
const pods = (c: Cluster, ns = 'default') => c.engine.store.list('Pod', { namespace: ns });
const on = (ps: KObject[], nodeName: string) => ps.filter((p) => p.spec.nodeName === nodeName);
const terminating = (ps: KObject[]) => ps.filter((p) => p.metadata.deletionTimestamp);
const runningReady = (ps: KObject[]) => ps.filter((p) => !p.metadata.deletionTimestamp && p.status.phase === 'Running' && p.status.conditions?.some((x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'True'));

describe('a node whose kubelet stops', () => {
  it('goes NotReady after the grace period, is tainted, its pods are replaced after 300 s and stay Terminating until it returns', async () => {
    const c = createCluster({ seed: 31, strict: true });
    await ok(c, 'create deployment web --image=nginx --replicas=6');
    await ok(c, 'rollout status deployment/web --timeout=5m');
    c.advance(20_000);
    const victims = on(pods(c), 'podium-worker2').map((p) => p.metadata.name).sort();
    expect(victims.length).toBeGreaterThan(0);
    const proxy = on(pods(c, 'kube-system'), 'podium-worker2').map((p) => p.metadata.name);
    expect(proxy).toEqual([expect.stringMatching(/^kube-proxy-/)]);

    // Watch the node's Ready condition and taints change, step by step.
    const stoppedAt = c.now();
    c.stopNode('podium-worker2');
    const transitions: string[] = [];
    const unsubscribe = c.subscribe((b) => {
      for (const o of b.updated) {
        if (o.kind !== 'Node' || o.metadata.name !== 'podium-worker2') continue;
        const s = `${ready(o).status} ${taintKeys(o).join(',')}`;
        if (transitions[transitions.length - 1]?.endsWith(s)) continue;
        transitions.push(`+${(c.now() - stoppedAt) / 1000}s ${s}`);
      }
    });

    c.advance(39_000);
    // Within the grace period nothing shows: the last lease renewal was at most 10 s before the stop.
    expect(ready(node(c, 'podium-worker2')).status).toBe('True');
    c.advance(20_000);
    const n = node(c, 'podium-worker2');
    expect(ready(n)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(taintKeys(n)).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    expect((await ok(c, 'get node podium-worker2')).split('\n')[1]).toMatch(/^podium-worker2\s+NotReady\s+<none>/);
    // The pods are not touched yet: the API still shows them as they were.
    expect(terminating(pods(c))).toEqual([]);
    const noExecuteAt = Date.parse(n.spec.taints.find((t: { effect: string }) => t.effect === 'NoExecute').timeAdded);

    // 300 s after the NoExecute taint (tolerationSeconds of the default toleration) they go.
    c.advance(noExecuteAt + 299_000 - c.now());
    expect(terminating(pods(c))).toEqual([]);
    c.advance(2_000);
    expect(terminating(pods(c)).map((p) => p.metadata.name).sort()).toEqual(victims);
    // Replaced elsewhere, and Running there a little later.
    c.advance(60_000);
    const live = runningReady(pods(c));
    expect(live).toHaveLength(6);
    expect(live.every((p) => p.spec.nodeName === 'podium-worker')).toBe(true);
    // The DaemonSet's pod tolerates everything: it stays, neither evicted nor replaced.
    expect(on(pods(c, 'kube-system'), 'podium-worker2').map((p) => [p.metadata.name, !!p.metadata.deletionTimestamp])).toEqual([[proxy[0], false]]);

    // Terminating for as long as the node is away.
    c.advance(3_600_000);
    expect(terminating(pods(c)).map((p) => p.metadata.name).sort()).toEqual(victims);
    expect((await ok(c, 'get pods')).split('\n').filter((l) => / Terminating /.test(l))).toHaveLength(victims.length);

    // Back: the kubelet finishes the deletions, the node is Ready and untainted.
    c.startNode('podium-worker2');
    c.advance(60_000);
    unsubscribe();
    expect(ready(node(c, 'podium-worker2')).status).toBe('True');
    expect(taintKeys(node(c, 'podium-worker2'))).toEqual([]);
    expect(terminating(pods(c))).toEqual([]);
    expect(runningReady(pods(c))).toHaveLength(6);
    expect(transitions.map((t) => t.replace(/^\+[\d.]+s /, ''))).toEqual([
      'Unknown node.kubernetes.io/unreachable:NoSchedule',
      'Unknown node.kubernetes.io/unreachable:NoExecute,node.kubernetes.io/unreachable:NoSchedule',
      // Ready again: the NoSchedule taint follows the condition at once, the NoExecute one goes at
      // the next monitor pass (markNodeAsReachable).
      'True node.kubernetes.io/unreachable:NoExecute',
      'True ',
    ].slice(0, transitions.length));
    expect(transitions.length).toBeGreaterThanOrEqual(3);
    expect(c.engine.runtime.errors).toEqual([]);
  });

  it('with most of a zone down, the zone is disrupted and nothing is evicted (ComputeZoneState: more than 2 and at least 55% not ready)', async () => {
    const c = createCluster({ seed: 32, strict: true, nodes: 5 });
    await ok(c, 'create deployment web --image=nginx --replicas=8');
    await ok(c, 'rollout status deployment/web --timeout=5m');
    const down = ['podium-worker', 'podium-worker2', 'podium-worker3'];
    for (const name of down) c.stopNode(name);
    c.advance(900_000);
    for (const name of down) {
      expect(ready(node(c, name)).status).toBe('Unknown');
      // NoSchedule yes; NoExecute no: a PartialDisruption zone below 50 nodes evicts at rate 0. (The
      // taint comes only at the pass after the one that saw the node go Unknown, as upstream's
      // processTaintBaseEviction acts on the condition observed before the pass; by then 3 of 5
      // were down.)
      expect(taintKeys(node(c, name))).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    }
    expect(terminating(pods(c))).toEqual([]);
    // One node back: 2 of 5 unhealthy is a Normal zone again; the other two are tainted 10 s apart
    // (0.1 nodes/s) and their pods go 300 s later.
    c.startNode('podium-worker');
    c.advance(30_000);
    const added = down.slice(1).map((name) => Date.parse(node(c, name).spec.taints.find((t: { effect: string }) => t.effect === 'NoExecute').timeAdded)).sort();
    expect(added[1] - added[0]).toBe(10_000);
    c.advance(400_000);
    for (const name of down.slice(1)) expect(on(pods(c), name).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    expect(runningReady(pods(c))).toHaveLength(8);
    // Two nodes down is not a disruption (notReadyNodes > 2 is required): the first goes at once.
    const d = createCluster({ seed: 34, strict: true });
    d.stopNode('podium-worker');
    d.stopNode('podium-worker2');
    d.advance(120_000);
    for (const name of ['podium-worker', 'podium-worker2']) expect(taintKeys(node(d, name))).toContain('node.kubernetes.io/unreachable:NoExecute');
  });
});

describe('cordon, drain, uncordon', () => {
  it('cordon keeps new pods away; drain evicts all but DaemonSet and mirror pods; uncordon opens the node again', async () => {
    const c = createCluster({ seed: 33, strict: true });
    await ok(c, 'create deployment web --image=nginx --replicas=4');
    await ok(c, 'rollout status deployment/web --timeout=5m');
    expect(await ok(c, 'cordon podium-worker')).toBe('node/podium-worker cordoned\n');
    expect(await ok(c, 'cordon podium-worker')).toBe('node/podium-worker already cordoned\n');
    expect((await ok(c, 'get nodes')).split('\n')[2]).toMatch(/^podium-worker\s+Ready,SchedulingDisabled\s+<none>/);
    expect(taintKeys(node(c, 'podium-worker'))).toEqual(['node.kubernetes.io/unschedulable:NoSchedule']);
    const before = on(pods(c), 'podium-worker').map((p) => p.metadata.name);
    await ok(c, 'scale deployment web --replicas=8');
    await ok(c, 'rollout status deployment/web --timeout=5m');
    // The four new pods all went to the other worker.
    expect(on(pods(c), 'podium-worker').map((p) => p.metadata.name)).toEqual(before);

    // A DaemonSet pod stops the drain unless --ignore-daemonsets.
    const proxy = on(pods(c, 'kube-system'), 'podium-worker')[0].metadata.name;
    const refused = await c.kubectl('drain podium-worker');
    expect(refused).toEqual({
      stdout: 'node/podium-worker already cordoned\n',
      stderr:
        `error: unable to drain node "podium-worker" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy}, continuing command...\n` +
        'There are pending nodes to be drained:\n podium-worker\n' +
        `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy}\n`,
      exitCode: 1,
    });
    expect(terminating(pods(c))).toEqual([]);

    const drained = await c.kubectl('drain podium-worker --ignore-daemonsets');
    expect(drained.exitCode).toBe(0);
    expect(drained.stderr).toBe(`Warning: ignoring DaemonSet-managed Pods: kube-system/${proxy}\n`);
    const lines = drained.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('node/podium-worker already cordoned');
    expect(lines.filter((l) => l.startsWith('evicting pod ')).map((l) => l.slice('evicting pod default/'.length)).sort()).toEqual([...before].sort());
    expect(lines.filter((l) => l.endsWith(' evicted')).map((l) => l.slice('pod/'.length, -' evicted'.length)).sort()).toEqual([...before].sort());
    expect(lines[lines.length - 1]).toBe('node/podium-worker drained');
    // drain waits for the evicted pods to be gone; their replacements are on the other worker.
    expect(on(pods(c), 'podium-worker')).toEqual([]);
    await ok(c, 'rollout status deployment/web --timeout=5m');
    expect(runningReady(pods(c)).every((p) => p.spec.nodeName === 'podium-worker2')).toBe(true);
    expect(on(pods(c, 'kube-system'), 'podium-worker').map((p) => p.metadata.name)).toEqual([proxy]);

    // The control plane: its mirror pods are skipped without a word, its CoreDNS pods evicted.
    const cp = await c.kubectl('drain podium-control-plane --ignore-daemonsets');
    expect(cp.exitCode).toBe(0);
    expect(cp.stdout).toMatch(/^node\/podium-control-plane cordoned\n/);
    const evicted = cp.stdout.split('\n').filter((l) => l.startsWith('evicting pod ')).sort();
    expect(evicted).toEqual([expect.stringMatching(/^evicting pod kube-system\/coredns-\w+-\w+$/), expect.stringMatching(/^evicting pod kube-system\/coredns-\w+-\w+$/)]);
    const cpPods = on(pods(c, 'kube-system'), 'podium-control-plane').map((p) => p.metadata.name).sort();
    expect(cpPods.filter((n) => !n.startsWith('kube-proxy-'))).toEqual(['etcd-podium-control-plane', 'kube-apiserver-podium-control-plane', 'kube-controller-manager-podium-control-plane', 'kube-scheduler-podium-control-plane']);
    c.advance(60_000);
    // CoreDNS runs again, on the only schedulable node left (it tolerates the control-plane taint, not cordons).
    const dns = pods(c, 'kube-system').filter((p) => p.metadata.name.startsWith('coredns-') && !p.metadata.deletionTimestamp);
    expect(dns.map((p) => p.spec.nodeName)).toEqual(['podium-worker2', 'podium-worker2']);

    // A pod without a controller needs --force.
    expect(await ok(c, 'uncordon podium-worker')).toBe('node/podium-worker uncordoned\n');
    await ok(c, `run bare --image=nginx --overrides='{"spec":{"nodeName":"podium-worker"}}'`);
    c.advance(10_000);
    const bare = await c.kubectl('drain podium-worker --ignore-daemonsets');
    expect(bare.exitCode).toBe(1);
    expect(bare.stderr).toContain('cannot delete Pods that declare no controller (use --force to override): default/bare');
    expect(c.engine.store.get('Pod', 'default', 'bare')?.metadata.deletionTimestamp).toBeUndefined();
    const forced = await c.kubectl('drain podium-worker --ignore-daemonsets --force');
    expect(forced.exitCode).toBe(0);
    expect(forced.stderr).toBe(`Warning: deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: kube-system/${proxy}\n`);
    expect(c.engine.store.get('Pod', 'default', 'bare')).toBeUndefined();
    // Uncordoned, the node takes new pods again.
    await ok(c, 'uncordon podium-worker');
    expect(taintKeys(node(c, 'podium-worker'))).toEqual([]);
    await ok(c, 'scale deployment web --replicas=12');
    await ok(c, 'rollout status deployment/web --timeout=5m');
    expect(on(runningReady(pods(c)), 'podium-worker').length).toBeGreaterThan(0);
    expect(c.engine.runtime.errors).toEqual([]);
  });
});
