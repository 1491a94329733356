/**
 * A keyed work queue in the manner of client-go's util/workqueue, on the simulated clock:
 * a key added twice before it is processed runs once; a key being processed that is added again
 * is processed once more afterwards (never twice at once); delayed adds run on timers; failures
 * back off per item exponentially (5 ms doubling, capped at 1000 s, as client-go's default
 * controller rate limiter does).
 */
import type { Component, Runtime } from '../sim/runtime';

/** The serialisable state of a WorkQueue. */
export interface WorkQueueState {
  queue: string[];
  failures: Array<[string, number]>;
  waiting: Array<[string, number, number]>;
}

const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1000 * 1000;

/** A de-duplicating FIFO of string keys with delayed and rate-limited adds. */
export class WorkQueue implements Component {
  private queue: string[] = [];
  private head = 0;
  private dirty = new Set<string>();
  private processing = new Set<string>();
  private failures = new Map<string, number>();
  /** key -> [due time, timer id] of a delayed add */
  private waiting = new Map<string, [number, number]>();

  /** Creates a queue; `name` must be unique among components (it receives its delay timers). */
  constructor(
    private readonly runtime: Runtime,
    readonly name: string,
  ) {
    runtime.register(this);
  }

  /** Queues a key now. */
  add(key: string): void {
    if (this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
  }

  /** Queues a key after a delay; an earlier pending delayed add for the key wins. */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.runtime.now + delayMs;
    const w = this.waiting.get(key);
    if (w && w[0] <= at) return;
    if (w) this.runtime.cancelTimer(w[1]);
    const id = this.runtime.setTimer(this.name, at, 'add', key);
    this.waiting.set(key, [at, id]);
  }

  /** Queues a key after its per-item exponential back-off. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(BASE_DELAY_MS * 2 ** n, MAX_DELAY_MS));
  }

  /** Forgets a key's failures (after a successful sync). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** How many times a key has failed in a row. */
  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Takes the next key to process, or undefined if none; call done(key) afterwards. */
  get(): string | undefined {
    if (this.head >= this.queue.length) {
      if (this.head) {
        this.queue = [];
        this.head = 0;
      }
      return undefined;
    }
    const key = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  /** Marks a key processed; if it was added meanwhile it is queued again. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.queue.push(key);
  }

  /** Number of keys waiting to be processed now. */
  get length(): number {
    return this.queue.length - this.head;
  }

  /** Delayed-add timers. */
  onTimer(type: string, data: unknown): void {
    if (type !== 'add') return;
    const key = data as string;
    this.waiting.delete(key);
    this.add(key);
  }

  /** Snapshot state (queued keys, failure counts, delayed adds). */
  save(): WorkQueueState {
    return {
      queue: this.queue.slice(this.head),
      failures: [...this.failures.entries()],
      waiting: [...this.waiting.entries()].map(([k, [at, id]]) => [k, at, id]),
    };
  }

  /** Restores what save() produced. */
  load(raw: unknown): void {
    const s = raw as WorkQueueState;
    this.queue = [...s.queue];
    this.head = 0;
    this.dirty = new Set(s.queue);
    this.processing.clear();
    this.failures = new Map(s.failures);
    this.waiting = new Map(s.waiting.map(([k, at, id]) => [k, [at, id]]));
  }
}
