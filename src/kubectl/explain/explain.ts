/**
 * `kubectl explain` as kubectl 1.32 renders it from the OpenAPI v3 document
 * (k8s.io/kubectl pkg/explain/v2/templates/plaintext.tmpl and funcs.go), over Podium's generated
 * schema (src/engine/api/schema) plus field-docs.json for the descriptions of object-typed fields.
 *
 * Layout: GROUP/KIND/VERSION, then either the resource's DESCRIPTION and FIELDS, or
 * `FIELD: name <type>` followed by the field's description (its own text, then its type's) and its
 * type's fields. Field lines are `name<TAB><type> -required-`; descriptions are word-wrapped at 76
 * columns minus the indentation (github.com/mitchellh/go-wordwrap) and indented 4 spaces deeper.
 * Fields are listed in alphabetical order (Go templates range over maps in key order).
 *
 * Not reproduced (the schema Podium ships does not carry them): enum lines and "Possible enum
 * values" paragraphs, and the paragraph breaks of long descriptions.
 */
import { definition, type SchemaField, type SchemaType } from '../../engine/api/schema';
import type { KindInfo } from '../../engine/api/registry';
import { KubectlError } from '../errors';
import fieldDocs from './field-docs.json';

const FIELD_DOCS = fieldDocs as Record<string, Record<string, string>>;
/** Descriptions of the named primitive-like types (Time, MicroTime, Quantity, IntOrString). */
const TYPE_DOCS = FIELD_DOCS.__types ?? {};

/** A schema as explain walks it. */
type Node =
  | { t: 'ref'; def: string; description?: string }
  | { t: 'array'; items: Node; description?: string }
  | { t: 'map'; values: Node; description?: string }
  | { t: 'prim'; type: string; description?: string; typeDoc?: string };

/** Map fields whose values are resource.Quantity (typed `map[string]Quantity` by explain). */
const QUANTITY_MAPS = new Set(['limits', 'requests', 'capacity', 'allocatable', 'overhead', 'hard', 'used']);
const QUANTITY_FIELDS = new Set(['sizeLimit', 'storage']);

function nodeOf(t: SchemaType, fieldName?: string, description?: string): Node {
  if (typeof t === 'object') {
    if ('array' in t) return { t: 'array', items: nodeOf(t.array), description };
    if (fieldName && QUANTITY_MAPS.has(fieldName)) return { t: 'map', values: { t: 'prim', type: 'Quantity', typeDoc: TYPE_DOCS.Quantity }, description };
    return { t: 'map', values: nodeOf(t.map), description };
  }
  switch (t) {
    case 'string':
      if (fieldName && QUANTITY_FIELDS.has(fieldName)) return { t: 'prim', type: 'Quantity', description, typeDoc: TYPE_DOCS.Quantity };
      return { t: 'prim', type: 'string', description };
    case 'time':
      return { t: 'prim', type: 'string', description, typeDoc: TYPE_DOCS.Time };
    case 'microtime':
      return { t: 'prim', type: 'string', description, typeDoc: TYPE_DOCS.MicroTime };
    case 'bytes':
      return { t: 'prim', type: 'string', description };
    case 'integer':
    case 'number':
    case 'boolean':
      return { t: 'prim', type: t, description };
    case 'int-or-string':
      return { t: 'prim', type: 'IntOrString', description, typeDoc: TYPE_DOCS.IntOrString };
    case 'any':
      return { t: 'prim', type: fieldName === 'fieldsV1' ? 'FieldsV1' : fieldName === 'raw' ? 'RawExtension' : 'Object', description };
  }
  return { t: 'ref', def: t, description };
}

/** The type name explain shows for a definition: `DeploymentSpec`, `ObjectMeta`, `Event`. */
export function shortTypeName(def: string): string {
  return def.replace(/^(CoreV1|DiscoveryV1|EventsV1|V1)/, '');
}

/** typeGuess: `string`, `[]Container`, `map[string]string`, `ObjectMeta`, `IntOrString`. */
function typeGuess(n: Node): string {
  switch (n.t) {
    case 'array':
      return `[]${typeGuess(n.items)}`;
    case 'map':
      return `map[string]${typeGuess(n.values)}`;
    case 'ref':
      return shortTypeName(n.def);
    default:
      return n.type;
  }
}

function fieldNode(def: string, name: string, f: SchemaField): Node {
  return nodeOf(f.type, name, f.description ?? FIELD_DOCS[def]?.[name]);
}

