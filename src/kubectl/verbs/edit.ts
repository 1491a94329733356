/**
 * `kubectl edit` without an editor (kubernetes/kubectl pkg/cmd/util/editor/editoptions.go): the
 * edited text is the command's stdin. An unchanged text prints `Edit cancelled, no changes made.`;
 * a changed one is turned into a two-way strategic merge patch (apiVersion, kind and name may not
 * change) and sent, printing `deployment.apps/web edited`. When the API server refuses the change,
 * kubectl would reopen the editor with the errors; here that ends the edit as kubectl does when
 * the reopened file is saved unchanged.
 */
import { isApiError } from '../../engine/api/errors';
import { createTwoWayMergePatch, type JsonMap } from '../../engine/api/patch';
import type { KObject } from '../../engine/api/types';
import { deepEqual } from '../../engine/sim/dev';
import { fnv1a32Number } from '../../engine/sim/hash';
import type { KubectlContext } from '../context';
import { formatError, KubectlError } from '../errors';
import type { FlagValues } from '../flags';
import { filenames, OutcomePrinter, patchObject, readManifest, reportErrors, resolveTargets } from '../manifest';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

/** The buffer kubectl opens: its header comment, then the objects as YAML (or JSON with -o json). */
export const EDIT_HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n#\n';

function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
}

async function runEdit(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const output = String(flags.output ?? 'yaml') || 'yaml';
  if (output !== 'yaml' && output !== 'json') throw new KubectlError(`the flag 'output' must be one of yaml|json`);
  const { targets, errors } = resolveTargets(ctx, args, { filenames: filenames(flags), latest: true });
  if (errors.length) return reportErrors(ctx, errors);
  if (!targets.length) throw new KubectlError('edit cancelled, no objects found');
  const text = ctx.options.stdin;
  if (text === undefined)
    throw new KubectlError('podium: kubectl edit has no editor here; pass the edited object (YAML or JSON) as the standard input of the command');
  const stripped = stripComments(text);
  if (!stripped.trim()) {
    ctx.err('Edit cancelled, saved file was empty.\n');
    return 0;
  }
  const parsed = readManifest(stripped, 'edited-file');
  if (parsed.errors.length) {
    ctx.err(`error: The edited file had a syntax error: ${parsed.errors[0].message}\n`);
    ctx.err('error: Edit cancelled, no valid changes were saved.\n');
    return 1;
  }
  const printer = new OutcomePrinter(ctx, '', 'none');
  const errs: unknown[] = [];
  let changedAny = false;
  let invalid = false;
  for (const t of targets) {
    const original = t.live!;
    const edited = parsed.objects.find((o) => o.object.metadata?.name === t.name && o.info.kind === t.info.kind)?.object;
    if (!edited) {
      if (parsed.objects.length === targets.length) {
        errs.push(new KubectlError('At least one of apiVersion, kind and name was changed'));
        invalid = true;
      }
      continue;
    }
    const editedObj = { ...edited, metadata: { ...edited.metadata, namespace: edited.metadata?.namespace ?? original.metadata.namespace } };
    if (deepEqual(JSON.parse(JSON.stringify(original)), JSON.parse(JSON.stringify(editedObj)))) continue;
    if (editedObj.apiVersion !== original.apiVersion || editedObj.kind !== original.kind || editedObj.metadata?.name !== original.metadata.name) {
      errs.push(new KubectlError('At least one of apiVersion, kind and name was changed'));
      invalid = true;
      continue;
    }
    const patch = createTwoWayMergePatch(original as unknown as JsonMap, editedObj as unknown as JsonMap, t.info.schemaType);
    if (!Object.keys(patch).length) continue;
    changedAny = true;
    try {
      const { after } = patchObject(ctx, t.info, t.namespace, t.name, 'strategic', patch, { dryRun: 'none', validation: 'Strict' });
      printer.print(after as KObject, t.info, 'edited');
    } catch (e) {
      invalid = true;
      const kind = `${t.info.resource}${t.info.group ? `.${t.info.group}` : ''}`;
      ctx.err(`error: ${kind} ${JSON.stringify(t.name)} is invalid\n`);
      ctx.err(`podium: the editor would reopen with: ${formatError(e).replace(/^error: /, '')}\n`);
      if (!isApiError(e)) errs.push(e);
    }
  }
  if (invalid) {
    for (const e of errs) ctx.err(`${formatError(e)}\n`);
    // kubectl names the copy with a random number; a hash of the moment keeps the engine's RNG untouched.
    ctx.err(`A copy of your changes has been stored to "/tmp/kubectl-edit-${fnv1a32Number(`${ctx.now}/${text}`)}.yaml"\n`);
    ctx.err('error: Edit cancelled, no valid changes were saved.\n');
    return 1;
  }
  if (errs.length) return reportErrors(ctx, errs);
  if (!changedAny) ctx.err('Edit cancelled, no changes made.\n');
  return 0;
}

/** `kubectl edit`. */
export const editVerb: Verb = recordedVerb('edit', {
  name: 'edit',
  group: 'Basic Commands (Intermediate)',
  unsupported: ['kustomize', 'subresource', 'template', 'output-patch', 'windows-line-endings'],
  run: runEdit,
});
