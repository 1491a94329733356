/**
 * Subresources that are more than a field write: `pods/binding`, which the scheduler uses to put
 * a pod on a node (the only way spec.nodeName of an existing pod may change).
 */
import { clone } from '../sim/dev';
import { conflict } from '../api/errors';
import { mustKind } from '../api/registry';
import { rfc3339 } from '../api/time';
import type { KObject } from '../api/types';
import type { ApiStore } from './store';

/** Binds a pod to a node (POST pods/NAME/binding); Conflict when it is already bound. */
export function bindPod(store: ApiStore, namespace: string, name: string, nodeName: string, now: number): KObject {
  const pod = store.mustGet('Pod', namespace, name);
  if (pod.spec?.nodeName) throw conflict(mustKind('Pod'), name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  if (pod.metadata.deletionTimestamp) throw conflict(mustKind('Pod'), name, `pod ${name} is being deleted, cannot be assigned to a host`);
  const next = clone(pod);
  next.spec.nodeName = nodeName;
  const conditions = (next.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(now) });
  next.status = { ...(next.status ?? {}), conditions };
  return store.update(next, { subresource: 'binding' });
}
