import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import { NodeInfo } from './nodeinfo';
import { defaultSelector, softConstraints, topologySpreadScores, SYSTEM_DEFAULT_CONSTRAINTS } from './topologyspread';
import { nodeObject, testCluster } from './testing';

const ni = (name: string, labels: Record<string, string> = {}) => new NodeInfo(nodeObject({ name, labels }) as unknown as KObject);
const pod = (labels: Record<string, string>, spec: Record<string, unknown> = {}, owner?: Record<string, unknown>) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u', labels, ...(owner ? { ownerReferences: [owner] } : {}) }, spec: { containers: [], ...spec } }) as unknown as KObject;

describe('PodTopologySpread scoring', () => {
  it('spreads by hostname: 0, 1 and 2 matching pods -> 100, 60, 40', () => {
    const nodes = [ni('a'), ni('b'), ni('c')];
    const counts = new Map([
      ['b', 1],
      ['c', 2],
    ]);
    const constraints = SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({ ...d, selector: [{ key: 'app', op: '=' as const, values: ['web'] }], nodeAffinityPolicy: 'Honor' as const, nodeTaintsPolicy: 'Ignore' as const }));
    const out: number[] = [];
    expect(topologySpreadScores(pod({ app: 'web' }), constraints, false, nodes, nodes, () => counts, out)).toBe(true);
    expect(out).toEqual([100, 60, 40]);
  });

  it('adds zone domains when nodes carry the zone label', () => {
    const nodes = [ni('a', { 'topology.kubernetes.io/zone': 'z1' }), ni('b', { 'topology.kubernetes.io/zone': 'z1' }), ni('c', { 'topology.kubernetes.io/zone': 'z2' })];
    const counts = new Map([['a', 2]]);
    const constraints = SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({ ...d, selector: [{ key: 'app', op: '=' as const, values: ['web'] }], nodeAffinityPolicy: 'Honor' as const, nodeTaintsPolicy: 'Ignore' as const }));
    const out: number[] = [];
    topologySpreadScores(pod({ app: 'web' }), constraints, false, nodes, nodes, () => counts, out);
    // hostname weight ln(5), zone weight ln(4): a = 2*1.609+2 + 2*1.386+4 = 12, b = 2 + 6.77 = 9, c = 2 + 4 = 6
    expect(out).toEqual([50, 75, 100]);
  });

  it('builds the default selector from the owning ReplicaSet and selecting Services', () => {
    const rs = { spec: { selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } } } } as unknown as KObject;
    const svc = { spec: { selector: { app: 'web' } } } as unknown as KObject;
    const other = { spec: { selector: { app: 'db' } } } as unknown as KObject;
    const noSel = { spec: {} } as unknown as KObject;
    const src = { services: () => [svc, other, noSel], owner: (kind: string) => (kind === 'ReplicaSet' ? rs : undefined) };
    const p = pod({ app: 'web', 'pod-template-hash': 'abc' }, {}, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'x', controller: true });
    expect(defaultSelector(p, src)).toEqual([
      { key: 'app', op: '=', values: ['web'] },
      { key: 'app', op: '=', values: ['web'] },
      { key: 'pod-template-hash', op: '=', values: ['abc'] },
    ]);
    // A bare pod selected by no Service gets no default spreading.
    expect(softConstraints(pod({ run: 'x' }), src).constraints).toEqual([]);
  });

  it("uses the pod's own ScheduleAnyway constraints instead of the defaults", () => {
    const p = pod({ app: 'web' }, { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'rack', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }] });
    const r = softConstraints(p, { services: () => [], owner: () => undefined });
    expect(r.requireAllTopologies).toBe(true);
    expect(r.constraints.map((c) => c.topologyKey)).toEqual(['rack']);
  });
});

describe('PodTopologySpread filter', () => {
  const spread = { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'x' } } }] };
  it('keeps the skew within maxSkew', () => {
    const c = testCluster();
    c.addNode({ name: 'n1', labels: { 'topology.kubernetes.io/zone': 'a' } });
    c.addNode({ name: 'n2', labels: { 'topology.kubernetes.io/zone': 'b' } });
    c.addNode({ name: 'n3' });
    c.addPod({ name: 'p0', labels: { app: 'x' }, nodeName: 'n1' });
    c.addPod({ name: 'p1', labels: { app: 'x' }, nodeName: 'n1' });
    c.addPod({ name: 'new', labels: { app: 'x' }, spec: spread });
    c.settle();
    expect(c.pod('new').spec.nodeName).toBe('n2');
    const x = c.scheduler.explain('default', 'new');
    expect(x.nodes.map((n) => n.reason)).toEqual([
      "node(s) didn't match pod topology spread constraints",
      undefined,
      "node(s) didn't match pod topology spread constraints (missing required label)",
    ]);
  });

  it('reports the skew in FailedScheduling', () => {
    const c = testCluster();
    c.addNode({ name: 'n1', labels: { 'topology.kubernetes.io/zone': 'a' } });
    c.addNode({ name: 'n2', labels: { 'topology.kubernetes.io/zone': 'b' }, unschedulable: true });
    c.addPod({ name: 'p0', labels: { app: 'x' }, nodeName: 'n1' });
    c.addPod({ name: 'p1', labels: { app: 'x' }, nodeName: 'n1' });
    c.addPod({ name: 'new', labels: { app: 'x' }, spec: spread });
    c.settle();
    expect(c.events('new')[0].message).toBe(
      "0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
  });
});
