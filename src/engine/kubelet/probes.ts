/**
 * Probe timing, re-expressed from pkg/kubelet/prober/worker.go without its ticker. A probe
 * worker ticks every periodSeconds from when the pod was added (plus one immediate readiness
 * run when a container starts, UpdatePodStatus's manual trigger); a tick before
 * initialDelaySeconds after the container's start does nothing; the reported result flips only
 * after successThreshold / failureThreshold identical results in a row.
 *
 * Podium evaluates a probe only at the ticks where its outcome could differ from the last one:
 * the first tick at or after each moment the container's observable state changes (a file
 * created or removed, the server starting to listen, an app turning unhealthy), and the ticks of
 * a run of failures (each failure is an Unhealthy event). Between those moments every periodic
 * probe would return the same result, so counting the skipped ticks gives the same run lengths,
 * hence the same flip times, as probing on every tick.
 *
 * Worked example (the docs' exec liveness probe): container started at 0 s, file removed at 30 s,
 * initialDelaySeconds 5, periodSeconds 5, failureThreshold 3, ticks at 0, 5, 10, ... The first
 * tick at or after 30 s is 30 s: failure 1; 35 s: failure 2; 40 s: failure 3 -> the liveness
 * result flips to Failure at 40 s and the container is killed. Periodic probing would have
 * probed at 5..25 s (success each time) and reached the same three failures at 30, 35, 40 s.
 */

/** Which probe. */
export type ProbeKind = 'startup' | 'liveness' | 'readiness';
/** A probe's outcome. */
export type ProbeValue = 'success' | 'failure';

/** A probe's timing fields with the API's defaults applied, in ms. */
export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** Reads a v1.Probe's timing (defaults: period 10 s, timeout 1 s, success 1, failure 3). */
export function probeTiming(p: { initialDelaySeconds?: number; periodSeconds?: number; timeoutSeconds?: number; successThreshold?: number; failureThreshold?: number }): ProbeTiming {
  return {
    initialDelayMs: (p.initialDelaySeconds ?? 0) * 1000,
    periodMs: Math.max(1, p.periodSeconds ?? 10) * 1000,
    timeoutMs: Math.max(1, p.timeoutSeconds ?? 1) * 1000,
    successThreshold: Math.max(1, p.successThreshold ?? 1),
    failureThreshold: Math.max(1, p.failureThreshold ?? 3),
  };
}

/** The state of one probe of one container instance (plain JSON, in snapshots). */
export interface ProbeState {
  /** The reported result (readiness starts at failure, liveness at success, startup unknown). */
  result: ProbeValue | 'unknown';
  /** The current run of identical results. */
  run?: { value: ProbeValue; count: number; last: number };
  /** Unhealthy events emitted in the current run of failures. */
  events: number;
  /** Liveness/startup after a failure: no more probing until the container restarts. */
  held?: boolean;
  /** The last tick evaluated. */
  lastTick?: number;
  /** The next evaluation due (a tick, or the readiness manual trigger). */
  next?: number;
  /** When the last Unhealthy event of this probe was recorded. */
  lastEvent?: number;
}

/** The initial state of a probe for a new container (worker.go initialValue). */
export function initialProbeState(kind: ProbeKind): ProbeState {
  return { result: kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : 'unknown', events: 0 };
}

/** The first tick of a grid (origin + k x period, k >= 0) at or after t. */
export function tickAtOrAfter(origin: number, periodMs: number, t: number): number {
  if (t <= origin) return origin;
  return origin + Math.ceil((t - origin) / periodMs) * periodMs;
}

/** Number of grid ticks in (a, b]. */
export function ticksBetween(origin: number, periodMs: number, a: number, b: number): number {
  if (b <= a) return 0;
  const k = (t: number) => (t < origin ? -1 : Math.floor((t - origin) / periodMs));
  return k(b) - k(a);
}

/**
 * Records a result observed at time t (a tick, or the readiness manual trigger). Ticks skipped
 * since the previous observation are counted as having returned the same value. Returns true
 * when the reported result flips.
 */
export function observe(state: ProbeState, value: ProbeValue, t: number, origin: number, timing: ProbeTiming): boolean {
  const run = state.run;
  if (run && run.value === value) {
    run.count += Math.max(1, ticksBetween(origin, timing.periodMs, run.last, t));
    run.last = t;
  } else {
    state.run = { value, count: 1, last: t };
    if (value === 'failure') state.events = 0;
  }
  state.lastTick = t;
  const need = value === 'success' ? timing.successThreshold : timing.failureThreshold;
  if (state.result !== value && state.run!.count >= need) {
    state.result = value;
    return true;
  }
  return false;
}

/**
 * When a pending flip would happen if the value stays the same: the tick at which the run
 * reaches its threshold; undefined when no flip is pending.
 */
export function pendingFlipAt(state: ProbeState, origin: number, timing: ProbeTiming): number | undefined {
  const run = state.run;
  if (!run || run.value === state.result) return undefined;
  const need = run.value === 'success' ? timing.successThreshold : timing.failureThreshold;
  const missing = need - run.count;
  if (missing <= 0) return run.last;
  return tickAtOrAfter(origin, timing.periodMs, run.last + 1) + (missing - 1) * timing.periodMs;
}
