import { describe, expect, it } from 'vitest';
import { buildServiceRules, RuleTable, usableEndpoints, type ProxyEndpoint, type ServicePortRule } from './proxy';
import type { KObject } from '../api/types';

const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: '' }, spec, status }) as KObject;
const slice = (ports: Array<{ name: string; port: number; protocol?: string }>, endpoints: Array<{ ip: string; ready?: boolean; serving?: boolean; terminating?: boolean; node?: string }>) =>
  ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-x', namespace: 'default', uid: 's', resourceVersion: '1', creationTimestamp: '' },
    ports: ports.map((p) => ({ protocol: 'TCP', ...p })),
    endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false }, nodeName: e.node ?? 'n1' })),
  }) as KObject;

describe('buildServiceRules', () => {
  it('resolves each Service port to its slice port by name and protocol', () => {
    const rules = buildServiceRules(
      svc({ clusterIP: '10.96.1.1', type: 'NodePort', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP' }] }),
      [slice([{ name: 'http', port: 8080 }, { name: 'dns', port: 5353, protocol: 'UDP' }], [{ ip: '10.244.1.3' }, { ip: '10.244.1.2' }])],
    );
    expect(rules.map((r) => [r.port, r.protocol, r.nodePort, r.endpoints.map((e) => `${e.ip}:${e.port}`)])).toEqual([
      [80, 'TCP', 30080, ['10.244.1.2:8080', '10.244.1.3:8080']],
      [53, 'UDP', undefined, ['10.244.1.2:5353', '10.244.1.3:5353']],
    ]);
  });

  it('has no rules for headless and ExternalName Services', () => {
    expect(buildServiceRules(svc({ clusterIP: 'None', ports: [{ port: 80 }] }), [])).toEqual([]);
    expect(buildServiceRules(svc({ type: 'ExternalName', externalName: 'x.org' }), [])).toEqual([]);
  });

  it('adds load-balancer ingress and external IPs as entry points', () => {
    const [r] = buildServiceRules(svc({ clusterIP: '10.96.1.1', type: 'LoadBalancer', externalIPs: ['1.2.3.4'], ports: [{ port: 80, nodePort: 31000 }] }, { loadBalancer: { ingress: [{ ip: '172.18.255.200' }] } }), []);
    expect(r.externalAddresses).toEqual(['172.18.255.200', '1.2.3.4']);
  });
});

describe('usableEndpoints (kube-proxy CategorizeEndpoints)', () => {
  const ep = (ip: string, o: Partial<ProxyEndpoint> = {}): ProxyEndpoint => ({ ip, port: 80, ready: true, serving: true, terminating: false, nodeName: 'n1', ...o });
  const rule = (endpoints: ProxyEndpoint[]) => ({ endpoints }) as ServicePortRule;
  it.each([
    ['ready ones only', [ep('a'), ep('b', { ready: false, serving: false })], undefined, ['a']],
    ['serving terminating ones when none is ready', [ep('a', { ready: false, serving: true, terminating: true }), ep('b', { ready: false, serving: false, terminating: true })], undefined, ['a']],
    ['none when nothing serves', [ep('a', { ready: false, serving: false })], undefined, []],
    ['local ones with a Local policy', [ep('a'), ep('b', { nodeName: 'n2' })], 'n2', ['b']],
  ])('%s', (_n, eps, local, want) => expect(usableEndpoints(rule(eps), local).map((e) => e.ip)).toEqual(want));
});

describe('RuleTable', () => {
  const r = (service: string, ip: string, port: number, nodePort?: number): ServicePortRule => ({
    service,
    portName: '',
    protocol: 'TCP',
    port,
    ...(nodePort ? { nodePort } : {}),
    clusterIP: ip,
    externalAddresses: [],
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
    endpoints: [],
  });

  it('finds rules by ClusterIP:port and node port, and keeps frozen copies apart', () => {
    const t = new RuleTable();
    t.set('d/a', [r('d/a', '10.96.1.1', 80, 30080), r('d/a', '10.96.1.1', 443)]);
    expect(t.vip('10.96.1.1', 443, 'TCP')?.port).toBe(443);
    expect(t.vip('10.96.1.1', 8080, 'TCP')).toBeUndefined();
    expect(t.isVip('10.96.1.1')).toBe(true);
    expect(t.nodePort(30080, 'TCP')?.service).toBe('d/a');
    const frozen = t.freeze();
    t.set('d/a', [r('d/a', '10.96.1.1', 80)]);
    expect(t.vip('10.96.1.1', 443, 'TCP')).toBeUndefined();
    expect(t.isVip('10.96.1.1')).toBe(true);
    expect(frozen.vip('10.96.1.1', 443, 'TCP')?.port).toBe(443);
    t.set('d/a', undefined);
    expect(t.isVip('10.96.1.1')).toBe(false);
    expect(t.nodePort(30080, 'TCP')).toBeUndefined();
    expect(frozen.toJSON().map(([k]) => k)).toEqual(['d/a']);
  });
});
