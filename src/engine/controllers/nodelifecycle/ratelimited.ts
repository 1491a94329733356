/**
 * The per-zone NoExecute tainter of the node lifecycle controller
 * (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go): a unique FIFO of node names
 * behind a token bucket (burst 1, --node-eviction-rate 0.1 per second by default). A node stays in
 * the "set" after it was processed, so it is not tainted twice, until it is removed explicitly
 * (when it becomes Ready again, or its taint disappeared). Plain data, for snapshots.
 */

/** EvictionRateLimiterBurst */
export const EVICTION_RATE_LIMITER_BURST = 1;

/** One zone's rate-limited queue. */
export interface ZoneTainter {
  /** Token refill rate per second; 0 = never (evictions stopped). */
  qps: number;
  /** Tokens available at `last` (0..burst). */
  tokens: number;
  /** When `tokens` was computed, ms. */
  last: number;
  /** Nodes waiting to be tainted, oldest first. */
  queue: string[];
  /** Every node added and not removed (processed ones included). */
  set: string[];
}

/** A new tainter with a full bucket (golang.org/x/time/rate starts full). */
export function newZoneTainter(qps: number, now: number): ZoneTainter {
  return { qps, tokens: EVICTION_RATE_LIMITER_BURST, last: now, queue: [], set: [] };
}

function refill(t: ZoneTainter, now: number): void {
  if (t.qps > 0 && now > t.last) t.tokens = Math.min(EVICTION_RATE_LIMITER_BURST, t.tokens + ((now - t.last) / 1000) * t.qps);
  t.last = Math.max(t.last, now);
}

/** UniqueQueue.Add: false when the node is already in the set. */
export function addNode(t: ZoneTainter, name: string): boolean {
  if (t.set.includes(name)) return false;
  t.set.push(name);
  t.queue.push(name);
  return true;
}

/** UniqueQueue.Remove: drops the node from both the queue and the set. */
export function removeNode(t: ZoneTainter, name: string): boolean {
  const had = t.set.includes(name);
  t.set = t.set.filter((n) => n !== name);
  t.queue = t.queue.filter((n) => n !== name);
  return had;
}

/** TokenBucketRateLimiter.TryAccept: takes a token if one is available at `now`. */
export function tryAccept(t: ZoneTainter, now: number): boolean {
  if (t.qps <= 0) return false;
  refill(t, now);
  if (t.tokens >= 1) {
    t.tokens -= 1;
    return true;
  }
  return false;
}

/** When the next token will be available (ms), or undefined when the rate is 0. */
export function nextTokenAt(t: ZoneTainter, now: number): number | undefined {
  if (t.qps <= 0) return undefined;
  refill(t, now);
  if (t.tokens >= 1) return now;
  return t.last + Math.ceil(((1 - t.tokens) / t.qps) * 1000);
}

/**
 * SwapLimiter: a new bucket at the new rate, full, unless the old one had no token left (then the
 * new one starts drained). No-op when the rate does not change.
 */
export function swapLimiter(t: ZoneTainter, qps: number, now: number): void {
  if (t.qps === qps) return;
  const hadToken = t.qps > 0 && (refill(t, now), t.tokens >= 1);
  t.qps = qps;
  t.tokens = qps > 0 && hadToken ? EVICTION_RATE_LIMITER_BURST : 0;
  t.last = now;
}
