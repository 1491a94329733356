/**
 * Helpers for the Endpoints and EndpointSlice controller tests: pods that a kubelet has started
 * (node, IP, readiness set directly in the store) on top of the controllers' harness.
 */
import type { Harness } from '../testing';
import type { KObject, NewObject } from '../../api/types';
import { rfc3339 } from '../../api/time';
import { clone } from '../../sim/dev';

/** What a started pod looks like. */
export interface PodSpecOptions {
  labels: Record<string, string>;
  ip?: string;
  node?: string;
  ready?: boolean;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  namespace?: string;
  hostname?: string;
  subdomain?: string;
}

/** Creates a pod bound to a node, Running with an IP, ready or not, and settles. */
export function startedPod(h: Harness, name: string, o: PodSpecOptions): KObject {
  const ns = o.namespace ?? 'default';
  const manifest: NewObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: o.labels },
    spec: {
      nodeName: o.node ?? 'node-1',
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
      containers: [{ name: 'app', image: 'nginx:1.27', ...(o.ports ? { ports: o.ports } : {}) }],
    },
  };
  h.store.create(manifest);
  if (o.ip) setPodState(h, name, { ip: o.ip, ready: o.ready ?? true }, ns);
  h.settle();
  return h.store.mustGet('Pod', ns, name);
}

/** Sets a pod's IP and Ready condition (the transition time moves only when readiness changes). */
export function setPodState(h: Harness, name: string, s: { ip?: string; ready: boolean }, ns = 'default'): KObject {
  const pod = clone(h.store.mustGet('Pod', ns, name));
  const now = rfc3339(h.runtime.now);
  const prev = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  const status = prev?.status === (s.ready ? 'True' : 'False') ? prev.lastTransitionTime : now;
  const ip = s.ip ?? pod.status?.podIP;
  pod.status = {
    ...(pod.status ?? {}),
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: s.ready ? 'True' : 'False', lastTransitionTime: status },
      { type: 'ContainersReady', status: s.ready ? 'True' : 'False', lastTransitionTime: status },
    ],
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
  };
  const out = h.store.updateStatus(pod);
  h.settle();
  return out;
}

/** A Service manifest in `default`. */
export function service(name: string, spec: Record<string, unknown>, labels?: Record<string, string>): NewObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) }, spec: { ports: [{ port: 80 }], ...spec } };
}
