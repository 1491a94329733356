import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import { DEFAULT_MEMORY_REQUEST, newPodInfo, nodeAllocatable, normalizedImageName, podHostPorts, podRequestMap } from './podinfo';

const Mi = 1024 * 1024;
const ctr = (cpu?: string, memory?: string, extra: Record<string, unknown> = {}) => ({
  name: 'c',
  image: 'busybox',
  resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
  ...extra,
});
const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec }) as unknown as KObject;

describe('podRequestMap (resource.PodRequests)', () => {
  it.each([
    ['sum of containers', { containers: [ctr('100m', '64Mi'), ctr('200m', '64Mi')] }, 300, 128 * Mi],
    ['init container above the sum wins', { containers: [ctr('100m'), ctr('200m')], initContainers: [ctr('500m'), ctr('250m')] }, 500, 0],
    ['init container below the sum', { containers: [ctr('1')], initContainers: [ctr('500m', '1Gi')] }, 1000, 1024 * Mi],
    // sidecar 100m runs beside the 200m container (300m) and beside the later 300m init container (400m).
    ['restartable init container (sidecar)', { containers: [ctr('200m')], initContainers: [ctr('100m', undefined, { restartPolicy: 'Always' }), ctr('300m')] }, 400, 0],
    ['pod overhead adds', { containers: [ctr('250m')], overhead: { cpu: '50m' } }, 300, 0],
    ['no requests', { containers: [ctr()] }, 0, 0],
  ])('%s', (_n, spec, cpu, mem) => {
    const m = podRequestMap(pod(spec));
    expect(m.get('cpu') ?? 0).toBe(cpu);
    expect(m.get('memory') ?? 0).toBe(mem);
  });

  it.each([
    ['best effort: 100m / 200Mi per container', { containers: [ctr(), ctr()] }, 200, 2 * DEFAULT_MEMORY_REQUEST],
    ['cpu only: memory defaults', { containers: [ctr('250m')] }, 250, DEFAULT_MEMORY_REQUEST],
    ['an explicit 0 stays 0', { containers: [ctr('0', '0')] }, 0, 0],
  ])('non-zero: %s', (_n, spec, cpu, mem) => {
    const pi = newPodInfo(pod(spec));
    expect(pi.nonZeroMilliCPU).toBe(cpu);
    expect(pi.nonZeroMemory).toBe(mem);
  });

  it('keeps extended resources as scalar requests', () => {
    const pi = newPodInfo(pod({ containers: [{ name: 'c', image: 'x', resources: { requests: { 'nvidia.com/gpu': '2', cpu: '1' } } }] }));
    expect(pi.requests).toEqual({ milliCPU: 1000, memory: 0, ephemeralStorage: 0, scalar: { 'nvidia.com/gpu': 2 } });
  });
});

describe('helpers', () => {
  it.each([
    ['nginx', 'nginx:latest'],
    ['nginx:1.14.2', 'nginx:1.14.2'],
    ['registry:5000/app', 'registry:5000/app:latest'],
    ['registry:5000/app:v1', 'registry:5000/app:v1'],
    ['docker.io/library/nginx@sha256:abc', 'docker.io/library/nginx@sha256:abc'],
  ])('normalizedImageName(%s) = %s', (a, b) => expect(normalizedImageName(a)).toBe(b));

  it('reads allocatable', () => {
    const n = { metadata: { name: 'n' }, status: { allocatable: { cpu: '3500m', memory: '8Gi', pods: '110', 'example.com/dongle': '4' } } } as unknown as KObject;
    expect(nodeAllocatable(n)).toEqual({ milliCPU: 3500, memory: 8 * 1024 * Mi, ephemeralStorage: 0, pods: 110, scalar: { 'example.com/dongle': 4 } });
  });

  it('collects host ports with defaults', () => {
    const p = pod({ containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 9 }] }] });
    expect(podHostPorts(p)).toEqual([
      { ip: '0.0.0.0', protocol: 'TCP', port: 8080 },
      { ip: '10.0.0.1', protocol: 'UDP', port: 53 },
    ]);
  });
});
