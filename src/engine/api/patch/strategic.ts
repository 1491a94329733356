/**
 * Strategic merge patch, as k8s.io/apimachinery/pkg/util/strategicpatch/patch.go defines it:
 * applying a patch (the API server's PATCH with `application/strategic-merge-patch+json`) and
 * computing one, two-way (kubectl edit) or three-way (kubectl apply's CreateThreeWayMergePatch).
 *
 * It is JSON merge patch plus field metadata: lists tagged `merge` are merged element by element
 * (by a merge key for lists of maps, by value for lists of scalars) instead of being replaced, and
 * the patch may carry directives:
 * - `$patch: replace | delete | merge` in a map or as a list element;
 * - `$retainKeys: [...]` clearing the keys of a map that the list does not name;
 * - `$deleteFromPrimitiveList/<field>: [...]` removing scalars from a merged list;
 * - `$setElementOrder/<field>: [...]` fixing the order of a merged list.
 *
 * Everything here works on plain JSON values and never changes its inputs.
 */
import { clone, deepEqual } from '../../sim/dev';
import { elementType, lookupPatchMeta, type PatchSchema } from './meta';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonMap;
/** A JSON object. */
export type JsonMap = { [key: string]: Json };

/** A malformed patch or document (the API server answers such with 400/422). */
export class PatchError extends Error {}

const DIRECTIVE = '$patch';
const DELETE = 'delete';
const REPLACE = 'replace';
const MERGE = 'merge';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

interface MergeOptions {
  /** Server side: apply the parallel lists ($deleteFromPrimitiveList) instead of keeping them. */
  mergeParallelList: boolean;
  /** Drop `key: null` when the key is missing from the original. */
  ignoreUnmatchedNulls: boolean;
}

interface DiffOptions {
  setElementOrder: boolean;
  ignoreChangesAndAdditions: boolean;
  ignoreDeletions: boolean;
  buildRetainKeysDirective: boolean;
}

type Kind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

function kindOf(v: Json | undefined): Kind {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as Kind;
}

const isMap = (v: Json | undefined): v is JsonMap => kindOf(v) === 'object';

/** Go's `%v` of a scalar, used by upstream to sort and compare list items. */
function goString(v: Json): string {
  if (v === null) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// -------------------------------------------------------------------------------------------------
// Applying

/**
 * Applies a strategic merge patch to a document (StrategicMergeMapPatch): the API server's side.
 * `schema` is the root type (`V1Deployment`); unknown fields merge as JSON merge patch would.
 */
export function strategicMergePatch(original: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (!isMap(original) || !isMap(patch)) throw new PatchError('invalid JSON document');
  return mergeMap(clone(original), clone(patch), schema, { mergeParallelList: true, ignoreUnmatchedNulls: true });
}

function mergeMap(original: JsonMap, patch: JsonMap, t: PatchSchema, opts: MergeOptions): JsonMap {
  if (DIRECTIVE in patch) {
    const d = patch[DIRECTIVE];
    if (d === REPLACE) {
      delete patch[DIRECTIVE];
      return patch;
    }
    if (d === DELETE) return {};
    throw new PatchError(`Unknown patch type: ${goString(d)} in map: ${JSON.stringify(patch)}`);
  }
  applyRetainKeysDirective(original, patch, opts);
  mergePatchIntoOriginal(original, patch, t, opts);
  for (const rawKey of Object.keys(patch)) {
    let k = rawKey;
    const patchV = patch[rawKey];
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      if (!opts.mergeParallelList) {
        original[rawKey] = patchV;
        continue;
      }
      k = extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[k];
      if (opts.ignoreUnmatchedNulls) continue;
    }
    if (!(k in original)) {
      // A deletion list for a list the document does not have deletes nothing.
      if (!isDeleteList) original[k] = opts.mergeParallelList ? stripDirectives(patchV, lookupPatchMeta(t, k).type) : patchV;
      continue;
    }
    const ov = original[k];
    if (kindOf(ov) !== kindOf(patchV)) {
      original[k] = patchV;
      continue;
    }
    const meta = lookupPatchMeta(t, k);
    if (isMap(ov)) {
      original[k] = meta.strategy !== REPLACE ? mergeMap(ov, patchV as JsonMap, meta.type, opts) : patchV;
    } else if (Array.isArray(ov)) {
      // A deletion list applies whatever the list's strategy (newer upstream: "$deleteFromPrimitiveList
      // should delete item from a list without merge patch strategy").
      if (isDeleteList && opts.mergeParallelList) original[k] = deleteFromSlice(ov, patchV as Json[]);
      else
        original[k] =
          meta.strategy === MERGE ? mergeSlice(ov, patchV as Json[], elementType(meta.type), meta.mergeKey ?? '', opts, isDeleteList) : patchV;
    } else {
      original[k] = patchV;
    }
  }
  return original;
}

