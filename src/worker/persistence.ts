/**
 * The saved cluster: a versioned envelope around the engine's snapshot, its migrations from older
 * app versions, and the classification of what can go wrong (damaged, incompatible, quota). Pure
 * functions over an injected key-value store, so the rules are tested without IndexedDB.
 */

/** A small async key-value store (IndexedDB through idb-keyval in the browser; a Map in tests). */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** Key of the saved cluster. */
export const SAVE_KEY = 'podium:cluster';
/** Prefix of kept unusable states (`podium:unusable:<wall ms>`). */
export const UNUSABLE_PREFIX = 'podium:unusable:';
/** How many unusable states are kept for download. */
export const MAX_UNUSABLE_KEPT = 3;
/** Format tag of the envelope. */
export const ENVELOPE_FORMAT = 'podium.saved';
/**
 * Current envelope version. History:
 *  1 (pre-release builds): `{ format, version: 1, savedAt, snapshot }`, the snapshot as an object.
 *  2: the snapshot as JSON text (`snapshotJson`, one string is cloned into IndexedDB far faster
 *     than a deep object graph), plus `appVersion` and `simNow` for the "saved at" line.
 */
export const ENVELOPE_VERSION = 2;

/** What is stored under SAVE_KEY. */
export interface SavedEnvelope {
  format: typeof ENVELOPE_FORMAT;
  version: typeof ENVELOPE_VERSION;
  /** The Podium version that wrote it. */
  appVersion: string;
  /** Wall time of the save (ms since the epoch). */
  savedAt: number;
  /** Simulated time of the saved cluster. */
  simNow: number;
  /** The engine snapshot (cluster.snapshot()) as JSON text. */
  snapshotJson: string;
  /** The driver's state when saved (a paused cluster comes back paused); absent before 0.1. */
  clock?: { running: boolean; speed: number };
}

/** Raised when a saved state cannot be used. */
export class SavedStateError extends Error {
  /** Creates the error; `kind` tells the user whether it is damaged or just too new/old. */
  constructor(
    readonly kind: 'damaged' | 'incompatible',
    message: string,
  ) {
    super(message);
    this.name = 'SavedStateError';
  }
}

/** One migration: from envelope version N (the key) to N+1. */
export type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/** Migrations by the version they migrate from. */
export const MIGRATIONS: Record<number, Migration> = {
  1: (old) => {
    const snapshot = old.snapshot as { state?: { runtime?: { now?: unknown } } } | undefined;
    if (!snapshot || typeof snapshot !== 'object') throw new SavedStateError('damaged', 'the saved state (version 1) has no snapshot');
    const simNow = typeof snapshot.state?.runtime?.now === 'number' ? snapshot.state.runtime.now : 0;
    return {
      format: ENVELOPE_FORMAT,
      version: 2,
      appVersion: 'pre-release',
      savedAt: typeof old.savedAt === 'number' ? old.savedAt : 0,
      simNow,
      snapshotJson: JSON.stringify(snapshot),
    };
  },
};

/** Builds the envelope for a snapshot. */
export function makeEnvelope(snapshotJson: string, meta: { appVersion: string; savedAt: number; simNow: number; clock?: { running: boolean; speed: number } }): SavedEnvelope {
  return { format: ENVELOPE_FORMAT, version: ENVELOPE_VERSION, ...meta, snapshotJson };
}

/** A readable saved state: the snapshot (not yet checked by the engine) and where it came from. */
export interface OpenedState {
  snapshot: unknown;
  envelope: SavedEnvelope;
  /** The version it was migrated from, when it was older. */
  migratedFrom?: number;
}

/**
 * Reads a stored value: null when nothing is saved; the snapshot when it is usable (migrating
 * older envelopes step by step); throws SavedStateError otherwise.
 */
export function openEnvelope(raw: unknown, migrations: Record<number, Migration> = MIGRATIONS): OpenedState | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new SavedStateError('damaged', 'the saved state is not an object');
  let env = raw as Record<string, unknown>;
  if (env.format !== ENVELOPE_FORMAT) throw new SavedStateError('damaged', `the saved state has format ${JSON.stringify(env.format)}, expected "${ENVELOPE_FORMAT}"`);
  const version = env.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new SavedStateError('damaged', `the saved state has no valid version (${JSON.stringify(version)})`);
  if (version > ENVELOPE_VERSION)
    throw new SavedStateError('incompatible', `the saved state was written by a newer Podium (format version ${version}; this one reads up to ${ENVELOPE_VERSION})`);
  let migratedFrom: number | undefined;
  for (let v = version; v < ENVELOPE_VERSION; v++) {
    const m = migrations[v];
    if (!m) throw new SavedStateError('incompatible', `no migration from saved-state version ${v}`);
    try {
      env = m(env);
    } catch (e) {
      if (e instanceof SavedStateError) throw e;
      throw new SavedStateError('damaged', `migrating the saved state from version ${v} failed: ${(e as Error).message}`);
    }
    migratedFrom ??= version;
  }
  if (typeof env.snapshotJson !== 'string') throw new SavedStateError('damaged', 'the saved state has no snapshot');
  let snapshot: unknown;
  try {
    snapshot = JSON.parse(env.snapshotJson);
  } catch (e) {
    throw new SavedStateError('damaged', `the saved snapshot is not valid JSON: ${(e as Error).message}`);
  }
  return { snapshot, envelope: env as unknown as SavedEnvelope, migratedFrom };
}

/** Sorts an engine SnapshotError into damaged or incompatible by its message. */
export function classifySnapshotError(message: string): 'damaged' | 'incompatible' {
  return /incompatible|version/i.test(message) ? 'incompatible' : 'damaged';
}

/** Whether an error from a storage write means the quota is full. */
export function isQuotaError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { name?: string; code?: number; message?: string; inner?: unknown };
  if (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  if (err.code === 22 || err.code === 1014) return true;
  return typeof err.message === 'string' && /quota/i.test(err.message);
}

/**
 * Moves an unusable saved state aside (under UNUSABLE_PREFIX + wall time) so the user can download
 * it, keeping only the newest MAX_UNUSABLE_KEPT, and clears SAVE_KEY. Returns the key used, or null
 * when even that failed.
 */
export async function keepUnusable(store: KeyValueStore, raw: unknown, wallNow: number): Promise<string | null> {
  const key = `${UNUSABLE_PREFIX}${wallNow}`;
  try {
    await store.set(key, raw);
    await store.del(SAVE_KEY);
    const kept = (await store.keys()).filter((k) => k.startsWith(UNUSABLE_PREFIX)).sort((a, b) => Number(a.slice(UNUSABLE_PREFIX.length)) - Number(b.slice(UNUSABLE_PREFIX.length)));
    for (const old of kept.slice(0, Math.max(0, kept.length - MAX_UNUSABLE_KEPT))) await store.del(old);
    return key;
  } catch {
    return null;
  }
}

/** An in-memory KeyValueStore (tests; and the fallback when IndexedDB is unavailable). */
export function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>(Object.entries(initial));
  return {
    data,
    async get(k) {
      return data.get(k);
    },
    async set(k, v) {
      data.set(k, v);
    },
    async del(k) {
      data.delete(k);
    },
    async keys() {
      return [...data.keys()];
    },
  };
}