/** The properties of a node (through arrays and maps, as the template's fieldList follows them). */
function propertiesOf(n: Node): { def: string; fields: Array<[string, Node]>; required: string[] } | undefined {
  if (n.t === 'array') return propertiesOf(n.items);
  if (n.t === 'map') return propertiesOf(n.values);
  if (n.t !== 'ref') return undefined;
  const d = definition(n.def);
  if (!d) return undefined;
  const names = Object.keys(d.fields).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { def: n.def, fields: names.map((k) => [k, fieldNode(n.def, k, d.fields[k])]), required: d.required ?? [] };
}

/** The "description" template: a node's own text, then its type's (through arrays and maps). */
function descriptionOf(n: Node): string {
  let out = n.description ? n.description + '\n' : '';
  if (n.t === 'ref') {
    const d = definition(n.def);
    if (d?.description) out += d.description + '\n';
  } else if (n.t === 'array') out += descriptionOf({ ...n.items, description: undefined });
  else if (n.t === 'map') out += descriptionOf({ ...n.values, description: undefined });
  else if (n.typeDoc) out += n.typeDoc + '\n';
  return out;
}

/**
 * github.com/mitchellh/go-wordwrap WrapString: breaks at whitespace so that lines stay within
 * `lim` characters; a word longer than `lim` keeps its own line; existing newlines are kept.
 */
export function wordWrap(s: string, lim: number): string {
  let buf = '';
  let current = 0;
  let word = '';
  let space = '';
  for (const ch of s) {
    if (ch === '\n') {
      if (!word) {
        if (current + space.length <= lim) buf += space;
      } else buf += space + word;
      space = '';
      word = '';
      buf += ch;
      current = 0;
    } else if (/\s/.test(ch) && ch !== '\u00a0') {
      if (!space || word) {
        current += space.length + [...word].length;
        buf += space + word;
        space = '';
        word = '';
      }
      space += ch;
    } else {
      word += ch;
      const wl = [...word].length;
      if (current + space.length + wl > lim && wl < lim) {
        buf += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (!word) {
    if (current + space.length <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

/** The template's `indent`: every line (including an empty last one) prefixed by n spaces. */
function indent(n: number, s: string): string {
  const pad = ' '.repeat(n);
  return pad + s.split('\n').join('\n' + pad);
}

function fieldList(n: Node, level: number, recursive: boolean, history: Set<string>): string {
  if (n.t === 'ref' && history.has(n.def)) return '';
  const props = propertiesOf(n);
  if (!props) return '';
  const next = new Set(history);
  next.add(props.def);
  let out = '';
  for (const [name, child] of props.fields) {
    const ind = level * 2;
    out += `${' '.repeat(ind)}${name}\t<${typeGuess(child)}>${props.required.includes(name) ? ' -required-' : ''}\n`;
    if (!recursive) {
      out += indent(ind + 2, wordWrap(child.description || '<no description>', 78 - ind)) + '\n';
      out += '\n';
    } else out += fieldList(child, level + 1, true, next);
  }
  return out;
}

function outputFor(n: Node, recursive: boolean): string {
  let out = 'DESCRIPTION:\n';
  out += indent(4, wordWrap(descriptionOf(n) || '<empty>', 76)) + '\n';
  const fields = fieldList(n, 1, recursive, new Set());
  if (fields) out += 'FIELDS:\n' + fields;
  return out;
}

/** A field of the path does not exist; `header` is what kubectl's template printed before failing. */
export class ExplainFieldError extends KubectlError {
  /** Creates the error for the path's last element (kubectl names it, whichever element is missing). */
  constructor(
    readonly header: string,
    field: string,
  ) {
    super(`field "${field}" does not exist`);
  }
}

/**
 * The text of `kubectl explain RESOURCE[.FIELD...]`; throws kubectl's error for a field that
 * does not exist (naming the last element of the path, as kubectl's template does).
 */
export function explainText(info: KindInfo, fieldPath: string[], recursive: boolean): string {
  let out = '';
  if (info.group) out += `GROUP:      ${info.group}\n`;
  out += `KIND:       ${info.kind}\n`;
  out += `VERSION:    ${info.version}\n\n`;
  let node: Node = { t: 'ref', def: info.schemaType };
  const missing = () => new ExplainFieldError(out, fieldPath[fieldPath.length - 1]);
  for (let i = 0; i < fieldPath.length; i++) {
    // Arrays and maps are walked through to their element type.
    while (node.t === 'array' || node.t === 'map') node = node.t === 'array' ? node.items : node.values;
    if (node.t !== 'ref') throw missing();
    const d = definition(node.def);
    const f = d?.fields[fieldPath[i]];
    if (!d || !f) throw missing();
    const child = fieldNode(node.def, fieldPath[i], f);
    if (i === fieldPath.length - 1) out += `FIELD: ${fieldPath[i]} <${typeGuess(child)}>\n\n\n`;
    node = child;
  }
  out += outputFor(node, recursive);
  return out + '\n';
}
