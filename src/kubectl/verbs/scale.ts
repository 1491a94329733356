/**
 * `kubectl scale --replicas=N (TYPE NAME | TYPE/NAME | -f FILE | -l SEL --all)` (kubernetes/kubectl
 * pkg/cmd/scale and pkg/scale): sets spec.replicas through the scale subresource of Deployments,
 * ReplicaSets and ReplicationControllers, after the optional `--current-replicas` and
 * `--resource-version` preconditions; prints `deployment.apps/web scaled`. `--timeout` waits for
 * the controller to bring status.replicas to the new size.
 */
import { ApiError } from '../../engine/api/errors';
import type { KubectlContext } from '../context';
import { KubectlError, RequiredFlagError } from '../errors';
import { parseGoDuration, type FlagValues, type Parsed } from '../flags';
import { dryRunStrategy, filenames, OutcomePrinter, patchObject, reportErrors, resolveTargets } from '../manifest';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

/** The kinds with a scale subresource that Podium serves. */
export const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'ReplicationController']);

async function runScale(ctx: KubectlContext, args: string[], flags: FlagValues, parsed: Parsed): Promise<number> {
  if (!parsed.changed.has('replicas')) throw new RequiredFlagError('replicas');
  const replicas = flags.replicas as number;
  if (replicas < 0) throw new KubectlError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const current = flags['current-replicas'] as number;
  const resourceVersion = String(flags['resource-version'] ?? '');
  const dryRun = dryRunStrategy(ctx, flags);
  const printer = new OutcomePrinter(ctx, flags.output, dryRun);
  const timeoutMs = parseGoDuration(String(flags.timeout ?? '0s'));
  const { targets, errors } = resolveTargets(ctx, args, {
    filenames: filenames(flags),
    selector: String(flags.selector ?? ''),
    all: !!flags.all,
    latest: true,
  });
  const errs: unknown[] = [...errors];
  if (!targets.length && !errors.length) throw new KubectlError('no objects passed to scale');
  const scaled: Array<{ kind: string; ns?: string; name: string }> = [];
  for (const t of targets) {
    try {
      // Kinds without a scale subresource: the GET of .../scale is a 404.
      if (!SCALABLE.has(t.info.kind))
        throw new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' });
      const live = t.live!;
      // scale.go ScalePrecondition.validate: "Expected replicas to be 2, was 3".
      if (current >= 0 && (live.spec?.replicas ?? 1) !== current)
        throw new KubectlError(`Expected replicas to be ${current}, was ${live.spec?.replicas ?? 1}`);
      if (resourceVersion && live.metadata.resourceVersion !== resourceVersion)
        throw new KubectlError(`Expected resource version to be ${resourceVersion}, was ${live.metadata.resourceVersion}`);
      if (dryRun === 'client') {
        printer.print({ ...live, spec: { ...live.spec, replicas } }, t.info, 'scaled');
        continue;
      }
      const { after } = patchObject(ctx, t.info, t.namespace, t.name, 'merge', { spec: { replicas } }, { dryRun });
      printer.print(after, t.info, 'scaled');
      scaled.push({ kind: t.info.kind, ns: t.namespace, name: t.name });
    } catch (e) {
      errs.push(e);
    }
  }
  if (timeoutMs > 0 && scaled.length && dryRun === 'none') {
    // scale.go waitForScale: status.replicas reaches spec.replicas.
    const done = () =>
      scaled.every((s) => {
        const o = ctx.store.get(s.kind, s.ns, s.name);
        return !!o && (o.status?.replicas ?? 0) === replicas && (o.status?.observedGeneration ?? 0) >= (o.metadata.generation ?? 0);
      });
    if (!(await ctx.waitUntil(done, ctx.now + timeoutMs))) errs.push(new KubectlError('timed out waiting for the condition'));
  }
  return reportErrors(ctx, errs);
}

/** `kubectl scale`. */
export const scaleVerb: Verb = recordedVerb('scale', {
  name: 'scale',
  group: 'Deploy Commands',
  unsupported: ['kustomize', 'template'],
  run: runScale,
});
