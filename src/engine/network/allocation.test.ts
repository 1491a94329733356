import { describe, expect, it } from 'vitest';
import { newHarness } from '../controllers/testing';
import { installServiceAllocation } from './allocation';
import type { NewObject } from '../api/types';

function setup() {
  const h = newHarness();
  installServiceAllocation(h.store, { int: (n) => h.runtime.rng.int(n) });
  return h;
}

function svc(name: string, spec: Record<string, unknown> = {}): NewObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } };
}

const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('ClusterIP allocation', () => {
  it('allocates from the dynamic band of 10.96.0.0/12 and mirrors it in clusterIPs', () => {
    const h = setup();
    const s = h.store.create(svc('web'));
    const [a, b, c] = s.spec.clusterIP.split('.').map(Number);
    expect(a).toBe(10);
    expect(b >= 96 && b <= 111).toBe(true);
    expect(b > 96 || c >= 1).toBe(true); // never the static band 10.96.0.x
    expect(s.spec.clusterIPs).toEqual([s.spec.clusterIP]);
  });

  it('honours a requested IP and rejects it once taken, with the API server message', () => {
    const h = setup();
    const s = h.store.create(svc('dns', { clusterIP: '10.96.0.10' }));
    expect(s.spec.clusterIPs).toEqual(['10.96.0.10']);
    expect(message(() => h.store.create(svc('dns2', { clusterIP: '10.96.0.10' })))).toBe(
      'Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  it('rejects an IP outside the range', () => {
    const h = setup();
    expect(message(() => h.store.create(svc('x', { clusterIP: '10.0.0.5' })))).toBe(
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it('rejects a malformed IP before allocating, as initIPFamilyFields does', () => {
    const h = setup();
    expect(message(() => h.store.create(svc('x', { clusterIP: '10.96.0.300' })))).toContain('spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address');
  });

  it('releases the IP when the Service is deleted', () => {
    const h = setup();
    h.store.create(svc('a', { clusterIP: '10.96.5.5' }));
    h.store.delete('Service', 'default', 'a');
    expect(h.store.create(svc('b', { clusterIP: '10.96.5.5' })).spec.clusterIP).toBe('10.96.5.5');
  });

  it('gives headless and ExternalName Services no IP', () => {
    const h = setup();
    expect(h.store.create(svc('hl', { clusterIP: 'None' })).spec.clusterIPs).toEqual(['None']);
    const en = h.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'en' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
    expect(en.spec.clusterIP).toBeUndefined();
  });

  it('answers the range base in a server-side dry run without taking anything', () => {
    const h = setup();
    expect(h.store.create(svc('d', { type: 'NodePort' }), { dryRun: true }).spec).toMatchObject({ clusterIP: '10.96.0.0', ports: [{ nodePort: 32769 }] });
  });

  it('is deterministic for a seed', () => {
    const ips = [setup(), setup()].map((h) => h.store.create(svc('web')).spec.clusterIP);
    expect(ips[0]).toBe(ips[1]);
  });
});

describe('NodePort allocation', () => {
  it('allocates from 30086-32767 (above the static band)', () => {
    const h = setup();
    for (let i = 0; i < 20; i++) {
      const p = h.store.create(svc(`s${i}`, { type: 'NodePort' })).spec.ports[0].nodePort;
      expect(p >= 30086 && p <= 32767).toBe(true);
    }
  });

  it('honours a requested port and rejects it when taken', () => {
    const h = setup();
    expect(h.store.create(svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })).spec.ports[0].nodePort).toBe(30080);
    expect(message(() => h.store.create(svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })))).toBe(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
  });

  it('rejects a port outside the range', () => {
    const h = setup();
    expect(message(() => h.store.create(svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] })))).toBe(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('shares one node port between TCP and UDP of the same port number', () => {
    const h = setup();
    const s = h.store.create(
      svc('dns', {
        type: 'NodePort',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        ],
      }),
    );
    expect(s.spec.ports[0].nodePort).toBe(s.spec.ports[1].nodePort);
  });

  it('allocates on a type change and releases on the way back', () => {
    const h = setup();
    const s = h.store.create(svc('a'));
    const np = h.store.update({ ...s, spec: { ...s.spec, type: 'NodePort' } });
    const port = np.spec.ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(np.spec.clusterIP).toBe(s.spec.clusterIP);
    const back = h.store.update({ ...np, spec: { ...np.spec, type: 'ClusterIP' } });
    expect(back.spec.ports[0].nodePort).toBeUndefined();
    expect(h.store.create(svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] })).spec.ports[0].nodePort).toBe(port);
  });

  it('keeps allocated ports on a replace that omits them', () => {
    const h = setup();
    const s = h.store.create(svc('a', { type: 'NodePort' }));
    const r = h.store.update({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }] } });
    expect(r.spec.ports[0].nodePort).toBe(s.spec.ports[0].nodePort);
    expect(r.spec.clusterIP).toBe(s.spec.clusterIP);
  });

  it('gives a LoadBalancer with externalTrafficPolicy Local a health-check node port', () => {
    const h = setup();
    const s = h.store.create(svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
    expect(s.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(s.spec.healthCheckNodePort).not.toBe(s.spec.ports[0].nodePort);
  });

  it('allocates no node port for a LoadBalancer with allocateLoadBalancerNodePorts false', () => {
    const h = setup();
    const s = h.store.create(svc('lb', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }));
    expect(s.spec.ports[0].nodePort).toBeUndefined();
  });
});
