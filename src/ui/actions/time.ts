/** Time controls: play, pause, speed and steps of the simulated clock (the worker's driver). */
import { nextSpeed } from '../../protocol/speeds';
import { engine } from '../session/session';
import { getApp, setApp } from '../state/store';

const canDrive = () => getApp().session.role === 'owner' && getApp().session.phase === 'ready';

/** Starts the clock. */
export function play(): void {
  if (!canDrive()) return;
  setApp((s) => ({ clock: { ...s.clock, running: true } }));
  void engine().play();
}

/** Stops the clock. */
export function pause(): void {
  if (!canDrive()) return;
  setApp((s) => ({ clock: { ...s.clock, running: false } }));
  void engine().pause();
}

/** Toggles play/pause. */
export function togglePlay(): void {
  if (getApp().clock.running) pause();
  else play();
}

/** Sets the speed factor (0.25 .. 100). */
export function setSpeed(speed: number): void {
  if (!canDrive()) return;
  setApp((s) => ({ clock: { ...s.clock, speed } }));
  void engine().setSpeed(speed);
}

/** One speed step faster (+1) or slower (-1). */
export function bumpSpeed(direction: 1 | -1): void {
  setSpeed(nextSpeed(getApp().clock.speed, direction));
}

/** Advances the simulated clock by `ms` at once. */
export function step(ms: number): void {
  if (!canDrive()) return;
  void engine().step(ms);
}

/** Advances to the next scheduled event. */
export function stepToNextEvent(): void {
  if (!canDrive()) return;
  void engine().stepToNextEvent();
}
