/**
 * The simulated clock's agenda: a binary min-heap of timers ordered by due time, then by the order
 * they were set. Timers are plain data (owner component, type, payload), never closures, so the
 * whole agenda goes into a snapshot and comes back exactly.
 */

/** A pending piece of simulated work. */
export interface Timer {
  /** Unique, increasing: ties in `at` run in the order they were set. */
  id: number;
  /** Due time, ms since the epoch. */
  at: number;
  /** The component that handles it (see Engine.register). */
  owner: string;
  /** What to do, interpreted by the owner. */
  type: string;
  /** JSON-serialisable details. */
  data?: unknown;
}

/** A min-heap of Timers with cancellation by id. */
export class TimerQueue {
  private heap: Timer[] = [];
  private live = new Map<number, Timer>();
  private nextId = 1;

  /** Schedules a timer and returns its id. */
  add(at: number, owner: string, type: string, data?: unknown): number {
    const t: Timer = { id: this.nextId++, at, owner, type, data };
    this.live.set(t.id, t);
    this.push(t);
    return t.id;
  }

  /** Cancels a timer; cancelling an id that already ran or never existed does nothing. */
  cancel(id: number | undefined): void {
    if (id !== undefined) this.live.delete(id);
  }

  /** Whether a timer with this id is still pending. */
  has(id: number | undefined): boolean {
    return id !== undefined && this.live.has(id);
  }

  /** Due time of the earliest pending timer, or undefined. */
  peekAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest timer due at or before `limit`. */
  popDue(limit: number): Timer | undefined {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top || top.at > limit) return undefined;
    this.pop();
    this.live.delete(top.id);
    return top;
  }

  /** Number of pending timers. */
  get size(): number {
    return this.live.size;
  }

  /** Serialisable state: the pending timers in due order, and the id counter. */
  save(): { nextId: number; timers: Timer[] } {
    const timers = [...this.live.values()].sort((x, y) => x.at - y.at || x.id - y.id);
    return { nextId: this.nextId, timers: timers.map((t) => ({ ...t })) };
  }

  /** Restores what save() produced. */
  load(state: { nextId: number; timers: Timer[] }): void {
    this.heap = [];
    this.live.clear();
    this.nextId = state.nextId;
    for (const t of state.timers) {
      const copy = { ...t };
      this.live.set(copy.id, copy);
      this.push(copy);
    }
  }

  private dropCancelled(): void {
    while (this.heap.length && !this.live.has(this.heap[0].id)) this.pop();
  }

  private less(x: Timer, y: Timer): boolean {
    return x.at < y.at || (x.at === y.at && x.id < y.id);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
