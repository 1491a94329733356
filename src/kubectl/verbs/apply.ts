/**
 * `kubectl apply -f` (client-side apply, kubernetes/kubectl pkg/cmd/apply/apply.go and
 * patcher.go): each object is created when missing (`created`), or patched with the three-way
 * strategic merge patch between the last applied configuration (the
 * kubectl.kubernetes.io/last-applied-configuration annotation), the new configuration and the live
 * object (`configured`); an empty patch prints `unchanged`. Removing a field from the manifest
 * removes it from the object; fields that controllers or other clients set are kept.
 */
import { createThreeWayMergePatch, strategicMergePatch, type JsonMap } from '../../engine/api/patch';
import type { KObject, NewObject } from '../../engine/api/types';
import type { KubectlContext } from '../context';
import { addSourceToErr, KubectlError } from '../errors';
import type { FlagValues } from '../flags';
import {
  createObject,
  dryRunStrategy,
  fieldValidation,
  filenames,
  goJson,
  LAST_APPLIED,
  OutcomePrinter,
  patchObject,
  placeInNamespace,
  readFilenames,
  reportErrors,
  withLastApplied,
  type DryRun,
  type ManifestObject,
} from '../manifest';
import type { FieldValidation } from '../../engine/store/store';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

/** kubectl apply's warning for an object that was not created declaratively (apply.go). */
export function missingLastAppliedWarning(resource: string, name: string): string {
  return (
    `Warning: resource ${resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. ` +
    `kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. ` +
    `The missing annotation will be patched automatically.\n`
  );
}

/** The outcome of applying one object. */
export interface ApplyOutcome {
  operation: 'created' | 'configured' | 'unchanged';
  object: KObject | NewObject;
}

/**
 * Applies one manifest object (apply.go applyOneObject): create it when it does not exist, else
 * patch it with the three-way merge patch. Throws the server's error.
 */
export function applyOne(ctx: KubectlContext, m: ManifestObject, dryRun: DryRun, validation: FieldValidation): ApplyOutcome {
  const obj = placeInNamespace(ctx, m);
  const name = obj.metadata?.name ?? '';
  const info = m.info;
  if (!name) {
    // apply.go: a generated name cannot be applied (the next apply could not find the object).
    const generateName = obj.metadata?.generateName;
    if (generateName) throw new KubectlError(`from ${generateName}: cannot use generate name with apply`);
    const gvk = info.group ? `${info.group}/${info.version}, Kind=${info.kind}` : `/${info.version}, Kind=${info.kind}`;
    const res = info.group ? `${info.group}/${info.version}, Resource=${info.resource}` : `/${info.version}, Resource=${info.resource}`;
    throw new KubectlError(
      `error when retrieving current configuration of:\nResource: "${res}", GroupVersionKind: "${gvk}"\nName: "", Namespace: "${obj.metadata?.namespace ?? ''}"\nfrom server for: "${m.source}": resource name may not be empty`,
    );
  }
  const modified = withLastApplied(obj);
  const stored = ctx.store.get(info.kind, obj.metadata?.namespace, name);
  if (!stored) {
    if (dryRun === 'client') return { operation: 'created', object: modified };
    try {
      return { operation: 'created', object: createObject(ctx, modified, { dryRun, validation }) };
    } catch (e) {
      throw addSourceToErr('creating', m.source, e);
    }
  }
  const current = ctx.store.present(stored);
  const original = current.metadata.annotations?.[LAST_APPLIED];
  if (original === undefined) ctx.err(missingLastAppliedWarning(info.resource, name));
  let originalMap: JsonMap = {};
  if (original) {
    try {
      originalMap = JSON.parse(original) as JsonMap;
    } catch {
      originalMap = {};
    }
  }
  const patch = createThreeWayMergePatch(originalMap, modified as unknown as JsonMap, current as unknown as JsonMap, info.schemaType);
  if (!Object.keys(patch).length) return { operation: 'unchanged', object: current };
  if (dryRun === 'client') {
    return { operation: 'configured', object: strategicMergePatch(current as unknown as JsonMap, patch, info.schemaType) as unknown as KObject };
  }
  try {
    const { after } = patchObject(ctx, info, obj.metadata?.namespace, name, 'strategic', patch, { dryRun, validation });
    return { operation: 'configured', object: after };
  } catch (e) {
    // apply.go: AddSourceToErr(fmt.Sprintf("applying patch:\n%s\nto:\n%v\nfor:", patch, info), ...)
    // around patcher.go's AddSourceToErr("patching", ...).
    const ns = obj.metadata?.namespace ?? '';
    const gv = info.group ? `${info.group}/${info.version}` : `/${info.version}`;
    const where = `applying patch:\n${goJson(patch)}\nto:\nResource: "${gv}, Resource=${info.resource}", GroupVersionKind: "${gv}, Kind=${info.kind}"\nName: "${name}", Namespace: "${ns}"\nfor:`;
    throw addSourceToErr(where, m.source, addSourceToErr('patching', m.source, e));
  }
}

async function runApply(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  if (args.length) throw new KubectlError(`Unexpected args: [${args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`);
  const dryRun = dryRunStrategy(ctx, flags);
  if (flags['server-side']) {
    if (dryRun === 'client') throw new KubectlError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
    throw new KubectlError('podium: server-side apply (--server-side) is not simulated; run kubectl apply without it (client-side apply).');
  }
  const files = filenames(flags);
  if (!files.length) throw new KubectlError('must specify one of -f and -k');
  const printer = new OutcomePrinter(ctx, flags.output, dryRun);
  const validation = fieldValidation(flags);
  const { objects, errors } = readFilenames(ctx, files);
  if (!objects.length && !errors.length) throw new KubectlError('no objects passed to apply');
  const errs: unknown[] = [...errors];
  for (const m of objects) {
    try {
      const { operation, object } = applyOne(ctx, m, dryRun, validation);
      // An empty patch prints `unchanged` unless an object format was asked for (apply.go).
      printer.print(object, m.info, operation === 'unchanged' && printer.printsObjects ? 'configured' : operation);
    } catch (e) {
      errs.push(e);
    }
  }
  return reportErrors(ctx, errs);
}

/** apply's sub-commands, with kubectl 1.32's descriptions: listed in the help, not simulated. */
const applySubcommands: Verb[] = [
  ['edit-last-applied', 'Edit latest last-applied-configuration annotations of a resource/object'],
  ['set-last-applied', 'Set the last-applied-configuration annotation on a live object to match the contents of a file'],
  ['view-last-applied', 'View the latest last-applied-configuration annotations of a resource/object'],
].map(([name, short]) => ({
  name,
  short,
  usage: `kubectl apply ${name} [options]`,
  flags: [],
  interspersed: false,
  run: () => {
    throw new KubectlError(`podium: "kubectl apply ${name}" is not simulated; "kubectl get TYPE NAME -o yaml" shows the kubectl.kubernetes.io/last-applied-configuration annotation.`, 1, true);
  },
}));

/** `kubectl apply`. */
export const applyVerb: Verb = recordedVerb('apply', {
  name: 'apply',
  group: 'Advanced Commands',
  subcommands: applySubcommands,
  unsupported: ['kustomize', 'prune', 'prune-allowlist', 'all', 'selector', 'force', 'force-conflicts', 'subresource', 'openapi-patch', 'template'],
  run: runApply,
});
