/**
 * `--sort-by`: kubectl's sorter (kubectl pkg/cmd/get/sorter.go). The field is a JSONPath
 * (relaxed: `.metadata.name` or `{.metadata.name}`); the first result of each object is compared:
 * numbers numerically, quantities by value, other strings byte by byte, missing values first.
 * kubectl sorts with Go's (unstable) sort.Sort; gosort.ts reproduces it, so ties come out in
 * kubectl's order.
 */
import type { KObject } from '../../engine/api/types';
import { isQuantity, parseQuantity } from '../../engine/api/quantity';
import { findResults, parseJsonPath, relaxedJsonPath } from './jsonpath';
import { KubectlError } from '../errors';
import { goSortArray } from './gosort';

/** sortorder.NaturalLess: digit runs compare as numbers, digits sort before other characters. */
export function naturalLess(s1: string, s2: string): boolean {
  let i1 = 0;
  let i2 = 0;
  const isDigit = (c: string) => c >= '0' && c <= '9';
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1];
    const c2 = s2[i2];
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i1++;
      i2++;
      continue;
    }
    while (i1 < s1.length && s1[i1] === '0') i1++;
    while (i2 < s2.length && s2[i2] === '0') i2++;
    const nz1 = i1;
    const nz2 = i2;
    while (i1 < s1.length && isDigit(s1[i1])) i1++;
    while (i2 < s2.length && isDigit(s2[i2])) i2++;
    if (i1 - nz1 !== i2 - nz2) return i1 - nz1 < i2 - nz2;
    const n1 = s1.slice(nz1, i1);
    const n2 = s2.slice(nz2, i2);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}

/** isLess on values as json.Unmarshal leaves them (kubectl's Interface case); throws for unsortable types. */
function isLess(a: unknown, b: unknown, field: string): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return false;
  if (a === null || a === undefined) return true;
  if (b === null || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') {
    // int64 and float64 only compare with their own kind.
    if (Number.isInteger(a) === Number.isInteger(b)) return a < b;
  } else if (typeof a === 'string' && typeof b === 'string') {
    // Two quantities ("100Mi", "1Gi", "3") compare by value, anything else byte by byte: real
    // kubectl 1.32 sorts pod IPs "10.244.1.10" < "10.244.1.4" (recorded in
    // describe/fixtures/recorded.json), so no natural ordering applies to unstructured strings.
    if (isQuantity(a) && isQuantity(b)) return parseQuantity(a) < parseQuantity(b);
    return a < b;
  }
  const kind = typeof a === 'boolean' ? 'bool' : Array.isArray(a) ? '[]interface {}' : typeof a === 'object' ? 'map[string]interface {}' : typeof a;
  throw new KubectlError(`Field ${field} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: ${kind}`);
}

/**
 * Sorts objects by a --sort-by field as kubectl does (sort.Sort with RuntimeSort.Less: objects
 * without the field count as smaller); throws kubectl's error when no object has the field.
 * Returns a new array.
 */
export function sortObjects<T extends KObject>(objs: T[], sortBy: string, opts: { table?: boolean } = {}): T[] {
  // A single object that is not a table is not sorted at all (RuntimeSorter.Sort).
  if (objs.length < 2 && !opts.table) return [...objs];
  let field: string;
  try {
    field = relaxedJsonPath(sortBy);
  } catch {
    field = sortBy;
  }
  let parsed;
  try {
    parsed = parseJsonPath(field);
  } catch (e) {
    throw new KubectlError(`${(e as Error).message}`);
  }
  const keyed = objs.map((o) => {
    const r = findResults(parsed, o, true);
    const has = r.length > 0 && r[0].length > 0;
    return { o, has, v: has ? r[0][0] : undefined };
  });
  if (objs.length > 0 && !keyed.some((k) => k.has)) throw new KubectlError(`couldn't find any field with path "${field}" in the list of objects`);
  goSortArray(keyed, (x, y) => {
    if (!x.has) return true;
    if (!y.has) return false;
    return isLess(x.v, y.v, field);
  });
  return keyed.map((k) => k.o);
}
