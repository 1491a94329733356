/**
 * `kubectl delete` (kubernetes/kubectl pkg/cmd/delete/delete.go and delete_flags.go): by name,
 * TYPE/NAME, -f, -l or --all; `--grace-period`, `--now` (1 s), `--force` (0 s, with kubectl's
 * warning), `--cascade=background|foreground|orphan` (and the deprecated booleans); by default it
 * then waits, on the simulated clock, until every deleted object is gone (`--wait`, `--timeout`).
 * Each object prints `pod "web" deleted`; a missing one `Error from server (NotFound): ...`.
 */
import type { DeleteOptions } from '../../engine/store/store';
import { parseGoDuration, type FlagValues } from '../flags';
import type { KubectlContext } from '../context';
import { addSourceToErr, KubectlError } from '../errors';
import { isApiError } from '../../engine/api/errors';
import { dryRunStrategy, filenames, reportErrors, resolveTargets, type DryRun, type Target } from '../manifest';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

/** --cascade as delete_flags.go GetCascadingStrategy reads it. */
export function cascadingStrategy(ctx: KubectlContext, value: string): NonNullable<DeleteOptions['propagationPolicy']> {
  switch (value) {
    case 'orphan':
      return 'Orphan';
    case 'foreground':
      return 'Foreground';
    case 'background':
      return 'Background';
  }
  const b = value.toLowerCase();
  if (['1', 't', 'true'].includes(b)) {
    // A plain line on stderr (parseCascadingFlag writes it itself), not a klog warning.
    ctx.err(`warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=background.\n`);
    return 'Background';
  }
  if (['0', 'f', 'false'].includes(b)) {
    ctx.err(`warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=orphan.\n`);
    return 'Orphan';
  }
  throw new KubectlError(`invalid cascade value (${value}). Must be "background", "foreground", or "orphan"`);
}

/** What DeleteResult needs. */
export interface DeleteRun {
  gracePeriod: number;
  propagation: NonNullable<DeleteOptions['propagationPolicy']>;
  dryRun: DryRun;
  ignoreNotFound: boolean;
  wait: boolean;
  timeoutMs: number;
  output: string;
  warnClusterScope: boolean;
  quiet?: boolean;
  /** Errors the resource builder already met while visiting (unmappable documents, unreadable files). */
  visitErrors?: number;
}

/** `pod "web" deleted` (DeleteOptions.PrintObj). */
function printDeleted(ctx: KubectlContext, t: Target, o: DeleteRun): void {
  if (o.quiet) return;
  const kind = `${t.info.singular}${t.info.group ? `.${t.info.group}` : ''}`;
  if (o.output === 'name') {
    ctx.out(`${kind}/${t.name}\n`);
    return;
  }
  let op = o.gracePeriod === 0 ? 'force deleted' : 'deleted';
  if (o.dryRun === 'client') op += ' (dry run)';
  if (o.dryRun === 'server') op += ' (server dry run)';
  ctx.out(`${kind} "${t.name}" ${op}\n`);
}

/**
 * Deletes the targets and waits for them to be gone (DeleteResult); returns the errors. Used by
 * `delete` and by `run --rm`.
 */
