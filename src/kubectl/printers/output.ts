/**
 * Output formats shared by every verb that prints objects (`-o yaml|json|name|jsonpath=...|
 * jsonpath-as-json=...|custom-columns=...|wide`), as kubectl's printer flags build them
 * (cli-runtime pkg/genericclioptions/*_flags.go, pkg/printers/*.go). Other verbs call
 * formatObjects(); `get` uses the pieces (tables, watch events) directly.
 */
import type { KObject } from '../../engine/api/types';
import { KubectlError } from '../errors';
import { toYaml } from './yaml';
import { goJson } from './json';
import { executeJsonPath, findResults, goSharpV, goSprint, JsonPathError, parseJsonPath, relaxedJsonPath } from './jsonpath';
import { alignTable } from './tabwriter';
import { buildTable, escapeTerminal, kindPrefix, TablePrinter } from './tables';
import { sortObjects } from './sort';

/** The formats `kubectl get -o` accepts, in the order its error message lists them. */
export const GET_OUTPUT_FORMATS = [
  'custom-columns',
  'custom-columns-file',
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'wide',
  'yaml',
];

/** The formats of verbs with the generic printer flags (create, apply, run, label, ...). */
export const GENERIC_OUTPUT_FORMATS = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'yaml'];

const TEMPLATE_FORMATS = new Set(['go-template', 'go-template-file', 'template', 'templatefile']);

/** A parsed `-o` value. */
export interface OutputFormat {
  /** `` (default table), wide, yaml, json, name, jsonpath, jsonpath-as-json, custom-columns, ... */
  kind: string;
  /** The text after `=` (template or column spec). */
  arg?: string;
}

/**
 * Parses and checks `-o FORMAT` against the formats a command accepts; throws kubectl's errors
 * (`unable to match a printer suitable for the output format ...`), and Podium's own for the Go
 * template and *-file formats it does not implement. `--template` supplies the argument of
 * template formats given without `=`.
 */
export function parseOutputFormat(format: string | undefined, allowed: string[] = GENERIC_OUTPUT_FORMATS, template?: string): OutputFormat {
  const f = format ?? '';
  if (f === '') return { kind: '' };
  const eq = f.indexOf('=');
  const kind = eq >= 0 ? f.slice(0, eq) : f;
  const arg = eq >= 0 ? f.slice(eq + 1) : template;
  if (!allowed.includes(kind))
    throw new KubectlError(`unable to match a printer suitable for the output format "${f}", allowed formats are: ${allowed.join(',')}`);
  if (TEMPLATE_FORMATS.has(kind))
    throw new KubectlError(`output format "${kind}" (Go templates) is not supported by Podium; use -o jsonpath=... or -o custom-columns=... instead`);
  if (kind === 'jsonpath-file' || kind === 'custom-columns-file')
    throw new KubectlError(`output format "${kind}" (reading a local file) is not supported by Podium; pass the template inline with -o ${kind.replace('-file', '')}=...`);
  if ((kind === 'jsonpath' || kind === 'jsonpath-as-json') && !arg) throw new KubectlError('template format specified but no template given');
  if (kind === 'custom-columns' && !arg) throw new KubectlError('custom-columns format specified but no custom columns given');
  if (kind === 'jsonpath' || kind === 'jsonpath-as-json') {
    try {
      parseJsonPath(arg!);
    } catch (e) {
      throw new KubectlError(`error parsing jsonpath ${arg}, ${(e as Error).message}`);
    }
  }
  if (kind === 'custom-columns') parseCustomColumns(arg!);
  return { kind, arg };
}

/** One custom column: its header and its JSONPath. */
export interface CustomColumn {
  header: string;
  fieldSpec: string;
}

/** NewCustomColumnsPrinterFromSpec: `NAME:.metadata.name,IMAGE:.spec.containers[0].image`. */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (!spec) throw new KubectlError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new KubectlError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    let fieldSpec: string;
    try {
      fieldSpec = relaxedJsonPath(part.slice(i + 1));
    } catch (e) {
      throw new KubectlError((e as Error).message);
    }
    return { header: part.slice(0, i), fieldSpec };
  });
}

/** The custom-columns rows of some objects, tab-separated (for a tabwriter); header first unless noHeaders. */
export function customColumnsText(objs: unknown[], columns: CustomColumn[], noHeaders = false): string {
  const parsers = columns.map((c) => {
    try {
      return parseJsonPath(c.fieldSpec);
    } catch (e) {
      throw new KubectlError((e as Error).message);
    }
  });
  let out = noHeaders ? '' : columns.map((c) => c.header).join('\t') + '\n';
  for (const obj of objs) {
    const cells = parsers.map((p) => {
      let values: unknown[][];
      try {
        values = findResults(p, obj, true);
      } catch (e) {
        throw new KubectlError((e as Error).message);
      }
      if (!values.length || !values[0].length) return '<none>';
      return values.flatMap((set) => set.map((v) => escapeTerminal(goSprint(v)))).join(',');
    });
    out += cells.join('\t') + '\n';
  }
  return out;
}

