/**
 * The structure of the API types (generated from the v1.32 OpenAPI models, see
 * scripts/gen-openapi.mjs) and the decoder checks the API server applies with it: unknown fields
 * under strict field validation, and JSON type mismatches.
 */
import schemaDoc from './schema/k8s-schema.json';
import type { KindInfo } from './registry';

/** A field's type: a primitive, a definition name, or an array/map of a type. */
export type SchemaType = string | { array: SchemaType } | { map: SchemaType };

/** One field of a definition. */
export interface SchemaField {
  type: SchemaType;
  description?: string;
  format?: string;
}

/** One object type of the API. */
export interface SchemaDefinition {
  description: string;
  fields: Record<string, SchemaField>;
  required?: string[];
}

const defs = (schemaDoc as unknown as { definitions: Record<string, SchemaDefinition> }).definitions;

/** The definition with this model name (`V1DeploymentSpec`). */
export function definition(name: string): SchemaDefinition | undefined {
  return defs[name];
}

const PRIMITIVE_GO: Record<string, string> = {
  string: 'string',
  integer: 'int32',
  number: 'float64',
  boolean: 'bool',
  time: 'Time',
  microtime: 'MicroTime',
  bytes: '[]uint8',
  'int-or-string': 'IntOrString',
};

function goTypeName(t: SchemaType, format?: string): string {
  if (typeof t === 'string') {
    if (t === 'integer' && format === 'int64') return 'int64';
    if (PRIMITIVE_GO[t]) return PRIMITIVE_GO[t];
    return t.replace(/^(V\d+(?:alpha\d+|beta\d+)?|CoreV1|EventsV1|DiscoveryV1)/, '');
  }
  if ('array' in t) return `[]${goTypeName(t.array)}`;
  return `map[string]${goTypeName(t.map)}`;
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Problems found while decoding an object. */
export interface DecodeProblems {
  /** Paths of fields the type does not have (`spec.replicass`), in document order. */
  unknown: string[];
  /** The first JSON type mismatch, as encoding/json words it. */
  typeError?: string;
  /** Delete unknown fields while walking (pruneUnknown). */
  prune?: boolean;
}

/** Paths whose map values are quantities, which accept numbers as well as strings. */
const QUANTITY_MAPS = new Set(['limits', 'requests', 'capacity', 'allocatable', 'hard', 'used']);

/**
 * Walks an object against its kind's schema, collecting unknown fields and the first type error,
 * as the API server's strict decoder does.
 */
export function checkDecode(obj: unknown, info: KindInfo): DecodeProblems {
  const out: DecodeProblems = { unknown: [] };
  walk(obj, info.schemaType, '', '', out);
  return out;
}

/**
 * Removes unknown fields in place, as the API server's decoder drops them when field validation
 * is Warn or Ignore (they are never stored). Call it on a copy.
 */
export function pruneUnknown(obj: unknown, info: KindInfo): void {
  const out: DecodeProblems = { unknown: [], prune: true };
  walk(obj, info.schemaType, '', '', out);
}

function walk(v: unknown, typeName: string, path: string, structName: string, out: DecodeProblems): void {
  if (v === null || v === undefined) return;
  const def = defs[typeName];
  if (!def) return; // 'any' and unknown definitions accept everything
  if (jsonKind(v) !== 'object') {
    typeMismatch(out, v, goTypeName(typeName), structName, path);
    return;
  }
  const goStruct = goTypeName(typeName);
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
    const f = def.fields[key];
    const p = path ? `${path}.${key}` : key;
    if (!f) {
      out.unknown.push(p);
      if (out.prune) delete (v as Record<string, unknown>)[key];
      continue;
    }
    walkType(value, f.type, f.format, p, goStruct, key, out);
  }
}

function walkType(
  v: unknown,
  t: SchemaType,
  format: string | undefined,
  path: string,
  structName: string,
  key: string,
  out: DecodeProblems,
): void {
  if (v === null || v === undefined) return;
  if (typeof t === 'string') {
    switch (t) {
      case 'any':
        return;
      case 'string':
      case 'bytes':
      case 'time':
      case 'microtime':
        if (typeof v !== 'string') typeMismatch(out, v, goTypeName(t, format), structName, path);
        return;
      case 'integer':
        if (typeof v !== 'number' || !Number.isInteger(v)) typeMismatch(out, v, goTypeName(t, format), structName, path);
        return;
      case 'number':
        if (typeof v !== 'number') typeMismatch(out, v, goTypeName(t, format), structName, path);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') typeMismatch(out, v, goTypeName(t, format), structName, path);
        return;
      case 'int-or-string':
        if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v)))
          typeMismatch(out, v, 'IntOrString', structName, path);
        return;
      default:
        walk(v, t, path, structName, out);
        return;
    }
  }
  if ('array' in t) {
    if (!Array.isArray(v)) {
      typeMismatch(out, v, goTypeName(t), structName, path);
      return;
    }
    v.forEach((item, i) => walkType(item, t.array, undefined, `${path}[${i}]`, structName, key, out));
    return;
  }
  if (jsonKind(v) !== 'object') {
    typeMismatch(out, v, goTypeName(t), structName, path);
    return;
  }
  const quantity = QUANTITY_MAPS.has(key);
  for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
    if (quantity && typeof item === 'number') continue;
    walkType(item, t.map, undefined, `${path}.${k}`, structName, k, out);
  }
}

function typeMismatch(out: DecodeProblems, v: unknown, goType: string, structName: string, path: string): void {
  if (out.typeError) return;
  const kind = jsonKind(v) === 'bool' ? 'bool' : jsonKind(v);
  // encoding/json: "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
  const cleanPath = path.replace(/\[\d+\]/g, '');
  out.typeError = structName
    ? `json: cannot unmarshal ${kind} into Go struct field ${structName}.${cleanPath} of type ${goType}`
    : `json: cannot unmarshal ${kind} into Go value of type ${goType}`;
}
