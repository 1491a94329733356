/**
 * The UI's mirror of the cluster: API objects by kind and uid, updated by a pure reducer from the
 * worker's change batches (like Headlamp's KubeList.applyUpdate): adds, updates and removals are
 * applied copy-on-write per kind, and an object older (by resourceVersion) than the one held is
 * ignored. It also remembers which objects just arrived or just left, so rows can fade in and out.
 */
import type { KObject, ObjectChanges } from '../../protocol/batch';

/** The objects of one kind, by uid. A new Map whenever something of that kind changes. */
export type KindObjects = ReadonlyMap<string, KObject>;

/** A removed object still drawn for a moment while it fades out. */
export interface Ghost {
  object: KObject;
  /** Wall time of the removal (ms). */
  at: number;
}

/** The whole mirror. Treat as immutable. */
export interface Mirror {
  /** Objects by kind (`Pod`, `Deployment`, ...), then uid. */
  kinds: Readonly<Record<string, KindObjects>>;
  /** Wall time (ms) at which objects added after the first load arrived, by uid. */
  arrivals: ReadonlyMap<string, number>;
  /** Recently removed objects by kind, then uid. */
  ghosts: Readonly<Record<string, ReadonlyMap<string, Ghost>>>;
  /** Whether the first (reset) batch has been applied. */
  loaded: boolean;
}

/** How long an arrival is highlighted (wall ms). */
export const ARRIVAL_MS = 1600;
/** How long a removed object is still drawn, fading out (wall ms). */
export const GHOST_MS = 1200;

const EMPTY_MAP: KindObjects = new Map();

/** An empty mirror. */
export function emptyMirror(): Mirror {
  return { kinds: {}, arrivals: new Map(), ghosts: {}, loaded: false };
}

/** The objects of a kind (an empty map when none). */
export function objectsOf(m: Mirror, kind: string): KindObjects {
  return m.kinds[kind] ?? EMPTY_MAP;
}

/**
 * Whether `incoming` is newer than `held` by resourceVersion. Our store's versions are increasing
 * integers; when either is not a number, any different version counts as newer.
 */
export function isNewerVersion(incoming: string | undefined, held: string | undefined): boolean {
  const x = Number(incoming);
  const y = Number(held);
  if (incoming && held && Number.isFinite(x) && Number.isFinite(y)) return x > y;
  return incoming !== held || incoming === undefined;
}

/** Options of applyChanges. */
export interface ApplyOptions {
  /** Drop everything held first (a new, restored or reset cluster). */
  reset?: boolean;
  /** Wall time now (ms), for arrivals and ghosts. */
  wallNow?: number;
  /** Record arrivals and ghosts (off for the first load and in tests that do not care). */
  animate?: boolean;
}

/**
 * Applies one batch and returns a new mirror (or the same one when nothing changed). Kinds not
 * touched keep their Map, so views of other kinds do not re-render.
 */
export function applyChanges(m: Mirror, changes: ObjectChanges | null, opts: ApplyOptions = {}): Mirror {
  const wallNow = opts.wallNow ?? 0;
  const animate = !!opts.animate && !opts.reset && m.loaded;
  const base: Mirror = opts.reset ? { kinds: {}, arrivals: new Map(), ghosts: {}, loaded: true } : m;
  if (!changes) return opts.reset ? base : m;

  const kinds: Record<string, Map<string, KObject>> = {};
  const writable = (kind: string): Map<string, KObject> => {
    let map = kinds[kind];
    if (!map) {
      map = new Map(base.kinds[kind] ?? EMPTY_MAP);
      kinds[kind] = map;
    }
    return map;
  };
  let arrivals: Map<string, number> | null = null;
  let ghosts: Record<string, Map<string, Ghost>> | null = null;
  const ghostMap = (kind: string) => {
    ghosts ??= {};
    let g = ghosts[kind];
    if (!g) {
      g = new Map(base.ghosts[kind] ?? []);
      ghosts[kind] = g;
    }
    return g;
  };

  const upsert = (o: KObject, isAdd: boolean) => {
    const uid = o.metadata?.uid;
    if (!uid || !o.kind) return;
    const held = (kinds[o.kind] ?? base.kinds[o.kind])?.get(uid);
    if (held && !isNewerVersion(o.metadata.resourceVersion, held.metadata.resourceVersion)) return;
    writable(o.kind).set(uid, o);
    if (isAdd && !held && animate) {
      arrivals ??= new Map(base.arrivals);
      arrivals.set(uid, wallNow);
    }
  };
  for (const o of changes.added) upsert(o, true);
  for (const o of changes.updated) upsert(o, false);
  for (const o of changes.removed) {
    const uid = o.metadata?.uid;
    if (!uid || !o.kind) continue;
    const current = kinds[o.kind] ?? base.kinds[o.kind];
    const held = current?.get(uid);
    if (!held) continue;
    // A removal carries the object's last version; one older than what we hold is stale.
    if (isNewerVersion(held.metadata.resourceVersion, o.metadata.resourceVersion) && Number.isFinite(Number(o.metadata.resourceVersion))) continue;
    writable(o.kind).delete(uid);
    if (animate) ghostMap(o.kind).set(uid, { object: held, at: wallNow });
  }

  const touched = Object.keys(kinds);
  if (!touched.length && !arrivals && !ghosts && !opts.reset && base.loaded) return m;
  return {
    kinds: touched.length ? { ...base.kinds, ...kinds } : base.kinds,
    arrivals: arrivals ?? base.arrivals,
    ghosts: ghosts ? { ...base.ghosts, ...(ghosts as Record<string, Map<string, Ghost>>) } : base.ghosts,
    loaded: true,
  };
}

