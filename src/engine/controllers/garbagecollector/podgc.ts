/**
 * The pod garbage collector's orphan sweep (pkg/controller/podgc/gc_controller.go gcOrphaned,
 * v1.32): pods bound to a node that no longer exists are, after the node has been missing for a
 * quarantine of 40 s, marked Failed with a `DisruptionTarget` condition (reason
 * `DeletionByPodGC`) and force-deleted (grace period 0). Without it, the pods of a deleted node
 * (DaemonSet pods included) would stay forever, since no kubelet is left to remove them.
 *
 * Upstream sweeps every 20 s; Podium starts the quarantine when a node is deleted (or a pod is
 * bound to a node that does not exist) and checks once when it ends. The terminated-pod
 * threshold and the out-of-service sweep of upstream PodGC are not simulated.
 */
import { Controller, type ControllerContext } from '../../client/controller';
import type { WatchEvent } from '../../store/store';
import type { KObject } from '../../api/types';
import { isApiError } from '../../api/errors';
import { rfc3339 } from '../../api/time';
import { clone } from '../../sim/dev';

/** quarantineTime: how long a node must be missing before its pods are collected. */
export const POD_GC_QUARANTINE_MS = 40_000;

/** The pod garbage collector (orphaned pods only). */
export class PodGCController extends Controller {
  /** Creates the collector and watches nodes and pods. */
  constructor(ctx: ControllerContext) {
    super('pod-garbage-collector', ctx);
    this.store.watch('Node', (ev) => {
      if (ev.type === 'DELETED') this.queue.addAfter(ev.object.metadata.name, POD_GC_QUARANTINE_MS);
    });
    this.store.watch('Pod', (ev) => this.onPod(ev));
  }

  private onPod(ev: WatchEvent): void {
    if (ev.type === 'DELETED') return;
    const node: string | undefined = ev.object.spec?.nodeName;
    if (!node || ev.old?.spec?.nodeName === node) return;
    if (!this.store.get('Node', undefined, node)) this.queue.addAfter(node, POD_GC_QUARANTINE_MS);
  }

  /** After the quarantine: if the node is still missing, collect the pods bound to it. */
  protected sync(nodeName: string): void {
    if (this.store.get('Node', undefined, nodeName)) return;
    const pods = this.store
      .byIndex('Pod', 'node', nodeName)
      .slice()
      .sort((a, b) => {
        const ka = `${a.metadata.namespace}/${a.metadata.name}`;
        const kb = `${b.metadata.namespace}/${b.metadata.name}`;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    for (const pod of pods) this.markFailedAndDelete(pod);
  }

  /** markFailedAndDeletePodWithCondition: phase Failed + DisruptionTarget, then delete with grace 0. */
  private markFailedAndDelete(pod: KObject): void {
    try {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        const upd = clone(pod);
        const conditions = (upd.status?.conditions ?? []).filter((c: { type: string }) => c.type !== 'DisruptionTarget');
        conditions.push({
          type: 'DisruptionTarget',
          status: 'True',
          lastTransitionTime: rfc3339(this.now),
          reason: 'DeletionByPodGC',
          message: 'PodGC: node no longer exists',
        });
        upd.status = { ...(upd.status ?? {}), phase: 'Failed', conditions };
        this.store.updateStatus(upd);
      }
      this.store.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 });
    } catch (e) {
      if (!isApiError(e, 'NotFound')) throw e;
    }
  }
}
