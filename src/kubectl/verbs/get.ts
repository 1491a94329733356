/**
 * `kubectl get` (kubectl pkg/cmd/get/get.go): tables per kind (server-side printing, see
 * printers/tables.ts), `-o wide|yaml|json|name|jsonpath|custom-columns`, `-A`, `-l`,
 * `--field-selector`, `--sort-by`, `--show-labels`, `-L`, `--show-kind`, several kinds at once,
 * `get all`, `-f`, and watching (`-w`, `--watch-only`, `--output-watch-events`) on the simulated
 * clock.
 */
import type { Verb } from '../registry';
import type { FlagSpec, FlagValues } from '../flags';
import { parseGoDuration } from '../flags';
import type { KubectlContext } from '../context';
import { Interrupted } from '../context';
import { KubectlError, formatError } from '../errors';
import { isApiError, notFound } from '../../engine/api/errors';
import type { KindInfo } from '../../engine/api/registry';
import type { KObject } from '../../engine/api/types';
import { matches } from '../../engine/api/labels';
import type { WatchEvent } from '../../engine/store/store';
import { humanDuration } from '../../engine/api/time';
import {
  listObjects,
  matchesFields,
  parseFieldSelector,
  parseLabelSelector,
  parseResourceArgs,
  type ResourceRef,
} from '../resources';
import { TabWriter } from '../printers/tabwriter';
import { buildTable, kindPrefix, TablePrinter, type Table } from '../printers/tables';
import { sortObjects } from '../printers/sort';
import { GET_OUTPUT_FORMATS, formatObjects, objectName, parseOutputFormat, withoutManagedFields, type OutputFormat } from '../printers/output';
import { toYaml } from '../printers/yaml';
import { goJson } from '../printers/json';
import { readFilenames, placeInNamespace } from '../manifest';

