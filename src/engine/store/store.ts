/**
 * The simulated API server's storage and REST semantics: uid, resourceVersion, generation,
 * creationTimestamp, generateName, optimistic concurrency, graceful deletion with finalizers,
 * per-kind strategies (defaulting, validation, admission), strict decoding, watches, label and
 * field indexes, event TTL, and the change batches the UI subscribes to.
 *
 * Controllers read the store directly (it is their informer cache) and write through it; watch
 * handlers run synchronously and must only enqueue work.
 */
import type { Component, Runtime } from '../sim/runtime';
import { clone, deepEqual, devCheckNoUndefined, devFreeze } from '../sim/dev';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  field,
  forbidden,
  invalid,
  notFound,
  type FieldError,
} from '../api/errors';
import { kindInfo, mustKind, type KindInfo } from '../api/registry';
import { type KObject, type NewObject } from '../api/types';
import { equalityPairs, matches, type Selector } from '../api/labels';
import { checkDecode, pruneUnknown } from '../api/schema';
import { rfc3339 } from '../api/time';
import { validateObjectMeta } from '../api/validation/meta';

/** What a write was: a watch event type. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change delivered to watch handlers. */
export interface WatchEvent {
  type: WatchEventType;
  object: KObject;
  /** The previous version, for MODIFIED and DELETED. */
  old?: KObject;
}

/** A watch handler; it must only enqueue work, never write to the store. */
export type WatchHandler = (ev: WatchEvent) => void;

/** The batch of changes one processing step made, for subscribers (the UI). */
export interface ChangeBatch {
  added: KObject[];
  updated: KObject[];
  removed: KObject[];
}

/** How the API server treats unknown fields (kubectl --validate). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options of create and update. */
export interface WriteOptions {
  dryRun?: boolean;
  /** Defaults to Ignore for internal writes; kubectl passes Strict. */
  fieldValidation?: FieldValidation;
  /** Warnings the server returns (unknown fields under Warn, deprecations). */
  warnings?: string[];
  /**
   * `status` writes only the status; the main resource ignores status changes. `binding` (pods
   * only, see subresources.ts) writes spec.nodeName and the PodScheduled condition.
   */
  subresource?: 'status' | 'binding';
  /** Who writes (kubectl, a controller); recorded nowhere yet, kept for managedFields later. */
  fieldManager?: string;
  /**
   * The input is handed over: the caller built it for this write and never touches it again
   * (the event recorder), so the store keeps it instead of a deep copy. Nested objects shared
   * with a stored object are fine as long as the write does not change them (the store writes
   * only top-level fields and metadata's own fields, so `metadata` itself must be the caller's).
   */
  owned?: boolean;
}

/** Options of delete (metav1.DeleteOptions). */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** Context handed to strategies. */
export interface StrategyContext {
  now: number;
  runtime: Runtime;
  store: ApiStore;
  dryRun: boolean;
  /** The subresource being written, if any. */
  subresource?: 'status' | 'binding';
  /** The request being served (create-only and update-only rules read it); undefined for reads. */
  operation?: 'create' | 'update' | 'delete';
}

/** Per-kind behaviour of the API server (its REST strategy plus admission plugins). */
export interface KindStrategy {
  /** Defaulting, applied on every create and update as the decoder does. */
  default?(obj: KObject, ctx: StrategyContext): void;
  /** Create-only preparation before validation (clear status, set initial conditions). */
  prepareForCreate?(obj: KObject, ctx: StrategyContext): void;
  /** Update preparation (keep immutable fields) before validation. */
  prepareForUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): void;
  /**
   * A status write starts from the stored object with the new status; this copies from the request
   * what the kind's status strategy also lets through (Deployments: metadata.annotations).
   */
  prepareForStatusUpdate?(obj: KObject, input: NewObject, ctx: StrategyContext): void;
  /** Validation of a new object. */
  validate?(obj: KObject, ctx: StrategyContext): FieldError[];
  /** Validation of an update (immutable fields, transitions) in addition to validate(). */
  validateUpdate?(obj: KObject, old: KObject, ctx: StrategyContext): FieldError[];
  /** Mutating and validating admission after validation; may throw an ApiError. */
  admit?(obj: KObject, old: KObject | undefined, ctx: StrategyContext): void;
  /**
   * Graceful deletion: the grace period to apply, or 0 to delete at once. Only pods have one.
   */
  gracePeriod?(obj: KObject, requested: number | undefined): number;
  /** The default propagation policy when the request names none. */
  defaultPropagation?: 'Background' | 'Foreground' | 'Orphan';
  /** Finalizers that keep an object besides metadata.finalizers (Namespace spec.finalizers). */
  pendingFinalizers?(obj: KObject): number;
  /** Called when deletion starts (Namespace: phase Terminating). */
  beginDelete?(obj: KObject, ctx: StrategyContext): void;
  /** TTL in seconds after the last write (Events: 3600). */
  ttlSeconds?: number;
  /**
   * Fields derived when read rather than written over and over (a Node's lastHeartbeatTime, a
   * Lease's renewTime): returns the object as a client reading it now would see it.
   */
  present?(obj: KObject, ctx: StrategyContext): KObject;
}

