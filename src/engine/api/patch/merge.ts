/**
 * JSON merge patch (RFC 7386), `application/merge-patch+json`: objects merge key by key, `null`
 * deletes a key, anything else (lists included) replaces the target value.
 */
import { clone, deepEqual } from '../../sim/dev';
import type { Json, JsonMap } from './strategic';

const isMap = (v: Json | undefined): v is JsonMap => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

/** Applies a merge patch to a document (RFC 7386 section 2, MergePatch). */
export function jsonMergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return clone(patch);
  const out: JsonMap = isMap(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k] ?? null, v);
  }
  return out;
}

/** A merge patch that turns `original` into `modified` (null for removed keys). */
export function createJsonMergePatch(original: Json, modified: Json): Json {
  if (!isMap(original) || !isMap(modified)) return clone(modified);
  const patch: JsonMap = {};
  for (const [k, v] of Object.entries(modified)) {
    if (!(k in original)) patch[k] = clone(v);
    else if (!deepEqual(original[k], v)) {
      patch[k] = isMap(original[k]) && isMap(v) ? createJsonMergePatch(original[k], v) : clone(v);
    }
  }
  for (const k of Object.keys(original)) if (!(k in modified)) patch[k] = null;
  return patch;
}
