/**
 * `kubectl label` (kubernetes/kubectl pkg/cmd/label/label.go), and the machinery `annotate` shares
 * with it: resources first, then `key=value` and `key-` pairs; without `--overwrite` changing an
 * existing value is refused (`'app' already has a value (web), and --overwrite is false`); the
 * change is sent as a JSON merge patch. Prints `pod/web labeled` / `unlabeled` / `not labeled` /
 * `label(s) changed`.
 */
import type { KObject } from '../../engine/api/types';
import { clone } from '../../engine/sim/dev';
import { createJsonMergePatch, type Json } from '../../engine/api/patch';
import type { KubectlContext } from '../context';
import { KubectlError } from '../errors';
import type { FlagValues } from '../flags';
import { dryRunStrategy, filenames, OutcomePrinter, patchObject, readFilenames, reportErrors, resolveTargets, placeInNamespace, type Target } from '../manifest';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

/** cmdutil.GetResourcesAndPairs: resources come first, then the pairs. */
export function resourcesAndPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let found = false;
  for (const s of args) {
    const pair = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (pair) {
      found = true;
      pairs.push(s);
    } else if (!found) resources.push(s);
    else throw new KubectlError(`all resources must be specified before ${pairType} changes: ${s}`);
  }
  return { resources, pairs };
}

/** label.go parseLabels: `key=value` (one `=`, a valid label value) or `key-`. */
export function parseLabelPairs(spec: string[]): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const s of spec) {
    if (s.includes('=')) {
      const parts = s.split('=');
      if (parts.length !== 2) throw new KubectlError(`invalid label spec: ${s}`);
      const v = parts[1];
      const errs: string[] = [];
      if (v.length > 63) errs.push('must be no more than 63 characters');
      if (v && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v))
        errs.push(
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        );
      if (errs.length) throw new KubectlError(`invalid label value: ${JSON.stringify(s)}: ${errs.join(';')}`);
      set[parts[0]] = v;
    } else if (s.endsWith('-')) remove.push(s.slice(0, -1));
    else throw new KubectlError(`unknown label spec: ${s}`);
  }
  if (remove.some((r) => r in set)) throw new KubectlError('can not both modify and remove a label in the same command');
  return { set, remove };
}

/** cmdutil.ParsePairs(..., "annotation", true): values may contain `=`. */
export function parseAnnotationPairs(spec: string[]): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const s of spec) {
    if (s.includes('=') && s[0] !== '=') {
      const i = s.indexOf('=');
      set[s.slice(0, i)] = s.slice(i + 1);
    } else if (s.endsWith('-') && s !== '-') remove.push(s.slice(0, -1));
    else invalid.push(s);
  }
  if (invalid.length) throw new KubectlError(`invalid annotation format: ${invalid.join(', ')}`);
  const both = remove.filter((r) => r in set);
  if (both.length) throw new KubectlError(`can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`);
  return { set, remove };
}

/** Which metadata map a command edits. */
export interface MetadataEdit {
  field: 'labels' | 'annotations';
  /** The verb's name for messages (`label`, `annotation`). */
  pairType: string;
  parse: (pairs: string[]) => { set: Record<string, string>; remove: string[] };
  /** The refusal when a key has another value and --overwrite is false. */
  noOverwrite: (obj: KObject, set: Record<string, string>) => string | undefined;
  /** The operation printed: depends on what changed for labels. */
  operation: (oldMap: Record<string, string>, newMap: Record<string, string>) => string;
  /** Print `label "x" not found.` for removed keys that are absent. */
  reportMissing: boolean;
}

/** label.go updateDataChangeMsg. */
export function labelChangeMessage(oldLabels: Record<string, string>, newLabels: Record<string, string>): string {
  let unlabeled = false;
  let labeled = false;
  for (const [k, v] of Object.entries(oldLabels)) {
    if (!(k in newLabels)) unlabeled = true;
    else if (newLabels[k] !== v) labeled = true;
  }
  for (const k of Object.keys(newLabels)) if (!(k in oldLabels)) labeled = true;
  if (labeled && unlabeled) return 'label(s) changed';
  if (labeled) return 'labeled';
  if (unlabeled) return 'unlabeled';
  return 'not labeled';
}

/** The label edit. */
export const LABELS: MetadataEdit = {
  field: 'labels',
  pairType: 'label',
  parse: parseLabelPairs,
  noOverwrite: (obj, set) => {
    const errs = Object.entries(set)
      .filter(([k, v]) => obj.metadata.labels?.[k] !== undefined && obj.metadata.labels[k] !== v)
      .map(([k]) => `'${k}' already has a value (${obj.metadata.labels![k]}), and --overwrite is false`);
    return errs.length ? errs.join('\n') : undefined;
  },
  operation: labelChangeMessage,
  reportMissing: true,
};

