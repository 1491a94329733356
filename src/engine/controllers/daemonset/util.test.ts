import { describe, expect, it } from 'vitest';
import type { KObject, Taint, Toleration } from '../../api/types';
import {
  addOrUpdateDaemonPodTolerations,
  getTargetNodeName,
  nodeSelectorTermsMatch,
  nodeShouldRunDaemonPod,
  replaceDaemonSetPodNodeNameNodeAffinity,
  scaledValueRoundUp,
  toleratesTaint,
} from './util';

const node = (name: string, labels: Record<string, string> = {}, taints?: Taint[]): KObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels, uid: `u-${name}`, resourceVersion: '1', creationTimestamp: '2025-03-03T09:00:00Z' },
  spec: taints ? { taints } : {},
});

const ds = (spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'd', namespace: 'kube-system', uid: 'u-d', resourceVersion: '1', creationTimestamp: '2025-03-03T09:00:00Z' },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }], ...spec } } },
});

describe('toleratesTaint', () => {
  const taint: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
  it.each<[Toleration, boolean]>([
    [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }, true],
    [{ key: 'dedicated', value: 'db' }, true],
    [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }, false],
    [{ key: 'dedicated', operator: 'Exists' }, true],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    [{ operator: 'Exists' }, true],
    [{ key: 'other', operator: 'Exists' }, false],
  ])('%j -> %s', (t, ok) => expect(toleratesTaint(t, taint)).toBe(ok));
});

describe('nodeSelectorTermsMatch', () => {
  const n = node('w1', { zone: 'a', gpu: '2' });
  it.each<[unknown[], boolean]>([
    [[{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }], true],
    [[{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }], false],
    [[{ matchExpressions: [{ key: 'ssd', operator: 'DoesNotExist' }] }], true],
    [[{ matchExpressions: [{ key: 'gpu', operator: 'Gt', values: ['1'] }] }], true],
    [[{ matchExpressions: [{ key: 'gpu', operator: 'Lt', values: ['2'] }] }], false],
    [[{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w1'] }] }], true],
    [[{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w2'] }] }, { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }], true],
    [[{}], false],
    [[], false],
  ])('%j -> %s', (terms, ok) => expect(nodeSelectorTermsMatch(terms as never, n)).toBe(ok));
});

describe('nodeShouldRunDaemonPod', () => {
  it.each<[string, KObject, KObject, boolean, boolean]>([
    ['plain node', node('w1'), ds(), true, true],
    ['nodeSelector mismatch', node('w1'), ds({ nodeSelector: { disk: 'ssd' } }), false, false],
    ['untolerated NoSchedule: keeps running pods', node('w1', {}, [{ key: 'x', effect: 'NoSchedule' }]), ds(), false, true],
    ['untolerated NoExecute: evicts', node('w1', {}, [{ key: 'x', effect: 'NoExecute' }]), ds(), false, false],
    ['PreferNoSchedule is ignored', node('w1', {}, [{ key: 'x', effect: 'PreferNoSchedule' }]), ds(), true, true],
    ['cordoned node is tolerated', node('w1', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), ds(), true, true],
    ['unreachable node is tolerated', node('w1', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]), ds(), true, true],
    ['network-unavailable needs hostNetwork', node('w1', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), ds(), false, true],
    ['network-unavailable with hostNetwork', node('w1', {}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), ds({ hostNetwork: true }), true, true],
    ['template nodeName elsewhere', node('w1'), ds({ nodeName: 'w2' }), false, false],
  ])('%s', (_why, n, d, shouldRun, shouldContinueRunning) => {
    expect(nodeShouldRunDaemonPod(n, d)).toEqual({ shouldRun, shouldContinueRunning });
  });
});

describe('daemon pod helpers', () => {
  it('adds the daemon tolerations once, replacing a matching one with tolerationSeconds', () => {
    const spec: Record<string, unknown> = {
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'CriticalAddonsOnly', operator: 'Exists' },
      ],
    };
    addOrUpdateDaemonPodTolerations(spec);
    addOrUpdateDaemonPodTolerations(spec);
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('replaces the required node affinity with the node name and keeps preferences', () => {
    const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }];
    const out = replaceDaemonSetPodNodeNameNodeAffinity(
      { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'os', operator: 'Exists' }] }] }, preferredDuringSchedulingIgnoredDuringExecution: preferred } },
      'w7',
    );
    expect(out).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['w7'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: preferred,
      },
    });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { affinity: out } } as unknown as KObject;
    expect(getTargetNodeName(pod)).toBe('w7');
    expect(getTargetNodeName({ ...pod, spec: { ...pod.spec, nodeName: 'w8' } })).toBe('w8');
    expect(getTargetNodeName({ ...pod, spec: {} })).toBeUndefined();
  });

  it.each<[number | string | undefined, number, number]>([
    [1, 10, 1],
    ['10%', 15, 2],
    ['50%', 4, 2],
    ['0%', 4, 0],
    ['x', 4, 0],
    [undefined, 4, 0],
  ])('maxUnavailable %j of %i nodes is %i', (v, total, n) => expect(scaledValueRoundUp(v, total)).toBe(n));
});