export async function deleteTargets(ctx: KubectlContext, targets: Target[], o: DeleteRun): Promise<unknown[]> {
  const errs: unknown[] = [];
  const deleted: Array<{ t: Target; uid: string }> = [];
  let warnClusterScope = o.warnClusterScope;
  let found = 0;
  for (const t of targets) {
    found++;
    if (warnClusterScope && !t.info.namespaced) {
      ctx.err('Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n');
      warnClusterScope = false;
    }
    if (o.dryRun === 'client') {
      printDeleted(ctx, t, o);
      continue;
    }
    try {
      const res = ctx.store.delete(t.info.kind, t.namespace, t.name, {
        gracePeriodSeconds: o.gracePeriod >= 0 ? o.gracePeriod : undefined,
        propagationPolicy: o.propagation,
        dryRun: o.dryRun === 'server',
      });
      printDeleted(ctx, t, o);
      deleted.push({ t, uid: res.metadata.uid });
    } catch (e) {
      // DeleteResult counts the object before deleting it, and --ignore-not-found filters the
      // NotFound out of the visit's error afterwards: `delete pod nope --ignore-not-found` prints
      // nothing (not "No resources found").
      if (o.ignoreNotFound && isApiError(e, 'NotFound')) continue;
      errs.push(addSourceToErr('deleting', t.source, e));
    }
  }
  // DeleteResult returns the visit's error before "No resources found" and before waiting: after
  // `delete pod a nope`, kubectl reports the NotFound at once without waiting for `a` to go.
  if (errs.length || o.visitErrors) return errs;
  if (!found) {
    ctx.out('No resources found\n');
    return errs;
  }
  if (!o.wait || o.dryRun !== 'none' || !deleted.length) return errs;
  // cmdwait.IsDeleted: gone, or replaced by a new object with another uid.
  const gone = (d: { t: Target; uid: string }) => {
    const cur = ctx.store.get(d.t.info.kind, d.t.namespace, d.t.name);
    return !cur || cur.metadata.uid !== d.uid;
  };
  // A timeout of 0 means a week, as in kubectl.
  const timeoutMs = o.timeoutMs > 0 ? o.timeoutMs : 168 * 3_600_000;
  const ok = await ctx.waitUntil(() => deleted.every(gone), ctx.now + timeoutMs);
  if (!ok) for (const d of deleted) if (!gone(d)) errs.push(new KubectlError(`timed out waiting for the condition on ${d.t.info.resource}/${d.t.name}`));
  return errs;
}

async function runDelete(ctx: KubectlContext, args: string[], flags: FlagValues, parsed: { changed: Set<string> }): Promise<number> {
  const output = String(flags.output ?? '');
  const selector = String(flags.selector ?? '');
  const all = !!flags.all;
  if (output && output !== 'name') throw new KubectlError(`unexpected -o output mode: ${output}. We only support '-o name'`);
  if (all && selector) throw new KubectlError('cannot set --all and --selector at the same time');
  let gracePeriod = flags['grace-period'] as number;
  const force = !!flags.force;
  if (flags.now) {
    if (gracePeriod !== -1) throw new KubectlError('--now and --grace-period cannot be specified together');
    gracePeriod = 1;
  }
  // delete.go: --grace-period=0 without --force becomes 1 s, to prevent accidental data loss.
  if (gracePeriod === 0 && !force) gracePeriod = 1;
  if (force && gracePeriod < 0) gracePeriod = 0;
  const dryRun = dryRunStrategy(ctx, flags);
  const propagation = cascadingStrategy(ctx, String(flags.cascade ?? 'background'));
  const timeoutMs = parseGoDuration(String(flags.timeout ?? '0s'));
  const selecting = all || !!selector;
  const { targets, errors } = resolveTargets(ctx, args, {
    filenames: filenames(flags),
    selector,
    all,
    allNamespaces: !!flags['all-namespaces'],
  });
  if (gracePeriod === 0 && force)
    ctx.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  else if (gracePeriod > 0 && force) throw new KubectlError('--force and --grace-period greater than 0 cannot be specified together');
  const ignoreNotFound = parsed.changed.has('ignore-not-found') ? !!flags['ignore-not-found'] : selecting;
  const visitErrors = errors.filter((e) => !(ignoreNotFound && isApiError(e, 'NotFound')));
  const errs = await deleteTargets(ctx, targets, {
    gracePeriod,
    propagation,
    dryRun,
    ignoreNotFound,
    wait: flags.wait !== false,
    timeoutMs,
    output,
    warnClusterScope: ctx.explicitNamespace && !flags['all-namespaces'],
    visitErrors: visitErrors.length,
  });
  return reportErrors(ctx, [...visitErrors, ...errs]);
}

/** `kubectl delete`. */
export const deleteVerb: Verb = recordedVerb('delete', {
  name: 'delete',
  group: 'Basic Commands (Intermediate)',
  unsupported: ['kustomize', 'raw', 'interactive', 'field-selector'],
  run: runDelete,
});
