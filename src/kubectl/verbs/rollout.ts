/**
 * `kubectl rollout status|history|undo|pause|resume|restart` (kubernetes/kubectl pkg/cmd/rollout
 * and pkg/polymorphichelpers: rollout_status.go's status viewers, history.go, rollback.go,
 * objectpauser.go, objectresumer.go, objectrestarter.go).
 *
 * `rollout status` prints the viewer's message for the object as it is now and again every time it
 * changes (the watch), until the rollout is complete, the progress deadline is exceeded, or
 * `--timeout` passes on the simulated clock.
 */
import { getAllReplicaSets, getDeploymentCondition, revision, equalIgnoreHash, TimedOutReason } from '../../engine/controllers/deployment/util';
import { RevisionAnnotation, RevisionHistoryAnnotation, DesiredReplicasAnnotation, MaxReplicasAnnotation, DeprecatedRollbackTo } from '../../engine/controllers/deployment/util';
import type { KObject } from '../../engine/api/types';
import { clone } from '../../engine/sim/dev';
import { rfc3339 } from '../../engine/api/time';
import { createTwoWayMergePatch, type JsonMap } from '../../engine/api/patch';
import type { KubectlContext } from '../context';
import { KubectlError } from '../errors';
import { parseGoDuration, type FlagValues } from '../flags';
import { dryRunStrategy, filenames, LAST_APPLIED, objectRef, OutcomePrinter, patchObject, reportErrors, resolveTargets, type Target } from '../manifest';
import type { Verb } from '../registry';
import { defaultSubCommandRun, renderHelp } from '../help';
import { describePodTemplate as describeTemplate } from '../describe/containers';
import type { PrefixWriter } from '../describe/writer';
import { recordedVerb } from './write-help';

/** The annotation kubectl's history shows as CHANGE-CAUSE. */
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
/** The template annotation `rollout restart` sets. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

// -------------------------------------------------------------------------------------------------
// Status viewers

/** A status viewer's answer: the message to print and whether the rollout is done. */
export interface RolloutStatus {
  message: string;
  done: boolean;
}

/**
 * DeploymentStatusViewer.Status. Example: 3 replicas, 1 updated -> `Waiting for deployment "web"
 * rollout to finish: 1 out of 3 new replicas have been updated...`; all 3 updated but 4 pods
 * exist -> `1 old replicas are pending termination...`; then `2 of 3 updated replicas are
 * available...`, then `deployment "web" successfully rolled out`.
 */
