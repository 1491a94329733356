import { describe, expect, it } from 'vitest';
import { newHarness } from '../testing';
import { EndpointsController, lessEndpointAddress, repackSubsets, truncateEndpoints, type EndpointSubset } from './endpoints_controller';
import { servicesForLabels, podEndpointsChanged, findPort } from './membership';
import { service, setPodState, startedPod } from './testing';
import type { KObject } from '../../api/types';

function setup() {
  const h = newHarness({ nodes: ['node-1', 'node-2'] });
  const ctl = h.runtime.register(new EndpointsController({ runtime: h.runtime, store: h.store, recorder: h.recorder }));
  return { h, ctl };
}

const ep = (h: ReturnType<typeof setup>['h'], name: string) => h.store.get('Endpoints', 'default', name);

describe('Endpoints controller', () => {
  it('lists ready pods under addresses with targetRef and nodeName (the seed my-service)', () => {
    const { h } = setup();
    h.store.create(service('my-service', { selector: { app: 'MyApp' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }] }));
    const a = startedPod(h, 'a', { labels: { app: 'MyApp' }, ip: '10.244.2.1', node: 'node-2' });
    startedPod(h, 'b', { labels: { app: 'MyApp' }, ip: '10.244.1.4', node: 'node-1' });
    startedPod(h, 'other', { labels: { app: 'other' }, ip: '10.244.1.5' });
    const e = ep(h, 'my-service')!;
    expect(e.subsets).toEqual([
      {
        addresses: [
          { ip: '10.244.1.4', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: h.store.mustGet('Pod', 'default', 'b').metadata.uid } },
          { ip: '10.244.2.1', nodeName: 'node-2', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: a.metadata.uid } },
        ],
        ports: [{ port: 9376, protocol: 'TCP' }],
      },
    ]);
    expect(e.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe('2025-03-03T09:00:00Z');
  });

  it('moves an unready pod to notReadyAddresses and back', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2' });
    h.advance(5000);
    setPodState(h, 'a', { ready: false });
    expect(ep(h, 'web')!.subsets[0].notReadyAddresses.map((x: { ip: string }) => x.ip)).toEqual(['10.244.1.2']);
    expect(ep(h, 'web')!.subsets[0].addresses).toBeUndefined();
    expect(ep(h, 'web')!.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe('2025-03-03T09:00:05Z');
    setPodState(h, 'a', { ready: true });
    expect(ep(h, 'web')!.subsets[0].addresses.map((x: { ip: string }) => x.ip)).toEqual(['10.244.1.2']);
  });

  it('publishes not-ready pods as ready with publishNotReadyAddresses', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' }, publishNotReadyAddresses: true }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2', ready: false });
    expect(ep(h, 'web')!.subsets[0].addresses.map((x: { ip: string }) => x.ip)).toEqual(['10.244.1.2']);
  });

  it('drops terminating pods and pods without IP', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2' });
    startedPod(h, 'noip', { labels: { app: 'web' } });
    h.store.delete('Pod', 'default', 'a');
    h.settle();
    expect(h.store.get('Pod', 'default', 'a')?.metadata.deletionTimestamp).toBeTruthy();
    expect(ep(h, 'web')!.subsets).toBeUndefined();
  });

  it('resolves a named targetPort per pod and leaves out pods that do not declare it', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2', ports: [{ name: 'http', containerPort: 8080 }] });
    startedPod(h, 'b', { labels: { app: 'web' }, ip: '10.244.1.3', ports: [{ name: 'http', containerPort: 9090 }] });
    startedPod(h, 'c', { labels: { app: 'web' }, ip: '10.244.1.4' });
    const subsets = ep(h, 'web')!.subsets;
    expect(subsets.map((s: EndpointSubset) => [s.addresses!.map((a) => a.ip), s.ports!.map((p) => p.port)])).toEqual([
      [['10.244.1.2'], [8080]],
      [['10.244.1.3'], [9090]],
    ]);
  });

  it('gives a Service without matching pods an Endpoints object without subsets', () => {
    const { h } = setup();
    h.store.create(service('lonely', { selector: { app: 'nothing' } }));
    h.settle();
    const e = ep(h, 'lonely')!;
    expect(e).toBeDefined();
    expect(e.subsets).toBeUndefined();
  });

  it('copies the Service labels and marks headless Services', () => {
    const { h } = setup();
    h.store.create(service('hl', { selector: { app: 'x' }, clusterIP: 'None' }, { team: 'a' }));
    h.settle();
    expect(ep(h, 'hl')!.metadata.labels).toEqual({ team: 'a', 'service.kubernetes.io/headless': '' });
  });

  it('leaves Services without selector and ExternalName Services alone, and deletes with the Service', () => {
    const { h } = setup();
    h.store.create(service('manual', {}));
    h.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
    h.settle();
    expect(ep(h, 'manual')).toBeUndefined();
    expect(ep(h, 'ext')).toBeUndefined();
    h.store.create(service('web', { selector: { app: 'web' } }));
    h.settle();
    expect(ep(h, 'web')).toBeDefined();
    h.store.delete('Service', 'default', 'web');
    h.settle();
    expect(ep(h, 'web')).toBeUndefined();
  });

  it('follows label changes in both directions', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    h.store.create(service('api', { selector: { app: 'api' } }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2' });
    const pod = structuredClone(h.store.mustGet('Pod', 'default', 'a')) as KObject;
    pod.metadata.labels = { app: 'api' };
    h.store.update(pod);
    h.settle();
    expect(ep(h, 'web')!.subsets).toBeUndefined();
    expect(ep(h, 'api')!.subsets[0].addresses[0].ip).toBe('10.244.1.2');
  });

  it('does not rewrite Endpoints for pod changes that cannot move an endpoint', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2' });
    const rv = ep(h, 'web')!.metadata.resourceVersion;
    const pod = structuredClone(h.store.mustGet('Pod', 'default', 'a')) as KObject;
    pod.metadata.annotations = { note: 'x' };
    h.store.update(pod);
    h.settle();
    expect(ep(h, 'web')!.metadata.resourceVersion).toBe(rv);
  });

  it('recreates Endpoints deleted by hand', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    h.settle();
    h.store.delete('Endpoints', 'default', 'web');
    h.settle();
    expect(ep(h, 'web')).toBeDefined();
  });

  it('survives a snapshot of its trigger-time state', () => {
    const { h, ctl } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2' });
    const saved = JSON.parse(JSON.stringify(ctl.save()));
    const { ctl: other } = setup();
    other.load(saved);
    expect(other.save()).toEqual(saved);
  });
});