/**
 * A value added where the original had nothing, on the server side: merged into an empty value
 * so that its directives are carried out rather than stored (upstream stores them verbatim and
 * the decoder drops them as unknown fields; Podium's strict decoder would reject them instead).
 */
function stripDirectives(v: Json, t: PatchSchema): Json {
  if (isMap(v)) {
    if (v[DIRECTIVE] === DELETE) return {};
    return mergeMap({}, v, t, { mergeParallelList: true, ignoreUnmatchedNulls: true });
  }
  if (Array.isArray(v) && v.some((e) => isMap(e) && DIRECTIVE in e)) {
    return v.filter((e) => !(isMap(e) && DIRECTIVE in e));
  }
  return v;
}

function extractKey(s: string, prefix: string): string {
  const i = s.indexOf('/');
  if (i < 0 || s.slice(0, i) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw new PatchError('invalid patch format of primitive list');
    throw new PatchError('invalid patch format of setElementOrder list');
  }
  return s.slice(i + 1);
}

function applyRetainKeysDirective(original: JsonMap, patch: JsonMap, opts: MergeOptions): void {
  if (!(RETAIN_KEYS in patch)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!opts.mergeParallelList) {
    if (RETAIN_KEYS in original) {
      if (!deepEqual(original[RETAIN_KEYS], retain))
        throw new PatchError(`${JSON.stringify(original[RETAIN_KEYS])} and ${JSON.stringify(retain)} are not deep equal: this may happen when calculating the 3-way diff patch`);
    } else original[RETAIN_KEYS] = retain;
    return;
  }
  if (!Array.isArray(retain)) throw new PatchError('invalid patch format of retainKeys');
  const keep = new Set(retain.map((v) => goString(v)));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw new PatchError('invalid patch format of retainKeys');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Processes `$setElementOrder/<field>` with its list (upstream mergePatchIntoOriginal). */
function mergePatchIntoOriginal(original: JsonMap, patch: JsonMap, t: PatchSchema, opts: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    if (!opts.mergeParallelList) {
      if (key in original) {
        if (!deepEqual(original[key], order)) throw new PatchError('invalid patch format of setElementOrder list');
      } else original[key] = order;
    }
    delete patch[key];
    if (!Array.isArray(order)) throw new PatchError('invalid patch format of setElementOrder list');
    const field = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = field in original;
    const foundPatch = field in patch;
    const originalList = foundOriginal ? original[field] : undefined;
    const patchList = foundPatch ? patch[field] : undefined;
    if (foundOriginal && !Array.isArray(originalList)) throw new PatchError(`expected []interface{}, but got ${kindOf(originalList)}`);
    if (foundPatch && !Array.isArray(patchList)) throw new PatchError(`expected []interface{}, but got ${kindOf(patchList)}`);
    const meta = lookupPatchMeta(t, field);
    const mergeKey = meta.mergeKey ?? '';
    validatePatchWithSetOrderList((patchList as Json[] | undefined) ?? [], order, mergeKey);
    let merged: Json[];
    const view = { items: (originalList as Json[] | undefined) ?? [] };
    if (foundOriginal && !foundPatch) merged = originalList as Json[];
    else if (!foundOriginal && foundPatch) merged = patchList as Json[];
    else if (foundOriginal && foundPatch) {
      merged =
        meta.strategy === MERGE
          ? mergeSlice(originalList as Json[], patchList as Json[], elementType(meta.type), mergeKey, opts, false, view)
          : (patchList as Json[]);
    } else continue;
    const [patchItems, serverOnly] = partition(merged, order, mergeKey);
    const kind = sliceElementKind((originalList as Json[] | undefined) ?? [], (patchList as Json[] | undefined) ?? []);
    original[field] = normalizeElementOrder(patchItems, serverOnly, order, view.items, mergeKey, kind);
    delete patch[field];
  }
}

