/** The IndexedDB-backed KeyValueStore (idb-keyval), used by the worker to save the cluster. */
import { createStore, get, set, del, keys } from 'idb-keyval';
import type { KeyValueStore } from './persistence';

/** Opens Podium's IndexedDB store, or returns null when IndexedDB is unavailable. */
export function idbStore(): KeyValueStore | null {
  if (typeof indexedDB === 'undefined') return null;
  const store = createStore('podium', 'state');
  return {
    get: (k) => get(k, store),
    set: (k, v) => set(k, v, store),
    del: (k) => del(k, store),
    keys: async () => (await keys(store)).map(String),
  };
}
