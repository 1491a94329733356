/**
 * `kubectl describe` (kubectl pkg/cmd/describe/describe.go): one description per object, separated
 * by a blank line pair; `describe TYPE NAME_PREFIX` falls back to every object whose name starts
 * with the prefix when no object has that exact name; `-l`, `-A`, `-f`, `--show-events`.
 */
import type { Verb } from '../registry';
import type { FlagSpec, FlagValues } from '../flags';
import type { KubectlContext } from '../context';
import { KubectlError, formatError } from '../errors';
import { isApiError, notFound } from '../../engine/api/errors';
import type { KObject } from '../../engine/api/types';
import { listObjects, parseResourceArgs, type ResourceRef } from '../resources';
import { describeObject, type DescribeContext } from '../describe/index';
import { readFilenames, placeInNamespace } from '../manifest';

const f = (name: string, type: FlagSpec['type'], usage: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({ name, type, usage, ...extra });

/** The flags of `kubectl describe`. */
export const DESCRIBE_FLAGS: FlagSpec[] = [
  f('all-namespaces', 'bool', 'If present, list the requested object(s) across all namespaces.', { shorthand: 'A', default: false }),
  f('chunk-size', 'int', 'Return large lists in chunks rather than all at once. Pass 0 to disable.', { default: 500 }),
  f('filename', 'stringSlice', 'Filename, directory, or URL to files containing the resource to describe', { shorthand: 'f', default: [] }),
  f('kustomize', 'string', 'Process the kustomization directory.', { shorthand: 'k', default: '', unsupported: true }),
  f('recursive', 'bool', 'Process the directory used in -f, --filename recursively.', { shorthand: 'R', default: false }),
  f('selector', 'string', "Selector (label query) to filter on, supports '=', '==', and '!='.", { shorthand: 'l', default: '' }),
  f('show-events', 'bool', 'If true, display events related to the described object.', { default: true }),
];

async function runDescribe(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const files = (flags.filename as string[] | undefined) ?? [];
  if (!args.length && !files.length)
    throw new KubectlError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  const allNs = !!flags['all-namespaces'];
  const selector = String(flags.selector ?? '');
  let refs: Array<ResourceRef & { namespace?: string }>;
  if (files.length) {
    const read = readFilenames(ctx, files);
    if (read.errors.length) throw read.errors[0];
    refs = read.objects.map((m) => {
      const o = placeInNamespace(ctx, m);
      return { info: m.info, name: o.metadata?.name ?? '', namespace: o.metadata?.namespace };
    });
  } else refs = parseResourceArgs(args);
  if (selector && refs.some((r) => r.name !== undefined)) throw new KubectlError('name cannot be provided when a selector is specified');
  const namespace = allNs ? undefined : ctx.namespace;
  const found: KObject[] = [];
  const errors: unknown[] = [];
  for (const ref of refs) {
    if (ref.name === undefined) {
      found.push(...listObjects(ctx.store, ref.info, { namespace, labelSelector: selector }));
      continue;
    }
    const ns = ref.info.namespaced ? (ref.namespace ?? ctx.namespace) : undefined;
    const obj = ctx.store.get(ref.info.kind, ns, ref.name);
    if (obj) found.push(obj);
    else errors.push(notFound(ref.info, ref.name));
  }
  const dctx: DescribeContext = { store: ctx.store, now: ctx.now, showEvents: flags['show-events'] !== false };
  // `describe TYPE NAME` with no object of that name: describe those whose name starts with it.
  if (errors.length && isApiError(errors[0], 'NotFound') && args.length === 2 && !args[0].includes(',') && !args.some((a) => a.includes('/'))) {
    const info = refs[0].info;
    const prefix = args[1];
    const matching = listObjects(ctx.store, info, { namespace: info.namespaced ? ctx.namespace : undefined }).filter((o) => o.metadata.name.startsWith(prefix));
    if (!matching.length) throw errors[0];
    for (const o of matching) ctx.out(`${describeObject(dctx, o)}\n`);
    return 0;
  }
  found.forEach((o, i) => ctx.out((i ? '\n\n' : '') + describeObject(dctx, o)));
  if (!found.length && !errors.length) ctx.err(allNs ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
  for (const e of errors) ctx.err(`${formatError(e)}\n`);
  return errors.length ? 1 : 0;
}

/** `kubectl describe`. */
export const describeVerb: Verb = {
  name: 'describe',
  group: 'Troubleshooting and Debugging Commands',
  short: 'Show details of a specific resource or group of resources',
  usage: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]',
  flags: DESCRIBE_FLAGS,
  run: runDescribe,
};