function validatePatchWithSetOrderList(patchList: Json[], order: Json[], mergeKey: string): void {
  if (!order.length || !patchList.length) return;
  const nonDelete = mergeKey ? patchList.filter((v) => !(isMap(v) && v[DIRECTIVE] === DELETE)) : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < order.length) {
    if (isMap(nonDelete[p]) && DIRECTIVE in (nonDelete[p] as JsonMap)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[p], order[s], mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= order.length)
    throw new PatchError(`The order in patch list:\n${JSON.stringify(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${JSON.stringify(order)}\n`);
}

function mergeKeyValueEqual(a: Json, b: Json, mergeKey: string): boolean {
  if (!mergeKey) return a === b;
  if (!isMap(a) || !isMap(b)) throw new PatchError('expected map[string]interface{}');
  if (!(mergeKey in a)) throw new PatchError(`map: ${JSON.stringify(a)} does not contain declared merge key: ${mergeKey}`);
  if (!(mergeKey in b)) throw new PatchError(`map: ${JSON.stringify(b)} does not contain declared merge key: ${mergeKey}`);
  return a[mergeKey] === b[mergeKey];
}

/**
 * Merges two lists. `view`, when given, receives what the caller's copy of `original` holds
 * afterwards. Upstream edits the original list's backing array in place (deleting shifts the
 * items left; appending writes into the freed slots), and mergePatchIntoOriginal then uses that
 * array as "the live order" when it applies `$setElementOrder`. Example: live [1, 2b, 4c], patch
 * [3, {name: 1, $patch: delete}] leaves the backing array as [2b, 4c, 3], so with the order
 * [2, 3] the result is [2b, 4c, 3] and not [2b, 3, 4c]. We reproduce that array.
 */
function mergeSlice(
  original: Json[],
  patch: Json[],
  elemType: PatchSchema,
  mergeKey: string,
  opts: MergeOptions,
  isDeleteList: boolean,
  view?: { items: Json[] },
): Json[] {
  if (!original.length && !patch.length) return original;
  const kind = sliceElementKind(original, patch);
  if (kind !== 'object') {
    if (opts.mergeParallelList && isDeleteList) return deleteFromSlice(original, patch);
    const merged = dedupeScalars([...original, ...patch]);
    const [patchItems, serverOnly] = partition(merged, patch, '');
    return normalizeElementOrder(patchItems, serverOnly, patch, original, '', kind);
  }
  if (!mergeKey) throw new PatchError('cannot merge lists without merge key for type map');
  const noKey = (m: Json) => new PatchError(`map: ${JSON.stringify(m)} does not contain declared merge key: ${mergeKey}`);
  // The caller's backing array (length n) and our slice of it (length len).
  const n = original.length;
  const backing = [...original];
  let len = n;
  const rest: Json[] = [];
  let replace = false;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!(DIRECTIVE in m)) {
      rest.push(v);
      continue;
    }
    const d = m[DIRECTIVE];
    if (d === DELETE) {
      if (!(mergeKey in m)) throw noKey(m);
      for (;;) {
        const i = backing.slice(0, len).findIndex((o) => isMap(o) && o[mergeKey] === m[mergeKey]);
        if (i < 0) break;
        backing.copyWithin(i, i + 1, len);
        len--;
      }
    } else if (d === REPLACE) replace = true;
    else if (d === MERGE) throw new PatchError('merging lists cannot yet be specified in the patch');
    else throw new PatchError(`Unknown patch type: ${goString(d)} in map: ${JSON.stringify(m)}`);
  }
  let serverOrder: Json[];
  let items: Json[];
  if (replace) {
    // `{$patch: replace}`: the patch's other elements are the new list; nothing is merged.
    patch = [];
    serverOrder = rest;
    items = [...rest];
  } else {
    patch = rest;
    serverOrder = backing.slice(0, len);
    const extra: Json[] = [];
    for (const v of patch) {
      const m = v as JsonMap;
      if (!(mergeKey in m)) throw noKey(m);
      const all = [...backing.slice(0, len), ...extra];
      const i = all.findIndex((o) => {
        if (!isMap(o)) throw new PatchError('value for key is not a map.');
        return mergeKey in o && o[mergeKey] === m[mergeKey];
      });
      if (i >= 0) {
        const mergedMap = mergeMap(all[i] as JsonMap, m, elemType, opts);
        if (i < len) backing[i] = mergedMap;
        else extra[i - len] = mergedMap;
      } else {
        const added = opts.mergeParallelList ? stripDirectives(m, elemType) : m;
        // Appending writes into the caller's array while there is room in it.
        if (len < n && !extra.length) backing[len++] = added;
        else extra.push(added);
      }
    }
    items = [...backing.slice(0, len), ...extra];
  }
  if (view) view.items = backing;
  const [patchItems, serverOnly] = partition(items, patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patch, serverOrder, mergeKey, kind);
}

