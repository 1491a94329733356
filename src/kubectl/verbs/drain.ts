/**
 * `kubectl drain NODE` (kubernetes/kubectl pkg/cmd/drain/drain.go and pkg/drain/filters.go,
 * drain.go): cordon the node, then evict its pods and wait for them to be gone. The pod filters
 * run in upstream's order: pods already deleting, DaemonSet-managed pods (refused unless
 * `--ignore-daemonsets`), mirror (static) pods (skipped silently), pods with emptyDir data (refused
 * unless `--delete-emptydir-data`), pods without a controller (refused unless `--force`).
 *
 *   node/podium-worker cordoned
 *   error: unable to drain node "podium-worker" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kube-proxy-x7k2q, continuing command...
 *   There are pending nodes to be drained:
 *    podium-worker
 *   cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kube-proxy-x7k2q
 *
 * (the doubled "cannot delete cannot delete Pods that declare no controller" is kubectl's own.)
 */
import type { KObject } from '../../engine/api/types';
import { controllerRef } from '../../engine/api/types';
import { parseTime } from '../../engine/api/time';
import { matches } from '../../engine/api/labels';
import type { KubectlContext } from '../context';
import { parseGoDuration, type FlagValues } from '../flags';
import { dryRunStrategy, parseSelectorOrThrow, type DryRun } from '../manifest';
import type { Verb } from '../registry';
import { nodesFor, runCordonOrUncordon } from './cordon';
import { recordedVerb } from './write-help';

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

/** What a filter decided for one pod (drain's PodDeleteStatus). */
export interface PodDeleteStatus {
  delete: boolean;
  reason: 'okay' | 'skip' | 'warning' | 'error';
  message?: string;
}

/** Drain's options that the filters read. */
export interface DrainFilterOptions {
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  force: boolean;
  /** --skip-wait-for-delete-timeout, seconds (0: never skip). */
  skipWaitForDeleteTimeoutSeconds: number;
  now: number;
  /** Whether the DaemonSet that controls a pod still exists. */
  daemonSetExists: (namespace: string, name: string) => boolean;
}

const okay: PodDeleteStatus = { delete: true, reason: 'okay' };
const finished = (pod: KObject) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/**
 * The filters of pkg/drain/filters.go, in order. As GetPodsForDeletion runs them, each filter's
 * status replaces the one before and the first that does not say "delete" ends the run: so only
 * the last filter's warning is kept (a bare pod with an emptyDir warns that it declares no
 * controller, not that it has local storage; a controlled one with an emptyDir warns of nothing).
 */
export function podDeleteStatus(pod: KObject, o: DrainFilterOptions): PodDeleteStatus {
  const ref = controllerRef(pod);
  const filters: Array<() => PodDeleteStatus> = [
    // skipDeletedFilter
    () => {
      const deletedAt = pod.metadata.deletionTimestamp;
      if (o.skipWaitForDeleteTimeoutSeconds > 0 && deletedAt && o.now - parseTime(deletedAt) > o.skipWaitForDeleteTimeoutSeconds * 1000) return { delete: false, reason: 'skip' };
      return okay;
    },
    // daemonSetFilter
    () => {
      if (ref?.kind !== 'DaemonSet' || finished(pod)) return okay;
      if (!o.daemonSetExists(pod.metadata.namespace!, ref.name)) {
        const msg = `daemonsets.apps "${ref.name}" not found`;
        if (o.force) return { delete: true, reason: 'warning', message: msg };
        return { delete: false, reason: 'error', message: msg };
      }
      if (!o.ignoreDaemonSets) return { delete: false, reason: 'error', message: DAEMONSET_FATAL };
      return { delete: false, reason: 'warning', message: DAEMONSET_WARNING };
    },
    // mirrorPodFilter: static pods' mirrors cannot be deleted through the API; they are skipped.
    () => (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { delete: false, reason: 'skip' } : okay),
    // localStorageFilter
    () => {
      const hasLocalStorage = ((pod.spec?.volumes ?? []) as Array<{ emptyDir?: unknown }>).some((v) => v.emptyDir !== undefined);
      if (!hasLocalStorage || finished(pod)) return okay;
      if (!o.deleteEmptyDirData) return { delete: false, reason: 'error', message: LOCAL_STORAGE_FATAL };
      return { delete: true, reason: 'warning', message: LOCAL_STORAGE_WARNING };
    },
    // unreplicatedFilter
    () => {
      if (finished(pod) || ref) return okay;
      if (o.force) return { delete: true, reason: 'warning', message: UNMANAGED_WARNING };
      return { delete: false, reason: 'error', message: UNMANAGED_FATAL };
    },
  ];
  let status: PodDeleteStatus = okay;
  for (const f of filters) {
    status = f();
    if (!status.delete) break;
  }
  return status;
}

/** The pods to evict, and the errors and warnings (PodDeleteList.errors / Warnings). */
export function podsForDeletion(pods: KObject[], o: DrainFilterOptions): { pods: KObject[]; errors: string[]; warnings: string } {
  const byError = new Map<string, string[]>();
  const byWarning = new Map<string, string[]>();
  const out: KObject[] = [];
  for (const pod of pods) {
    const s = podDeleteStatus(pod, o);
    const id = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (s.reason === 'error') byError.set(s.message!, [...(byError.get(s.message!) ?? []), id]);
    if (s.reason === 'warning') byWarning.set(s.message!, [...(byWarning.get(s.message!) ?? []), id]);
    if (s.delete) out.push(pod);
  }
  const errors = [...byError.entries()].map(([msg, ids]) => `cannot delete ${msg}: ${ids.join(', ')}`).sort();
  const warnings = [...byWarning.entries()]
    .map(([msg, ids]) => `${msg}: ${ids.join(', ')}`)
    .sort()
    .join('; ');
  return { pods: out, errors, warnings };
}

