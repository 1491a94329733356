/**
 * Evicting the oldest entry of a Map used as an LRU (delete + set moves a key to the end).
 *
 * `map.delete(map.keys().next().value)` looks cheap but is not: a Map keeps deleted entries as
 * holes until it is rehashed, and a fresh iterator walks over every hole at the front. An LRU
 * that evicts and refreshes constantly piles holes up there, so each eviction can cost thousands
 * of steps (the event recorder's caches took most of its time this way). One iterator per map,
 * kept between evictions, never walks a hole twice: every entry before its position has been
 * deleted (it was evicted, or moved to the end by a refresh), and new entries are appended
 * after it, so the next entry it yields is always the oldest one.
 */
const iterators = new WeakMap<Map<unknown, unknown>, Iterator<unknown>>();

/** Deletes and returns the oldest key of `map` (undefined when it is empty). */
export function evictOldest<K>(map: Map<K, unknown>): K | undefined {
  const m = map as Map<unknown, unknown>;
  let it = iterators.get(m);
  let r = it?.next();
  if (!r || r.done) {
    it = m.keys();
    iterators.set(m, it);
    r = it.next();
    if (r.done) return undefined;
  }
  map.delete(r.value as K);
  return r.value as K;
}