/** A secondary index: maps an object to index values. */
export type IndexFunc = (obj: KObject) => string[] | string | undefined;

interface IndexState {
  fn: IndexFunc;
  map: Map<string, Set<string>>;
  /** Counts over every kind with an index of this name, when it is kept (see countAcrossKinds). */
  across?: Map<string, number>;
}

interface KindTable {
  info: KindInfo;
  /** namespace -> name -> object ('' for cluster-scoped) */
  byNs: Map<string, Map<string, KObject>>;
  count: number;
  /** `key\0value` -> ns/name keys */
  labels: Map<string, Set<string>>;
  indexes: Map<string, IndexState>;
}

/** Lease reuse granularity for TTLs: the API server attaches objects to leases per minute. */
const TTL_BUCKET_MS = 60_000;

/** The state a store puts in a snapshot. */
export interface StoreState {
  resourceVersion: number;
  objects: KObject[];
  ttl: Array<[number, string[]]>;
}

const nsName = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;

/** The key of an object in the TTL buckets (and in snapshots): `Kind/namespace/name`. */
const ttlKey = (obj: KObject) => `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;

/**
 * The TTL bucket a stored version belongs to, kept on the version itself as a hidden property:
 * a symbol that is not enumerable, so JSON, copies, spreads and comparisons never see it. It
 * spares a key -> bucket map that every Event write (and every expiry) would look up.
 */
const TTL_BUCKET = Symbol('ttlBucket');

function ttlBucketOf(obj: KObject): number | undefined {
  return (obj as unknown as Record<symbol, number | undefined>)[TTL_BUCKET];
}

/** The simulated API server and its storage. */
export class ApiStore implements Component {
  readonly name = 'apiserver';
  private tables = new Map<string, KindTable>();
  private rv = 0;
  private handlers = new Map<string, WatchHandler[]>();
  private strategies = new Map<string, KindStrategy>();
  private changes: Map<string, { type: 'added' | 'updated' | 'removed'; object: KObject }> | undefined;
  /** bucket (ms) -> set of `Kind/ns/name` that expire then */
  /** bucket (ms) -> `Kind/ns/name` -> the object as last stored with its TTL (to find it without parsing the key) */
  private ttlBuckets = new Map<number, Map<string, KObject>>();
  /** Index name -> value -> objects of any kind (see countAcrossKinds). */
  private across = new Map<string, Map<string, number>>();

  /** Creates an empty store on a runtime. */
  constructor(private readonly runtime: Runtime) {}

  // ---------------------------------------------------------------------------------------------
  // Configuration

  /** Installs the strategy for a kind (defaulting, validation, admission, deletion). */
  setStrategy(kind: string, s: KindStrategy): void {
    this.strategies.set(kind, s);
  }

  /** Adds or replaces some hooks of a kind's strategy, keeping the others (parts extend kinds). */
  extendStrategy(kind: string, s: Partial<KindStrategy>): void {
    this.strategies.set(kind, { ...this.strategy(kind), ...s });
  }

  /** The strategy of a kind (an empty one when none is set). */
  strategy(kind: string): KindStrategy {
    return this.strategies.get(kind) ?? {};
  }

  /** Adds a secondary index on a kind; byIndex() then answers in O(matches). */
  addIndex(kind: string, name: string, fn: IndexFunc): void {
    const t = this.table(kind);
    const idx: IndexState = { fn, map: new Map(), across: this.across.get(name) };
    t.indexes.set(name, idx);
    for (const nsMap of t.byNs.values()) for (const obj of nsMap.values()) this.indexAdd(idx, obj);
  }

  /**
   * Keeps, for the indexes named `name` (of every kind, including those added later), how many
   * objects of any kind map to each value, so that indexedAnywhere() answers in O(1): the garbage
   * collector asks, for every object deleted, whether anything names it as an owner.
   */
  countAcrossKinds(name: string): void {
    if (this.across.has(name)) return;
    const counts = new Map<string, number>();
    this.across.set(name, counts);
    for (const t of this.tables.values()) {
      const idx = t.indexes.get(name);
      if (!idx) continue;
      idx.across = counts;
      for (const [v, keys] of idx.map) counts.set(v, (counts.get(v) ?? 0) + keys.size);
    }
  }

  /** Whether any object of any kind maps to `value` in the indexes named `name` (see countAcrossKinds). */
  indexedAnywhere(name: string, value: string): boolean {
    const counts = this.across.get(name);
    if (!counts) throw new Error(`index ${name} is not counted across kinds`);
    return counts.has(value);
  }

  /** Registers a watch handler for one kind, or '*' for all. Returns an unsubscribe function. */
  watch(kind: string, handler: WatchHandler): () => void {
    const list = this.handlers.get(kind) ?? [];
    list.push(handler);
    this.handlers.set(kind, list);
    return () => {
      const l = this.handlers.get(kind) ?? [];
      this.handlers.set(
        kind,
        l.filter((h) => h !== handler),
      );
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  /** The current resourceVersion (the last one handed out). */
  get resourceVersion(): number {
    return this.rv;
  }

  /** One object, or undefined. The result is shared: copy it before changing it. */
  get<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    const t = this.tables.get(kind);
    if (!t) return undefined;
    return t.byNs.get(t.info.namespaced ? (namespace ?? '') : '')?.get(name) as T | undefined;
  }

  /** An object as a client reading it now sees it (with derived fields such as heartbeats filled in). */
  present<T extends KObject = KObject>(obj: T): T {
    const p = this.strategy(obj.kind).present;
    return p ? (p(obj, this.ctx({})) as T) : obj;
  }

  /** Like get, but throws the API server's NotFound error. */
  mustGet<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T {
    const obj = this.get<T>(kind, namespace, name);
    if (!obj) throw notFound(mustKind(kind), name);
    return obj;
  }

  /**
   * Objects of a kind, optionally in one namespace and matching a label selector, sorted by
   * namespace then name (the order the API server lists them in).
   */
  list<T extends KObject = KObject>(kind: string, opts: { namespace?: string; selector?: Selector } = {}): T[] {
    const t = this.tables.get(kind);
    if (!t) return [];
    const out: KObject[] = [];
    const ns = t.info.namespaced ? opts.namespace : undefined;
    const sel = opts.selector ?? [];
    const pairs = equalityPairs(sel);
    if (pairs.length) {
      // Scan the smallest label posting list instead of the whole kind.
      let best: Set<string> | undefined;
      for (const [k, v] of pairs) {
        const s = t.labels.get(`${k}\0${v}`);
        if (!s) return [];
        if (!best || s.size < best.size) best = s;
      }
      for (const key of best!) {
        const slash = key.indexOf('/');
        const ons = key.slice(0, slash);
        if (ns !== undefined && ons !== ns) continue;
        const obj = t.byNs.get(ons)?.get(key.slice(slash + 1));
        if (obj && matches(sel, obj.metadata.labels)) out.push(obj);
      }
    } else {
      const maps = ns !== undefined ? [t.byNs.get(ns)] : [...t.byNs.values()];
      for (const m of maps) {
        if (!m) continue;
        for (const obj of m.values()) if (!sel.length || matches(sel, obj.metadata.labels)) out.push(obj);
      }
    }
    out.sort(compareObjects);
    return out as T[];
  }

  /**
   * The objects of a kind (in one namespace, or all) that `pred` accepts, unsorted: a scan
   * without list()'s sort, for a field-selector-like filter over a large kind (the events of one
   * object among 100,000, as the API server filters them for `kubectl describe`).
   */
  filter<T extends KObject = KObject>(kind: string, namespace: string | undefined, pred: (obj: T) => boolean): T[] {
    const t = this.tables.get(kind);
    if (!t) return [];
    const out: T[] = [];
    const maps = t.info.namespaced && namespace !== undefined ? [t.byNs.get(namespace)] : t.byNs.values();
    for (const m of maps) if (m) for (const obj of m.values()) if (pred(obj as T)) out.push(obj as T);
    return out;
  }

  /** Objects whose index `name` maps to `value` (unsorted). */
  byIndex<T extends KObject = KObject>(kind: string, name: string, value: string): T[] {
    const t = this.tables.get(kind);
    const idx = t?.indexes.get(name);
    if (!t || !idx) throw new Error(`no index ${name} on ${kind}`);
    const keys = idx.map.get(value);
    if (!keys) return [];
    const out: KObject[] = [];
    for (const key of keys) {
      const slash = key.indexOf('/');
      const obj = t.byNs.get(key.slice(0, slash))?.get(key.slice(slash + 1));
      if (obj) out.push(obj);
    }
    return out as T[];
  }

  /** How many objects index `name` maps to `value` (no allocation: watch handlers ask it on every event). */
  indexCount(kind: string, name: string, value: string): number {
    return this.tables.get(kind)?.indexes.get(name)?.map.get(value)?.size ?? 0;
  }

  /**
   * Calls `fn` with each object whose index `name` maps to `value`, and its `namespace/name` key,
   * in key order (like byIndex, without building an array when there is one match, the common
   * case). Key order, not insertion order: a restored store rebuilds its indexes in another
   * order, and what callers enqueue must not depend on it.
   */
  forEachIndexed<T extends KObject = KObject>(kind: string, name: string, value: string, fn: (obj: T, key: string) => void): void {
    const t = this.tables.get(kind);
    const set = t?.indexes.get(name)?.map.get(value);
    if (!set) return;
    const keys = set.size > 1 ? [...set].sort() : set;
    for (const key of keys) {
      const slash = key.indexOf('/');
      const obj = t!.byNs.get(key.slice(0, slash))?.get(key.slice(slash + 1));
      if (obj) fn(obj as T, key);
    }
  }

  /** Number of objects of a kind. */
  count(kind: string): number {
    return this.tables.get(kind)?.count ?? 0;
  }

  /** Namespaces that hold at least one object of a kind. */
  namespacesOf(kind: string): string[] {
    const t = this.tables.get(kind);
    return t ? [...t.byNs.entries()].filter(([, m]) => m.size).map(([ns]) => ns) : [];
  }

  /** Every stored object (all kinds), in kind, namespace, name order. */
  all(): KObject[] {
    const out: KObject[] = [];
    for (const t of this.tables.values()) for (const m of t.byNs.values()) out.push(...m.values());
    return out.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : compareObjects(a, b)));
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  /** Creates an object (POST). Throws ApiError as the API server would answer. */
  create<T extends KObject = KObject>(input: NewObject, opts: WriteOptions = {}): T {
    // The uid and a generateName suffix are drawn before validation, as the API server fills them
    // in before it validates; a create that is refused or only a dry run must leave the cluster
    // exactly as it was, so the draws are taken back (else a typo would change later names).
    const rngBefore = this.runtime.rng.state();
    try {
      const obj = this.createObject<T>(input, opts);
      if (opts.dryRun) this.runtime.rng.rewind(rngBefore);
      return obj;
    } catch (e) {
      this.runtime.rng.rewind(rngBefore);
      throw e;
    }
  }

  private createObject<T extends KObject>(input: NewObject, opts: WriteOptions): T {
    const info = this.infoOf(input);
    const ctx = this.ctx(opts, 'create');
    const strategy = this.strategy(info.kind);
    const decoded = this.decode(input, info, opts);
    if (opts.owned) devCheckNoUndefined(decoded);
    const obj = (opts.owned && decoded === input ? input : clone(decoded)) as KObject;
    obj.apiVersion = info.apiVersion;
    obj.kind = info.kind;
    const meta = (obj.metadata ??= {} as KObject['metadata']);
    if (!info.namespaced) delete meta.namespace;
    else meta.namespace ||= 'default';
    if (!meta.name && meta.generateName) meta.name = this.generateName(info, meta.generateName, meta.namespace);
    const nameForErrors = meta.name ?? '';
    // System-populated fields: clients may not set them on create.
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete (meta as { selfLink?: string }).selfLink;
    meta.uid = this.runtime.rng.uuid();
    meta.creationTimestamp = rfc3339(ctx.now);
    if (info.hasGeneration) meta.generation = 1;
    else delete meta.generation;
    strategy.default?.(obj, ctx);
    strategy.prepareForCreate?.(obj, ctx);
    const errs = [...validateObjectMeta(obj, info, false), ...(strategy.validate?.(obj, ctx) ?? [])];
    if (errs.length) throw invalid(info, nameForErrors, errs);
    if (info.namespaced) this.checkNamespace(info, obj);
    strategy.admit?.(obj, undefined, ctx);
    if (this.get(info.kind, meta.namespace, meta.name)) throw alreadyExists(info, meta.name);
    if (opts.dryRun) {
      meta.resourceVersion = '';
      return obj as T;
    }
    meta.resourceVersion = String(++this.rv);
    this.put(info, obj, undefined, strategy.ttlSeconds);
    return obj as T;
  }

  /**
   * Replaces an object (PUT). With metadata.resourceVersion set it must match the stored one
   * (else Conflict). The main resource keeps the stored status; the `status` subresource keeps
   * everything but the status. A write that changes nothing is not stored (no new resourceVersion).
   */
  update<T extends KObject = KObject>(input: NewObject, opts: WriteOptions = {}): T {
    const info = this.infoOf(input);
    const ctx = this.ctx(opts, 'update');
    const strategy = this.strategy(info.kind);
    const name = input.metadata?.name ?? '';
    const ns = info.namespaced ? input.metadata?.namespace || 'default' : undefined;
    if (!name) throw invalid(info, '', [field.required('metadata.name', 'name or generateName is required')]);
    input = this.decode(input, info, opts);
    const old = this.get(info.kind, ns, name);
    if (!old) throw notFound(info, name);
    const wantRv = input.metadata?.resourceVersion;
    if (wantRv && wantRv !== old.metadata.resourceVersion) throw conflict(info, name);
    if (input.metadata?.uid && input.metadata.uid !== old.metadata.uid)
      throw conflict(info, name, `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${old.metadata.uid}`);
    let obj: KObject;
    if (opts.subresource === 'status') {
      // A subresource write starts from the stored object. Stored objects are immutable (frozen
      // in tests), so what it does not change (the spec: most of a pod) is shared, not copied;
      // the metadata, whose own fields the store writes, is a shallow copy.
      if (opts.owned) devCheckNoUndefined(input.status, 'status');
      obj = { ...old, metadata: { ...old.metadata }, status: opts.owned ? input.status : clone(input.status) };
      strategy.prepareForStatusUpdate?.(obj, input, ctx);
    } else if (opts.subresource === 'binding') {
      obj = { ...old, metadata: { ...old.metadata }, spec: { ...old.spec, nodeName: input.spec?.nodeName }, status: clone(input.status) };
    } else {
      if (opts.owned) devCheckNoUndefined(input);
      obj = (opts.owned ? input : clone(input)) as KObject;
      obj.apiVersion = info.apiVersion;
      obj.kind = info.kind;
      obj.metadata.namespace = ns;
      if (!ns) delete obj.metadata.namespace;
      if (info.hasStatusSubresource) {
        if (old.status === undefined) delete obj.status;
        else obj.status = clone(old.status);
      }
    }
    const meta = obj.metadata;
    // Fields clients cannot change.
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    if (info.hasGeneration) meta.generation = old.metadata.generation;
    else delete meta.generation;
    meta.resourceVersion = old.metadata.resourceVersion;
    if (meta.generateName === undefined && old.metadata.generateName !== undefined) {
      /* generateName may be cleared; nothing to do */
    }
    strategy.default?.(obj, ctx);
    if (opts.subresource !== 'status') strategy.prepareForUpdate?.(obj, old, ctx);
    if (info.hasGeneration && opts.subresource !== 'status' && !deepEqual(obj.spec, old.spec)) meta.generation = (old.metadata.generation ?? 0) + 1;
    const errs = [
      ...validateObjectMeta(obj, info, true, old),
      ...(strategy.validate?.(obj, ctx) ?? []),
      ...(strategy.validateUpdate?.(obj, old, ctx) ?? []),
    ];
    if (errs.length) throw invalid(info, name, errs);
    strategy.admit?.(obj, old, ctx);
    if (deepEqual(obj, old)) return old as T;
    if (opts.dryRun) return obj as T;
    // Removing the last finalizer of an object being deleted completes its deletion.
    if (meta.deletionTimestamp && this.finalizersPending(obj, strategy) === 0 && this.graceElapsed(obj)) {
      this.remove(info, old);
      return obj as T;
    }
    meta.resourceVersion = String(++this.rv);
    this.put(info, obj, old, strategy.ttlSeconds);
    return obj as T;
  }

  /** Writes only the status (the `status` subresource). */
  updateStatus<T extends KObject = KObject>(obj: NewObject, opts: WriteOptions = {}): T {
    return this.update<T>(obj, { ...opts, subresource: 'status' });
  }

  /**
   * Deletes an object (DELETE). Pods bound to a node get a grace period and stay, with a
   * deletionTimestamp, until their kubelet removes them; objects with finalizers stay until the
   * finalizers are removed; Foreground and Orphan propagation add their finalizers for the garbage
   * collector. Returns the object as last stored (with deletionTimestamp when it lingers).
   */
  delete<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): T {
    const info = mustKind(kind);
    const strategy = this.strategy(kind);
    const old = this.get(kind, namespace, name);
    if (!old) throw notFound(info, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid)
      throw conflict(info, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
      throw conflict(
        info,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    const ctx = this.ctx(opts, 'delete');
    const requested = opts.gracePeriodSeconds;
    const grace = strategy.gracePeriod ? strategy.gracePeriod(old, requested) : 0;
    const policy = opts.propagationPolicy ?? strategy.defaultPropagation ?? 'Background';
    // Only the metadata's own fields change (beginDelete replaces a Namespace's status, the
    // finalizers list is replaced below); the rest is shared.
    const obj: KObject = { ...old, metadata: { ...old.metadata } };
    const meta = obj.metadata;
    const finalizers = new Set(meta.finalizers ?? []);
    if (!meta.deletionTimestamp) {
      if (policy === 'Foreground') finalizers.add('foregroundDeletion');
      if (policy === 'Orphan') finalizers.add('orphan');
    } else if (policy === 'Orphan' && !finalizers.has('foregroundDeletion')) {
      finalizers.add('orphan');
    }
    if (finalizers.size) meta.finalizers = [...finalizers];
    if (meta.deletionTimestamp) {
      // Already being deleted: only a shorter grace period changes anything.
      const current = meta.deletionGracePeriodSeconds ?? 0;
      if (grace >= current && !(finalizers.size !== (old.metadata.finalizers?.length ?? 0))) return old as T;
      if (grace < current) {
        meta.deletionGracePeriodSeconds = grace;
        meta.deletionTimestamp = rfc3339(ctx.now + grace * 1000);
      }
    } else {
      strategy.beginDelete?.(obj, ctx);
      if (grace > 0 || this.finalizersPending(obj, strategy) > 0) {
        meta.deletionTimestamp = rfc3339(ctx.now + grace * 1000);
        meta.deletionGracePeriodSeconds = grace;
      }
    }
    if (opts.dryRun) return obj as T;
    if (!meta.deletionTimestamp || (this.finalizersPending(obj, strategy) === 0 && (meta.deletionGracePeriodSeconds ?? 0) === 0)) {
      this.remove(info, old);
      return obj as T;
    }
    meta.resourceVersion = String(++this.rv);
    this.put(info, obj, old);
    return obj as T;
  }

  // ---------------------------------------------------------------------------------------------
  // Change batches (for the UI) and snapshots

  /** Starts recording change batches (called by the first subscriber). */
  trackChanges(): void {
    this.changes ??= new Map();
  }

  /** Returns and clears the changes recorded since the last call. */
  takeChanges(): ChangeBatch {
    const batch: ChangeBatch = { added: [], updated: [], removed: [] };
    if (!this.changes) return batch;
    for (const c of this.changes.values()) batch[c.type].push(c.object);
    this.changes.clear();
    return batch;
  }

  /**
   * Handles TTL expiry timers: the objects of a lease minute go together (as the API server's
   * leases expire them), each with its DELETED watch event; nothing is done per object beyond
   * its removal (its TTL entry goes with the bucket). They go in the order they joined the
   * bucket, which snapshots keep: that order is deterministic, needs no sort, and follows the
   * order the objects were written in (and laid out in memory), where a sort by key would jump
   * around a large heap.
   */
  onTimer(type: string, data: unknown): void {
    if (type !== 'ttl') return;
    const bucket = data as number;
    const entries = this.ttlBuckets.get(bucket);
    this.ttlBuckets.delete(bucket);
    if (!entries) return;
    let t: KindTable | undefined;
    for (const last of entries.values()) {
      if (t?.info.kind !== last.kind) t = this.tables.get(last.kind);
      // The object as stored now, found by the strings it is stored under.
      const obj = t?.byNs.get(t.info.namespaced ? last.metadata.namespace! : '')?.get(last.metadata.name);
      if (obj && obj.metadata.uid === last.metadata.uid) this.remove(t!.info, obj, false);
    }
  }

  /** Snapshot state: every object, the resourceVersion counter and pending TTLs. */
  save(): StoreState {
    return {
      resourceVersion: this.rv,
      objects: this.all(),
      // Keys in the order they joined their bucket (the order they expire in).
      ttl: [...this.ttlBuckets.entries()].sort(([a], [b]) => a - b).map(([b, entries]) => [b, [...entries.keys()]]),
    };
  }

  /** Restores what save() produced; watch handlers are not called (controllers load their own state). */
  load(raw: unknown): void {
    const state = raw as StoreState;
    for (const t of this.tables.values()) {
      t.byNs.clear();
      t.count = 0;
      t.labels.clear();
      for (const idx of t.indexes.values()) idx.map.clear();
    }
    for (const counts of this.across.values()) counts.clear();
    this.rv = state.resourceVersion;
    const bucketOf = new Map<string, number>();
    for (const [bucket, keys] of state.ttl) for (const k of keys) bucketOf.set(k, bucket);
    for (const o of state.objects) {
      const info = mustKind(o.kind);
      const obj = clone(o);
      const bucket = bucketOf.get(ttlKey(obj));
      if (bucket !== undefined) Object.defineProperty(obj, TTL_BUCKET, { value: bucket });
      this.insert(info, devFreeze(obj));
    }
    this.ttlBuckets.clear();
    for (const [bucket, keys] of state.ttl) {
      const entries = new Map<string, KObject>();
      for (const k of keys) {
        // `Kind/namespace/name` (names hold no '/').
        const a = k.indexOf('/');
        const b = k.indexOf('/', a + 1);
        const obj = this.get(k.slice(0, a), k.slice(a + 1, b) || undefined, k.slice(b + 1));
        if (obj) entries.set(k, obj);
      }
      this.ttlBuckets.set(bucket, entries);
    }
    // TTL timers live in the runtime's timer queue, restored with it; re-learn their ids lazily.
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  private ctx(opts: { dryRun?: boolean; subresource?: 'status' | 'binding' }, operation?: StrategyContext['operation']): StrategyContext {
    return { now: this.runtime.now, runtime: this.runtime, store: this, dryRun: !!opts.dryRun, subresource: opts.subresource, operation };
  }

  private infoOf(input: NewObject): KindInfo {
    const kind = input.kind;
    const info = kind ? kindInfo(kind) : undefined;
    if (!info) throw badRequest(`Object 'Kind' is missing or unknown: ${JSON.stringify(kind ?? '')}`);
    if (input.apiVersion && input.apiVersion !== info.apiVersion)
      throw badRequest(`the API version in the data (${input.apiVersion}) does not match the expected API version (${info.apiVersion})`);
    return info;
  }

  /**
   * Decodes a client's object as the API server does: a JSON type mismatch is a BadRequest;
   * unknown fields are an error under Strict, a warning under Warn, and dropped under Warn and
   * Ignore (never stored). Writes without a fieldValidation mode come from the engine's own
   * components, which only build well-typed objects, so they skip the schema walk (it would cost
   * ~10-30 µs on every one of the hundred thousand pod status writes of a large rollout).
   */
  private decode(input: NewObject, info: KindInfo, opts: WriteOptions): NewObject {
    const mode = opts.fieldValidation;
    if (mode === undefined) return input;
    const problems = checkDecode(input, info);
    const what = `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}`;
    if (problems.typeError) throw badRequest(`${what}: ${problems.typeError}`);
    if (!problems.unknown.length) return input;
    const list = problems.unknown.map((p) => `unknown field "${p}"`);
    if (mode === 'Strict') throw badRequest(`${what}: strict decoding error: ${list.join(', ')}`);
    if (mode === 'Warn') opts.warnings?.push(...list);
    const pruned = clone(input);
    pruneUnknown(pruned, info);
    return pruned;
  }

  private checkNamespace(info: KindInfo, obj: KObject): void {
    const ns = obj.metadata.namespace!;
    const nsObj = this.get('Namespace', undefined, ns);
    if (!nsObj) throw notFound(mustKind('Namespace'), ns);
    if (nsObj.metadata.deletionTimestamp || nsObj.status?.phase === 'Terminating')
      throw forbidden(info, obj.metadata.name, `unable to create new content in namespace ${ns} because it is being terminated`);
  }

  private generateName(info: KindInfo, base: string, ns: string | undefined): string {
    // names.SimpleNameGenerator: base truncated to 58 chars + 5 random characters; the API server
    // retries on a collision, which with 27^5 = 14 million suffixes is rare.
    const prefix = base.length > 58 ? base.slice(0, 58) : base;
    for (;;) {
      const name = prefix + this.runtime.rng.nameSuffix(5);
      if (!this.get(info.kind, ns, name)) return name;
    }
  }

  private finalizersPending(obj: KObject, strategy: KindStrategy): number {
    return (obj.metadata.finalizers?.length ?? 0) + (strategy.pendingFinalizers?.(obj) ?? 0);
  }

  private graceElapsed(obj: KObject): boolean {
    return (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0;
  }

  private table(kind: string): KindTable {
    let t = this.tables.get(kind);
    if (!t) {
      t = { info: mustKind(kind), byNs: new Map(), count: 0, labels: new Map(), indexes: new Map() };
      this.tables.set(kind, t);
    }
    return t;
  }

  /**
   * Stores a new version (`old` the one it replaces); `ttlSeconds` starts its time to live over
   * (a write of a kind with a TTL), else a version keeps the TTL bucket of the one it replaces.
   */
  private put(info: KindInfo, obj: KObject, old: KObject | undefined, ttlSeconds?: number): void {
    const prev = old && ttlBucketOf(old);
    const bucket = ttlSeconds ? Math.ceil((this.runtime.now + ttlSeconds * 1000) / TTL_BUCKET_MS) * TTL_BUCKET_MS : prev;
    if (bucket !== undefined) Object.defineProperty(obj, TTL_BUCKET, { value: bucket });
    devFreeze(obj);
    if (old) this.replace(this.table(info.kind), obj, old);
    else this.insert(info, obj);
    this.record(old ? 'updated' : 'added', obj);
    this.emit({ type: old ? 'MODIFIED' : 'ADDED', object: obj, old });
    if (bucket !== undefined) this.trackTtl(obj, prev, bucket);
  }

  private insert(info: KindInfo, obj: KObject, replacing = false): void {
    const t = this.table(info.kind);
    const ns = info.namespaced ? obj.metadata.namespace! : '';
    let m = t.byNs.get(ns);
    if (!m) t.byNs.set(ns, (m = new Map()));
    if (!replacing || !m.has(obj.metadata.name)) t.count++;
    m.set(obj.metadata.name, obj);
    const key = nsName(ns, obj.metadata.name);
    const labels = obj.metadata.labels;
    for (const k in labels) {
      const lk = `${k}\0${labels[k]}`;
      let s = t.labels.get(lk);
      if (!s) t.labels.set(lk, (s = new Set()));
      s.add(key);
    }
    // One key string for every index: its hash is computed once.
    for (const idx of t.indexes.values()) this.indexAdd(idx, obj, key);
  }

  /**
   * Stores a new version of an object in place of `old` (same namespace and name), touching only
   * the label and index entries whose values changed: most writes are status writes, which
   * change neither labels nor owners nor node.
   */
  private replace(t: KindTable, obj: KObject, old: KObject): void {
    const ns = t.info.namespaced ? obj.metadata.namespace! : '';
    t.byNs.get(ns)!.set(obj.metadata.name, obj);
    const key = nsName(ns, obj.metadata.name);
    const labels = obj.metadata.labels;
    const oldLabels = old.metadata.labels;
    if (labels !== oldLabels && !deepEqual(labels ?? {}, oldLabels ?? {})) {
      for (const [k, v] of Object.entries(oldLabels ?? {})) {
        const lk = `${k}\0${v}`;
        const set = t.labels.get(lk);
        if (set) {
          set.delete(key);
          if (!set.size) t.labels.delete(lk);
        }
      }
      for (const [k, v] of Object.entries(labels ?? {})) {
        const lk = `${k}\0${v}`;
        let set = t.labels.get(lk);
        if (!set) t.labels.set(lk, (set = new Set()));
        set.add(key);
      }
    }
    for (const idx of t.indexes.values()) {
      const before = this.indexValues(idx, old);
      const after = this.indexValues(idx, obj);
      if (before.length === after.length && before.every((v, i) => v === after[i])) continue;
      for (const v of before) this.indexRemoveValue(idx, v, key);
      for (const v of after) this.indexAddValue(idx, v, key);
    }
  }

  private unindex(t: KindTable, obj: KObject): void {
    const ns = t.info.namespaced ? obj.metadata.namespace! : '';
    const key = nsName(ns, obj.metadata.name);
    const labels = obj.metadata.labels;
    for (const k in labels) {
      const lk = `${k}\0${labels[k]}`;
      const s = t.labels.get(lk);
      if (s) {
        s.delete(key);
        if (!s.size) t.labels.delete(lk);
      }
    }
    for (const idx of t.indexes.values()) this.indexRemove(idx, obj, key);
  }

  private indexValues(idx: IndexState, obj: KObject): string[] {
    const v = idx.fn(obj);
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  }

  private indexAdd(idx: IndexState, obj: KObject, key = nsName(obj.metadata.namespace ?? '', obj.metadata.name)): void {
    for (const v of this.indexValues(idx, obj)) this.indexAddValue(idx, v, key);
  }

  private indexRemove(idx: IndexState, obj: KObject, key: string): void {
    // No array for the common single value: TTL expiry removes ~20,000 Events a minute at scale.
    const v = idx.fn(obj);
    if (v === undefined) return;
    if (typeof v === 'string') this.indexRemoveValue(idx, v, key);
    else for (const x of v) this.indexRemoveValue(idx, x, key);
  }

  private indexAddValue(idx: IndexState, v: string, key: string): void {
    let s = idx.map.get(v);
    if (!s) idx.map.set(v, (s = new Set()));
    const before = s.size;
    s.add(key);
    if (idx.across && s.size !== before) idx.across.set(v, (idx.across.get(v) ?? 0) + 1);
  }

  private indexRemoveValue(idx: IndexState, v: string, key: string): void {
    const s = idx.map.get(v);
    if (!s || !s.delete(key)) return;
    if (!s.size) idx.map.delete(v);
    if (idx.across) {
      const n = (idx.across.get(v) ?? 0) - 1;
      if (n > 0) idx.across.set(v, n);
      else idx.across.delete(v);
    }
  }

  private remove(info: KindInfo, old: KObject, hasTtl = true): void {
    const t = this.table(info.kind);
    const ns = info.namespaced ? old.metadata.namespace! : '';
    const m = t.byNs.get(ns);
    if (!m?.delete(old.metadata.name)) return;
    t.count--;
    this.unindex(t, old);
    if (hasTtl) this.clearTtl(old);
    // A deletion takes a resourceVersion too (the etcd revision of the delete).
    const gone = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } } as KObject;
    devFreeze(gone);
    this.record('removed', gone);
    this.emit({ type: 'DELETED', object: gone, old });
  }

  private record(type: 'added' | 'updated' | 'removed', object: KObject): void {
    if (!this.changes) return;
    const key = object.metadata.uid;
    const prev = this.changes.get(key);
    if (!prev) {
      this.changes.set(key, { type, object });
    } else if (prev.type === 'added') {
      if (type === 'removed') this.changes.delete(key);
      else this.changes.set(key, { type: 'added', object });
    } else {
      this.changes.set(key, { type, object });
    }
  }

  private emit(ev: WatchEvent): void {
    const specific = this.handlers.get(ev.object.kind);
    if (specific) for (const h of specific) h(ev);
    const any = this.handlers.get('*');
    if (any) for (const h of any) h(ev);
  }

  /** Files a stored version under its TTL bucket (moving its key from `prev`), starting the bucket's timer. */
  private trackTtl(obj: KObject, prev: number | undefined, bucket: number): void {
    const key = ttlKey(obj);
    if (prev === bucket) {
      // Same bucket: only the version it holds changes (the key keeps its place).
      this.ttlBuckets.get(bucket)?.set(key, obj);
      return;
    }
    if (prev !== undefined) this.ttlBuckets.get(prev)?.delete(key);
    let entries = this.ttlBuckets.get(bucket);
    if (!entries) {
      this.ttlBuckets.set(bucket, (entries = new Map()));
      this.runtime.setTimer(this.name, bucket, 'ttl', bucket);
    }
    entries.set(key, obj);
  }

  private clearTtl(obj: KObject): void {
    const bucket = ttlBucketOf(obj);
    if (bucket !== undefined) this.ttlBuckets.get(bucket)?.delete(ttlKey(obj));
  }
}

/** Orders objects by namespace, then name. */
export function compareObjects(a: KObject, b: KObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

export { ApiError };
