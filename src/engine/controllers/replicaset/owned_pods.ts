/**
 * The ReplicaSet controller's incremental view of the pods one ReplicaSet controls.
 *
 * Upstream lists the pods of a ReplicaSet on every sync, which is fine when informers run in
 * parallel goroutines but costs O(replicas) per sync here: a 10,000-replica ReplicaSet whose
 * pods turn Ready at a thousand different instants would walk 10,000 pods a thousand times.
 * Instead, each pod the ReplicaSet controls is reduced to a few facts (active, matching the
 * selector, carrying all the template labels, ready and since when) and the counts the status
 * needs are kept up to date from the pods that changed since the last sync (the watch handler
 * notes their names). A cache is rebuilt from the store's `controller` index when the
 * ReplicaSet's generation changes (its selector or template may have changed) and after a
 * snapshot restore, so it is derived state only; in verification mode (tests) every sync
 * compares it with a rebuild.
 */
import type { KObject } from '../../api/types';
import { type Selector, matches } from '../../api/labels';
import { isPodReady, podCondition } from '../../api/podutil';
import { parseTime } from '../../api/time';
import { isPodActive } from '../controller_utils';

/** What the controller needs to know about one pod it controls. */
export interface PodFacts {
  /** Neither Succeeded nor Failed nor being deleted (controller.IsPodActive). */
  active: boolean;
  /** Matches the owner's selector (else it is released). */
  matches: boolean;
  /** Carries every label of the owner's pod template. */
  fullyLabeled: boolean;
  ready: boolean;
  /** When its Ready condition turned True (ms), NaN when not ready. */
  readySinceMs: number;
}

/** Reduces a pod to its facts for an owner with `selector` and pod template labels `templateLabels`. */
export function podFacts(pod: KObject, selector: Selector, templateLabels: Record<string, string>): PodFacts {
  const labels = pod.metadata.labels ?? {};
  let fullyLabeled = true;
  for (const k in templateLabels) {
    if (labels[k] !== templateLabels[k]) {
      fullyLabeled = false;
      break;
    }
  }
  const ready = isPodReady(pod);
  return {
    active: isPodActive(pod),
    matches: selector.length > 0 && matches(selector, labels),
    fullyLabeled,
    ready,
    readySinceMs: ready ? parseTime(podCondition(pod, 'Ready')?.lastTransitionTime) : NaN,
  };
}

/** The status counts of a ReplicaSet (over its active pods that match its selector). */
export interface ReplicaCounts {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** When the next ready pod becomes available (ms), if any is still waiting. */
  nextAvailableAtMs?: number;
}

/** The pods one owner controls, as facts, with running totals. */
export class OwnedPods {
  /** Pod name -> facts, for every pod whose controller reference names the owner. */
  readonly pods = new Map<string, PodFacts>();
  /** Active pods that match the selector: upstream's `filteredPods` after claiming. */
  active = 0;
  fullyLabeled = 0;
  ready = 0;
  /** Active pods that stopped matching the selector: to be released. */
  readonly nonMatching = new Set<string>();

  /** An empty view for the owner `uid` at `generation`. */
  constructor(
    readonly uid: string,
    readonly generation: number,
  ) {}

  /** Records a pod's new facts (undefined: it is gone or no longer controlled by the owner). */
  set(name: string, facts: PodFacts | undefined): void {
    const old = this.pods.get(name);
    if (old) this.account(name, old, -1);
    if (facts) {
      this.pods.set(name, facts);
      this.account(name, facts, 1);
    } else this.pods.delete(name);
  }

  private account(name: string, f: PodFacts, sign: 1 | -1): void {
    if (!f.active) return;
    if (!f.matches) {
      if (sign > 0) this.nonMatching.add(name);
      else this.nonMatching.delete(name);
      return;
    }
    this.active += sign;
    if (f.fullyLabeled) this.fullyLabeled += sign;
    if (f.ready) this.ready += sign;
  }

  /** Names of the active matching pods, sorted. */
  activeNames(): string[] {
    const out: string[] = [];
    for (const [name, f] of this.pods) if (f.active && f.matches) out.push(name);
    return out.sort();
  }

  /**
   * The counts at `nowMs`: with minReadySeconds 0 every ready pod is available; otherwise a pod
   * is available once Ready for minReadySeconds (podutil.IsPodAvailable), which takes one pass
   * over the facts (not over the pods).
   */
  counts(minReadySeconds: number, nowMs: number): ReplicaCounts {
    const out: ReplicaCounts = { replicas: this.active, fullyLabeledReplicas: this.fullyLabeled, readyReplicas: this.ready, availableReplicas: this.ready };
    if (!minReadySeconds) return out;
    let available = 0;
    let next = Infinity;
    for (const f of this.pods.values()) {
      if (!f.active || !f.matches || !f.ready) continue;
      const at = f.readySinceMs + minReadySeconds * 1000;
      if (at <= nowMs) available++;
      else if (at < next) next = at;
    }
    out.availableReplicas = available;
    if (next !== Infinity) out.nextAvailableAtMs = next;
    return out;
  }

  /** Whether two views hold the same facts and totals (verification mode). */
  sameAs(other: OwnedPods): boolean {
    if (this.active !== other.active || this.fullyLabeled !== other.fullyLabeled || this.ready !== other.ready) return false;
    if (this.pods.size !== other.pods.size || this.nonMatching.size !== other.nonMatching.size) return false;
    for (const [name, f] of this.pods) {
      const g = other.pods.get(name);
      if (!g || g.active !== f.active || g.matches !== f.matches || g.fullyLabeled !== f.fullyLabeled || g.ready !== f.ready) return false;
      if (!(g.readySinceMs === f.readySinceMs || (Number.isNaN(g.readySinceMs) && Number.isNaN(f.readySinceMs)))) return false;
    }
    for (const n of this.nonMatching) if (!other.nonMatching.has(n)) return false;
    return true;
  }
}
