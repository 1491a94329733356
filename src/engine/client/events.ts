/**
 * The event recorder: creates core/v1 Event objects the way client-go's recorder and
 * EventCorrelator do. A repeat of the same event (same source, object, type, reason and message)
 * bumps `count` and `lastTimestamp` of the existing Event; more than 10 distinct messages for the
 * same source, object, type and reason within 10 minutes collapse into one
 * `(combined from similar events): ...` event; a token bucket per source and object (burst 25,
 * one more every 5 minutes) drops floods. The API server expires Events one hour after their
 * last write (its default --event-ttl).
 */
import { evictOldest } from '../sim/lru';
import type { Runtime } from '../sim/runtime';
import type { ApiStore } from '../store/store';
import type { KObject } from '../api/types';
import { rfc3339, rfc3339Micro } from '../api/time';
import { isApiError } from '../api/errors';

/** Who reports an event (`kubelet` on a host, `deployment-controller`, `default-scheduler`). */
export interface EventSource {
  component: string;
  host?: string;
}

/** Extra fields of an event. */
export interface EventOptions {
  /** The part of the object it is about, e.g. `spec.containers{nginx}`. */
  fieldPath?: string;
  /**
   * Record through the events.k8s.io/v1 API (the scheduler does): eventTime, reportingController
   * and action are set, first/lastTimestamp are not, and repeats go into `series`.
   */
  newApi?: { action: string; reportingInstance: string };
}

/** Events are kept for an hour after their last write (kube-apiserver --event-ttl default 1h). */
export const EVENT_TTL_SECONDS = 3600;
const AGGREGATE_WINDOW_MS = 600_000;
const AGGREGATE_MAX_EVENTS = 10;
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;
/** client-go keeps its correlation caches in LRUs of 4096 entries (maxLruCacheEntries). */
const LRU_SIZE = 4096;

function lruSet<K, V>(m: Map<K, V>, k: K, v: V): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > LRU_SIZE) evictOldest(m);
}

interface AggregateRecord {
  messages: string[];
  last: number;
}

/** The recorder's serialisable state. */
export interface RecorderState {
  seq: number;
  keys: Array<[string, string]>;
  aggregates: Array<[string, AggregateRecord]>;
  buckets: Array<[string, [number, number]]>;
}

/** Records Events into the store. */
export class EventRecorder {
  private seq = 0;
  /** event key (incl. message) -> Event name */
  private keys = new Map<string, string>();
  private aggregates = new Map<string, AggregateRecord>();
  /** spam key -> [tokens, last refill ms] */
  private buckets = new Map<string, [number, number]>();

  /** Creates a recorder writing to `store`. */
  constructor(
    private readonly runtime: Runtime,
    private readonly store: ApiStore,
  ) {}

  /** Records an event about `obj` from `source`. */
  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, opts: EventOptions = {}): void {
    const now = this.runtime.now;
    const ns = obj.metadata.namespace || 'default';
    const involved: Record<string, string | undefined> = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      ...(opts.fieldPath ? { fieldPath: opts.fieldPath } : {}),
    };
    if (!involved.namespace) delete involved.namespace;
    // The event is handed to the store as built (no copy), so it carries no undefined fields.
    if (involved.uid === undefined) delete involved.uid;
    if (involved.resourceVersion === undefined) delete involved.resourceVersion;
    const objKey = [source.component, source.host ?? '', obj.kind, obj.metadata.namespace ?? '', obj.metadata.name, obj.metadata.uid, obj.apiVersion].join('\0');
    if (!this.allow(objKey, now)) return;

    // Aggregation: too many distinct messages for the same reason collapse into one event.
    const aggKey = [objKey, type, reason, opts.fieldPath ?? ''].join('\0');
    let rec = this.aggregates.get(aggKey);
    if (!rec || now - rec.last > AGGREGATE_WINDOW_MS) rec = { messages: [], last: now };
    if (!rec.messages.includes(message)) rec.messages.push(message);
    rec.last = now;
    lruSet(this.aggregates, aggKey, rec);
    let key = [aggKey, message].join('\0');
    if (rec.messages.length > AGGREGATE_MAX_EVENTS) {
      key = aggKey;
      message = `(combined from similar events): ${message}`;
    }

    const existingName = this.keys.get(key);
    const existing = existingName ? this.store.get('Event', ns, existingName) : undefined;
    if (existing) {
      // Only top-level fields change: the rest is shared with the stored event (handed over to
      // the store with its own metadata, which the store writes).
      const upd: KObject = { ...existing, metadata: { ...existing.metadata } };
      if (opts.newApi) {
        upd.series = { count: (existing.series?.count ?? 1) + 1, lastObservedTime: rfc3339Micro(now) };
      } else {
        upd.count = (existing.count ?? 1) + 1;
        upd.lastTimestamp = rfc3339(now);
      }
      upd.message = message;
      try {
        this.store.update(upd, { owned: true });
        return;
      } catch (e) {
        if (!isApiError(e)) throw e;
        // Fall through and create a fresh event, as the recorder does when a patch fails.
      }
    }
    const name = `${obj.metadata.name}.${this.nameSuffix(now)}`;
    const ev: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: involved,
      reason,
      message,
      type,
    };
    if (opts.newApi) {
      Object.assign(ev, {
        source: {},
        eventTime: rfc3339Micro(now),
        firstTimestamp: null,
        lastTimestamp: null,
        reportingComponent: source.component,
        reportingInstance: opts.newApi.reportingInstance,
        action: opts.newApi.action,
      });
    } else {
      Object.assign(ev, {
        source: source.host ? { component: source.component, host: source.host } : { component: source.component },
        firstTimestamp: rfc3339(now),
        lastTimestamp: rfc3339(now),
        count: 1,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      });
    }
    try {
      this.store.create(ev, { owned: true });
      lruSet(this.keys, key, name);
    } catch (e) {
      // An event about an object in a namespace being deleted is refused; that is fine.
      if (!isApiError(e)) throw e;
    }
  }

  /** Snapshot state. */
  save(): RecorderState {
    // Keys of events that have expired are useless; keep the rest.
    return {
      seq: this.seq,
      keys: [...this.keys.entries()],
      aggregates: [...this.aggregates.entries()],
      buckets: [...this.buckets.entries()],
    };
  }

  /** Restores what save() produced. */
  load(s: RecorderState): void {
    this.seq = s.seq;
    this.keys = new Map(s.keys);
    this.aggregates = new Map(s.aggregates);
    this.buckets = new Map(s.buckets);
  }

  private allow(key: string, now: number): boolean {
    const b = this.buckets.get(key) ?? [SPAM_BURST, now];
    let [tokens, last] = b;
    const refill = Math.floor((now - last) / SPAM_REFILL_MS);
    if (refill > 0) {
      tokens = Math.min(SPAM_BURST, tokens + refill);
      last += refill * SPAM_REFILL_MS;
    }
    if (tokens < 1) {
      lruSet(this.buckets, key, [tokens, last]);
      return false;
    }
    lruSet(this.buckets, key, [tokens - 1, tokens === SPAM_BURST ? now : last]);
    return true;
  }

  /** `%x` of the Unix time in nanoseconds, made unique within a millisecond by a counter. */
  private nameSuffix(now: number): string {
    this.seq = (this.seq + 1) % 1_000_000;
    return (BigInt(now) * 1_000_000n + BigInt(this.seq)).toString(16);
  }
}

