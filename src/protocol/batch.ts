/**
 * Data that crosses the worker boundary towards the UI: change batches of API objects, the clock's
 * status and the persistence status, combined into one Frame per animation frame. Plain data only
 * (structured-clone safe): no classes, no functions.
 */
import type { KObject } from '../engine/api/types';

/** Any API object (re-exported for the UI, which never imports the engine's types directly). */
export type { KObject };

/** Objects added, updated and removed since the last frame (full objects with resourceVersions). */
export interface ObjectChanges {
  added: KObject[];
  updated: KObject[];
  removed: KObject[];
}

/** The simulated clock as the wall-clock driver runs it. */
export interface ClockStatus {
  /** Simulated time, ms since the epoch. */
  now: number;
  /** Whether the driver advances the clock with wall time. */
  running: boolean;
  /** Simulated ms per wall ms (0.25 .. 100). */
  speed: number;
  /** When the next timer is due (ms since the epoch), or null when nothing is scheduled. */
  nextEventAt: number | null;
  /** True when the engine cannot keep up with the requested speed. */
  lagging: boolean;
}

/** What the worker knows about the saved copy of the cluster. */
export interface PersistenceStatus {
  /** `off`: this tab does not save (follower or storage unavailable). */
  state: 'off' | 'idle' | 'saving' | 'saved' | 'error' | 'quota';
  /** Wall time (ms since the epoch) of the last successful save. */
  lastSavedAt?: number;
  /** Simulated time of the last successful save. */
  lastSavedSimNow?: number;
  /** Size of the last saved state, in characters of JSON. */
  lastSavedSize?: number;
  /** Human-readable problem, for `error` and `quota`. */
  message?: string;
}

/** One message to the UI: everything that changed since the previous frame. */
export interface Frame {
  /** Increases by one per frame taken. */
  seq: number;
  /** The UI must drop its mirror first: a new cluster was created, restored or reset. */
  reset: boolean;
  /** Object changes, or null when no object changed. */
  changes: ObjectChanges | null;
  clock: ClockStatus;
  persistence: PersistenceStatus;
  /** Errors the engine's components reported since the previous frame (bugs, not user errors). */
  engineErrors: string[];
}

/** Returns true when a batch carries no change at all. */
export function isEmptyChanges(c: ObjectChanges | null | undefined): boolean {
  return !c || (c.added.length === 0 && c.updated.length === 0 && c.removed.length === 0);
}