function deleteFromSlice(current: Json[], toDelete: Json[]): Json[] {
  return current.filter((v) => !toDelete.some((d) => d === v));
}

function dedupeScalars(s: Json[]): Json[] {
  const out: Json[] = [];
  for (const v of s) if (!out.some((o) => o === v)) out.push(v);
  return out;
}

function sliceElementKind(...slices: Json[][]): Kind {
  let prev: Kind | undefined;
  for (const s of slices)
    for (const v of s) {
      const k = kindOf(v);
      if (prev === undefined) {
        if (k === 'array') throw new PatchError('lists of lists are not supported');
        prev = k;
      } else if (prev !== k) throw new PatchError(`list element types are not identical: ${JSON.stringify(slices)}`);
    }
  if (prev === undefined) throw new PatchError('no elements in any of the given slices');
  return prev;
}

/** Splits items into those present in `by` (compared by merge key) and the rest. */
function partition(items: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const inPatch: Json[] = [];
  const serverOnly: Json[] = [];
  for (const v of items) {
    let found: boolean;
    if (!mergeKey) found = by.some((b) => b === v);
    else {
      if (!isMap(v) || !(mergeKey in v)) throw new PatchError(`map: ${JSON.stringify(v)} does not contain declared merge key: ${mergeKey}`);
      found = by.some((b) => isMap(b) && b[mergeKey] === v[mergeKey]);
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

function indexIn(list: Json[], v: Json, mergeKey: string, kind: Kind): number {
  const key = (x: Json) => (kind === 'object' ? (isMap(x) ? x[mergeKey] : null) : x);
  const want = key(v);
  return list.findIndex((x) => key(x) === want);
}

function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: Kind): Json[] {
  let rest = toSort;
  let toDelete: Json[] = [];
  if (kind === 'object') {
    for (const l of [toSort, order])
      for (const m of l) if (!isMap(m) || !(mergeKey in m)) throw new PatchError(`map: ${JSON.stringify(m)} does not contain declared merge key: ${mergeKey}`);
    rest = toSort.filter((v) => (v as JsonMap)[DIRECTIVE] !== DELETE);
    toDelete = toSort.filter((v) => (v as JsonMap)[DIRECTIVE] === DELETE);
  }
  const sorted = rest
    .map((v, i) => ({ v, i, at: indexIn(order, v, mergeKey, kind) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.i - b.i))
    .map((x) => x.v);
  return [...sorted, ...toDelete];
}

/**
 * Sorts the patch items by the patch's order and the server-only items by the live order, then
 * interleaves them (upstream mergeSortedSlice): a server-only item goes before the first patch
 * item that comes after it in the live list. Example: live [a, b, c], patch [b', d] gives
 * [a, b', d, c]: a precedes b in the live list; c cannot be compared with d (d is new), so it
 * goes last.
 */
function normalizeElementOrder(patch: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string, kind: Kind): Json[] {
  const right = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Computing patches

/** A patch that turns `original` into `modified` (CreateTwoWayMergePatch), as `kubectl edit` sends. */
export function createTwoWayMergePatch(original: JsonMap, modified: JsonMap, schema: PatchSchema): JsonMap {
  return diffMaps(original, modified, schema, { setElementOrder: true, ignoreChangesAndAdditions: false, ignoreDeletions: false, buildRetainKeysDirective: false });
}

/**
 * kubectl apply's patch (CreateThreeWayMergePatch with overwrite): the changes from the live
 * object (`current`) to the new configuration (`modified`), without deleting what others added,
 * plus the deletions from the last applied configuration (`original`) to `modified`: a field the
 * user removed from the manifest is removed from the object, a field a controller set is kept.
 */
export function createThreeWayMergePatch(original: JsonMap, modified: JsonMap, current: JsonMap, schema: PatchSchema): JsonMap {
  const delta = diffMaps(current, modified, schema, { setElementOrder: true, ignoreDeletions: true, ignoreChangesAndAdditions: false, buildRetainKeysDirective: false });
  const deletions = diffMaps(original, modified, schema, { setElementOrder: true, ignoreChangesAndAdditions: true, ignoreDeletions: false, buildRetainKeysDirective: false });
  return mergeMap(deletions, delta, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}

function diffMaps(original: JsonMap, modified: JsonMap, t: PatchSchema, opts: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeys: string[] = [];
  for (const [key, mv] of Object.entries(modified)) {
    if (opts.buildRetainKeysDirective && mv !== null) retainKeys.push(key);
    if (!(key in original)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = clone(mv);
      continue;
    }
    const ov = original[key];
    if (key === DIRECTIVE) {
      if (typeof ov !== 'string' || typeof mv !== 'string') throw new PatchError(`invalid value for special key: ${DIRECTIVE}`);
      if (ov !== mv) patch[DIRECTIVE] = mv;
      continue;
    }
    if (kindOf(ov) !== kindOf(mv)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = clone(mv);
      continue;
    }
    if (isMap(ov)) handleMapDiff(key, ov, mv as JsonMap, patch, t, opts);
    else if (Array.isArray(ov)) handleSliceDiff(key, ov, mv as Json[], patch, t, opts);
    else if (!opts.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[key] = mv;
  }
  if (!opts.ignoreDeletions) for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  if (retainKeys.length && (Object.keys(patch).length || hasAdditionalNewField(original, modified))) patch[RETAIN_KEYS] = sortScalars(retainKeys);
  return patch;
}

function hasAdditionalNewField(original: JsonMap, modified: JsonMap): boolean {
  return Object.entries(original).some(([k, v]) => v !== null && !(k in modified));
}

function handleMapDiff(key: string, ov: JsonMap, mv: JsonMap, patch: JsonMap, t: PatchSchema, opts: DiffOptions): void {
  const meta = lookupPatchMeta(t, key);
  const o = { ...opts, buildRetainKeysDirective: meta.retainKeys };
  if (meta.strategy === REPLACE) {
    if (!opts.ignoreChangesAndAdditions) patch[key] = clone(mv);
    return;
  }
  const p = diffMaps(ov, mv, meta.type, o);
  if (Object.keys(p).length) patch[key] = p;
}

function handleSliceDiff(key: string, ov: Json[], mv: Json[], patch: JsonMap, t: PatchSchema, opts: DiffOptions): void {
  const meta = lookupPatchMeta(t, key);
  if (meta.strategy !== MERGE) {
    if (!opts.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[key] = clone(mv);
    return;
  }
  const o = { ...opts, buildRetainKeysDirective: meta.retainKeys };
  const { add, del, order } = diffLists(ov, mv, elementType(meta.type), meta.mergeKey ?? '', o);
  if (add.length) patch[key] = add;
  if (del.length) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = del;
  if (order.length) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

function diffLists(original: Json[], modified: Json[], t: PatchSchema, mergeKey: string, opts: DiffOptions): { add: Json[]; del: Json[]; order: Json[] } {
  if (!original.length) {
    if (!modified.length || opts.ignoreChangesAndAdditions) return { add: [], del: [], order: [] };
    return { add: clone(modified), del: [], order: [] };
  }
  const kind = sliceElementKind(original, modified);
  if (kind === 'object') {
    const { patch: changed, deletions } = diffListsOfMaps(original, modified, t, mergeKey, opts);
    let add = normalizeSliceOrder(changed, modified, mergeKey, kind);
    const orderSame = original.length === modified.length && modified.every((m, i) => mergeKeyValueEqual(original[i], m, mergeKey));
    add = [...add, ...deletions];
    let order: Json[] = [];
    if (opts.setElementOrder && ((!opts.ignoreChangesAndAdditions && (add.length > 0 || !orderSame)) || (!opts.ignoreDeletions && add.length > 0)))
      order = modified.map((m) => ({ [mergeKey]: (m as JsonMap)[mergeKey] }));
    return { add, del: [], order };
  }
  const { add: added, del } = diffListsOfScalars(original, modified, opts);
  const add = normalizeSliceOrder(added, modified, '', kind);
  let order: Json[] = [];
  if (opts.setElementOrder && ((!opts.ignoreDeletions && del.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)))) order = clone(modified);
  return { add, del, order };
}

function sortScalars<T extends Json>(s: T[]): T[] {
  return [...s].sort((a, b) => (goString(a) < goString(b) ? -1 : goString(a) > goString(b) ? 1 : 0));
}

function diffListsOfScalars(original: Json[], modified: Json[], opts: DiffOptions): { add: Json[]; del: Json[] } {
  const os = sortScalars(original);
  const ms = sortScalars(modified);
  const add: Json[] = [];
  const del: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const oIn = i < os.length;
    const mIn = j < ms.length;
    const a = oIn ? goString(os[i]) : '';
    const b = mIn ? goString(ms[j]) : '';
    if (oIn && mIn && a === b) {
      i++;
      j++;
    } else if (!oIn || (mIn && a > b)) {
      if (!opts.ignoreChangesAndAdditions) add.push(ms[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) del.push(os[i]);
      i++;
    }
  }
  return { add, del: dedupeScalars(del) };
}

function diffListsOfMaps(original: Json[], modified: Json[], t: PatchSchema, mergeKey: string, opts: DiffOptions): { patch: Json[]; deletions: Json[] } {
  const byKey = (l: Json[]) =>
    l
      .map((m) => {
        if (!isMap(m)) throw new PatchError('expected map[string]interface{}');
        if (!(mergeKey in m)) throw new PatchError(`map: ${JSON.stringify(m)} does not contain declared merge key: ${mergeKey}`);
        return { m, k: goString(m[mergeKey]) };
      })
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const os = byKey(original);
  const ms = byKey(modified);
  const patch: Json[] = [];
  const deletions: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const oIn = i < os.length;
    const mIn = j < ms.length;
    if (oIn && mIn && os[i].k === ms[j].k) {
      const p = diffMaps(os[i].m, ms[j].m, t, opts);
      if (Object.keys(p).length) {
        p[mergeKey] = ms[j].m[mergeKey];
        patch.push(p);
      }
      i++;
      j++;
    } else if (!oIn || (mIn && os[i].k > ms[j].k)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(clone(ms[j].m));
      j++;
    } else {
      if (!opts.ignoreDeletions) deletions.push({ [mergeKey]: os[i].m[mergeKey], [DIRECTIVE]: DELETE });
      i++;
    }
  }
  return { patch, deletions };
}
