/**
 * The list pipeline before the table: namespace, label selector (kubectl `-l` syntax, parsed by
 * the engine's own parser) and text filter, in kubectl's default order (namespace, then name).
 */
import type { KObject } from '../../protocol/batch';
import { matches, parseSelector, type Selector } from '../../engine/api/labels';

/** A compiled label filter, or the parse error as kubectl would word it. */
export interface LabelFilter {
  selector: Selector | null;
  error?: string;
}

/** Parses a label filter; an empty text filters nothing. */
export function compileLabelFilter(text: string): LabelFilter {
  if (!text.trim()) return { selector: null };
  try {
    return { selector: parseSelector(text) };
  } catch (e) {
    return { selector: null, error: (e as Error).message };
  }
}

/** What a list shows. */
export interface ListQuery {
  /** null: all namespaces. Ignored for cluster-scoped kinds. */
  namespace: string | null;
  namespaced: boolean;
  labels: LabelFilter;
  /** Case-insensitive substring, matched against `textOf`. */
  text: string;
}

/** kubectl's list order: by namespace, then name (plain code-point order, as etcd keys sort). */
export function byNamespaceName(a: KObject, b: KObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  const x = a.metadata.name;
  const y = b.metadata.name;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Filters and orders objects for a list. `textOf` gives the lower-cased searchable text. */
export function filterObjects(objs: Iterable<KObject>, q: ListQuery, textOf: (o: KObject) => string): KObject[] {
  const needle = q.text.trim().toLowerCase();
  const sel = q.labels.error ? null : q.labels.selector;
  const out: KObject[] = [];
  for (const o of objs) {
    if (q.namespaced && q.namespace !== null && o.metadata.namespace !== q.namespace) continue;
    if (sel && !matches(sel, o.metadata.labels)) continue;
    if (needle && !textOf(o).includes(needle)) continue;
    out.push(o);
  }
  return out.sort(byNamespaceName);
}
