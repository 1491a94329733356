/**
 * The wall-clock driver: advances the simulated clock with real time, scaled by a speed factor,
 * paused or playing, and steps it on request. It is the only place (with persistence) that reads
 * wall-clock time; the engine itself never does. The clock sources are injected so tests run
 * without timers.
 */

/** The cluster operations the driver needs (a subset of the public Cluster). */
export interface DrivenClock {
  now(): number;
  advance(ms: number): void;
  nextEventAt(): number | undefined;
}

/** Wall-clock time and timers (performance.now/setTimeout in the worker, fakes in tests). */
export interface WallClock {
  /** Monotonic wall time in ms. */
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export { SPEEDS, MIN_SPEED, MAX_SPEED, clampSpeed, nextSpeed } from '../protocol/speeds';
import { clampSpeed } from '../protocol/speeds';

/** How often the driver ticks while playing (wall ms). */
export const TICK_MS = 16;
/**
 * The longest wall interval one tick accounts for. After a longer stall (a busy engine, a
 * suspended tab) the simulated clock does not leap: at ×100 a 5 s stall would otherwise jump
 * 500 s at once. It falls behind real time instead, and the status says so.
 */
export const MAX_TICK_WALL_MS = 250;

/**
 * How far one tick moves the simulated clock: wall time elapsed (capped at `maxWallMs`) times the
 * speed, plus the fraction carried from earlier ticks, in whole ms; the new fraction is carried.
 * Example: 16 ms at ×0.25 = 4 ms; 10 ms at ×0.25 = 2.5 ms -> advance 2, carry 0.5.
 */
export function simAdvanceFor(
  wallElapsedMs: number,
  speed: number,
  carryMs: number,
  maxWallMs = MAX_TICK_WALL_MS,
): { advanceMs: number; carryMs: number; capped: boolean } {
  const wall = Math.max(0, wallElapsedMs);
  const capped = wall > maxWallMs;
  const total = Math.min(wall, maxWallMs) * speed + carryMs;
  const advanceMs = Math.floor(total);
  return { advanceMs, carryMs: total - advanceMs, capped };
}

/** Drives a cluster's clock from wall time. */
export class ClockDriver {
  private running = false;
  private speed = 1;
  private lastWall = 0;
  private carryMs = 0;
  private lagging = false;
  private timer: unknown = undefined;
  private disposed = false;

  /** Creates a paused driver at ×1; `onAdvance` runs after every advance (for persistence). */
  constructor(
    private clock: DrivenClock,
    private wall: WallClock,
    private onAdvance: () => void = () => {},
  ) {}

  /** Replaces the driven cluster (after a reset or restore); keeps speed and play state. */
  setClock(clock: DrivenClock): void {
    this.clock = clock;
    this.carryMs = 0;
    this.lastWall = this.wall.now();
  }

  /** Whether the clock runs. */
  get isRunning(): boolean {
    return this.running;
  }

  /** The current speed. */
  get currentSpeed(): number {
    return this.speed;
  }

  /** Whether the last tick had to drop wall time because the engine fell behind. */
  get isLagging(): boolean {
    return this.lagging;
  }

  /** Starts advancing with wall time. */
  play(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    this.lastWall = this.wall.now();
    this.carryMs = 0;
    this.schedule();
  }

  /** Stops advancing; the simulated clock stays where it is. */
  pause(): void {
    if (!this.running) return;
    this.tick(false);
    this.running = false;
    this.lagging = false;
    if (this.timer !== undefined) this.wall.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Changes the speed; time elapsed so far is accounted at the old speed. */
  setSpeed(speed: number): void {
    if (this.running) this.tick(false);
    this.speed = clampSpeed(speed);
  }

  /** Advances by `ms` simulated ms at once (play state unchanged). */
  step(ms: number): void {
    if (!(ms > 0)) return;
    if (this.running) this.tick(false);
    this.clock.advance(Math.round(ms));
    this.onAdvance();
  }

  /** Advances to the next scheduled event; false when nothing is scheduled. */
  stepToNextEvent(): boolean {
    if (this.running) this.tick(false);
    const next = this.clock.nextEventAt();
    if (next === undefined) return false;
    this.clock.advance(Math.max(0, next - this.clock.now()));
    this.onAdvance();
    return true;
  }

  /**
   * Accounts the wall time elapsed since the last tick; called by the timer while playing
   * (and before any change of state, so that each interval is charged at its own speed).
   */
  tick(reschedule = true): void {
    if (!this.running || this.disposed) return;
    const wallNow = this.wall.now();
    const r = simAdvanceFor(wallNow - this.lastWall, this.speed, this.carryMs);
    this.lastWall = wallNow;
    this.carryMs = r.carryMs;
    this.lagging = r.capped;
    if (r.advanceMs > 0) {
      this.clock.advance(r.advanceMs);
      this.onAdvance();
    }
    if (reschedule) this.schedule();
  }

  /** Stops the timer for good. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.wall.clearTimer(this.timer);
    this.timer = undefined;
    this.running = false;
  }

  private schedule(): void {
    if (!this.running || this.disposed) return;
    this.timer = this.wall.setTimer(() => {
      this.timer = undefined;
      this.tick(true);
    }, TICK_MS);
  }
}