export function deploymentStatus(d: KObject, rev = 0): RolloutStatus {
  const name = d.metadata.name;
  if (rev > 0) {
    const current = revision(d);
    if (rev !== current) throw new KubectlError(`desired revision (${rev}) is different from the running revision (${current})`);
  }
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const cond = getDeploymentCondition(st, 'Progressing');
    if (cond && cond.reason === TimedOutReason) throw new KubectlError(`deployment ${JSON.stringify(name)} exceeded its progress deadline`);
    const replicas = d.spec?.replicas;
    const updated = st.updatedReplicas ?? 0;
    if (replicas !== undefined && updated < replicas)
      return { message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    if ((st.replicas ?? 0) > updated)
      return { message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
    if ((st.availableReplicas ?? 0) < updated)
      return { message: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
    return { message: `deployment ${JSON.stringify(name)} successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

/** DaemonSetStatusViewer.Status. */
export function daemonSetStatus(ds: KObject): RolloutStatus {
  const name = JSON.stringify(ds.metadata.name);
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
  const st = ds.status ?? {};
  if ((ds.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const desired = st.desiredNumberScheduled ?? 0;
    if ((st.updatedNumberScheduled ?? 0) < desired)
      return { message: `Waiting for daemon set ${name} rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false };
    if ((st.numberAvailable ?? 0) < desired)
      return { message: `Waiting for daemon set ${name} rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false };
    return { message: `daemon set ${name} successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
}

function statusOf(obj: KObject, rev: number): RolloutStatus {
  if (obj.kind === 'Deployment') return deploymentStatus(obj, rev);
  return daemonSetStatus(obj);
}

function oneTarget(ctx: KubectlContext, args: string[], flags: FlagValues, verb: string): Target {
  if (!args.length && !filenames(flags).length) throw new KubectlError('required resource not specified');
  const { targets, errors } = resolveTargets(ctx, args, { filenames: filenames(flags), selector: String(flags.selector ?? ''), latest: true });
  if (errors.length) throw errors[0];
  if (targets.length !== 1) throw new KubectlError(`${verb} is only supported on individual resources and resource collections - ${targets.length} resources were found`);
  return targets[0];
}

async function runStatus(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const rev = flags.revision as number;
  if (!args.length && !filenames(flags).length) throw new KubectlError('required resource not specified');
  if (rev < 0) throw new KubectlError(`revision must be a positive integer: ${rev}`);
  const t = oneTarget(ctx, args, flags, 'rollout status');
  if (t.info.kind !== 'Deployment' && t.info.kind !== 'DaemonSet')
    throw new KubectlError(`no status viewer has been implemented for ${t.info.kind}${t.info.group ? `.${t.info.group}` : ''}`);
  const timeoutMs = parseGoDuration(String(flags.timeout ?? '0s'));
  const deadline = timeoutMs > 0 ? ctx.now + timeoutMs : Infinity;
  const watch = flags.watch !== false;
  let lastRv = '';
  let finished = false;
  let failure: unknown;
  // Each watch event (the object changed) prints the viewer's message again, as kubectl does.
  const observe = () => {
    if (finished) return;
    const cur = ctx.store.get(t.info.kind, t.namespace, t.name);
    if (!cur) {
      failure = new KubectlError('object has been deleted');
      finished = true;
      return;
    }
    if (cur.metadata.resourceVersion === lastRv) return;
    lastRv = cur.metadata.resourceVersion;
    try {
      const s = statusOf(ctx.store.present(cur), rev);
      ctx.out(s.message);
      if (s.done || !watch) finished = true;
    } catch (e) {
      failure = e;
      finished = true;
    }
  };
  ctx.settle();
  observe();
  if (!finished) {
    const done = await ctx.waitUntil(() => finished, deadline, observe);
    if (!done && !finished) {
      if (deadline === Infinity)
        throw new KubectlError('podium: the simulated cluster has nothing left to do and the rollout is not complete; a real kubectl would wait here forever (use --timeout)');
      throw new KubectlError('timed out waiting for the condition');
    }
  }
  if (failure) throw failure;
  return 0;
}

// -------------------------------------------------------------------------------------------------
// History

/**
 * A pod template as describe.go's DescribePodTemplate prints it, written straight to a buffer as
 * history.go's printTemplate does (a PrefixWriter without a tabwriter: the tabs stay tabs).
 */
export function describePodTemplate(template: KObject['spec']): string {
  let out = '';
  const w = { write: (level: number, text: string) => void (out += '  '.repeat(level) + text), writeLine: (text = '') => void (out += `${text}\n`) };
  describeTemplate(template, w as unknown as PrefixWriter);
  return out;
}

/** tabwriter with padding 2 (history.go tabbedString). */
function tabbed(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => i < r.length - 1 && (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] + 2) : c)).join('') + '\n').join('');
}

/** DeploymentHistoryViewer.ViewHistory: the REVISION / CHANGE-CAUSE table, or one revision's template. */
export function deploymentHistory(ctx: KubectlContext, d: KObject, rev: number): string {
  const { allRSs } = getAllReplicaSets(ctx.store, d);
  const byRevision = new Map<number, KObject>();
  for (const rs of allRSs) {
    const v = revision(rs);
    if (v > 0 || rs.metadata.annotations?.[RevisionAnnotation] !== undefined) byRevision.set(v, rs);
  }
  if (!byRevision.size) return 'No rollout history found.';
  if (rev > 0) {
    const rs = byRevision.get(rev);
    if (!rs) throw new KubectlError('unable to find the specified revision');
    const template = clone(rs.spec?.template ?? {});
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
    if (cause) template.metadata = { ...(template.metadata ?? {}), annotations: { ...(template.metadata?.annotations ?? {}), [CHANGE_CAUSE]: cause } };
    return describePodTemplate(template);
  }
  const rows = [['REVISION', 'CHANGE-CAUSE']];
  for (const r of [...byRevision.keys()].sort((a, b) => a - b)) rows.push([String(r), byRevision.get(r)!.metadata.annotations?.[CHANGE_CAUSE] || '<none>']);
  return tabbed(rows);
}

function noDaemonSetHistory(): never {
  throw new KubectlError('podium: DaemonSet revisions (ControllerRevisions) are not simulated, so rollout history and undo work for Deployments only.');
}

