import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import { NodeInfo } from './nodeinfo';
import { newPodInfo } from './podinfo';
import { newPodCycle, runFilters, taintToleration, nodeUnschedulable, nodeAffinity, nodePorts, nodeResourcesFit, nodeName } from './filters';
import { nodeObject, podObject, type TestNode, type TestPod } from './testing';

function ni(n: TestNode, pods: TestPod[] = []): NodeInfo {
  const info = new NodeInfo(nodeObject(n) as unknown as KObject);
  pods.forEach((p, i) => info.addPod(newPodInfo({ ...(podObject({ ...p, nodeName: n.name }) as unknown as KObject), metadata: { name: p.name, namespace: 'default', uid: `u${i}` } } as KObject)));
  return info;
}
function cycle(p: TestPod) {
  const obj = podObject(p) as unknown as KObject;
  obj.metadata.uid = 'pod';
  return newPodCycle(newPodInfo(obj));
}

describe('NodeUnschedulable', () => {
  it.each([
    ['schedulable node', {}, undefined, undefined],
    ['cordoned node', { unschedulable: true }, undefined, 'node(s) were unschedulable'],
    ['cordoned, pod tolerates the unschedulable taint', { unschedulable: true }, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }], undefined],
    ['cordoned, toleration for every taint', { unschedulable: true }, [{ operator: 'Exists' }], undefined],
  ])('%s', (_n, node, tolerations, reason) => {
    const s = nodeUnschedulable(cycle({ name: 'p', tolerations: tolerations as never }), ni({ name: 'n', ...node }));
    expect(s?.reasons[0]).toBe(reason);
    if (s) expect(s.code).toBe('UnschedulableAndUnresolvable');
  });
});

describe('TaintToleration filter', () => {
  const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
  it.each([
    ['no taints', [], [], undefined],
    ['control-plane taint', [cp], [], 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    ['value is printed', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], [], 'node(s) had untolerated taint {dedicated: gpu}'],
    ['PreferNoSchedule does not filter', [{ key: 'a', effect: 'PreferNoSchedule' }], [], undefined],
    ['NoExecute filters', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], [], 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }'],
    ['tolerated by Exists', [cp], [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }], undefined],
    ['Equal needs the value', [{ key: 'k', value: 'v', effect: 'NoSchedule' }], [{ key: 'k', operator: 'Equal', value: 'w', effect: 'NoSchedule' }], 'node(s) had untolerated taint {k: v}'],
    ['empty operator means Equal', [{ key: 'k', value: 'v', effect: 'NoSchedule' }], [{ key: 'k', value: 'v' }], undefined],
    ['effect must match', [cp], [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoExecute' }], 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    ['first untolerated taint in node order', [{ key: 'b', effect: 'NoSchedule' }, { key: 'a', effect: 'NoSchedule' }], [], 'node(s) had untolerated taint {b: }'],
  ])('%s', (_n, taints, tolerations, reason) => {
    const s = taintToleration(cycle({ name: 'p', tolerations: tolerations as never }), ni({ name: 'n', taints: taints as never }));
    expect(s?.reasons[0]).toBe(reason);
  });
});

describe('NodeAffinity filter', () => {
  const req = (terms: unknown[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
  it.each([
    ['nodeSelector matches', { nodeSelector: { disk: 'ssd' } }, { disk: 'ssd' }, true],
    ['nodeSelector mismatch', { nodeSelector: { disk: 'ssd' } }, { disk: 'hdd' }, false],
    ['In', { affinity: req([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }]) }, { zone: 'b' }, true],
    ['NotIn on a missing label', { affinity: req([{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }]) }, {}, true],
    ['Exists', { affinity: req([{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }]) }, {}, false],
    ['DoesNotExist', { affinity: req([{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }]) }, {}, true],
    ['Gt', { affinity: req([{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }]) }, { cores: '16' }, true],
    ['Lt with a non-integer label', { affinity: req([{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['8'] }] }]) }, { cores: 'many' }, false],
    ['terms are ORed', { affinity: req([{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, { matchExpressions: [{ key: 'y', operator: 'Exists' }] }]) }, { y: '1' }, true],
    ['empty term matches nothing', { affinity: req([{}]) }, {}, false],
    ['matchFields metadata.name', { affinity: req([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }]) }, {}, true],
    ['matchFields other node', { affinity: req([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['m'] }] }]) }, {}, false],
    ['nodeSelector AND affinity', { nodeSelector: { a: '1' }, affinity: req([{ matchExpressions: [{ key: 'b', operator: 'Exists' }] }]) }, { b: '1' }, false],
  ])('%s', (_n, podSpec, labels, fits) => {
    const s = nodeAffinity(cycle({ name: 'p', ...(podSpec as object) }), ni({ name: 'n', labels: labels as Record<string, string> }));
    expect(s === undefined).toBe(fits);
    if (s) expect(s.reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
  });
});

describe('NodePorts', () => {
  it.each([
    ['free port', [], 8080, true],
    ['same port in use', [8080], 8080, false],
    ['other port in use', [9090], 8080, true],
  ])('%s', (_n, used, want, fits) => {
    const node = ni({ name: 'n' }, used.map((p, i) => ({ name: `o${i}`, hostPort: p })));
    const s = nodePorts(cycle({ name: 'p', hostPort: want }), node);
    expect(s === undefined).toBe(fits);
    if (s) expect(s).toEqual({ plugin: 'NodePorts', code: 'Unschedulable', reasons: ["node(s) didn't have free ports for the requested pod ports"] });
  });
});

describe('NodeResourcesFit filter', () => {
  it.each([
    ['fits', { cpu: '4' }, [{ cpu: '3' }], { cpu: '1' }, undefined],
    ['Insufficient cpu: 600m > 4000m - 3500m', { cpu: '4' }, [{ cpu: '3500m' }], { cpu: '600m' }, ['Insufficient cpu']],
    ['Insufficient memory', { memory: '1Gi' }, [], { memory: '2Gi' }, ['Insufficient memory']],
    ['both, each a reason', { cpu: '1', memory: '1Gi' }, [], { cpu: '2', memory: '2Gi' }, ['Insufficient cpu', 'Insufficient memory']],
    ['Too many pods', { pods: 1 }, [{}], {}, ['Too many pods']],
    ['best-effort pod ignores resources', { cpu: '1' }, [{ cpu: '1' }], {}, undefined],
  ])('%s', (_n, node, existing, want, reasons) => {
    const info = ni({ name: 'n', ...(node as object) }, (existing as TestPod[]).map((p, i) => ({ ...p, name: `o${i}` })));
    const s = nodeResourcesFit(cycle({ name: 'p', ...(want as object) }), info);
    expect(s?.reasons).toEqual(reasons);
    if (s) expect(s.code).toBe('Unschedulable');
  });
});

describe('runFilters', () => {
  it('stops at the first plugin in profile order', () => {
    const s = runFilters(cycle({ name: 'p', cpu: '10' }), ni({ name: 'n', unschedulable: true, taints: [{ key: 'x', effect: 'NoSchedule' }] }));
    expect(s?.plugin).toBe('NodeUnschedulable');
  });
  it('NodeName rejects other nodes', () => {
    expect(nodeName(cycle({ name: 'p', nodeName: 'm' }), ni({ name: 'n' }))?.reasons).toEqual(["node(s) didn't match the requested node name"]);
  });
});
