/**
 * `kubectl cordon NODE` (kubernetes/kubectl pkg/cmd/drain/drain.go RunCordonOrUncordon and
 * pkg/drain/cordon.go): sets spec.unschedulable with a strategic merge patch; `node/x cordoned`,
 * or `node/x already cordoned`. uncordon.ts and drain.ts share runCordonOrUncordon.
 */
import type { KObject } from '../../engine/api/types';
import { mustKind } from '../../engine/api/registry';
import { notFound } from '../../engine/api/errors';
import type { KubectlContext } from '../context';
import { KubectlError } from '../errors';
import type { FlagValues } from '../flags';
import { dryRunStrategy, dryRunSuffix, parseSelectorOrThrow, patchObject, type DryRun } from '../manifest';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

/** The nodes a cordon/uncordon/drain names (NODE... or -l), or the usage error. */
export function nodesFor(ctx: KubectlContext, verb: string, usage: string, args: string[], flags: FlagValues): { nodes: KObject[]; errors: unknown[] } {
  const selector = String(flags.selector ?? '');
  if (!args.length && !selector) throw new KubectlError(`USAGE: ${usage} [flags]\nSee 'kubectl ${verb} -h' for help and examples`);
  if (args.length && selector) throw new KubectlError(`error: cannot specify both a node name and a --selector option\nSee 'kubectl ${verb} -h' for help and examples`);
  const errors: unknown[] = [];
  if (selector) return { nodes: ctx.store.list('Node', { selector: parseSelectorOrThrow(selector) }), errors };
  const nodes: KObject[] = [];
  for (const name of args) {
    const n = ctx.store.get('Node', undefined, name);
    if (n) nodes.push(n);
    else errors.push(notFound(mustKind('Node'), name));
  }
  return { nodes, errors };
}

/** Cordons (desired) or uncordons the nodes, printing one line each; returns whether all went well. */
export function runCordonOrUncordon(ctx: KubectlContext, nodes: KObject[], desired: boolean, dryRun: DryRun): boolean {
  const verb = desired ? 'cordon' : 'uncordon';
  let ok = true;
  for (const node of nodes) {
    const name = node.metadata.name;
    if (!!node.spec?.unschedulable === desired) {
      ctx.out(`node/${name} already ${verb}ed${dryRunSuffix(dryRun)}\n`);
      continue;
    }
    if (dryRun !== 'client') {
      try {
        patchObject(ctx, mustKind('Node'), undefined, name, 'strategic', { spec: { unschedulable: desired ? true : null } }, { dryRun });
      } catch (e) {
        ctx.err(`error: unable to ${verb} node ${JSON.stringify(name)}: ${e instanceof Error ? e.message : String(e)}\n`);
        ok = false;
        continue;
      }
    }
    ctx.out(`node/${name} ${verb}ed${dryRunSuffix(dryRun)}\n`);
  }
  return ok;
}

/** `kubectl cordon`. */
export const cordonVerb: Verb = recordedVerb('cordon', {
  name: 'cordon',
  group: 'Cluster Management Commands',
  run: (ctx, args, flags) => {
    const dryRun = dryRunStrategy(ctx, flags);
    const { nodes, errors } = nodesFor(ctx, 'cordon', 'cordon NODE', args, flags);
    if (errors.length) throw errors[0];
    runCordonOrUncordon(ctx, nodes, true, dryRun);
    return 0;
  },
});
