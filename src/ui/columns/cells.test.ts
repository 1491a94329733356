import { describe, expect, it } from 'vitest';
import * as c from './cells';
import type { KObject } from '../../protocol/batch';

const NOW = Date.parse('2025-03-03T10:00:00Z');
const meta = { name: 'x', namespace: 'default', uid: 'u', resourceVersion: '1', creationTimestamp: '2025-03-03T09:00:00Z' };
const pod = (status: object, spec: object = { containers: [{ name: 'a' }] }, metaExtra: object = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { ...meta, ...metaExtra },
  spec,
  status,
});
const running = { running: { startedAt: '2025-03-03T09:00:00Z' } };

describe('pod cells', () => {
  it.each([
    ['phase only', pod({ phase: 'Pending' }), 'Pending'],
    ['status.reason wins over phase', pod({ phase: 'Failed', reason: 'Evicted' }), 'Evicted'],
    ['waiting reason', pod({ phase: 'Pending', containerStatuses: [{ name: 'a', state: { waiting: { reason: 'ContainerCreating' } } }] }), 'ContainerCreating'],
    ['running and ready', pod({ phase: 'Running', containerStatuses: [{ name: 'a', ready: true, state: running }] }), 'Running'],
    ['terminated without reason, exit code', pod({ phase: 'Running', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 3 } } }] }), 'ExitCode:3'],
    ['terminated without reason, signal', pod({ phase: 'Running', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 137, signal: 9 } } }] }), 'Signal:9'],
    [
      'first container decides (iterated last to first)',
      pod(
        { phase: 'Running', containerStatuses: [{ name: 'a', state: { waiting: { reason: 'CrashLoopBackOff' } } }, { name: 'b', ready: true, state: running }] },
        { containers: [{ name: 'a' }, { name: 'b' }] },
      ),
      'CrashLoopBackOff',
    ],
    [
      'Completed with a running container -> Running when Ready',
      pod(
        {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [{ name: 'a', ready: true, state: running }, { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
        },
        { containers: [{ name: 'a' }, { name: 'b' }] },
      ),
      'Running',
    ],
    [
      'Completed with a running container -> NotReady otherwise',
      pod(
        { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, state: running }, { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
        { containers: [{ name: 'a' }, { name: 'b' }] },
      ),
      'NotReady',
    ],
    [
      'init container in progress',
      pod(
        { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 0 } } }, { name: 'i2', state: running }] },
        { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] },
      ),
      'Init:1/2',
    ],
    [
      'init container failing',
      pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { initContainers: [{ name: 'i1' }], containers: [{ name: 'a' }] }),
      'Init:CrashLoopBackOff',
    ],
    [
      'init container terminated with an error code',
      pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 2 } } }] }, { initContainers: [{ name: 'i1' }], containers: [{ name: 'a' }] }),
      'Init:ExitCode:2',
    ],
    ['deleting -> Terminating', pod({ phase: 'Running', containerStatuses: [{ name: 'a', ready: true, state: running }] }, undefined, { deletionTimestamp: '2025-03-03T10:00:00Z' }), 'Terminating'],
    ['deleting on a lost node -> Unknown', pod({ phase: 'Running', reason: 'NodeLost' }, undefined, { deletionTimestamp: '2025-03-03T10:00:00Z' }), 'Unknown'],
    ['deleting a succeeded pod keeps Completed', pod({ phase: 'Succeeded', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, undefined, { deletionTimestamp: 'x' }), 'Completed'],
    ['scheduling gated', pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), 'SchedulingGated'],
  ])('STATUS: %s', (_n, o, expected) => expect(c.podStatus(o)).toBe(expected));

  it.each([
    [pod({ containerStatuses: [{ name: 'a', ready: true, state: running }] }), '1/1'],
    [pod({ containerStatuses: [{ name: 'a', ready: true, state: running }, { name: 'b', ready: false, state: running }] }, { containers: [{ name: 'a' }, { name: 'b' }] }), '1/2'],
    [pod({ containerStatuses: [{ name: 'a', ready: true, state: { waiting: {} } }] }), '0/1'],
    [
      pod(
        { initContainerStatuses: [{ name: 'side', started: true, ready: true }], containerStatuses: [{ name: 'a', ready: true, state: running }] },
        { initContainers: [{ name: 'side', restartPolicy: 'Always' }], containers: [{ name: 'a' }] },
      ),
      '2/2',
    ],
  ])('READY %#', (o, expected) => expect(c.podReady(o)).toBe(expected));

  it('RESTARTS shows how long ago the last one was', () => {
    const o = pod({
      phase: 'Running',
      containerStatuses: [{ name: 'a', ready: true, state: running, restartCount: 3, lastState: { terminated: { finishedAt: '2025-03-03T09:58:00Z' } } }],
    });
    expect(c.podRestarts(o, NOW)).toBe('3 (2m ago)');
    expect(c.podRestarts(pod({ phase: 'Running', containerStatuses: [{ name: 'a', restartCount: 0 }] }), NOW)).toBe('0');
    expect(c.podRestartCount(o)).toBe(3);
  });

  it('IP, NODE, NOMINATED NODE, READINESS GATES', () => {
    const o = pod({ podIPs: [{ ip: '10.244.1.5' }] }, { containers: [], nodeName: 'podium-worker', readinessGates: [{ conditionType: 'x' }] });
    expect(c.podIP(o)).toBe('10.244.1.5');
    expect(c.podNode(o)).toBe('podium-worker');
    expect(c.podNominatedNode(o)).toBe('<none>');
    expect(c.podReadinessGates(o)).toBe('0/1');
    expect(c.podIP(pod({}))).toBe('<none>');
    expect(c.podNode(pod({}))).toBe('<none>');
  });

  it('AGE is HumanDuration since creation', () => {
    expect(c.age(pod({}), NOW)).toBe('60m');
    expect(c.age(pod({}), Date.parse('2025-03-03T09:01:30Z'))).toBe('90s');
    expect(c.since(undefined, NOW)).toBe('<unknown>');
  });
});

