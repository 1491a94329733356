import { describe, expect, it, vi } from 'vitest';
import { testCluster } from './write-testing';
import { podDeleteStatus, podsForDeletion, type DrainFilterOptions } from './drain';
import type { KObject } from '../../engine/api/types';

vi.mock('./index', async () => ({ VERBS: (await import('./write')).WRITE_VERBS }));

const opts = (o: Partial<DrainFilterOptions> = {}): DrainFilterOptions => ({
  ignoreDaemonSets: false,
  deleteEmptyDirData: false,
  force: false,
  skipWaitForDeleteTimeoutSeconds: 0,
  now: 0,
  daemonSetExists: () => true,
  ...o,
});
const pod = (name: string, o: { owner?: string; mirror?: boolean; emptyDir?: boolean; phase?: string } = {}) =>
  ({
    metadata: {
      name,
      namespace: 'default',
      ...(o.owner ? { ownerReferences: [{ kind: o.owner, name: 'x', uid: 'u', controller: true, apiVersion: 'apps/v1' }] } : {}),
      ...(o.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'abc' } } : {}),
    },
    spec: { volumes: o.emptyDir ? [{ name: 'v', emptyDir: {} }] : [] },
    status: { phase: o.phase ?? 'Running' },
  }) as unknown as KObject;

describe('drain filters (pkg/drain/filters.go)', () => {
  it.each([
    ['ReplicaSet pod', pod('a', { owner: 'ReplicaSet' }), opts(), { delete: true, reason: 'okay' }],
    ['DaemonSet pod', pod('a', { owner: 'DaemonSet' }), opts(), { delete: false, reason: 'error', message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' }],
    ['DaemonSet pod, ignored', pod('a', { owner: 'DaemonSet' }), opts({ ignoreDaemonSets: true }), { delete: false, reason: 'warning', message: 'ignoring DaemonSet-managed Pods' }],
    ['finished DaemonSet pod', pod('a', { owner: 'DaemonSet', phase: 'Succeeded' }), opts(), { delete: true, reason: 'okay' }],
    ['mirror pod', pod('a', { owner: 'Node', mirror: true }), opts(), { delete: false, reason: 'skip' }],
    ['emptyDir pod', pod('a', { owner: 'ReplicaSet', emptyDir: true }), opts(), { delete: false, reason: 'error', message: 'Pods with local storage (use --delete-emptydir-data to override)' }],
    // filterPods keeps the last filter's status: unreplicatedFilter's "okay" replaces the local-storage warning.
    ['emptyDir pod, allowed', pod('a', { owner: 'ReplicaSet', emptyDir: true }), opts({ deleteEmptyDirData: true }), { delete: true, reason: 'okay' }],
    ['bare emptyDir pod, allowed and forced', pod('a', { emptyDir: true }), opts({ deleteEmptyDirData: true, force: true }), { delete: true, reason: 'warning', message: 'deleting Pods that declare no controller' }],
    ['bare pod', pod('a'), opts(), { delete: false, reason: 'error', message: 'cannot delete Pods that declare no controller (use --force to override)' }],
    ['bare pod, forced', pod('a'), opts({ force: true }), { delete: true, reason: 'warning', message: 'deleting Pods that declare no controller' }],
  ])('%s', (_name, p, o, want) => {
    expect(podDeleteStatus(p, o)).toEqual(want);
  });

  it('groups errors and warnings as kubectl prints them', () => {
    const list = podsForDeletion([pod('a', { owner: 'DaemonSet' }), pod('b'), pod('c'), pod('d', { owner: 'ReplicaSet' })], opts());
    expect(list.pods.map((p) => p.metadata.name)).toEqual(['d']);
    expect(list.errors).toEqual([
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/a',
      'cannot delete cannot delete Pods that declare no controller (use --force to override): default/b, default/c',
    ]);
  });
});

describe('kubectl cordon / uncordon / drain', () => {
  it('cordons and uncordons', async () => {
    const { kubectl, engine } = testCluster();
    expect((await kubectl('cordon podium-worker')).stdout).toBe('node/podium-worker cordoned\n');
    expect(engine.store.get('Node', undefined, 'podium-worker')!.spec.unschedulable).toBe(true);
    expect((await kubectl('cordon podium-worker')).stdout).toBe('node/podium-worker already cordoned\n');
    expect((await kubectl('uncordon podium-worker')).stdout).toBe('node/podium-worker uncordoned\n');
    expect(engine.store.get('Node', undefined, 'podium-worker')!.spec.unschedulable).toBeUndefined();
    expect((await kubectl('uncordon podium-worker')).stdout).toBe('node/podium-worker already uncordoned\n');
    expect((await kubectl('cordon podium-worker --dry-run=client')).stdout).toBe('node/podium-worker cordoned (dry run)\n');
  });

  it('drain refuses DaemonSet-managed pods unless --ignore-daemonsets, with kubectl text', async () => {
    const { kubectl, engine } = testCluster();
    const proxy = engine.store.list('Pod', { namespace: 'kube-system' }).find((p) => p.spec.nodeName === 'podium-worker' && p.metadata.name.startsWith('kube-proxy'))!;
    const r = await kubectl('drain podium-worker');
    expect(r.stdout).toBe('node/podium-worker cordoned\n');
    expect(r.stderr).toBe(
      `error: unable to drain node "podium-worker" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy.metadata.name}, continuing command...\n` +
        'There are pending nodes to be drained:\n podium-worker\n' +
        `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy.metadata.name}\n`,
    );
    expect(r.exitCode).toBe(1);
  });

  it('drain evicts the workload pods, which come back on other nodes', async () => {
    const { kubectl, engine } = testCluster();
    await kubectl('create deployment web --image=nginx --replicas=4');
    await kubectl('rollout status deploy/web');
    const onWorker = engine.store.list('Pod', { namespace: 'default' }).filter((p) => p.spec.nodeName === 'podium-worker');
    const r = await kubectl('drain podium-worker --ignore-daemonsets');
    expect(r.exitCode).toBe(0);
    // drain.go 1.32: o.WarningPrinter.Print(warnings), i.e. "Warning: " (not the old "WARNING: ").
    expect(r.stderr).toMatch(/^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-\w+\n$/);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('node/podium-worker cordoned');
    expect(lines.filter((l) => l.startsWith('evicting pod default/'))).toHaveLength(onWorker.length);
    expect(lines.filter((l) => l.endsWith(' evicted'))).toHaveLength(onWorker.length);
    expect(lines[lines.length - 1]).toBe('node/podium-worker drained');
    await kubectl('rollout status deploy/web');
    expect(engine.store.list('Pod', { namespace: 'default' }).filter((p) => p.spec.nodeName === 'podium-worker')).toHaveLength(0);
  });

  it.each([
    ['cordon', "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n"],
    ['drain', "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n"],
    ['uncordon nope', 'Error from server (NotFound): nodes "nope" not found\n'],
  ])('%s', async (line, stderr) => {
    const { kubectl } = testCluster();
    const r = await kubectl(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(1);
  });
});
