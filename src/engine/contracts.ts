/**
 * The interfaces through which the engine's parts and its clients (kubectl, the worker facade)
 * reach the components that are more than API objects: the scheduler's reasoning, the kubelets'
 * containers (exec, logs, files), and the network. Each part implements its interface; the
 * Engine holds one of each.
 */

import type { HttpRequest, HttpResponse, PodNetwork } from './kubelet/apps/types';

/** Why one node was or was not chosen for a pod. */
export interface NodeVerdict {
  node: string;
  /** The filter plugin that rejected the node (`TaintToleration`), absent when it passed. */
  rejectedBy?: string;
  /** The reason as the FailedScheduling message words it (`node(s) had untolerated taint {...}`). */
  reason?: string;
  /** Total weighted score, for nodes that passed every filter. */
  score?: number;
  /** Per-plugin weighted scores (`NodeResourcesFit`: 72, ...). */
  scores?: Record<string, number>;
}

/** The scheduler's decision for one pod, recomputed against the cluster as it is now. */
export interface SchedulingExplanation {
  namespace: string;
  pod: string;
  /** The node the pod is bound to, if any. */
  boundTo?: string;
  /** The node the scheduler would pick now (highest score), if any fits. */
  chosen?: string;
  /** The FailedScheduling message when no node fits. */
  message?: string;
  nodes: NodeVerdict[];
}

/** What a command run in a container printed and returned. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A command to run in a container (`kubectl exec`, probes, the scenario shell's curl). */
export interface ExecRequest {
  namespace: string;
  pod: string;
  /** Defaults to the first container (kubectl prints which one it chose). */
  container?: string;
  command: string[];
  stdin?: string;
}

/** Options of reading a container's log. */
export interface LogOptions {
  container?: string;
  previous?: boolean;
  tail?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
}

/** The kubelets of all nodes, as the rest of the engine sees them. */
export interface KubeletApi {
  /** Stops a node's kubelet: no status updates, no new pods, heartbeats stop. */
  stopNode(name: string): void;
  /** Resumes a node's kubelet. */
  startNode(name: string): void;
  /** Whether a node's kubelet runs. */
  isRunning(name: string): boolean;
  /** Runs a command in a running container. Throws an ApiError-like error when it cannot. */
  exec(req: ExecRequest): ExecResult;
  /** A container's log as `kubectl logs` prints it. */
  logs(namespace: string, pod: string, opts: LogOptions): string;
  /** Log lines written after `sinceMs`, for `kubectl logs -f`. */
  logsSince?(namespace: string, pod: string, container: string, sinceMs: number): string;
  /**
   * Delivers an HTTP request to whatever listens on `port` in a pod (the network part routes
   * Service traffic here); the app's access-log lines are appended to the container's log.
   */
  serveHttp?(namespace: string, pod: string, port: number, req: Omit<HttpRequest, 'port'>): { ok: true; response: HttpResponse } | { ok: false; error: 'refused' | 'no-pod' | 'not-running' };
  /** The running pod that has an IP (pod network or host network), if any. */
  podByIP?(ip: string): { namespace: string; name: string } | undefined;
  /** Replaces how programs inside containers (curl, wget, nslookup) reach the network. */
  setNetwork?(net: PodNetwork): void;
}

/** The scheduler, as the rest of the engine sees it. */
export interface SchedulerApi {
  /** Explains where a pod would go and why the other nodes would not do. */
  explain(namespace: string, pod: string): SchedulingExplanation;
}
