import { describe, expect, it } from 'vitest';
import type { Toleration } from '../api/types';
import { matchingTolerations, minTolerationSeconds, toleratesTaint } from './taints';
import { affinityNodeNames, preferredTerms } from './nodeaffinity';
import type { KObject } from '../api/types';

describe('tolerations', () => {
  it.each([
    [{ operator: 'Exists' }, { key: 'a', value: 'b', effect: 'NoExecute' }, true],
    [{ key: 'a', operator: 'Exists' }, { key: 'a', value: 'b', effect: 'NoSchedule' }, true],
    [{ key: 'a', value: 'b' }, { key: 'a', value: 'b', effect: 'NoSchedule' }, true],
    [{ key: 'a', value: 'c' }, { key: 'a', value: 'b', effect: 'NoSchedule' }, false],
    [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }, false],
    [{ key: 'a', operator: 'Lt' }, { key: 'a', effect: 'NoExecute' }, false],
  ])('%j tolerates %j: %s', (t, taint, ok) => expect(toleratesTaint(t, taint)).toBe(ok));

  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  const t300: Toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  it.each([
    ['default 300 s toleration', [t300], 300],
    ['forever (DaemonSet pods)', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }], -1],
    ['the shortest wins', [{ ...t300, tolerationSeconds: 60 }, { operator: 'Exists' }], 60],
    ['zero or negative evicts at once', [{ ...t300, tolerationSeconds: -5 }], 0],
  ])('%s', (_n, tolerations, secs) => {
    const m = matchingTolerations([unreachable], tolerations as Toleration[]);
    expect(m.ok).toBe(true);
    expect(minTolerationSeconds(m.used)).toBe(secs);
  });

  it('reports an untolerated taint', () => {
    expect(matchingTolerations([unreachable, { key: 'x', effect: 'NoExecute' }], [t300]).ok).toBe(false);
  });
});

describe('node affinity helpers', () => {
  const pod = (terms: unknown[], preferred: unknown[] = []) =>
    ({ metadata: { name: 'p' }, spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms }, preferredDuringSchedulingIgnoredDuringExecution: preferred } } } }) as unknown as KObject;
  const name = (op: string, ...values: string[]) => ({ matchFields: [{ key: 'metadata.name', operator: op, values }] });
  it.each([
    ['DaemonSet pod: one node', [name('In', 'n1')], ['n1']],
    ['terms unite', [name('In', 'n1'), name('In', 'n2')], ['n1', 'n2']],
    ['a term without a name field allows all nodes', [name('In', 'n1'), { matchExpressions: [{ key: 'a', operator: 'Exists' }] }], undefined],
    ['NotIn does not narrow', [name('NotIn', 'n1')], undefined],
  ])('affinityNodeNames: %s', (_n, terms, want) => {
    const got = affinityNodeNames(pod(terms));
    expect(got ? [...got].sort() : got).toEqual(want);
  });

  it('conflicting names within a term give an empty set', () => {
    const t = { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }, { key: 'metadata.name', operator: 'In', values: ['b'] }] };
    expect(affinityNodeNames(pod([t]))?.size).toBe(0);
  });

  it('compiles preferred terms, dropping weight 0 and empty preferences', () => {
    const terms = preferredTerms(
      pod([], [
        { weight: 80, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
        { weight: 0, preference: { matchExpressions: [{ key: 'x', operator: 'Exists' }] } },
        { weight: 5, preference: {} },
      ]),
    );
    expect(terms.map((t) => t.weight)).toEqual([80]);
    expect(terms[0].match({ disk: 'ssd' }, 'n')).toBe(true);
  });
});
