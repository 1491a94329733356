import { describe, expect, it } from 'vitest';
import { newHarness } from '../testing';
import { EndpointSliceController, planSlices, portMapKey, sliceNamePrefix, type SliceEndpoint } from './endpointslice_controller';
import { service, setPodState, startedPod } from '../endpoints/testing';
import type { KObject } from '../../api/types';

function setup() {
  const h = newHarness({ nodes: ['node-1', { name: 'node-2', labels: { 'topology.kubernetes.io/zone': 'zone-b' } }] });
  const ctl = h.runtime.register(new EndpointSliceController({ runtime: h.runtime, store: h.store, recorder: h.recorder }));
  return { h, ctl };
}

const slices = (h: ReturnType<typeof setup>['h'], svc: string) => h.store.list('EndpointSlice', { namespace: 'default' }).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);

describe('EndpointSlice controller', () => {
  it('creates <svc>-xxxxx owned by the Service, labelled and annotated', () => {
    const { h } = setup();
    const svc = h.store.create(service('web', { selector: { app: 'web' }, clusterIP: '10.96.1.5', ports: [{ name: 'http', port: 80, targetPort: 8080 }] }, { team: 'a' }));
    const pod = startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.2.3', node: 'node-2' });
    const [s] = slices(h, 'web');
    expect(s.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(s.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2025-03-03T09:00:00Z' });
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
    expect(s.endpoints).toEqual([
      {
        addresses: ['10.244.2.3'],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: pod.metadata.uid },
        nodeName: 'node-2',
        zone: 'zone-b',
      },
    ]);
  });

  it('keeps a placeholder slice with null endpoints and ports when nothing matches', () => {
    const { h } = setup();
    h.store.create(service('lonely', { selector: { app: 'none' } }));
    h.settle();
    const all = slices(h, 'lonely');
    expect(all).toHaveLength(1);
    expect(all[0].endpoints).toBeNull();
    expect(all[0].ports).toBeNull();
  });

  it('reuses the placeholder when the first pod arrives, and goes back to it', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    h.settle();
    const name = slices(h, 'web')[0].metadata.name;
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2' });
    expect(slices(h, 'web').map((s) => s.metadata.name)).toEqual([name]);
    h.store.delete('Pod', 'default', 'a', { gracePeriodSeconds: 0 });
    h.settle();
    const after = slices(h, 'web');
    expect(after.map((s) => s.metadata.name)).toEqual([name]);
    expect(after[0].endpoints).toBeNull();
  });

  it('keeps terminating pods with serving/terminating conditions', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2' });
    h.store.delete('Pod', 'default', 'a');
    h.settle();
    expect(slices(h, 'web')[0].endpoints[0].conditions).toEqual({ ready: false, serving: true, terminating: true });
    setPodState(h, 'a', { ready: false });
    expect(slices(h, 'web')[0].endpoints[0].conditions).toEqual({ ready: false, serving: false, terminating: true });
  });

  it('splits pods by the ports they resolve to', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2', ports: [{ name: 'http', containerPort: 8080 }] });
    startedPod(h, 'b', { labels: { app: 'web' }, ip: '10.244.1.3', ports: [{ name: 'http', containerPort: 9090 }] });
    const all = slices(h, 'web').map((s) => [s.ports?.[0]?.port, s.endpoints?.map((e: SliceEndpoint) => e.addresses[0])]);
    expect(all.sort()).toEqual([
      [8080, ['10.244.1.2']],
      [9090, ['10.244.1.3']],
    ]);
  });

  it('marks headless Services and is deleted with the Service by the garbage collector', () => {
    const { h } = setup();
    h.store.create(service('hl', { selector: { app: 'x' }, clusterIP: 'None' }));
    h.settle();
    expect(slices(h, 'hl')[0].metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    h.store.delete('Service', 'default', 'hl');
    h.settle();
    expect(slices(h, 'hl')).toHaveLength(0);
  });

  it('writes nothing when a pod change cannot move an endpoint', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2' });
    const rv = slices(h, 'web')[0].metadata.resourceVersion;
    const pod = structuredClone(h.store.mustGet('Pod', 'default', 'a')) as KObject;
    pod.metadata.annotations = { x: 'y' };
    h.store.update(pod);
    h.settle();
    expect(slices(h, 'web')[0].metadata.resourceVersion).toBe(rv);
  });

  it('repairs a slice edited by someone else', () => {
    const { h } = setup();
    h.store.create(service('web', { selector: { app: 'web' } }));
    startedPod(h, 'a', { labels: { app: 'web' }, ip: '10.244.1.2' });
    const s = structuredClone(slices(h, 'web')[0]) as KObject;
    s.endpoints = null;
    h.store.update(s);
    h.settle();
    expect(slices(h, 'web')[0].endpoints[0].addresses).toEqual(['10.244.1.2']);
  });
});

describe('planSlices', () => {
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'd', uid: 'svc', resourceVersion: '1', creationTimestamp: '' }, spec: { clusterIP: '10.96.1.1' } } as KObject;
  const ep = (i: number): SliceEndpoint => ({ addresses: [`10.244.0.${i}`], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'd', name: `p${i}`, uid: `u${i}` } });
  const ports = [{ name: '', protocol: 'TCP', port: 80 }];
  const desired = (n: number) => Array.from({ length: n }, (_, i) => ({ ep: ep(i), ports }));
  const existingSlice = (name: string, eps: SliceEndpoint[]) =>
    ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name, namespace: 'd', uid: name, resourceVersion: '1', creationTimestamp: '', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' }, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', uid: 'svc', name: 'web' }] },
      addressType: 'IPv4',
      endpoints: eps,
      ports,
    }) as KObject;

  it.each([
    [0, 1],
    [1, 1],
    [100, 1],
    [101, 2],
    [250, 3],
  ])('%i endpoints need %i new slices', (n, want) => {
    const plan = planSlices(svc, desired(n), []);
    expect(plan.create).toHaveLength(want);
    expect(plan.create.reduce((a, s) => a + s.endpoints.length, 0)).toBe(n);
  });

  it('adds a new endpoint to an unchanged slice with room instead of creating one', () => {
    const plan = planSlices(svc, desired(3), [existingSlice('web-aaaaa', [ep(0), ep(1)])]);
    expect(plan.create).toHaveLength(0);
    expect(plan.update.map((s) => [s.name, s.endpoints.length])).toEqual([['web-aaaaa', 3]]);
  });

  it('deletes a slice that lost all its endpoints, or turns it into the new slice', () => {
    const plan = planSlices(svc, [{ ep: ep(5), ports: [{ name: '', protocol: 'TCP', port: 8080 }] }], [existingSlice('web-aaaaa', [ep(0)])]);
    expect(plan.delete).toHaveLength(0);
    expect(plan.update.map((s) => [s.name, s.ports[0].port])).toEqual([['web-aaaaa', 8080]]);
  });

  it('keys port maps independently of order', () => {
    expect(portMapKey([{ name: 'a', protocol: 'TCP', port: 1 }, { name: 'b', protocol: 'TCP', port: 2 }])).toBe(portMapKey([{ name: 'b', protocol: 'TCP', port: 2 }, { name: 'a', protocol: 'TCP', port: 1 }]));
  });

  it.each([
    ['web', 'web-'],
    ['a'.repeat(253), 'a'.repeat(253)],
  ])('sliceNamePrefix(%s)', (n, want) => expect(sliceNamePrefix(n)).toBe(want));
});
