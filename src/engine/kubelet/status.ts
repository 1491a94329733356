/**
 * The pod status a 1.32 kubelet reports (pkg/kubelet/kubelet_pods.go generateAPIPodStatus and
 * getPhase; pkg/kubelet/status/generate.go for the conditions): phase, the four kubelet-owned
 * conditions in the kubelet's order, container statuses with state/lastState, IPs, startTime.
 * Conditions owned by others (PodScheduled, DisruptionTarget) are kept.
 */
import type { KObject } from '../api/types';
import { rfc3339 } from '../api/time';
import type { CRec, Inst, PodRec } from './records';

const EPOCH = '1970-01-01T00:00:00Z';

/** The kubelet-owned pod conditions, in the order the kubelet writes them. */
export const KUBELET_POD_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

function terminatedOf(i: Inst): Record<string, unknown> {
  const t: Record<string, unknown> = {
    containerID: `containerd://${i.id}`,
    exitCode: i.exitCode ?? 0,
    finishedAt: rfc3339(i.finishedAt ?? i.startedAt),
    reason: i.reason ?? (i.exitCode ? 'Error' : 'Completed'),
    startedAt: i.reason === 'StartError' ? EPOCH : rfc3339(i.startedAt),
  };
  if (i.message) t.message = i.message;
  return t;
}

/** A container's status (v1.ContainerStatus). */
export function containerStatus(spec: KObject['spec'], c: CRec): Record<string, unknown> {
  const i = c.inst;
  const running = !!i && i.finishedAt === undefined;
  let state: Record<string, unknown>;
  let lastState: Record<string, unknown> = {};
  if (c.waiting && !running) {
    state = { waiting: c.waiting.message ? { message: c.waiting.message, reason: c.waiting.reason } : { reason: c.waiting.reason } };
    if (i) lastState = { terminated: terminatedOf(i) };
  } else if (i && running) {
    state = { running: { startedAt: rfc3339(i.startedAt) } };
    if (c.last) lastState = { terminated: terminatedOf(c.last) };
  } else if (i) {
    state = { terminated: terminatedOf(i) };
    if (c.last) lastState = { terminated: terminatedOf(c.last) };
  } else {
    state = { waiting: { reason: 'ContainerCreating' } };
  }
  const out: Record<string, unknown> = {
    image: i ? i.imageName : spec.image,
    imageID: i ? i.imageID : '',
    lastState,
    name: c.name,
    ready: running && !!i?.ready,
    restartCount: c.restartCount,
    started: running && !!i?.started,
    state,
  };
  if (i) out.containerID = `containerd://${i.id}`;
  const mounts: Array<Record<string, unknown>> = spec.volumeMounts ?? [];
  if (mounts.length) {
    out.volumeMounts = mounts.map((m) => {
      const v: Record<string, unknown> = { mountPath: m.mountPath, name: m.name };
      if (m.readOnly) {
        v.readOnly = true;
        v.recursiveReadOnly = 'Disabled';
      }
      return v;
    });
  }
  return out;
}

