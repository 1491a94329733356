/**
 * The facade over createCluster() that the worker exposes to the UI (see src/protocol/facade.ts):
 * kubectl, the wall-clock driver, change batches coalesced into one frame per UI request, saving
 * to and restoring from storage, scheduling explanations. Everything here also runs in-process
 * (tests, the measurement script) with injected storage and clocks.
 */
import { createCluster, SnapshotError, type Cluster, type ClusterOptions } from '../index';
import type { ClockStatus, Frame, PersistenceStatus } from '../protocol/batch';
import type {
  CrashMode,
  EngineFacade,
  InitRequest,
  InitResult,
  KubectlOutput,
  KubectlRequest,
  RestoreProblem,
  SavedBlob,
  SchedulingAnswer,
  TabMessage,
} from '../protocol/facade';
import { BatchCoalescer } from './coalesce';
import { ClockDriver, type WallClock } from './driver';
import {
  classifySnapshotError,
  isQuotaError,
  keepUnusable,
  makeEnvelope,
  openEnvelope,
  SAVE_KEY,
  SavedStateError,
  type KeyValueStore,
} from './persistence';

/** What the facade needs from its surroundings. */
export interface FacadeDeps {
  /** Where the cluster is saved; null disables saving (no IndexedDB). */
  storage: KeyValueStore | null;
  /** Monotonic wall clock and timers for the driver and the save cadence. */
  wall: WallClock;
  /** Wall time since the epoch (Date.now), for "saved at". */
  epochNow: () => number;
  /** The app version written into saved states. */
  appVersion: string;
  /** Options of fresh clusters (tests pass a seed or a node count). */
  clusterOptions?: ClusterOptions;
  /** Tells the other tabs about saves and resets. */
  broadcast?: (msg: TabMessage) => void;
  /** Ends the worker (debugCrash('exit')). */
  exit?: () => void;
  /** Shortest wall interval between two automatic saves (ms); default 3000. */
  saveIntervalMs?: number;
}

/** The facade plus in-process extras (tests and the measurement script). */
export interface LocalFacade extends EngineFacade {
  /** The current cluster (in-process use only; never crosses the worker boundary). */
  cluster(): Cluster;
  /** Stops timers. */
  dispose(): void;
}

/**
 * The most objects one frame carries after the first (a rollout that creates 250 pods at once
 * would otherwise arrive as one megabyte, and its deserialisation alone would be a long task on
 * the UI thread); the rest follows in the next frames.
 */
export const MAX_OBJECTS_PER_FRAME = 300;

/**
 * How long (wall ms) the next delivery of objects waits after one of `delivered` objects. Small
 * deliveries (a kubectl command, a pod becoming ready) go at the next animation frame; a flood
 * (1,000 pods rolling at x10: a relist's worth of pod statuses every 100 ms) goes at most every
 * 150 ms, so that the versions of an object written meanwhile coalesce into one. Each object
 * delivered is deserialised on the UI thread and kept in its mirror: at 300 objects a frame the
 * young generation filled every second and its scavenges, copying the survivors, made 40-70 ms
 * tasks on 2 cores.
 */
export function deliveryPaceMs(delivered: number): number {
  return delivered >= 100 ? 150 : 0;
}

/** How soon a change the user made is saved (wall ms), when saving is quick. */
export const SAVE_SOON_MS = 200;

/** Default shortest interval between automatic saves. */
export const SAVE_INTERVAL_MS = 3000;

