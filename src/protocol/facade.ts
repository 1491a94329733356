/**
 * The typed facade the worker exposes over comlink and the UI calls through src/ui/engineClient.ts.
 * Every argument and result is plain data; the same implementation (src/worker/facade.ts) also runs
 * in-process in tests.
 */
import type { Frame, PersistenceStatus } from './batch';

/** kubectl's result: what it printed and its exit code. */
export interface KubectlOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Options of one kubectl run from the UI. */
export interface KubectlRequest {
  /** Standard input (`apply -f -`). */
  stdin?: string;
  /** Files readable with `-f NAME`. */
  files?: Record<string, string>;
  /** An id the UI can pass to cancel() (Ctrl-C) a waiting command. */
  id?: string;
  /**
   * `realtime` (default in the UI): waiting commands (rollout status, get -w) wait for the
   * driven clock; `advance`: they run the simulated clock forward themselves.
   */
  wait?: 'advance' | 'realtime';
}

/** Why the saved cluster could not be used. */
export interface RestoreProblem {
  /** `damaged`: unreadable or corrupt; `incompatible`: from an engine version we cannot load. */
  kind: 'damaged' | 'incompatible';
  message: string;
  /** Storage key under which the unusable state was kept for download. */
  keptAs: string | null;
}

/** How the worker should start its cluster. */
export interface InitRequest {
  /** `saved`: restore the saved cluster if there is one (else a fresh one); `fresh`: a new cluster. */
  source: 'saved' | 'fresh';
  /** `owner` saves to storage; `follower` never writes (another tab owns the cluster). */
  role: 'owner' | 'follower';
  /**
   * Start with the clock running or paused. Default: as it was saved (running for a new cluster);
   * a follower's clock never runs.
   */
  running?: boolean;
  /** Options of a new cluster (ignored when a saved one is restored): node count, seed. */
  cluster?: { nodes?: number; seed?: number };
}

/** The outcome of init, reset and reload. */
export interface InitResult {
  /** Whether the saved cluster was restored. */
  restored: boolean;
  /** Whether the saved state was migrated from an older app version. */
  migratedFrom?: number;
  /** Set when a saved state existed but could not be used; a fresh cluster started instead. */
  problem?: RestoreProblem;
  /** Simulated time after init. */
  now: number;
}

/** The scheduler's explanation, or why there is none. */
export type SchedulingAnswer =
  | { ok: true; explanation: SchedulingExplanationData }
  | { ok: false; error: string };

/** A node's verdict in a scheduling explanation (mirrors engine/contracts NodeVerdict). */
export interface NodeVerdictData {
  node: string;
  rejectedBy?: string;
  reason?: string;
  score?: number;
  scores?: Record<string, number>;
}

/** The scheduler's decision for one pod (mirrors engine/contracts SchedulingExplanation). */
export interface SchedulingExplanationData {
  namespace: string;
  pod: string;
  boundTo?: string;
  chosen?: string;
  message?: string;
  nodes: NodeVerdictData[];
}

/** A saved blob offered for download. */
export interface SavedBlob {
  key: string;
  /** JSON text of the stored value. */
  text: string;
}

/** How a debug crash is provoked (used by the end-to-end tests of the crash recovery). */
export type CrashMode = 'throw' | 'exit';

/** The engine as the UI sees it. All methods are async over comlink. */
export interface EngineFacade {
  /** Creates or restores the cluster; must be called first. */
  init(req: InitRequest): Promise<InitResult>;
  /** Takes everything that changed since the last call as one frame (null when nothing changed). */
  takeFrame(): Frame | null;
  /** Runs a kubectl command line. */
  kubectl(line: string, req?: KubectlRequest): Promise<KubectlOutput>;
  /** Cancels a waiting kubectl command started with the same id. */
  cancel(id: string): void;
  /** Starts the clock. */
  play(): void;
  /** Stops the clock. */
  pause(): void;
  /** Sets the speed (clamped to 0.25 .. 100). */
  setSpeed(speed: number): void;
  /** Advances simulated time by `ms` at once. */
  step(ms: number): void;
  /** Advances to the next scheduled event; false when nothing is scheduled. */
  stepToNextEvent(): boolean;
  /** Stops a node's kubelet (power loss). */
  stopNode(name: string): void;
  /** Starts a stopped node's kubelet. */
  startNode(name: string): void;
  /** The scheduler's decision for a pod. */
  explainScheduling(namespace: string, pod: string): SchedulingAnswer;
  /** Saves now (page hidden or closing); resolves with the resulting status. */
  saveNow(): Promise<PersistenceStatus>;
  /** Turns saving on (owner) or off (follower, taken over). */
  setRole(role: 'owner' | 'follower'): void;
  /** Replaces the cluster with a fresh one (and, as owner, overwrites the saved one). */
  reset(): Promise<InitResult>;
  /** Reloads the saved cluster (a follower catching up with the owner tab). */
  reloadFromSaved(): Promise<InitResult>;
  /** A stored value as JSON text, for download (`current` or a key from RestoreProblem.keptAs). */
  savedBlob(key: string): Promise<SavedBlob | null>;
  /** Provokes a crash (tests of the recovery path). */
  debugCrash(mode: CrashMode): void;
}

/** Name of the BroadcastChannel on which tabs announce saves and ownership. */
export const TABS_CHANNEL = 'podium-tabs';
/** Name of the Web Lock held by the tab that owns (and saves) the cluster. */
export const OWNER_LOCK = 'podium-cluster-owner';

/** A message between tabs on TABS_CHANNEL. */
export type TabMessage =
  | { type: 'saved'; at: number; simNow: number }
  | { type: 'reset'; at: number }
  | { type: 'taking-over'; at: number };