const f = (name: string, type: FlagSpec['type'], usage: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({ name, type, usage, ...extra });

/** The flags of `kubectl get` (real kubectl's; Podium's unsupported ones are marked). */
export const GET_FLAGS: FlagSpec[] = [
  f('all-namespaces', 'bool', 'If present, list the requested object(s) across all namespaces.', { shorthand: 'A', default: false }),
  f('allow-missing-template-keys', 'bool', 'If true, ignore any errors in templates when a field or map key is missing in the template.', { default: true }),
  f('chunk-size', 'int', 'Return large lists in chunks rather than all at once. Pass 0 to disable.', { default: 500 }),
  f('field-selector', 'string', "Selector (field query) to filter on, supports '=', '==', and '!='.", { default: '' }),
  f('filename', 'stringSlice', 'Filename, directory, or URL to files identifying the resource to get from a server.', { shorthand: 'f', default: [] }),
  f('ignore-not-found', 'bool', 'If the requested object does not exist the command will return exit code 0.', { default: false }),
  f('kustomize', 'string', 'Process the kustomization directory.', { shorthand: 'k', default: '', unsupported: true }),
  f('label-columns', 'stringSlice', 'Accepts a comma separated list of labels that are going to be presented as columns.', { shorthand: 'L', default: [] }),
  f('no-headers', 'bool', "When using the default or custom-column output format, don't print headers (default print headers).", { default: false }),
  f('output', 'string', 'Output format.', { shorthand: 'o', default: '' }),
  f('output-watch-events', 'bool', 'Output watch event objects when --watch or --watch-only is used.', { default: false }),
  f('raw', 'string', 'Raw URI to request from the server.', { default: '', unsupported: true }),
  f('recursive', 'bool', 'Process the directory used in -f, --filename recursively.', { shorthand: 'R', default: false }),
  f('selector', 'string', "Selector (label query) to filter on, supports '=', '==', and '!='.", { shorthand: 'l', default: '' }),
  f('server-print', 'bool', 'If true, have the server return the appropriate table output.', { default: true }),
  f('show-kind', 'bool', 'If present, list the resource type for the requested object(s).', { default: false }),
  f('show-labels', 'bool', 'When printing, show all labels as the last column (default hide labels column)', { default: false }),
  f('show-managed-fields', 'bool', 'If true, keep the managedFields when printing objects in JSON or YAML format.', { default: false }),
  f('sort-by', 'string', 'If non-empty, sort list types using this field specification.', { default: '' }),
  f('subresource', 'string', 'If specified, gets the subresource of the requested object.', { default: '', unsupported: true }),
  f('template', 'string', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.', { default: '' }),
  f('watch', 'bool', 'After listing/getting the requested object, watch for changes.', { shorthand: 'w', default: false }),
  f('watch-only', 'bool', 'Watch for changes to the requested object(s), without listing/getting first.', { default: false }),
];

/**
 * How long `get -w` watches in `advance` mode when no --request-timeout is given: the clock runs
 * event by event until the next scheduled event is more than WATCH_QUIET_GAP_MS away (the
 * cluster is quiet: rollouts done, pods started), and never longer than WATCH_MAX_MS in total.
 * A 2-minute gap outlasts image pulls and the first CrashLoopBackOff delays (10 s, 20 s, 40 s,
 * 80 s) but not a deployment's 600 s progress deadline check or event expiry an hour later.
 */
export const WATCH_QUIET_GAP_MS = 120_000;
/** The longest a `get -w` without --request-timeout advances the clock in `advance` mode. */
export const WATCH_MAX_MS = 600_000;

/** One result of resolving the arguments: a kind and its objects (a list, or one named object). */
interface Info {
  info: KindInfo;
  objs: KObject[];
  /** Whether this came from a list (no name). */
  list: boolean;
}

interface GetRequest {
  refs: ResourceRef[];
  namespace: string | undefined;
  labelSelector: string;
  fieldSelector: string;
  /** Exactly one object named: printed by itself, not as a List. */
  singleItemImplied: boolean;
}

/** The kubectl request timeout in ms (0 = none), from --request-timeout. */
function requestTimeoutMs(flags: FlagValues): number {
  const raw = String(flags['request-timeout'] ?? '0');
  if (raw === '' || raw === '0') return 0;
  // kubectl accepts a bare number of seconds as well as a duration.
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  try {
    return parseGoDuration(raw);
  } catch {
    throw new KubectlError('Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
  }
}

/** Resolves the positional arguments or -f files into refs; throws kubectl's usage errors. */
function resolveRequest(ctx: KubectlContext, args: string[], flags: FlagValues): GetRequest {
  const allNs = !!flags['all-namespaces'];
  const labelSelector = String(flags.selector ?? '');
  const fieldSelector = String(flags['field-selector'] ?? '');
  const files = (flags.filename as string[] | undefined) ?? [];
  let refs: ResourceRef[];
  if (files.length) {
    if (args.length) throw new KubectlError('when paths, URLs, or stdin is provided as input, you may not specify a resource by arguments as well');
    const read = readFilenames(ctx, files);
    if (read.errors.length) throw read.errors[0];
    refs = read.objects.map((m) => {
      const obj = placeInNamespace(ctx, m);
      return { info: m.info, name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace } as ResourceRef & { namespace?: string };
    });
  } else {
    if (!args.length) {
      throw new KubectlError(
        'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
          'error: Required resource not specified.\n' +
          'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
          "See 'kubectl get -h' for help and examples",
        1,
        true,
      );
    }
    refs = parseResourceArgs(args);
  }
  const named = refs.filter((r) => r.name !== undefined);
  if (named.length) {
    if (allNs && !files.length) throw new KubectlError('a resource cannot be retrieved by name across all namespaces');
    if (labelSelector || fieldSelector) throw new KubectlError('name cannot be provided when a selector is specified');
    if (!args.some((a) => a.includes('/')) && !files.length && args[0]?.includes(',')) throw new KubectlError('you must specify only one resource');
  }
  return {
    refs,
    namespace: allNs ? undefined : ctx.namespace,
    labelSelector,
    fieldSelector,
    singleItemImplied: refs.length === 1 && refs[0].name !== undefined,
  };
}

/** Reads what the request names from the store; NotFound errors are collected, not thrown. */
function collect(ctx: KubectlContext, req: GetRequest): { infos: Info[]; errors: unknown[] } {
  const infos: Info[] = [];
  const errors: unknown[] = [];
  for (const ref of req.refs) {
    if (ref.name !== undefined) {
      const ns = ref.info.namespaced ? ((ref as { namespace?: string }).namespace ?? req.namespace ?? ctx.namespace) : undefined;
      const obj = ctx.store.get(ref.info.kind, ns, ref.name);
      if (!obj) errors.push(notFound(ref.info, ref.name));
      else infos.push({ info: ref.info, objs: [ctx.store.present(obj)], list: false });
      continue;
    }
    const objs = listObjects(ctx.store, ref.info, { namespace: req.namespace, labelSelector: req.labelSelector, fieldSelector: req.fieldSelector });
    infos.push({ info: ref.info, objs: objs.map((o) => ctx.store.present(o)), list: true });
  }
  return { infos, errors };
}

/** Prints collected errors as kubectl's aggregate does (one per line). */
function printErrors(ctx: KubectlContext, errors: unknown[]): void {
  for (const e of errors) ctx.err(`${formatError(e)}\n`);
}

/** Prints tables the way get.go's Run does: one header per kind, a blank line between kinds. */
function printTables(ctx: KubectlContext, infos: Info[], flags: FlagValues, fmt: OutputFormat): number {
  let written = 0;
  let separatorReady = false;
  const sink = (text: string) => {
    if (!text) return;
    if (separatorReady) {
      ctx.out('\n');
      separatorReady = false;
    }
    written += text.length;
    ctx.out(text);
  };
  const tw = TabWriter.forTables(sink);
  const kinds = new Set(infos.map((i) => i.info.kind));
  const withKind = kinds.size > 1 || !!flags['show-kind'];
  const sortBy = String(flags['sort-by'] ?? '');
  let printer: TablePrinter | undefined;
  let lastKind: string | undefined;
  for (const inf of infos) {
    if (!printer || inf.info.kind !== lastKind) {
      tw.flush();
      tw.setRememberedWidths(null);
      if (lastKind && !flags['no-headers'] && written > 0) separatorReady = true;
      printer = new TablePrinter({
        wide: fmt.kind === 'wide',
        noHeaders: !!flags['no-headers'],
        withNamespace: !!flags['all-namespaces'] && inf.info.namespaced,
        withKind: withKind ? kindPrefix(inf.info.kind) : undefined,
        showLabels: !!flags['show-labels'],
        columnLabels: (flags['label-columns'] as string[] | undefined) ?? [],
      });
      lastKind = inf.info.kind;
    }
    const objs = sortBy ? sortObjects(inf.objs, sortBy, { table: true }) : inf.objs;
    tw.write(printer.print(buildTable(inf.info.kind, objs, ctx.now)));
  }
  tw.flush();
  return written;
}

async function runGet(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const fmt = parseOutputFormat(flags.output as string | undefined, GET_OUTPUT_FORMATS, (flags.template as string) || undefined);
  const watching = !!flags.watch || !!flags['watch-only'];
  if (flags['output-watch-events'] && !watching) throw new KubectlError('--output-watch-events option can only be used with --watch or --watch-only');
  const req = resolveRequest(ctx, args, flags);
  if (watching) return watch(ctx, req, flags, fmt);
  const ignoreNotFound = !!flags['ignore-not-found'];
  const { infos, errors: rawErrors } = collect(ctx, req);
  const errors = ignoreNotFound ? rawErrors.filter((e) => !isApiError(e, 'NotFound')) : rawErrors;
  if (fmt.kind === '' || fmt.kind === 'wide') {
    const written = printTables(ctx, infos, flags, fmt);
    if (written === 0 && !ignoreNotFound && errors.length === 0) {
      const allNamespaced = !flags['all-namespaces'] && infos.every((i) => i.info.namespaced);
      ctx.err(allNamespaced ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n');
    }
    printErrors(ctx, errors);
    return errors.length ? 1 : 0;
  }
  // printGeneric: one object when exactly one was named, else a List of everything found.
  const objs = infos.flatMap((i) => i.objs);
  if (req.singleItemImplied && errors.length) {
    printErrors(ctx, errors);
    return 1;
  }
  if (!objs.length && ignoreNotFound) return 0;
  ctx.out(
    formatObjects(objs, String(flags.output), {
      allowed: GET_OUTPUT_FORMATS,
      forceList: !req.singleItemImplied,
      noHeaders: !!flags['no-headers'],
      sortBy: String(flags['sort-by'] ?? '') || undefined,
      showManagedFields: !!flags['show-managed-fields'],
      allowMissingTemplateKeys: flags['allow-missing-template-keys'] !== false,
      now: ctx.now,
    }),
  );
  printErrors(ctx, errors);
  return errors.length ? 1 : 0;
}

/** Whether a stored object belongs to a watch (namespace, name, selectors). */
function watchFilter(info: KindInfo, req: GetRequest, name: string | undefined, objNs: string | undefined) {
  const labels = parseLabelSelector(req.labelSelector, info, req.fieldSelector);
  const fields = parseFieldSelector(req.fieldSelector, info, req.labelSelector);
  return (o: KObject | undefined): boolean => {
    if (!o) return false;
    if (info.namespaced && objNs !== undefined && (o.metadata.namespace ?? '') !== objNs) return false;
    if (name !== undefined && o.metadata.name !== name) return false;
    return matches(labels, o.metadata.labels) && matchesFields(o, fields);
  };
}

/**
 * get -w: prints the current state (unless --watch-only), then one line (or document) per change
 * as the simulated clock runs. In `advance` mode it runs the clock itself: until
 * --request-timeout, or until the cluster is quiet (see WATCH_QUIET_GAP_MS); in `realtime` mode
 * it waits for whoever drives the clock, until --request-timeout or Ctrl-C.
 */
async function watch(ctx: KubectlContext, req: GetRequest, flags: FlagValues, fmt: OutputFormat): Promise<number> {
  const kinds = new Set(req.refs.map((r) => r.info.kind));
  // The builder's SingleResourceType() rejects type lists (`pods,svc`) before any request.
  if (kinds.size > 1 && !req.refs.some((r) => r.name !== undefined)) throw new KubectlError('you may only specify a single resource type');
  const ref = req.refs[0];
  const info = ref.info;
  const objNs = info.namespaced ? ((ref as { namespace?: string }).namespace ?? req.namespace) : undefined;
  const { infos, errors } = collect(ctx, req);
  if (errors.length) throw errors[0];
  // kubectl get.go watch(): multipleGVKsRequested over the fetched infos (`pod/a svc/b`).
  if (kinds.size > 1) throw new KubectlError('watch is only supported on individual resources and resource collections - more than 1 resource was found');
  const initial = infos.flatMap((i) => i.objs);
  const events = !!flags['output-watch-events'];
  const human = fmt.kind === '' || fmt.kind === 'wide';
  const tw = TabWriter.forTables((s) => ctx.out(s));
  const printer = new TablePrinter({
    wide: fmt.kind === 'wide',
    noHeaders: !!flags['no-headers'],
    withNamespace: !!flags['all-namespaces'] && info.namespaced,
    withKind: flags['show-kind'] ? kindPrefix(info.kind) : undefined,
    showLabels: !!flags['show-labels'],
    columnLabels: (flags['label-columns'] as string[] | undefined) ?? [],
  });
  let yamlDocs = 0;
  const print = (objs: KObject[], type: string | undefined) => {
    if (human) {
      const table: Table = buildTable(info.kind, objs, ctx.now);
      tw.write(printer.print(table, events ? type : undefined));
      tw.flush();
      return;
    }
    for (const raw of objs) {
      const o = flags['show-managed-fields'] ? raw : withoutManagedFields(raw);
      const doc: unknown = events ? { type, object: o } : o;
      if (fmt.kind === 'yaml') {
        // The YAML printer separates every document after the first with `---`.
        ctx.out((yamlDocs++ ? '---\n' : '') + toYaml(doc));
      } else if (fmt.kind === 'json') {
        ctx.out(events ? goJson(doc, '') + '\n' : goJson(doc) + '\n');
      } else if (fmt.kind === 'name' && !events) {
        ctx.out(objectName(o) + '\n');
      } else {
        ctx.out(formatObjects([o], String(flags.output), { allowed: GET_OUTPUT_FORMATS, noHeaders: true, now: ctx.now }));
      }
    }
  };
  // Run() hands watches to watch() before any sorting: --sort-by does not apply (kubectl get.go).
  if (!flags['watch-only'] && initial.length) print(initial, 'ADDED');
  // Several names of one type are printed, but resource.Result.Watch only watches a single source
  // (cli-runtime pkg/resource/result.go).
  if (req.refs.length > 1) throw new KubectlError('you may only watch a single resource or type of resource at a time');
  const inWatch = watchFilter(info, req, ref.name, objNs);
  const pending: Array<{ type: string; obj: KObject }> = [];
  const off = ctx.store.watch(info.kind, (ev: WatchEvent) => {
    const now = inWatch(ev.object);
    const before = ev.type === 'MODIFIED' ? inWatch(ev.old) : false;
    if (ev.type === 'DELETED') {
      if (now) pending.push({ type: 'DELETED', obj: ev.object });
    } else if (ev.type === 'ADDED') {
      if (now) pending.push({ type: 'ADDED', obj: ev.object });
    } else if (now && before) pending.push({ type: 'MODIFIED', obj: ev.object });
    else if (now) pending.push({ type: 'ADDED', obj: ev.object });
    else if (before) pending.push({ type: 'DELETED', obj: ev.old! });
  });
  const flush = () => {
    while (pending.length) {
      const e = pending.shift()!;
      print([e.type === 'DELETED' ? e.obj : ctx.store.present(e.obj)], e.type);
    }
  };
  const timeoutMs = requestTimeoutMs(flags);
  const start = ctx.now;
  const rt = ctx.engine.runtime;
  try {
    if (ctx.options.wait === 'realtime') {
      await ctx.waitUntil(() => false, timeoutMs ? start + timeoutMs : Infinity, flush);
    } else if (timeoutMs) {
      await ctx.waitUntil(() => false, start + timeoutMs, flush);
    } else {
      const quiet = () => {
        const next = rt.nextEventAt();
        return next === undefined || next - rt.now > WATCH_QUIET_GAP_MS;
      };
      const done = await ctx.waitUntil(quiet, start + WATCH_MAX_MS, flush);
      flush();
      const reason = done ? 'the cluster is quiet' : `the ${humanDuration(WATCH_MAX_MS)} limit was reached`;
      ctx.err(
        `podium: stopped watching after ${humanDuration(ctx.now - start)} of simulated time: ${reason} (add --request-timeout=DURATION to watch for a fixed time).\n`,
      );
    }
    flush();
  } catch (e) {
    if (e instanceof Interrupted) {
      flush();
      // kubectl's interrupt handler exits with status 1 on Ctrl-C.
      return 1;
    }
    throw e;
  } finally {
    off();
  }
  return 0;
}

/** `kubectl get`. */
export const getVerb: Verb = {
  name: 'get',
  group: 'Basic Commands (Intermediate)',
  short: 'Display one or many resources',
  usage:
    'kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]',
  flags: GET_FLAGS,
  run: runGet,
};