/** Runs label or annotate. */
export async function runMetadataEdit(ctx: KubectlContext, args: string[], flags: FlagValues, edit: MetadataEdit): Promise<number> {
  const { resources, pairs } = resourcesAndPairs(args, edit.pairType);
  const { set, remove } = edit.parse(pairs);
  const list = !!flags.list;
  const local = !!flags.local;
  const dryRun = dryRunStrategy(ctx, flags);
  if (list && flags.output) throw new KubectlError('--list and --output may not be specified together');
  if (flags.all && flags.selector) throw new KubectlError('cannot set --all and --selector at the same time');
  const files = filenames(flags);
  if (local) {
    if (dryRun === 'server') throw new KubectlError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
    if (resources.length) throw new KubectlError('can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set');
    if (!files.length) throw new KubectlError('one or more files must be specified as -f pod.yaml or --filename=pod.json');
  } else if (!resources.length && !files.length) throw new KubectlError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (!Object.keys(set).length && !remove.length && !list) throw new KubectlError(`at least one ${edit.pairType} update is required`);
  const resourceVersion = String(flags['resource-version'] ?? '');
  const printer = new OutcomePrinter(ctx, flags.output, dryRun);
  let targets: Target[];
  const errs: unknown[] = [];
  if (local) {
    const r = readFilenames(ctx, files);
    errs.push(...r.errors);
    targets = r.objects.map((m) => {
      const obj = placeInNamespace(ctx, m) as KObject;
      return { info: m.info, namespace: obj.metadata.namespace, name: obj.metadata.name, live: obj };
    });
  } else {
    const r = resolveTargets(ctx, resources, {
      filenames: files,
      selector: String(flags.selector ?? ''),
      all: !!flags.all,
      allNamespaces: !!flags['all-namespaces'],
      latest: true,
    });
    targets = r.targets;
    errs.push(...r.errors);
  }
  // The builder's IntoSingleItemImplied: one TYPE/NAME, or one TYPE with one NAME.
  const single =
    (resources.length === 1 && resources[0].includes('/')) ||
    (resources.length === 2 && !resources[0].includes('/') && !resources[0].includes(',') && resources[0] !== 'all') ||
    (!resources.length && targets.length === 1);
  if (!single && resourceVersion) throw new KubectlError('--resource-version may only be used with a single resource');
  for (const t of targets) {
    const live = t.live!;
    if (!list) {
      const refusal = edit.noOverwrite(live, set);
      if (refusal && !flags.overwrite) {
        errs.push(new KubectlError(refusal));
        continue;
      }
    }
    const oldMap: Record<string, string> = { ...(live.metadata[edit.field] ?? {}) };
    const updated = clone(live);
    const map: Record<string, string> = { ...oldMap, ...set };
    for (const k of remove) delete map[k];
    updated.metadata[edit.field] = map;
    if (resourceVersion) updated.metadata.resourceVersion = resourceVersion;
    const operation = edit.operation(oldMap, map);
    let out: KObject = updated;
    if (!(dryRun === 'client' || local || list)) {
      if (edit.reportMissing) for (const k of remove) if (!(k in oldMap)) ctx.out(`${edit.pairType} ${JSON.stringify(k)} not found.\n`);
      const before = clone(live) as KObject;
      if (resourceVersion) before.metadata.resourceVersion = '';
      const patch = createJsonMergePatch(before as unknown as Json, updated as unknown as Json);
      try {
        out = patchObject(ctx, t.info, t.namespace, t.name, 'merge', patch, { dryRun }).after;
      } catch (e) {
        errs.push(e);
        continue;
      }
    }
    if (list) {
      const entries = Object.entries(out.metadata[edit.field] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      let indent = '';
      if (!single) {
        indent = ' ';
        ctx.out(`Listing ${edit.field} for ${t.info.kind}.${t.info.group}/${t.name}:\n`);
      }
      for (const [k, v] of entries) ctx.out(`${indent}${k}=${v}\n`);
      continue;
    }
    printer.print(out, t.info, operation);
  }
  return reportErrors(ctx, errs);
}

/** `kubectl label`. */
export const labelVerb: Verb = recordedVerb('label', {
  name: 'label',
  group: 'Settings Commands',
  unsupported: ['kustomize', 'field-selector', 'template'],
  run: (ctx, args, flags) => runMetadataEdit(ctx, args, flags, LABELS),
});