describe('workload cells', () => {
  const dep: KObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }] } } },
    status: { readyReplicas: 2, updatedReplicas: 3 },
  };
  it('READY, containers, images, selector', () => {
    expect(c.deploymentReady(dep)).toBe('2/3');
    expect(c.containerNames(dep)).toBe('nginx,side');
    expect(c.containerImages(dep)).toBe('nginx:1.27,busybox');
    expect(c.workloadSelector(dep)).toBe('app=web');
    expect(c.num(dep.status.availableReplicas)).toBe('0');
  });
});

describe('service and endpoints cells', () => {
  const svc = (spec: object, status: object = {}): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec, status });
  it.each([
    [svc({ type: 'ClusterIP', clusterIPs: ['10.96.0.10'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }), '10.96.0.10', '<none>', '53/UDP,53/TCP'],
    [svc({ type: 'NodePort', clusterIPs: ['10.96.1.1'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }), '10.96.1.1', '<none>', '80:30080/TCP'],
    [svc({ type: 'LoadBalancer', clusterIPs: ['10.96.1.2'], ports: [] }), '10.96.1.2', '<pending>', '<none>'],
    [svc({ type: 'LoadBalancer', clusterIPs: ['10.96.1.2'], ports: [] }, { loadBalancer: { ingress: [{ ip: '172.18.255.200' }, { ip: '172.18.255.201' }] } }), '10.96.1.2', '172.18.255.20...', '<none>'],
    [svc({ type: 'ExternalName', externalName: 'example.com' }), '<none>', 'example.com', '<none>'],
  ])('service %#', (o, ip, ext, ports) => {
    expect(c.serviceClusterIP(o)).toBe(ip);
    expect(c.serviceExternalIP(o)).toBe(ext);
    expect(c.servicePorts(o)).toBe(ports);
  });

  it.each([
    [[], '<none>'],
    [[{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], '10.0.0.1:80'],
    [[{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }, { ip: '10.0.0.5' }], ports: [{ port: 80 }] }], '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...'],
    [[{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 443 }] }], '[fd00::1]:443'],
    [[{ addresses: [{ ip: '10.0.0.9' }] }], '10.0.0.9'],
    [[{ notReadyAddresses: [{ ip: '10.0.0.9' }], ports: [{ port: 80 }] }], '<none>'],
  ])('ENDPOINTS %#', (subsets, expected) => {
    expect(c.formatEndpoints({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta, subsets })).toBe(expected);
  });
});

