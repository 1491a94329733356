/**
 * The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds):
 * a pod that does not already tolerate the not-ready or unreachable NoExecute taints gets a
 * 300-second toleration for each, so that pods on a node that stops leave it after five minutes.
 */
import type { KObject, Toleration } from '../../api/types';

/** --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;
/** The taint the node lifecycle controller puts on a NotReady node. */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
/** The taint the node lifecycle controller puts on a node whose status is Unknown. */
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** Adds the default tolerations to a pod being created. */
export function admitDefaultTolerationSeconds(pod: KObject): void {
  const tolerations: Toleration[] = pod.spec.tolerations ?? [];
  const tolerates = (key: string) => tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const add: Toleration[] = [];
  for (const key of [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE])
    if (!tolerates(key)) add.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (add.length) pod.spec.tolerations = [...tolerations, ...add];
}