/** The `-o name` form: `pod/web`, `deployment.apps/web`. */
export function objectName(obj: KObject): string {
  return `${kindPrefix(obj.kind)}/${obj.metadata.name}`;
}

/** Drops metadata.managedFields as kubectl does unless --show-managed-fields. */
export function withoutManagedFields(obj: KObject): KObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _drop, ...metadata } = obj.metadata;
  void _drop;
  return { ...obj, metadata: metadata as KObject['metadata'] };
}

/** kubectl's List wrapper for several objects (`kind: List`, `metadata: resourceVersion: ""`). */
export function asList(objs: KObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Options of formatObjects. */
export interface FormatOptions {
  /** Print a `kind: List` even for one object (a list request, as `get` without names). */
  forceList?: boolean;
  /**
   * Print several objects one after another instead of a List (create/apply -f with several
   * documents): YAML documents separated by `---`, JSON objects one after the other.
   */
  separate?: boolean;
  /** JSON keeps the objects' key order (objects the client built, as `create --dry-run -o json`). */
  typedOrder?: boolean;
  /** --no-headers for custom-columns and tables. */
  noHeaders?: boolean;
  /** --sort-by. */
  sortBy?: string;
  /** --show-managed-fields. */
  showManagedFields?: boolean;
  /** --allow-missing-template-keys (default true). */
  allowMissingTemplateKeys?: boolean;
  /** The formats the command accepts (default: the generic printer flags'). */
  allowed?: string[];
  /** Simulated now (ms) for table output (`-o wide` or no -o); defaults to 0. */
  now?: number;
}

function jsonPathText(data: unknown, template: string, asJson: boolean, allowMissing: boolean): string {
  try {
    return executeJsonPath(template, data, { outputJson: asJson, allowMissingKeys: allowMissing });
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    throw new KubectlError(
      `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${template}\n\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n`,
    );
  }
}

/**
 * Formats objects for `-o FORMAT`. Several objects (or forceList) become a `kind: List` for
 * yaml/json/jsonpath, as `kubectl get` prints them, unless `separate`. Throws KubectlError for an
 * unknown or unsupported format.
 */
export function formatObjects(objs: KObject[], format: string, opts: FormatOptions = {}): string {
  const fmt = parseOutputFormat(format, opts.allowed ?? [...new Set([...GENERIC_OUTPUT_FORMATS, ...GET_OUTPUT_FORMATS])]);
  let items = opts.showManagedFields ? objs : objs.map(withoutManagedFields);
  if (opts.sortBy) items = sortObjects(items, opts.sortBy);
  const asList = !opts.separate && (opts.forceList || items.length !== 1);
  const docs: unknown[] = asList ? [asListObject(items)] : items;
  const allowMissing = opts.allowMissingTemplateKeys ?? true;
  switch (fmt.kind) {
    case 'yaml':
      return docs.map((d) => toYaml(d)).join('---\n');
    case 'json':
      return docs.map((d) => goJson(d, '    ', !opts.typedOrder) + '\n').join('');
    case 'name':
      return items.map((o) => objectName(o) + '\n').join('');
    case 'jsonpath':
    case 'jsonpath-as-json':
      return docs.map((d) => jsonPathText(d, fmt.arg!, fmt.kind === 'jsonpath-as-json', allowMissing)).join('');
    case 'custom-columns':
      return alignTable(customColumnsText(items, parseCustomColumns(fmt.arg!), opts.noHeaders));
    case '':
    case 'wide': {
      let out = '';
      const byKind = new Map<string, KObject[]>();
      for (const o of items) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
      const several = byKind.size > 1;
      for (const [kind, list] of byKind) {
        const p = new TablePrinter({ wide: fmt.kind === 'wide', noHeaders: opts.noHeaders, withKind: several ? kindPrefix(kind) : undefined });
        const text = alignTable(p.print(buildTable(kind, list, opts.now ?? 0)));
        if (out && text && !opts.noHeaders) out += '\n';
        out += text;
      }
      return out;
    }
  }
  throw new KubectlError(`unable to match a printer suitable for the output format "${format}"`);
}

function asListObject(items: KObject[]): Record<string, unknown> {
  return asList(items);
}
