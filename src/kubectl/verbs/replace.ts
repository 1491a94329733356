/**
 * `kubectl replace -f` (kubernetes/kubectl pkg/cmd/replace): PUT each object as written. An object
 * without metadata.resourceVersion replaces the live one unconditionally (the helper's
 * overwrite); one with a stale resourceVersion gets the API server's Conflict:
 * `Error from server (Conflict): error when replacing "pod.yaml": Operation cannot be fulfilled on
 * pods "web": the object has been modified; please apply your changes to the latest version and
 * try again`. `--force` deletes the object and creates it again.
 */
import type { KubectlContext } from '../context';
import { addSourceToErr, KubectlError } from '../errors';
import type { FlagValues } from '../flags';
import {
  createObject,
  createOrUpdateLastApplied,
  dryRunStrategy,
  fieldValidation,
  filenames,
  OutcomePrinter,
  placeInNamespace,
  readFilenames,
  reportErrors,
  updateObject,
} from '../manifest';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

async function runReplace(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  if (args.length) throw new KubectlError(`Unexpected args: [${args.join(' ')}]\nSee 'kubectl replace -h' for help and examples`);
  const files = filenames(flags);
  if (!files.length) throw new KubectlError('must specify one of -f and -k');
  const dryRun = dryRunStrategy(ctx, flags);
  const force = !!flags.force;
  if (force && dryRun !== 'none') throw new KubectlError('--dry-run can not be used when --force is set');
  const printer = new OutcomePrinter(ctx, flags.output, dryRun);
  const validation = fieldValidation(flags);
  const { objects, errors } = readFilenames(ctx, files);
  if (!objects.length && !errors.length) throw new KubectlError('no objects passed to replace');
  const errs: unknown[] = [...errors];
  for (const m of objects) {
    try {
      const obj = createOrUpdateLastApplied(!!flags['save-config'], placeInNamespace(ctx, m));
      if (dryRun === 'client') {
        printer.print(obj, m.info, 'replaced');
        continue;
      }
      if (force) {
        // replace --force: delete (waiting is immediate in the store unless the kind lingers) and create.
        const ns = obj.metadata?.namespace;
        const name = obj.metadata?.name ?? '';
        try {
          ctx.store.delete(m.info.kind, ns, name, { gracePeriodSeconds: 0 });
          ctx.out(`${m.info.singular}${m.info.group ? `.${m.info.group}` : ''} "${name}" deleted\n`);
        } catch (e) {
          throw addSourceToErr('deleting', m.source, e);
        }
        ctx.settle();
        const copy = { ...obj, metadata: { ...obj.metadata } };
        delete copy.metadata.resourceVersion;
        try {
          printer.print(createObject(ctx, copy, { dryRun, validation }), m.info, 'replaced');
        } catch (e) {
          throw addSourceToErr('replacing', m.source, e);
        }
        continue;
      }
      try {
        printer.print(updateObject(ctx, obj, { dryRun, validation }), m.info, 'replaced');
      } catch (e) {
        throw addSourceToErr('replacing', m.source, e);
      }
    } catch (e) {
      errs.push(e);
    }
  }
  return reportErrors(ctx, errs);
}

/** `kubectl replace`. */
export const replaceVerb: Verb = recordedVerb('replace', {
  name: 'replace',
  group: 'Advanced Commands',
  unsupported: ['kustomize', 'raw', 'subresource', 'template', 'cascade', 'grace-period', 'timeout', 'wait'],
  run: runReplace,
});
