/**
 * The pod QoS class the API server stores in status.qosClass at creation
 * (pkg/apis/core/helper/qos ComputePodQOS). Only cpu and memory count, summed over containers and
 * init containers; zero quantities are ignored.
 *
 * Worked example: one container with requests {cpu: 100m} and no limits -> Burstable; limits
 * {cpu: 1, memory: 1Gi} (requests defaulted from them) -> Guaranteed; nothing at all -> BestEffort.
 */
import { parseQuantity } from '../quantity';

/** The QoS classes. */
export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

const QOS_RESOURCES = ['cpu', 'memory'];

function amount(q: unknown): number {
  try {
    return parseQuantity(q as string);
  } catch {
    return 0;
  }
}

/** ComputePodQOS over a pod spec (its requests must already be defaulted from limits). */
export function computePodQOS(spec: Obj | undefined): QOSClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const all: Obj[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  for (const c of all) {
    for (const [name, q] of Object.entries<unknown>(c?.resources?.requests ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const v = amount(q);
      if (v > 0) requests.set(name, (requests.get(name) ?? 0) + v);
    }
    const found = new Set<string>();
    for (const [name, q] of Object.entries<unknown>(c?.resources?.limits ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const v = amount(q);
      if (v > 0) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0) + v);
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim === undefined || Math.abs(lim - req) > 1e-9 * Math.max(1, lim)) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
