import { describe, expect, it } from 'vitest';
import { newHarness } from '../testing';
import { ServiceLBController, LB_CLEANUP_FINALIZER, LB_PROVISION_MS } from './service_controller';
import { service } from '../endpoints/testing';
import type { KObject } from '../../api/types';

function setup() {
  const h = newHarness({ nodes: ['node-1'] });
  const ctl = h.runtime.register(new ServiceLBController({ runtime: h.runtime, store: h.store, recorder: h.recorder }));
  return { h, ctl };
}

const get = (h: ReturnType<typeof setup>['h'], name: string) => h.store.get('Service', 'default', name)!;

describe('simulated cloud load balancer', () => {
  it('stays pending for a few seconds, then gets 172.18.255.200 with the service-controller events', () => {
    const { h } = setup();
    h.store.create(service('lb', { type: 'LoadBalancer', selector: { app: 'x' } }));
    h.settle();
    expect(get(h, 'lb').metadata.finalizers).toEqual([LB_CLEANUP_FINALIZER]);
    expect(get(h, 'lb').status?.loadBalancer?.ingress).toBeUndefined();
    h.advance(LB_PROVISION_MS - 1);
    expect(get(h, 'lb').status?.loadBalancer?.ingress).toBeUndefined();
    h.advance(1);
    expect(get(h, 'lb').status.loadBalancer).toEqual({ ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] });
    expect(h.events(get(h, 'lb'))).toEqual(['EnsuringLoadBalancer: Ensuring load balancer', 'EnsuredLoadBalancer: Ensured load balancer']);
  });

  it('gives concurrent Services distinct addresses and reuses freed ones', () => {
    const { h } = setup();
    h.store.create(service('a', { type: 'LoadBalancer' }));
    h.store.create(service('b', { type: 'LoadBalancer' }));
    h.advance(LB_PROVISION_MS);
    expect([get(h, 'a'), get(h, 'b')].map((s) => s.status.loadBalancer.ingress[0].ip)).toEqual(['172.18.255.200', '172.18.255.201']);
    h.store.delete('Service', 'default', 'a');
    h.settle();
    expect(h.store.get('Service', 'default', 'a')).toBeUndefined();
    h.store.create(service('c', { type: 'LoadBalancer' }));
    h.advance(LB_PROVISION_MS);
    expect(get(h, 'c').status.loadBalancer.ingress[0].ip).toBe('172.18.255.200');
  });

  it('deletes the load balancer when the type changes away', () => {
    const { h } = setup();
    h.store.create(service('a', { type: 'LoadBalancer' }));
    h.advance(LB_PROVISION_MS);
    const s = structuredClone(get(h, 'a')) as KObject;
    s.spec.type = 'ClusterIP';
    h.store.update(s);
    h.settle();
    expect(get(h, 'a').metadata.finalizers).toBeUndefined();
    expect(get(h, 'a').status.loadBalancer).toEqual({});
    expect(h.events(get(h, 'a')).slice(-2)).toEqual(['DeletingLoadBalancer: Deleting load balancer', 'DeletedLoadBalancer: Deleted load balancer']);
  });

  it('leaves Services with a loadBalancerClass to their implementation', () => {
    const { h } = setup();
    h.store.create(service('a', { type: 'LoadBalancer', loadBalancerClass: 'example.com/lb' }));
    h.advance(LB_PROVISION_MS);
    expect(get(h, 'a').status?.loadBalancer?.ingress).toBeUndefined();
    expect(get(h, 'a').metadata.finalizers).toBeUndefined();
  });

  it('snapshots a load balancer being provisioned', () => {
    const { h, ctl } = setup();
    h.store.create(service('a', { type: 'LoadBalancer' }));
    h.settle();
    expect(ctl.save().pending.map(([k, v]) => [k, v.ip])).toEqual([['default/a', '172.18.255.200']]);
  });
});