async function drainNode(ctx: KubectlContext, node: KObject, flags: FlagValues, dryRun: DryRun): Promise<string | undefined> {
  const podSelector = String(flags['pod-selector'] ?? '');
  const sel = podSelector ? parseSelectorOrThrow(podSelector) : [];
  const all = ctx.store
    .byIndex('Pod', 'node', node.metadata.name)
    .filter((p) => !sel.length || matches(sel, p.metadata.labels))
    .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
    .map((p) => ctx.store.present(p));
  const list = podsForDeletion(all, {
    ignoreDaemonSets: !!flags['ignore-daemonsets'],
    deleteEmptyDirData: !!flags['delete-emptydir-data'],
    force: !!flags.force,
    skipWaitForDeleteTimeoutSeconds: flags['skip-wait-for-delete-timeout'] as number,
    now: ctx.now,
    daemonSetExists: (ns, name) => !!ctx.store.get('DaemonSet', ns, name),
  });
  if (list.errors.length) return list.errors.join('\n');
  // kubectl 1.32 prints these through its WarningPrinter ("Warning: ..."); the kubectl binary no
  // longer contains drain's older "WARNING: %s" format.
  if (list.warnings) ctx.err(`Warning: ${list.warnings}\n`);
  if (dryRun === 'client') {
    for (const p of list.pods) ctx.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
    return undefined;
  }
  const grace = flags['grace-period'] as number;
  const evicted: Array<{ pod: KObject; done: boolean }> = [];
  for (const p of list.pods) {
    ctx.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name}${dryRun === 'server' ? ' (server dry run)' : ''}\n`);
    try {
      // The eviction subresource deletes the pod with its grace period (no PodDisruptionBudgets are simulated).
      ctx.store.delete('Pod', p.metadata.namespace, p.metadata.name, { gracePeriodSeconds: grace >= 0 ? grace : undefined, dryRun: dryRun === 'server' });
      if (dryRun !== 'server') evicted.push({ pod: p, done: false });
    } catch (e) {
      if (!(e instanceof Error && /not found/.test(e.message))) return `error when evicting pods/${JSON.stringify(p.metadata.name)} -n ${JSON.stringify(p.metadata.namespace)}: ${(e as Error).message}`;
    }
  }
  if (!evicted.length) return undefined;
  const timeoutMs = parseGoDuration(String(flags.timeout ?? '0s'));
  const deadline = timeoutMs > 0 ? ctx.now + timeoutMs : Infinity;
  // waitForDelete: a pod is gone when it no longer exists or another pod took its name.
  const report = () => {
    for (const e of evicted) {
      if (e.done) continue;
      const cur = ctx.store.get('Pod', e.pod.metadata.namespace, e.pod.metadata.name);
      if (!cur || cur.metadata.uid !== e.pod.metadata.uid) {
        e.done = true;
        ctx.out(`pod/${e.pod.metadata.name} evicted\n`);
      }
    }
  };
  const ok = await ctx.waitUntil(
    () => {
      report();
      return evicted.every((e) => e.done);
    },
    deadline,
    report,
  );
  if (!ok) {
    const pending = evicted.filter((e) => !e.done);
    if (deadline === Infinity)
      return `podium: the simulated cluster has nothing left to do and ${pending.length} pod(s) are still not gone; a real kubectl would wait here forever (use --timeout)`;
    return `error when evicting pods/${JSON.stringify(pending[0].pod.metadata.name)} -n ${JSON.stringify(pending[0].pod.metadata.namespace)}: global timeout reached: ${String(flags.timeout)}`;
  }
  return undefined;
}

async function runDrain(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const dryRun = dryRunStrategy(ctx, flags);
  const { nodes, errors } = nodesFor(ctx, 'drain', 'drain NODE', args, flags);
  if (errors.length) throw errors[0];
  runCordonOrUncordon(ctx, nodes, true, dryRun);
  const fatal: string[] = [];
  const remaining: string[] = [];
  const drained = new Set<string>();
  for (const node of nodes) {
    const err = await drainNode(ctx, node, flags, dryRun);
    if (err === undefined) {
      drained.add(node.metadata.name);
      ctx.out(`node/${node.metadata.name} drained${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
      continue;
    }
    // An aggregate of several errors prints as [a, b] (utilerrors.aggregate.Error).
    const lines = err.split('\n');
    ctx.err(`error: unable to drain node ${JSON.stringify(node.metadata.name)} due to error: ${lines.length > 1 ? `[${lines.join(', ')}]` : err}, continuing command...\n`);
    if (!drained.has(node.metadata.name)) {
      fatal.push(err);
      remaining.push(node.metadata.name);
    }
  }
  if (remaining.length) {
    ctx.err('There are pending nodes to be drained:\n');
    for (const n of remaining) ctx.err(` ${n}\n`);
  }
  if (!fatal.length) return 0;
  // The errors are aggregates: kubectl prints their messages one per line, without `error: `.
  for (const f of fatal) for (const line of f.split('\n')) ctx.err(`${line}\n`);
  return 1;
}

/** `kubectl drain`. */
export const drainVerb: Verb = recordedVerb('drain', {
  name: 'drain',
  group: 'Cluster Management Commands',
  unsupported: ['chunk-size', 'disable-eviction'],
  run: runDrain,
});

