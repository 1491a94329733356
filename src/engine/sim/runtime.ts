/**
 * The simulation runtime: simulated time, the seeded RNG, the timer agenda and the components
 * that react to timers and drain their work queues. It knows nothing of Kubernetes; the API
 * store, controllers, scheduler and kubelets are components registered on it.
 *
 * A processing step is: run every timer due at the same instant, then let the components drain
 * their queues (round-robin, one item each per pass) until all are idle, then publish the step.
 * Because a step depends only on the timers' due times and never on where an advance() call
 * ends, advance(a + b) and advance(a); advance(b) leave identical states.
 */
import { Rng, type RngState } from './rng';
import { TimerQueue, type Timer } from './timers';

/** Something the runtime drives. */
export interface Component {
  /** Unique name; timers are addressed to it. */
  readonly name: string;
  /** Handles a timer this component set. */
  onTimer?(type: string, data: unknown): void;
  /** Processes one queued item; returns false when it has nothing to do. */
  work?(): boolean;
  /** JSON-serialisable state for a snapshot (beyond what the API store holds). */
  save?(): unknown;
  /** Restores what save() produced. */
  load?(state: unknown): void;
}

/** The serialisable state of a Runtime. */
export interface RuntimeState {
  now: number;
  rng: RngState;
  timers: ReturnType<TimerQueue['save']>;
  components: Record<string, unknown>;
}

/** Raised when a step never settles: a controller keeps re-queueing work at the same instant. */
export class LivelockError extends Error {}

/**
 * Most passes a single step may take before it is declared a livelock. A rollout of 10,000 pods
 * settles in a few tens of thousands of passes; a hundred million means a controller is looping.
 */
const MAX_PASSES_PER_STEP = 100_000_000;

/** Clock, RNG, timers and components. */
export class Runtime {
  /** Simulated time, ms since the epoch. */
  now: number;
  readonly rng: Rng;
  readonly timers = new TimerQueue();
  private readonly components = new Map<string, Component>();
  private readonly workers: Component[] = [];
  private stepListeners: Array<() => void> = [];
  private inStep = false;
  /** Errors thrown by components while processing; strict runtimes rethrow instead. */
  readonly errors: Error[] = [];

  /** Creates a runtime at `startMs` with a seed; `strict` rethrows component errors (tests). */
  constructor(
    startMs: number,
    seed: number | RngState,
    readonly strict = false,
  ) {
    this.now = startMs;
    this.rng = new Rng(seed);
  }

  /** Adds a component; those with work() are drained in registration order. */
  register<C extends Component>(c: C): C {
    if (this.components.has(c.name)) throw new Error(`component ${c.name} registered twice`);
    this.components.set(c.name, c);
    if (c.work) this.workers.push(c);
    return c;
  }

  /** The component with this name. */
  component<C extends Component>(name: string): C | undefined {
    return this.components.get(name) as C | undefined;
  }

  /** Schedules a timer for `owner` at absolute time `at` (never in the past). */
  setTimer(owner: string, at: number, type: string, data?: unknown): number {
    return this.timers.add(Math.max(at, this.now), owner, type, data);
  }

  /** Schedules a timer `delayMs` from now. */
  after(owner: string, delayMs: number, type: string, data?: unknown): number {
    return this.setTimer(owner, this.now + Math.max(0, delayMs), type, data);
  }

  /** Cancels a timer. */
  cancelTimer(id: number | undefined): void {
    this.timers.cancel(id);
  }

  /** Called after each processing step (the API store publishes its change batch here). */
  onStep(listener: () => void): () => void {
    this.stepListeners.push(listener);
    return () => {
      this.stepListeners = this.stepListeners.filter((l) => l !== listener);
    };
  }

  /** When the next timer is due, or undefined when nothing is scheduled. */
  nextEventAt(): number | undefined {
    return this.timers.peekAt();
  }

  /** Drains all queued work at the current instant and publishes the step. */
  settle(): void {
    if (this.inStep) return;
    this.inStep = true;
    try {
      this.drain();
    } finally {
      this.inStep = false;
    }
    for (const l of this.stepListeners) l();
  }

  /** Runs simulated time forward by `ms`, processing every timer that falls due, in order. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`advance: invalid duration ${ms}`);
    this.advanceTo(this.now + ms);
  }

  /** Runs simulated time forward to the absolute time `target`. */
  advanceTo(target: number): void {
    this.settle();
    for (;;) {
      const at = this.timers.peekAt();
      if (at === undefined || at > target) break;
      this.now = Math.max(this.now, at);
      this.inStep = true;
      try {
        let t: Timer | undefined;
        while ((t = this.timers.popDue(this.now))) this.dispatch(t);
        this.drain();
      } finally {
        this.inStep = false;
      }
      for (const l of this.stepListeners) l();
    }
    this.now = Math.max(this.now, target);
  }

  /** Runs one step: jumps to the next due timer and processes it; returns false if none. */
  step(): boolean {
    const at = this.timers.peekAt();
    if (at === undefined) return false;
    this.advanceTo(at);
    return true;
  }

  /** Reports an error from a component: rethrown when strict, otherwise kept in `errors`. */
  reportError(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    if (this.strict) throw e;
    this.errors.push(e);
    if (this.errors.length > 100) this.errors.shift();
  }

  /** The runtime's state for a snapshot. */
  save(): RuntimeState {
    const components: Record<string, unknown> = {};
    for (const [name, c] of this.components) if (c.save) components[name] = c.save();
    return { now: this.now, rng: this.rng.state(), timers: this.timers.save(), components };
  }

  /** Restores clock, RNG, timers and every component's state. */
  load(state: RuntimeState): void {
    this.now = state.now;
    (this as { rng: Rng }).rng = new Rng(state.rng);
    this.timers.load(state.timers);
    for (const [name, c] of this.components) if (c.load && name in state.components) c.load(state.components[name]);
  }

  private dispatch(t: Timer): void {
    const c = this.components.get(t.owner);
    if (!c?.onTimer) {
      this.reportError(new Error(`timer for unknown component ${t.owner} (${t.type})`));
      return;
    }
    try {
      c.onTimer(t.type, t.data);
    } catch (e) {
      this.reportError(e);
    }
  }

  private drain(): void {
    let passes = 0;
    for (;;) {
      let busy = false;
      for (const w of this.workers) {
        let did = false;
        try {
          did = w.work!();
        } catch (e) {
          this.reportError(e);
          did = true;
        }
        busy ||= did;
      }
      if (!busy) return;
      if (++passes > MAX_PASSES_PER_STEP) throw new LivelockError(`simulation step did not settle at ${new Date(this.now).toISOString()}`);
    }
  }
}