/** Forgets arrivals and ghosts older than their display time; the same mirror when none expired. */
export function pruneAnimations(m: Mirror, wallNow: number): Mirror {
  let arrivals: Map<string, number> | null = null;
  for (const [uid, at] of m.arrivals) {
    if (wallNow - at >= ARRIVAL_MS) {
      arrivals ??= new Map(m.arrivals);
      arrivals.delete(uid);
    }
  }
  let ghosts: Record<string, ReadonlyMap<string, Ghost>> | null = null;
  for (const [kind, g] of Object.entries(m.ghosts)) {
    let next: Map<string, Ghost> | null = null;
    for (const [uid, ghost] of g) {
      if (wallNow - ghost.at >= GHOST_MS) {
        next ??= new Map(g);
        next.delete(uid);
      }
    }
    if (next) {
      ghosts ??= { ...m.ghosts };
      if (next.size) ghosts[kind] = next;
      else delete ghosts[kind];
    }
  }
  if (!arrivals && !ghosts) return m;
  return { ...m, arrivals: arrivals ?? m.arrivals, ghosts: ghosts ?? m.ghosts };
}

/** Finds an object by kind, namespace and name (linear in the kind's size). */
export function findObject(m: Mirror, kind: string, namespace: string | undefined | null, name: string): KObject | undefined {
  return findIn(objectsOf(m, kind), namespace, name);
}

/** Finds an object by namespace and name among the objects of one kind. */
export function findIn(objs: KindObjects | undefined, namespace: string | undefined | null, name: string): KObject | undefined {
  if (!objs) return undefined;
  for (const o of objs.values()) {
    if (o.metadata.name === name && (o.metadata.namespace ?? '') === (namespace ?? '')) return o;
  }
  return undefined;
}

/** Every object whose ownerReferences name `uid`, across all kinds. */
export function ownedBy(m: Mirror, uid: string): KObject[] {
  const out: KObject[] = [];
  for (const [kind, objs] of Object.entries(m.kinds)) {
    if (kind === 'Event') continue;
    for (const o of objs.values()) if (o.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push(o);
  }
  return out;
}

/** Events whose involvedObject is `uid`, oldest first. */
export function eventsFor(m: Mirror, uid: string): KObject[] {
  return eventsIn(objectsOf(m, 'Event'), uid);
}

/** Events among `events` whose involvedObject is `uid`, oldest first. */
export function eventsIn(events: KindObjects | undefined, uid: string): KObject[] {
  const out: KObject[] = [];
  if (events) for (const e of events.values()) if (e.involvedObject?.uid === uid) out.push(e);
  return out.sort((a, b) => eventTime(a) - eventTime(b));
}

const eventTimes = new WeakMap<KObject, number>();

/** The time an event was last seen (ms), for ordering (cached per object). */
export function eventTime(e: KObject): number {
  let ms = eventTimes.get(e);
  if (ms === undefined) {
    const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
    ms = Date.parse(t ?? '');
    if (Number.isNaN(ms)) ms = 0;
    eventTimes.set(e, ms);
  }
  return ms;
}

/** The `n` most recent events, newest first, in one pass (no sort of thousands of events). */
export function latestEvents(events: Iterable<KObject>, n: number): KObject[] {
  const top: KObject[] = [];
  for (const e of events) {
    const t = eventTime(e);
    if (top.length === n && t <= eventTime(top[n - 1])) continue;
    let i = top.length;
    while (i > 0 && eventTime(top[i - 1]) < t) i--;
    top.splice(i, 0, e);
    if (top.length > n) top.pop();
  }
  return top;
}
