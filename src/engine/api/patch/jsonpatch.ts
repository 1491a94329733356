/**
 * JSON patch (RFC 6902), `application/json-patch+json`: a list of operations (add, remove,
 * replace, move, copy, test) addressed by JSON pointers (RFC 6901). The operations apply in order
 * and all-or-nothing; error texts follow github.com/evanphx/json-patch, which the API server uses.
 */
import { clone, deepEqual } from '../../sim/dev';
import { PatchError, type Json, type JsonMap } from './strategic';

/** One operation. */
export interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

/** The API server's limit on operations in one JSON patch (maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

const isMap = (v: Json | undefined): v is JsonMap => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

/** Splits a JSON pointer into unescaped reference tokens (`~1` is `/`, `~0` is `~`). */
export function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`JSON pointer must be empty or start with a "/": ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Checks that a decoded patch is a list of operations (`json: cannot unmarshal ...` otherwise). */
export function decodeJsonPatch(raw: unknown): JsonPatchOp[] {
  if (!Array.isArray(raw)) {
    const what = raw === null ? 'null' : typeof raw === 'object' ? 'object' : typeof raw === 'boolean' ? 'bool' : typeof raw;
    throw new PatchError(`json: cannot unmarshal ${what} into Go value of type jsonpatch.Patch`);
  }
  return raw.map((op) => {
    if (!isMap(op as Json)) throw new PatchError('json: cannot unmarshal into Go value of type jsonpatch.Operation');
    return op as unknown as JsonPatchOp;
  });
}

interface Container {
  parent: Json;
  key: string;
}

function locate(doc: Json, tokens: string[]): Container | undefined {
  let cur: Json = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    if (Array.isArray(cur)) {
      const n = arrayIndex(t, cur.length, false);
      if (n === undefined) return undefined;
      cur = cur[n];
    } else if (isMap(cur)) {
      if (!(t in cur)) return undefined;
      cur = cur[t];
    } else return undefined;
  }
  return { parent: cur, key: tokens[tokens.length - 1] };
}

function arrayIndex(t: string, length: number, forAdd: boolean): number | undefined {
  if (!/^(0|[1-9]\d*)$/.test(t)) return undefined;
  const n = Number(t);
  if (n > length || (!forAdd && n === length)) return undefined;
  return n;
}

function get(doc: Json, path: string): Json | undefined {
  const tokens = parsePointer(path);
  if (!tokens.length) return doc;
  const c = locate(doc, tokens);
  if (!c) return undefined;
  if (Array.isArray(c.parent)) {
    const n = arrayIndex(c.key, c.parent.length, false);
    return n === undefined ? undefined : c.parent[n];
  }
  if (isMap(c.parent)) return c.key in c.parent ? c.parent[c.key] : undefined;
  return undefined;
}

/** Applies a JSON patch; throws PatchError naming the failing operation. The input is not changed. */
export function applyJsonPatch(doc: Json, ops: JsonPatchOp[]): Json {
  let out = clone(doc);
  for (const op of ops) {
    const path = op.path;
    if (typeof path !== 'string') throw new PatchError(`${op.op} operation does not apply: missing path`);
    const value = op.value;
    const tokens = parsePointer(path);
    const missing = (what: string) => new PatchError(`${what} operation does not apply: doc is missing path: ${path}`);
    switch (op.op) {
      case 'add': {
        if (!('value' in op)) throw new PatchError('add operation does not apply: missing value');
        if (!tokens.length) {
          out = clone(value!);
          break;
        }
        const c = locate(out, tokens);
        if (!c) throw missing('add');
        if (Array.isArray(c.parent)) {
          const n = c.key === '-' ? c.parent.length : arrayIndex(c.key, c.parent.length, true);
          if (n === undefined) throw new PatchError(`add operation does not apply: doc is missing path: ${path}: Unable to access invalid index: ${c.key}`);
          c.parent.splice(n, 0, clone(value!));
        } else if (isMap(c.parent)) c.parent[c.key] = clone(value!);
        else throw missing('add');
        break;
      }
      case 'remove': {
        const c = tokens.length ? locate(out, tokens) : undefined;
        if (!c) throw missing('remove');
        if (Array.isArray(c.parent)) {
          const n = arrayIndex(c.key, c.parent.length, false);
          if (n === undefined) throw missing('remove');
          c.parent.splice(n, 1);
        } else if (isMap(c.parent) && c.key in c.parent) delete c.parent[c.key];
        else throw missing('remove');
        break;
      }
      case 'replace': {
        if (!('value' in op)) throw new PatchError('replace operation does not apply: missing value');
        if (!tokens.length) {
          out = clone(value!);
          break;
        }
        const c = locate(out, tokens);
        if (!c) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
        if (Array.isArray(c.parent)) {
          const n = arrayIndex(c.key, c.parent.length, false);
          if (n === undefined) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
          c.parent[n] = clone(value!);
        } else if (isMap(c.parent) && c.key in c.parent) c.parent[c.key] = clone(value!);
        else throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
        break;
      }
      case 'move':
      case 'copy': {
        if (typeof op.from !== 'string') throw new PatchError(`${op.op} operation does not apply: missing from`);
        const v = get(out, op.from);
        if (v === undefined) throw new PatchError(`${op.op} operation does not apply: doc is missing from path: ${op.from}`);
        const moved = clone(v);
        if (op.op === 'move') out = applyJsonPatch(out, [{ op: 'remove', path: op.from }]);
        out = applyJsonPatch(out, [{ op: 'add', path, value: moved }]);
        break;
      }
      case 'test': {
        const v = get(out, path);
        if (v === undefined ? value !== null && value !== undefined : !deepEqual(v, value))
          throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError(`Unexpected kind: ${op.op}`);
    }
  }
  return out;
}