async function runHistory(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const rev = flags.revision as number;
  if (!args.length && !filenames(flags).length) throw new KubectlError('required resource not specified');
  if (rev < 0) throw new KubectlError(`revision must be a positive integer: ${rev}`);
  const { targets, errors } = resolveTargets(ctx, args, { filenames: filenames(flags), selector: String(flags.selector ?? ''), latest: true });
  const errs: unknown[] = [...errors];
  for (const t of targets) {
    try {
      if (t.info.kind === 'DaemonSet') noDaemonSetHistory();
      if (t.info.kind !== 'Deployment') throw new KubectlError(`no history viewer has been implemented for ${JSON.stringify(`${t.info.kind}${t.info.group ? `.${t.info.group}` : ''}`)}`);
      const info = deploymentHistory(ctx, t.live!, rev);
      const withRevision = rev > 0 ? `with revision #${rev}` : '';
      ctx.out(`${objectRef(t.info, t.name)} ${withRevision}\n${info}\n`);
    } catch (e) {
      errs.push(e);
    }
  }
  return reportErrors(ctx, errs);
}

// -------------------------------------------------------------------------------------------------
// Undo

/** Annotations a rollback keeps from the Deployment instead of copying them from the ReplicaSet (rollback.go). */
const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED, RevisionAnnotation, RevisionHistoryAnnotation, DesiredReplicasAnnotation, MaxReplicasAnnotation, DeprecatedRollbackTo]);

/**
 * The ReplicaSet of a revision (rollback.go deploymentRevision): `toRevision` 0 means the one before
 * the newest (revisions 1, 2, 3 -> 2).
 */
export function replicaSetForRollback(ctx: KubectlContext, d: KObject, toRevision: number): KObject {
  const { allRSs } = getAllReplicaSets(ctx.store, d);
  let latest: KObject | undefined;
  let latestRev = -1;
  let previous: KObject | undefined;
  let previousRev = -1;
  for (const rs of allRSs) {
    if (rs.metadata.annotations?.[RevisionAnnotation] === undefined) continue;
    const v = revision(rs);
    if (toRevision === 0) {
      if (latestRev < v) {
        previousRev = latestRev;
        previous = latest;
        latestRev = v;
        latest = rs;
      } else if (previousRev < v) {
        previousRev = v;
        previous = rs;
      }
    } else if (toRevision === v) return rs;
  }
  if (toRevision > 0) throw new KubectlError(`unable to find specified revision ${toRevision} in history`);
  if (!previous) throw new KubectlError(`no rollout history found for deployment ${JSON.stringify(d.metadata.name)}`);
  return previous;
}

async function runUndo(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const toRevision = flags['to-revision'] as number;
  if (!args.length && !filenames(flags).length) throw new KubectlError('required resource not specified');
  const dryRun = dryRunStrategy(ctx, flags);
  const printer = new OutcomePrinter(ctx, flags.output, dryRun);
  const { targets, errors } = resolveTargets(ctx, args, { filenames: filenames(flags), selector: String(flags.selector ?? ''), latest: true });
  const errs: unknown[] = [...errors];
  for (const t of targets) {
    try {
      if (t.info.kind === 'DaemonSet') noDaemonSetHistory();
      if (t.info.kind !== 'Deployment') throw new KubectlError(`no rollbacker has been implemented for ${JSON.stringify(`${t.info.kind}${t.info.group ? `.${t.info.group}` : ''}`)}`);
      if (toRevision < 0) throw new KubectlError(`unable to find specified revision ${toRevision} in history`);
      const d = t.live!;
      const rs = replicaSetForRollback(ctx, d, toRevision);
      if (dryRun === 'client') {
        printer.print(d, t.info, describePodTemplate(rs.spec?.template).trimEnd());
        continue;
      }
      if (d.spec?.paused)
        throw new KubectlError(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${t.name}' and try again`);
      if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) {
        printer.print(d, t.info, `skipped rollback (current template already matches revision ${toRevision})`);
        continue;
      }
      const template = clone(rs.spec?.template ?? {});
      if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
      const annotations: Record<string, string> = {};
      for (const k of ANNOTATIONS_TO_SKIP) if (d.metadata.annotations?.[k] !== undefined) annotations[k] = d.metadata.annotations[k];
      for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v as string;
      const patch = [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ];
      try {
        const { after } = patchObject(ctx, t.info, t.namespace, t.name, 'json', patch, { dryRun });
        printer.print(after, t.info, 'rolled back');
      } catch (e) {
        throw new KubectlError(`failed restoring revision ${toRevision}: ${e instanceof Error ? e.message : String(e)}`);
      }
    } catch (e) {
      errs.push(e);
    }
  }
  return reportErrors(ctx, errs);
}