/** getPhase over the regular containers' statuses (pkg/kubelet/kubelet_pods.go). */
export function podPhase(pod: KObject, rec: PodRec, initPending: boolean, initFailed: boolean, podIsTerminal: boolean): string {
  if (rec.rejected) return 'Failed';
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (initPending) return policy === 'Never' && initFailed ? 'Failed' : 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of rec.containers) {
    if (c.init) continue;
    const i = c.inst;
    if (i && i.finishedAt === undefined && !c.waiting) running++;
    else if (i && i.finishedAt !== undefined) {
      stopped++;
      if (i.exitCode === 0) succeeded++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (podIsTerminal && !rec.static) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

interface Cond {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function cond(type: string, ok: boolean, reason?: string, message?: string): Cond {
  const c: Cond = { type, status: ok ? 'True' : 'False' };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

/** Inputs of podStatus beyond the pod and its record. */
export interface StatusInput {
  now: number;
  hostIP: string;
  /** hostNetwork pods report the node IP as their IP. */
  podIP?: string;
  phase: string;
  initPending: string[];
  /** Whether the sandbox is up (PodReadyToStartContainers). */
  sandboxReady: boolean;
}

/** The full pod status, merging the kubelet's conditions into the existing ones. */
export function podStatus(pod: KObject, rec: PodRec, input: StatusInput): Record<string, unknown> {
  const old: Record<string, any> = pod.status ?? {};
  const oldConds: Array<Record<string, any>> = old.conditions ?? [];
  const now = rfc3339(input.now);
  const terminal = input.phase === 'Succeeded' || input.phase === 'Failed';
  const regular = rec.containers.filter((c) => !c.init);
  const unready = regular.filter((c) => !(c.inst && c.inst.finishedAt === undefined && !c.waiting && c.inst.ready)).map((c) => c.name);
  const gates: Array<{ conditionType: string }> = pod.spec?.readinessGates ?? [];
  const missingGates = gates.filter((g) => oldConds.find((c) => c.type === g.conditionType)?.status !== 'True');
  const conds: Cond[] = [];
  if (!rec.rejected) {
    conds.push(cond('PodReadyToStartContainers', input.sandboxReady));
    conds.push(cond('Initialized', input.initPending.length === 0, 'ContainersNotInitialized', `containers with incomplete status: [${input.initPending.join(' ')}]`));
    const containersReady = unready.length === 0;
    let ready: Cond;
    if (terminal) ready = cond('Ready', false, 'PodCompleted');
    else if (!containersReady) ready = cond('Ready', false, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`);
    else if (missingGates.length)
      ready = cond(
        'Ready',
        false,
        'ReadinessGatesNotReady',
        oldConds.find((c) => c.type === missingGates[0].conditionType)
          ? `the status of pod readiness gate "${missingGates[0].conditionType}" is not "True", but False`
          : `corresponding condition of pod readiness gate "${missingGates[0].conditionType}" does not exist.`,
      );
    else ready = cond('Ready', true);
    conds.push(ready);
    conds.push(terminal ? cond('ContainersReady', false, 'PodCompleted') : cond('ContainersReady', containersReady, 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`));
  }
  const conditions: Array<Record<string, unknown>> = conds.map((c) => {
    const prev = oldConds.find((o) => o.type === c.type);
    return {
      lastProbeTime: null,
      lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now,
      ...(c.message ? { message: c.message } : {}),
      ...(c.reason ? { reason: c.reason } : {}),
      status: c.status,
      type: c.type,
    };
  });
  for (const o of oldConds) if (!KUBELET_POD_CONDITIONS.includes(o.type)) conditions.push(o);
  const status: Record<string, unknown> = { conditions };
  if (rec.rejected) {
    status.message = `Pod was rejected: ${rec.rejected.message}`;
    status.phase = 'Failed';
    status.reason = rec.rejected.reason;
    status.startTime = rfc3339(rec.admittedAt);
    if (old.qosClass) status.qosClass = old.qosClass;
    return status;
  }
  const specs = new Map<string, KObject['spec']>();
  for (const c of pod.spec?.initContainers ?? []) specs.set(`i:${c.name}`, c);
  for (const c of pod.spec?.containers ?? []) specs.set(`c:${c.name}`, c);
  status.containerStatuses = regular.map((c) => containerStatus(specs.get(`c:${c.name}`)!, c));
  status.hostIP = input.hostIP;
  status.hostIPs = [{ ip: input.hostIP }];
  const inits = rec.containers.filter((c) => c.init);
  if (inits.length) status.initContainerStatuses = inits.map((c) => containerStatus(specs.get(`i:${c.name}`)!, c));
  status.phase = input.phase;
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  status.qosClass = old.qosClass ?? qosClass(pod);
  status.startTime = rfc3339(rec.admittedAt);
  return status;
}

/** The QoS class (pkg/apis/core/v1/helper/qos): Guaranteed, Burstable or BestEffort. */
export function qosClass(pod: KObject): string {
  const cs: Array<Record<string, any>> = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
