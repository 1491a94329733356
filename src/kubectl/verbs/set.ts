/**
 * `kubectl set image (TYPE NAME | TYPE/NAME | -f FILE) CONTAINER=IMAGE ...` (kubernetes/kubectl
 * pkg/cmd/set/set_image.go): changes container images of a pod or a pod template with a strategic
 * merge patch, printing `deployment.apps/web image updated`; `*` names every container; a name no
 * container has gives `error: unable to find container named "x"`. `set env` and `set resources`
 * exist in kubectl but are not implemented by Podium (a clear error says so).
 */
import { createTwoWayMergePatch, type JsonMap } from '../../engine/api/patch';
import type { KObject } from '../../engine/api/types';
import { clone } from '../../engine/sim/dev';
import type { KubectlContext } from '../context';
import { KubectlError } from '../errors';
import type { FlagValues } from '../flags';
import { dryRunStrategy, filenames, OutcomePrinter, patchObject, reportErrors, resolveTargets } from '../manifest';
import type { Verb } from '../registry';
import { defaultSubCommandRun, renderHelp } from '../help';
import { recordedVerb } from './write-help';

/** The pod spec of a pod or of a workload's pod template (polymorphichelpers.updatePodSpecForObject). */
export function podSpecOf(obj: KObject): Record<string, unknown> | undefined {
  if (obj.kind === 'Pod') return obj.spec;
  if (['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet'].includes(obj.kind)) return obj.spec?.template?.spec;
  return undefined;
}

/** Splits `set image` arguments into resources and CONTAINER=IMAGE pairs (set_image.go). */
export function splitImageArgs(args: string[]): { resources: string[]; images: Array<[string, string]> } {
  const resources: string[] = [];
  const images: Array<[string, string]> = [];
  for (const a of args) {
    const i = a.indexOf('=');
    if (i > 0) images.push([a.slice(0, i), a.slice(i + 1)]);
    else resources.push(a);
  }
  return { resources, images };
}

async function runSetImage(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const { resources, images } = splitImageArgs(args);
  const files = filenames(flags);
  if (!resources.length && !files.length)
    throw new KubectlError("one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl set image -h' for help and examples");
  if (!images.length) throw new KubectlError("at least one image update is required\nSee 'kubectl set image -h' for help and examples");
  const dryRun = dryRunStrategy(ctx, flags);
  const printer = new OutcomePrinter(ctx, flags.output, dryRun);
  const { targets, errors } = resolveTargets(ctx, resources, { filenames: files, selector: String(flags.selector ?? ''), all: !!flags.all, latest: true });
  const errs: unknown[] = [...errors];
  for (const t of targets) {
    const live = t.live!;
    const updated = clone(live);
    const spec = podSpecOf(updated);
    if (!spec) {
      errs.push(new KubectlError(`error: ${t.info.resource}/${t.name} the object is not a pod or does not have a pod template: *v1.${t.info.kind}\n`, 1, true));
      continue;
    }
    for (const [name, image] of images) {
      let found = false;
      for (const list of ['containers', 'initContainers'] as const) {
        for (const c of (spec[list] as Array<{ name: string; image?: string }> | undefined) ?? []) {
          if (c.name === name || name === '*') {
            c.image = image;
            found = true;
          }
        }
      }
      if (!found) errs.push(new KubectlError(`error: unable to find container named ${JSON.stringify(name)}`, 1, true));
    }
    const patch = createTwoWayMergePatch(live as unknown as JsonMap, updated as unknown as JsonMap, t.info.schemaType);
    if (!Object.keys(patch).length) continue;
    if (dryRun === 'client') {
      printer.print(updated, t.info, 'image updated');
      continue;
    }
    try {
      const { after } = patchObject(ctx, t.info, t.namespace, t.name, 'strategic', patch, { dryRun });
      printer.print(after, t.info, 'image updated');
    } catch (e) {
      errs.push(new KubectlError(`failed to patch image update to pod template: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  return reportErrors(ctx, errs);
}

const setImage = recordedVerb('set image', { name: 'image', unsupported: ['kustomize', 'local', 'template'], run: runSetImage });

const notImplemented = (what: string) => () => {
  throw new KubectlError(`podium: "kubectl set ${what}" is not implemented; change the manifest and kubectl apply it, or use kubectl edit or kubectl patch.`);
};

const setEnv = recordedVerb('set env', { name: 'env', run: notImplemented('env') });
const setResources = recordedVerb('set resources', { name: 'resources', run: notImplemented('resources') });

/** `kubectl set`. */
export const setVerb: Verb = recordedVerb('set', {
  name: 'set',
  group: 'Basic Commands (Beginner)',
  subcommands: [setEnv, setImage, setResources],
  run: (ctx, args) => {
    if (args.length && ['selector', 'serviceaccount', 'sa', 'subject'].includes(args[0])) notImplemented(args[0])();
    return defaultSubCommandRun(ctx, 'set', args, 'err', () => renderHelp(setVerb, ['set']));
  },
});