/** Builds the facade. */
export function createFacade(deps: FacadeDeps): LocalFacade {
  const { storage, wall } = deps;
  const baseSaveInterval = deps.saveIntervalMs ?? SAVE_INTERVAL_MS;
  const coalescer = new BatchCoalescer();
  const aborts = new Map<string, AbortController>();
  const reportedErrors = new WeakSet<Error>();
  const pendingErrors: string[] = [];

  let cluster: Cluster | null = null;
  let unsubscribe: (() => void) | null = null;
  let role: 'owner' | 'follower' = 'follower';
  let seq = 0;
  let resetPending = false;
  let lastClock: ClockStatus | null = null;
  /** When objects were last delivered (wall ms) and how many: see deliveryPaceMs. */
  let lastDeliveryAt = -Infinity;
  let lastDelivered = 0;
  let persistence: PersistenceStatus = { state: storage ? 'idle' : 'off', message: storage ? undefined : 'this browser offers no IndexedDB: the cluster is not saved' };
  let persistenceChanged = true;
  let dirty = false;
  let saving: Promise<PersistenceStatus> | null = null;
  let saveTimer: unknown = undefined;
  let saveIntervalMs = baseSaveInterval;

  const must = (): Cluster => {
    if (!cluster) throw new Error('the engine is not initialised: call init() first');
    return cluster;
  };

  const driven = {
    now: () => must().now(),
    nextEventAt: () => must().nextEventAt(),
    advance: (ms: number) => {
      try {
        must().advance(ms);
      } catch (e) {
        // A bug in the engine (a livelock, a thrown invariant): stop the clock, say so.
        driver.pause();
        pendingErrors.push(`the clock stopped: ${(e as Error).message}`);
      }
    },
  };
  const driver = new ClockDriver(driven, wall, () => {
    dirty = true;
  });

  const setPersistence = (p: PersistenceStatus) => {
    persistence = p;
    persistenceChanged = true;
  };

  function attach(c: Cluster): void {
    unsubscribe?.();
    cluster = c;
    coalescer.clear();
    resetPending = true;
    unsubscribe = c.subscribe((batch) => {
      coalescer.push(batch);
      dirty = true;
    });
    driver.setClock(driven);
  }

  let freshOptions: ClusterOptions = deps.clusterOptions ?? {};

  function fresh(): Cluster {
    return createCluster(freshOptions);
  }

  function scheduleSaves(soon = false): void {
    if (saveTimer !== undefined) wall.clearTimer(saveTimer);
    saveTimer = undefined;
    if (role !== 'owner' || !storage) return;
    // After a user's change, a cluster that saves quickly saves at once (a reload or a closed tab
    // a moment later must not lose it); a big one, whose snapshot is slow, keeps its interval.
    const delay = soon && saveIntervalMs === baseSaveInterval ? SAVE_SOON_MS : saveIntervalMs;
    saveTimer = wall.setTimer(() => {
      saveTimer = undefined;
      const run = dirty && !saving ? save() : Promise.resolve(persistence);
      void run.finally(() => scheduleSaves());
    }, delay);
  }

  /** Marks the cluster changed by the user and saves it soon. */
  function changed(): void {
    dirty = true;
    scheduleSaves(true);
  }

  async function save(): Promise<PersistenceStatus> {
    if (!storage || role !== 'owner' || !cluster) return persistence;
    if (saving) return saving;
    saving = (async () => {
      const started = wall.now();
      dirty = false;
      let json: string;
      let simNow: number;
      try {
        simNow = must().now();
        json = JSON.stringify(must().snapshot());
      } catch (e) {
        setPersistence({ ...persistence, state: 'error', message: `the cluster could not be snapshotted: ${(e as Error).message}` });
        return persistence;
      }
      setPersistence({ ...persistence, state: 'saving' });
      try {
        const clock = { running: driver.isRunning, speed: driver.currentSpeed };
        await storage.set(SAVE_KEY, makeEnvelope(json, { appVersion: deps.appVersion, savedAt: deps.epochNow(), simNow, clock }));
        setPersistence({ state: 'saved', lastSavedAt: deps.epochNow(), lastSavedSimNow: simNow, lastSavedSize: json.length });
        deps.broadcast?.({ type: 'saved', at: deps.epochNow(), simNow });
      } catch (e) {
        dirty = true;
        if (isQuotaError(e))
          setPersistence({
            ...persistence,
            state: 'quota',
            message: `the browser's storage quota is full: the cluster (${Math.round(json.length / 1024)} KB) could not be saved. Free some space (or export the cluster as YAML).`,
          });
        else setPersistence({ ...persistence, state: 'error', message: `saving failed: ${(e as Error)?.message ?? String(e)}` });
      } finally {
        // A big cluster takes long to snapshot: save less often rather than hog the worker.
        saveIntervalMs = Math.max(baseSaveInterval, (wall.now() - started) * 20);
      }
      return persistence;
    })();
    try {
      return await saving;
    } finally {
      saving = null;
    }
  }

  async function restoreSaved(keepBroken: boolean): Promise<{ cluster: Cluster | null; result: Omit<InitResult, 'now'>; clock?: { running: boolean; speed: number } }> {
    if (!storage) return { cluster: null, result: { restored: false } };
    let raw: unknown;
    try {
      raw = await storage.get(SAVE_KEY);
    } catch (e) {
      return { cluster: null, result: { restored: false, problem: { kind: 'damaged', message: `the saved cluster could not be read: ${(e as Error).message}`, keptAs: null } } };
    }
    try {
      const opened = openEnvelope(raw);
      if (!opened) return { cluster: null, result: { restored: false } };
      const c = createCluster({ from: opened.snapshot });
      // What was restored is what is saved: say so (not "unsaved" until the next save).
      const env = opened.envelope;
      if (role === 'owner') setPersistence({ state: 'saved', lastSavedAt: env.savedAt, lastSavedSimNow: env.simNow, lastSavedSize: env.snapshotJson.length });
      return { cluster: c, result: { restored: true, migratedFrom: opened.migratedFrom }, clock: opened.envelope.clock };
    } catch (e) {
      const kind: RestoreProblem['kind'] =
        e instanceof SavedStateError ? e.kind : e instanceof SnapshotError ? classifySnapshotError(e.message) : 'damaged';
      const message = e instanceof SavedStateError || e instanceof SnapshotError ? e.message : `the saved cluster could not be restored: ${(e as Error).message}`;
      const keptAs = keepBroken ? await keepUnusable(storage, raw, deps.epochNow()) : null;
      return { cluster: null, result: { restored: false, problem: { kind, message, keptAs } } };
    }
  }

  const facade: LocalFacade = {
    async init(req: InitRequest): Promise<InitResult> {
      role = req.role;
      if (req.cluster) freshOptions = { ...freshOptions, ...req.cluster };
      let result: Omit<InitResult, 'now'> = { restored: false };
      let c: Cluster | null = null;
      let savedClock: { running: boolean; speed: number } | undefined;
      if (req.source === 'saved') {
        const r = await restoreSaved(role === 'owner');
        c = r.cluster;
        result = r.result;
        savedClock = r.clock;
      }
      attach(c ?? fresh());
      // The clock is set before the first save, which records whether it runs: a reload right
      // after a fresh start must find it running, not paused.
      if (savedClock) driver.setSpeed(savedClock.speed);
      const running = role === 'owner' && (req.running ?? savedClock?.running ?? true);
      if (running) driver.play();
      else driver.pause();
      if (role === 'owner' && (!result.restored || result.migratedFrom !== undefined)) {
        dirty = true;
        await save();
      }
      scheduleSaves();
      return { ...result, now: must().now() };
    },

    takeFrame(): Frame | null {
      if (!cluster) return null;
      const wallNow = wall.now();
      const paced = !resetPending && wallNow - lastDeliveryAt < deliveryPaceMs(lastDelivered);
      const changes = paced ? null : coalescer.take(resetPending ? Infinity : MAX_OBJECTS_PER_FRAME);
      if (changes) {
        lastDeliveryAt = wallNow;
        // The whole cluster after a reset is one delivery by design: it sets no pace.
        lastDelivered = resetPending ? 0 : changes.added.length + changes.updated.length + changes.removed.length;
      }
      const clock: ClockStatus = {
        now: cluster.now(),
        running: driver.isRunning,
        speed: driver.currentSpeed,
        nextEventAt: cluster.nextEventAt() ?? null,
        lagging: driver.isLagging,
      };
      const runtimeErrors = cluster.engine?.runtime?.errors ?? [];
      for (const e of runtimeErrors) {
        if (reportedErrors.has(e)) continue;
        reportedErrors.add(e);
        pendingErrors.push(e.message);
      }
      const clockChanged =
        !lastClock ||
        lastClock.now !== clock.now ||
        lastClock.running !== clock.running ||
        lastClock.speed !== clock.speed ||
        lastClock.nextEventAt !== clock.nextEventAt ||
        lastClock.lagging !== clock.lagging;
      if (!changes && !resetPending && !clockChanged && !persistenceChanged && pendingErrors.length === 0) return null;
      const frame: Frame = {
        seq: ++seq,
        reset: resetPending,
        changes,
        clock,
        persistence,
        engineErrors: pendingErrors.splice(0),
      };
      resetPending = false;
      persistenceChanged = false;
      lastClock = clock;
      return frame;
    },

    async kubectl(line: string, req: KubectlRequest = {}): Promise<KubectlOutput> {
      const ac = new AbortController();
      if (req.id) aborts.set(req.id, ac);
      try {
        const r = await must().kubectl(line, { stdin: req.stdin, files: req.files, signal: ac.signal, wait: req.wait ?? 'realtime' });
        changed();
        return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      } catch (e) {
        dirty = true;
        return { stdout: '', stderr: `error: internal error in Podium: ${(e as Error)?.message ?? String(e)}\n`, exitCode: 1 };
      } finally {
        if (req.id) aborts.delete(req.id);
      }
    },

    cancel(id: string): void {
      aborts.get(id)?.abort();
    },

    play: () => {
      driver.play();
      changed();
    },
    pause: () => {
      driver.pause();
      changed();
    },
    setSpeed: (speed: number) => {
      driver.setSpeed(speed);
      changed();
    },
    step: (ms: number) => driver.step(ms),
    stepToNextEvent: () => driver.stepToNextEvent(),

    stopNode(name: string): void {
      must().stopNode(name);
      changed();
    },

    startNode(name: string): void {
      must().startNode(name);
      changed();
    },

    explainScheduling(namespace: string, pod: string): SchedulingAnswer {
      try {
        const x = must().explainScheduling(namespace, pod);
        if (!x) return { ok: false, error: 'the scheduler gave no explanation' };
        return { ok: true, explanation: JSON.parse(JSON.stringify(x)) };
      } catch (e) {
        return { ok: false, error: (e as Error)?.message ?? String(e) };
      }
    },

    saveNow: () => save(),

    setRole(next: 'owner' | 'follower'): void {
      role = next;
      if (role === 'owner') dirty = true;
      setPersistence(role === 'owner' && storage ? { ...persistence, state: persistence.state === 'off' ? 'idle' : persistence.state } : { ...persistence, state: 'off', message: undefined });
      scheduleSaves();
    },

    async reset(): Promise<InitResult> {
      attach(fresh());
      if (role === 'owner') {
        if (saving) await saving;
        dirty = true;
        await save();
        deps.broadcast?.({ type: 'reset', at: deps.epochNow() });
      }
      return { restored: false, now: must().now() };
    },

    async reloadFromSaved(): Promise<InitResult> {
      const r = await restoreSaved(false);
      if (r.cluster) attach(r.cluster);
      return { ...r.result, now: must().now() };
    },

    async savedBlob(key: string): Promise<SavedBlob | null> {
      if (!storage) return null;
      const storageKey = key === 'current' ? SAVE_KEY : key;
      const raw = await storage.get(storageKey);
      if (raw === undefined) return null;
      let text: string;
      try {
        text = JSON.stringify(raw, null, 1);
      } catch {
        text = String(raw);
      }
      return { key: storageKey, text };
    },

    debugCrash(mode: CrashMode): void {
      if (mode === 'exit') deps.exit?.();
      else
        wall.setTimer(() => {
          throw new Error('Podium debug crash: the engine threw an uncaught error');
        }, 0);
    },

    cluster: () => must(),

    dispose(): void {
      driver.dispose();
      if (saveTimer !== undefined) wall.clearTimer(saveTimer);
      saveTimer = undefined;
      unsubscribe?.();
    },
  };
  return facade;
}
