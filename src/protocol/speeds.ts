/** The clock speeds both sides agree on: what the UI offers and what the worker's driver accepts. */

/** The speeds the UI offers, slowest first. */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;
/** Slowest allowed speed. */
export const MIN_SPEED = 0.25;
/** Fastest allowed speed. */
export const MAX_SPEED = 100;
/** Clamps a requested speed into [MIN_SPEED, MAX_SPEED]; NaN gives 1. */
export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return speed === Infinity ? MAX_SPEED : 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

/** The next faster (+1) or slower (-1) speed of SPEEDS from `speed`. */
export function nextSpeed(speed: number, direction: 1 | -1): number {
  if (direction > 0) return SPEEDS.find((s) => s > speed) ?? MAX_SPEED;
  return [...SPEEDS].reverse().find((s) => s < speed) ?? MIN_SPEED;
}
