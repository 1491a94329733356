/**
 * `kubectl patch (-f FILE | TYPE NAME) -p PATCH [--type strategic|merge|json]` (kubernetes/kubectl
 * pkg/cmd/patch): the patch (YAML or JSON) goes to the API server, which applies it to the stored
 * object; kubectl prints `deployment.apps/web patched`, or `patched (no change)` when the result
 * equals what was stored. `--local` patches the file's object without a server.
 */
import { applyPatch, type PatchType } from '../../engine/api/patch';
import type { KObject } from '../../engine/api/types';
import { deepEqual } from '../../engine/sim/dev';
import type { KubectlContext } from '../context';
import { KubectlError } from '../errors';
import type { FlagValues } from '../flags';
import { dryRunStrategy, filenames, OutcomePrinter, patchObject, readFilenames, reportErrors, resolveTargets, yamlToJson, placeInNamespace } from '../manifest';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

const PATCH_TYPES: Record<string, PatchType> = { json: 'json', merge: 'merge', strategic: 'strategic' };

/** Decodes a patch given as YAML or JSON (patch.go: yaml.ToJSON), with kubectl's error. */
export function decodePatch(text: string): unknown {
  try {
    return yamlToJson(text);
  } catch (e) {
    throw new KubectlError(`unable to parse ${JSON.stringify(text)}: error converting YAML to JSON: ${(e as Error).message}`);
  }
}

async function runPatch(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const typeName = String(flags.type ?? 'strategic');
  const type = PATCH_TYPES[typeName];
  if (!type) throw new KubectlError(`--type must be one of [json merge strategic], not ${JSON.stringify(typeName)}`);
  const patchText = String(flags.patch ?? '');
  const patchFile = String(flags['patch-file'] ?? '');
  if (patchText && patchFile) throw new KubectlError('cannot specify --patch and --patch-file together');
  if (!patchText && !patchFile) throw new KubectlError('must specify --patch or --patch-file containing the contents of the patch');
  const local = !!flags.local;
  if (local && args.length) throw new KubectlError('cannot specify --local and server resources');
  const dryRun = dryRunStrategy(ctx, flags);
  const printer = new OutcomePrinter(ctx, flags.output, dryRun);
  const patch = decodePatch(patchFile ? ctx.readFile(patchFile) : patchText);
  const errs: unknown[] = [];

  if (local) {
    const files = filenames(flags);
    if (!files.length) throw new KubectlError('must specify a file or files with --local');
    const { objects, errors } = readFilenames(ctx, files);
    errs.push(...errors);
    for (const m of objects) {
      try {
        const obj = placeInNamespace(ctx, m) as KObject;
        printer.print(applyPatch(obj, type, patch, m.info), m.info, 'patched');
      } catch (e) {
        errs.push(e);
      }
    }
    return reportErrors(ctx, errs);
  }

  const { targets, errors } = resolveTargets(ctx, args, { filenames: filenames(flags), latest: true });
  errs.push(...errors);
  for (const t of targets) {
    try {
      if (dryRun === 'client') {
        const patched = applyPatch(t.live!, type, patch, t.info);
        printer.print(patched, t.info, 'patched');
        continue;
      }
      const { before, after } = patchObject(ctx, t.info, t.namespace, t.name, type, patch, { dryRun });
      const changed = !deepEqual(before, after);
      printer.print(after, t.info, changed ? 'patched' : 'patched (no change)');
    } catch (e) {
      errs.push(e);
    }
  }
  return reportErrors(ctx, errs);
}

/** `kubectl patch`. */
export const patchVerb: Verb = recordedVerb('patch', {
  name: 'patch',
  group: 'Advanced Commands',
  unsupported: ['kustomize', 'subresource', 'template'],
  run: runPatch,
});