describe('node cells', () => {
  const node = (conditions: object[], extra: object = {}, labels: Record<string, string> = {}): KObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { ...meta, labels },
    spec: extra,
    status: { conditions, addresses: [{ type: 'InternalIP', address: '172.18.0.2' }], nodeInfo: { kubeletVersion: 'v1.32.2', osImage: '' } },
  });
  it.each([
    [node([{ type: 'Ready', status: 'True' }]), 'Ready'],
    [node([{ type: 'Ready', status: 'Unknown' }]), 'NotReady'],
    [node([]), 'Unknown'],
    [node([{ type: 'Ready', status: 'True' }], { unschedulable: true }), 'Ready,SchedulingDisabled'],
  ])('STATUS %#', (o, s) => expect(c.nodeStatus(o)).toBe(s));

  it('ROLES, addresses and info', () => {
    const o = node([], {}, { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': 'x' });
    expect(c.nodeRoles(o)).toBe('control-plane,master');
    expect(c.nodeRoles(node([]))).toBe('<none>');
    expect(c.nodeAddress(o, 'InternalIP')).toBe('172.18.0.2');
    expect(c.nodeAddress(o, 'ExternalIP')).toBe('<none>');
    expect(c.nodeInfo(o, 'kubeletVersion')).toBe('v1.32.2');
    expect(c.nodeInfo(o, 'osImage')).toBe('<unknown>');
  });
});

describe('event cells', () => {
  const ev = (extra: object): KObject => ({ apiVersion: 'v1', kind: 'Event', metadata: meta, ...extra });
  it('LAST SEEN, FIRST SEEN, OBJECT, SOURCE, COUNT, MESSAGE', () => {
    const e = ev({
      firstTimestamp: '2025-03-03T09:50:00Z',
      lastTimestamp: '2025-03-03T09:59:00Z',
      involvedObject: { kind: 'Pod', name: 'web-1' },
      source: { component: 'kubelet', host: 'podium-worker' },
      count: 4,
      message: '  Pulled image  ',
    });
    expect(c.eventLastSeen(e, NOW)).toBe('60s');
    expect(c.eventFirstSeen(e, NOW)).toBe('10m');
    expect(c.eventObject(e)).toBe('pod/web-1');
    expect(c.eventSource(e)).toBe('kubelet, podium-worker');
    expect(c.eventCount(e)).toBe('4');
    expect(c.eventMessage(e)).toBe('Pulled image');
  });
  it('falls back to eventTime, series and reporting fields', () => {
    const e = ev({ eventTime: '2025-03-03T09:59:30Z', series: { count: 7, lastObservedTime: '2025-03-03T09:59:50Z' }, involvedObject: { kind: 'Node' }, reportingComponent: 'default-scheduler' });
    expect(c.eventFirstSeen(e, NOW)).toBe('30s');
    expect(c.eventLastSeen(e, NOW)).toBe('10s');
    expect(c.eventCount(e)).toBe('7');
    expect(c.eventObject(e)).toBe('node');
    expect(c.eventSource(e)).toBe('default-scheduler');
    expect(c.eventCount(ev({ count: 0 }))).toBe('1');
  });
});
