/**
 * Pod predicates shared by controllers, kubectl and the UI, as in Kubernetes' podutil:
 * ready, available (ready for minReadySeconds), active (neither finished nor being deleted).
 */
import type { KObject } from './types';
import { parseTime } from './time';

/** A pod's condition of a type, if present. */
export function podCondition(pod: KObject, type: string): { status: string; lastTransitionTime?: string; reason?: string; message?: string } | undefined {
  return pod.status?.conditions?.find((c: { type: string }) => c.type === type);
}

/** Whether the pod's Ready condition is True. */
export function isPodReady(pod: KObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * Whether the pod has been Ready for at least minReadySeconds at `now` (podutil.IsPodAvailable):
 * with minReadySeconds 0 a ready pod is available at once.
 */
export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const t = parseTime(c.lastTransitionTime);
  return !Number.isNaN(t) && t + minReadySeconds * 1000 <= now;
}

/** When a ready pod becomes available (ms), or undefined if it is not ready. */
export function podAvailableAt(pod: KObject, minReadySeconds: number): number | undefined {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return undefined;
  return parseTime(c.lastTransitionTime) + minReadySeconds * 1000;
}

/** Whether the pod has finished (Succeeded or Failed). */
export function isPodTerminal(pod: KObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(pod: KObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** Whether the pod is being deleted (has a deletionTimestamp). */
export function isPodTerminating(pod: KObject): boolean {
  return !!pod.metadata.deletionTimestamp;
}

/**
 * fieldpath.ExtractFieldPathAsString for a pod: the value a downward-API env var or volume item
 * with `fieldRef.fieldPath` resolves to (labels and annotations by key; unknown paths give '').
 * Used by the kubelet (env, downwardAPI volumes) and by `kubectl describe` (Environment lines).
 */
export function podFieldPathValue(pod: KObject, fieldPath: string): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (m) return pod.metadata[m[1] as 'labels' | 'annotations']?.[m[2]] ?? '';
  const ips = (list: Array<{ ip: string }> | undefined) => (list ?? []).map((x) => x.ip).join(',');
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return ips(pod.status?.hostIPs);
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return ips(pod.status?.podIPs);
    default:
      return '';
  }
}
