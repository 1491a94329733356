/**
 * The kubelet fleet's own state, as plain JSON (it goes into snapshots): per node (identity,
 * lease anchor, pulled images, IPAM, pull queue), per pod (sandbox, IP, containers, termination)
 * and per container instance (IDs, times, exit, appended log lines, files written by exec).
 */
import type { BackoffEntry } from './backoff';
import type { ProbeState } from './probes';
import type { FsOp } from './apps/process';

/** One container instance (a containerd container): created, running, exited. */
export interface Inst {
  /** 64 hex digits. */
  id: string;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  /** Completed, Error, StartError, ContainerStatusUnknown. */
  reason?: string;
  message?: string;
  /** Normalised image name and image ID it ran. */
  imageName: string;
  imageID: string;
  /** The command line and environment it was started with (kept so a restore rebuilds the same process). */
  argv: string[];
  env: Array<[string, string]>;
  /** Files projected from ConfigMaps and Secrets at start. */
  volumeFiles?: Record<string, string>;
  /** A stop in progress: when, why, and when the process exits with which code. */
  stop?: { at: number; exitAt: number; code: number; kind: 'delete' | 'probe' | 'spec' | 'restart' };
  /** Lines appended after start (access logs, shutdown lines): [at, 0 stdout | 1 stderr, text]. */
  logs: Array<[number, 0 | 1, string]>;
  /** Files written by `kubectl exec`. */
  fsOps: FsOp[];
  /** Probe states of this instance. */
  probes: Partial<Record<'startup' | 'liveness' | 'readiness', ProbeState>>;
  /** Readiness from the readiness probe (or true without one, once started). */
  ready: boolean;
  /** Whether the startup probe succeeded (or true without one). */
  started: boolean;
  /** The process will change nothing more by itself (a server or an endless sleep): no need to look. */
  quiet?: boolean;
  /** The readiness manual trigger has run (UpdatePodStatus runs a readiness probe at start). */
  triggered?: boolean;
}

/** A container of a pod, across its restarts. */
export interface CRec {
  name: string;
  init: boolean;
  /** An init container with restartPolicy Always (a sidecar). */
  sidecar: boolean;
  /** The spec image the current state refers to. */
  image: string;
  /** The image pull in progress or finished: requested/done times, outcome. */
  pull?: { requestedAt: number; doneAt: number; durationMs: number; ok: boolean; error?: string; code?: string; consumed?: boolean };
  pullBackoff?: BackoffEntry;
  crashBackoff?: BackoffEntry;
  /** Why it waits, when it does (ContainerCreating, CrashLoopBackOff, ErrImagePull, ...). */
  waiting?: { reason: string; message?: string };
  /** A (re)start was decided and is under way (image pull, create). */
  starting?: boolean;
  /** When the kubelet looks at it again (back-off re-sync, PLEG after an exit). */
  retryAt?: number;
  inst?: Inst;
  /** The previous terminated instance (status lastState). */
  last?: Inst;
  restartCount: number;
  /** Init containers: completed successfully. */
  done?: boolean;
}

/** A pod the kubelet runs. */
export interface PodRec {
  /** `namespace/name`. */
  key: string;
  uid: string;
  node: string;
  /** When the kubelet admitted it (startTime; probe workers tick from here). */
  admittedAt: number;
  /** When its sandbox (pause container and network) is ready. */
  sandboxAt: number;
  sandboxReady?: boolean;
  ip?: string;
  /** Requests counted against the node while it runs: [cpu milli, memory bytes]. */
  req?: [number, number];
  /** Rejected at admission: reason and message. */
  rejected?: { reason: string; message: string };
  containers: CRec[];
  /** Being deleted: kill started at. */
  killingAt?: number;
  /** Reached Succeeded/Failed. */
  terminal?: 'Succeeded' | 'Failed';
  /** A static pod: its manifest index and the mirror pod state. */
  static?: { index: number; seenAt: number; mirrorUid?: string };
  /** resourceVersion of the kubelet's last status write (watch events of it are ignored). */
  lastRV?: string;
  /**
   * The status the status manager holds and writes at the next PLEG relist (a whole second):
   * the latest one the pod's syncs generated, and the resourceVersion of the pod it was
   * generated from.
   */
  pendingStatus?: Record<string, unknown>;
  pendingRV?: string;
  /** Every container has stopped: the status manager deletes the pod (grace 0) after its next write. */
  deleteAtRelist?: boolean;
  timerId?: number;
  wakeAt?: number;
}

/** A node's kubelet. */
export interface NodeRec {
  name: string;
  index: number;
  controlPlane: boolean;
  machineID: string;
  systemUUID: string;
  bootID: string;
  joinAt: number;
  /** When the CNI is ready (the node turns Ready). */
  cniAt: number;
  registered: boolean;
  cniReady: boolean;
  running: boolean;
  stoppedAt?: number;
  /** Lease renewals are derived from this anchor while running. */
  leaseAnchor: number;
  /** Pulled images: imageID -> [present since, tags]. */
  images: Record<string, { presentAt: number; tags: string[]; size: number }>;
  /** The serial image puller is busy until. */
  pullBusyUntil: number;
  /** host-local IPAM: last reserved host number, and used host numbers. */
  ipLast: number;
  ipUsed: number[];
  /** A node status write is pending at (images changed). */
  statusAt?: number;
}
