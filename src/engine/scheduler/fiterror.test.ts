import { describe, expect, it } from 'vitest';
import type { Status } from './filters';
import { fitErrorMessage, preemptionMessage, reasonHistogram, truncateMessage } from './fiterror';

const st = (plugin: string, code: Status['code'], ...reasons: string[]): Status => ({ plugin, code, reasons });

describe('FitError message', () => {
  it('matches v1.32 for a tainted control plane and two full workers', () => {
    const statuses = [
      st('TaintToleration', 'UnschedulableAndUnresolvable', 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'),
      st('NodeResourcesFit', 'Unschedulable', 'Insufficient cpu'),
      st('NodeResourcesFit', 'Unschedulable', 'Insufficient cpu'),
    ];
    const post = preemptionMessage(3, 2);
    expect(fitErrorMessage(3, statuses, { postFilterMsg: post })).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('counts every reason of a node', () => {
    const msg = fitErrorMessage(2, [st('NodeResourcesFit', 'Unschedulable', 'Insufficient cpu', 'Insufficient memory'), st('NodeResourcesFit', 'Unschedulable', 'Insufficient memory')]);
    expect(msg).toBe('0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.');
  });

  it('adds nodes a PreFilter left out (DaemonSet pod pinned to one node)', () => {
    const msg = fitErrorMessage(3, [st('NodeResourcesFit', 'Unschedulable', 'Insufficient cpu')], {
      absent: { reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"], count: 2 },
      postFilterMsg: preemptionMessage(3, 1),
    });
    expect(msg).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });

  it('prints a PreFilter rejection instead of the histogram', () => {
    expect(fitErrorMessage(3, [], { preFilterMsg: 'pod affinity terms conflict', postFilterMsg: preemptionMessage(3, 0) })).toBe(
      '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('sorts as strings, so 10 comes before 2', () => {
    expect(reasonHistogram(new Map([['b', 2], ['a', 10]]))).toEqual(['10 a', '2 b']);
  });

  it('truncates event notes to 1024 characters', () => {
    const long = 'x'.repeat(2000);
    expect(truncateMessage(long)).toHaveLength(1024);
    expect(truncateMessage(long).endsWith('...')).toBe(true);
    expect(truncateMessage('short')).toBe('short');
  });
});
