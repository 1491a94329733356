/**
 * The FailedScheduling message: framework.FitError.Error() of v1.32 followed by what
 * DefaultPreemption's PostFilter adds when no preemption victim exists.
 *
 * Format (pkg/scheduler/framework/types.go): `0/N nodes are available: ` then either the PreFilter
 * message + `.` or the histogram of every node's reasons as `"<count> <reason>"`, sorted as
 * strings, joined by `, `, then `.`; then a space and the PostFilter message (which carries its own
 * final period: since v1.30 no second period is added). Example with 3 nodes:
 * `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`
 */
import type { Status } from './filters';

/** framework.NoNodeAvailableMsg */
export const NO_NODE_AVAILABLE_MSG = (n: number) => `0/${n} nodes are available`;
/** Reason for nodes where preemption cannot help (UnschedulableAndUnresolvable, or not examined). */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** Reason for nodes where no lower-priority pod could be evicted. */
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
/** Event messages are cut at 1024 characters (schedule_one.go truncateMessage). */
export const NOTE_LENGTH_LIMIT = 1024;

/** The sorted reason histogram: `["1 node(s) ...", "2 Insufficient cpu"]`. */
export function reasonHistogram(counts: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [reason, n] of counts) out.push(`${n} ${reason}`);
  // Go's sort.Strings compares bytes; JavaScript's default sort compares UTF-16 code units, the
  // same for the ASCII these reasons use. "10 X" sorts before "2 Y", as upstream does.
  return out.sort();
}

/**
 * FitError.Error(): `statuses` holds the explicit status of each evaluated node; `absent` (with
 * its count) is the status of nodes a PreFilter result excluded.
 */
export function fitErrorMessage(
  numAllNodes: number,
  statuses: Iterable<Status>,
  opts: { preFilterMsg?: string; absent?: { reasons: string[]; count: number }; postFilterMsg?: string } = {},
): string {
  let msg = `${NO_NODE_AVAILABLE_MSG(numAllNodes)}:`;
  if (opts.preFilterMsg) {
    msg += ` ${opts.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    if (opts.absent && opts.absent.count > 0) for (const r of opts.absent.reasons) counts.set(r, (counts.get(r) ?? 0) + opts.absent.count);
    const hist = reasonHistogram(counts);
    if (hist.length) msg += ` ${hist.join(', ')}.`;
  }
  if (opts.postFilterMsg) msg += ` ${opts.postFilterMsg}`;
  return msg;
}

/**
 * DefaultPreemption's message when no candidate exists: nodes rejected as Unschedulable were
 * candidates but offered no victim (`victimless` = how many); every other node is "absent" from
 * the dry run and counts as "Preemption is not helpful for scheduling". `otherReasons` holds the
 * reasons of candidate nodes where evicting every lower-priority pod would still not help.
 */
export function preemptionMessage(numAllNodes: number, victimless: number, otherReasons: Status[] = []): string {
  const candidates = victimless + otherReasons.length;
  const statuses: Status[] = [...otherReasons];
  for (let i = 0; i < victimless; i++) statuses.push({ plugin: 'DefaultPreemption', code: 'UnschedulableAndUnresolvable', reasons: [NO_PREEMPTION_VICTIMS] });
  const inner = fitErrorMessage(numAllNodes, statuses, { absent: { reasons: [PREEMPTION_NOT_HELPFUL], count: numAllNodes - candidates } });
  return `preemption: ${inner}`;
}

/** Message when the pod's preemptionPolicy is Never (PodEligibleToPreemptOthers). */
export const PREEMPTION_POLICY_NEVER = 'preemption: not eligible due to preemptionPolicy=Never.';

/** schedule_one.go truncateMessage: cut to 1024 characters ending in `...`. */
export function truncateMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  return message.slice(0, NOTE_LENGTH_LIMIT - 3) + '...';
}