describe('membership', () => {
  it('finds Services through the selector index only when the whole selector matches', () => {
    const { h } = setup();
    h.store.create(service('a', { selector: { app: 'web' } }));
    h.store.create(service('b', { selector: { app: 'web', tier: 'fe' } }));
    h.store.create(service('c', { selector: { app: 'api' } }));
    expect([...servicesForLabels(h.store, 'default', { app: 'web' })]).toEqual(['default/a']);
    expect([...servicesForLabels(h.store, 'default', { app: 'web', tier: 'fe' })].sort()).toEqual(['default/a', 'default/b']);
    expect([...servicesForLabels(h.store, 'kube-system', { app: 'web' })]).toEqual([]);
  });

  const pod = (o: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'u', resourceVersion: '1', creationTimestamp: '', labels: { a: '1' }, ...(o.meta as object) }, spec: o.spec ?? {}, status: o.status ?? {} }) as KObject;
  const ready = (r: boolean) => ({ conditions: [{ type: 'Ready', status: r ? 'True' : 'False' }] });
  it.each([
    ['nothing', pod({}), pod({}), [false, false]],
    ['readiness', pod({ status: ready(false) }), pod({ status: ready(true) }), [true, false]],
    ['labels', pod({}), pod({ meta: { labels: { a: '2' } } }), [false, true]],
    ['hostname', pod({}), pod({ spec: { hostname: 'h' } }), [false, true]],
    ['deletion', pod({}), pod({ meta: { deletionTimestamp: 'x' } }), [true, false]],
    ['ip', pod({ status: { podIPs: [{ ip: '1' }] } }), pod({ status: { podIPs: [{ ip: '2' }] } }), [true, false]],
  ])('podEndpointsChanged: %s', (_n, a, b, want) => expect(podEndpointsChanged(a, b)).toEqual(want));

  it.each([
    [80, undefined, 80],
    ['http', [{ name: 'http', containerPort: 8080 }], 8080],
    ['http', [{ name: 'http', containerPort: 8080, protocol: 'UDP' }], undefined],
    ['dns', undefined, undefined],
  ])('findPort(%s)', (tp, ports, want) => {
    const p = { metadata: {}, spec: { containers: [{ name: 'c', ports }] } } as unknown as KObject;
    expect(findPort(p, { port: 80, targetPort: tp as string | number, protocol: 'TCP' })).toBe(want);
  });
});

describe('repackSubsets', () => {
  const a = (ip: string, uid = ip) => ({ ip, targetRef: { kind: 'Pod', namespace: 'd', name: uid, uid } });
  const p = (port: number, name?: string) => ({ ...(name ? { name } : {}), port, protocol: 'TCP' });

  it('groups addresses offering the same ports and sorts addresses by IP string', () => {
    const out = repackSubsets([
      { addresses: [a('10.244.1.2')], ports: [p(80, 'http')] },
      { addresses: [a('10.244.1.10')], ports: [p(80, 'http')] },
      { addresses: [a('10.244.1.2')], ports: [p(443, 'https')] },
      { addresses: [a('10.244.1.10')], ports: [p(443, 'https')] },
    ]);
    expect(out).toEqual([{ addresses: [a('10.244.1.10'), a('10.244.1.2')], ports: [p(80, 'http'), p(443, 'https')] }]);
  });

  it('lets not-ready win over ready for the same address and port', () => {
    const out = repackSubsets([
      { addresses: [a('1.1.1.1')], ports: [p(80)] },
      { notReadyAddresses: [a('1.1.1.1')], ports: [p(80)] },
    ]);
    expect(out).toEqual([{ notReadyAddresses: [a('1.1.1.1')], ports: [p(80)] }]);
  });

  it('orders equal IPs by pod UID', () => {
    expect(lessEndpointAddress(a('1.1.1.1', 'a'), a('1.1.1.1', 'b'))).toBe(true);
    expect(lessEndpointAddress({ ip: '1.1.1.1' }, a('1.1.1.1', 'b'))).toBe(true);
  });
});

describe('truncateEndpoints', () => {
  const addrs = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ ip: `${prefix}.${i}` }));
  it.each([
    [900, 50, false, 900, 50],
    [900, 200, true, 900, 100],
    [1200, 10, true, 1000, 0],
  ])('%i ready + %i not ready', (r, nr, truncated, wantR, wantNR) => {
    const ss: EndpointSubset[] = [{ addresses: addrs(r, '10.0'), notReadyAddresses: addrs(nr, '10.1'), ports: [{ port: 80, protocol: 'TCP' }] }];
    expect(truncateEndpoints(ss)).toBe(truncated);
    expect(ss[0].addresses?.length ?? 0).toBe(wantR);
    expect(ss[0].notReadyAddresses?.length ?? 0).toBe(wantNR);
  });
});