// -------------------------------------------------------------------------------------------------
// Pause, resume, restart

type Mutation = (obj: KObject) => KObject | { error: string };

/** `error: deployments.apps "web" is already paused` (the rollout commands' per-object errors). */
function objectError(t: Target, msg: string): KubectlError {
  return new KubectlError(`error: ${t.info.resource}${t.info.group ? `.${t.info.group}` : ''} ${JSON.stringify(t.name)} ${msg}`, 1, true);
}

async function runMutation(ctx: KubectlContext, args: string[], flags: FlagValues, mutate: Mutation, operation: string, unchanged: string): Promise<number> {
  if (!args.length && !filenames(flags).length) throw new KubectlError("required resource not specified");
  const printer = new OutcomePrinter(ctx, flags.output, 'none');
  const { targets, errors } = resolveTargets(ctx, args, { filenames: filenames(flags), selector: String(flags.selector ?? ''), latest: true });
  const errs: unknown[] = [...errors];
  for (const t of targets) {
    const res = mutate(t.live!);
    if ('error' in res && typeof res.error === 'string' && !('metadata' in res)) {
      errs.push(objectError(t, res.error));
      continue;
    }
    const updated = res as KObject;
    const patch = createTwoWayMergePatch(t.live! as unknown as JsonMap, updated as unknown as JsonMap, t.info.schemaType);
    if (!Object.keys(patch).length) {
      printer.print(t.live!, t.info, unchanged);
      continue;
    }
    try {
      const { after } = patchObject(ctx, t.info, t.namespace, t.name, 'strategic', patch, { dryRun: 'none' });
      printer.print(after, t.info, operation);
    } catch (e) {
      errs.push(new KubectlError(`failed to patch: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  return reportErrors(ctx, errs);
}

/** objectpauser.go: only Deployments pause. */
const pauser: Mutation = (obj) => {
  if (obj.kind !== 'Deployment') return { error: 'pausing is not supported' };
  if (obj.spec?.paused) return { error: 'is already paused' };
  const c = clone(obj);
  c.spec.paused = true;
  return c;
};

/** objectresumer.go. */
const resumer: Mutation = (obj) => {
  if (obj.kind !== 'Deployment') return { error: 'resuming is not supported' };
  if (!obj.spec?.paused) return { error: 'is not paused' };
  const c = clone(obj);
  c.spec.paused = false;
  return c;
};

/** objectrestarter.go: a restartedAt annotation on the pod template starts a new rollout. */
function restarter(ctx: KubectlContext): Mutation {
  return (obj) => {
    if (obj.kind !== 'Deployment' && obj.kind !== 'DaemonSet') return { error: 'restarting is not supported' };
    if (obj.kind === 'Deployment' && obj.spec?.paused) return { error: "can't restart paused deployment (run rollout resume first)" };
    const c = clone(obj);
    c.spec.template = c.spec.template ?? {};
    c.spec.template.metadata = c.spec.template.metadata ?? {};
    c.spec.template.metadata.annotations = { ...(c.spec.template.metadata.annotations ?? {}), [RESTARTED_AT]: rfc3339(ctx.now) };
    return c;
  };
}

const common = ['kustomize', 'template'];
const status = recordedVerb('rollout status', { name: 'status', unsupported: ['kustomize'], run: runStatus });
const history = recordedVerb('rollout history', { name: 'history', unsupported: [...common, 'output'], run: runHistory });
const undo = recordedVerb('rollout undo', { name: 'undo', unsupported: common, run: runUndo });
const pause = recordedVerb('rollout pause', { name: 'pause', unsupported: common, run: (ctx, a, f) => runMutation(ctx, a, f, pauser, 'paused', 'already paused') });
const resume = recordedVerb('rollout resume', { name: 'resume', unsupported: common, run: (ctx, a, f) => runMutation(ctx, a, f, resumer, 'resumed', 'already resumed') });
const restart = recordedVerb('rollout restart', { name: 'restart', unsupported: common, run: (ctx, a, f) => runMutation(ctx, a, f, restarter(ctx), 'restarted', 'restarted') });

/** `kubectl rollout`. */
export const rolloutVerb: Verb = recordedVerb('rollout', {
  name: 'rollout',
  group: 'Deploy Commands',
  subcommands: [history, pause, restart, resume, status, undo],
  run: (ctx, args) => defaultSubCommandRun(ctx, 'rollout', args, 'out', () => renderHelp(rolloutVerb, ['rollout'])),
});
