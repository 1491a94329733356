import { describe, expect, it } from 'vitest';
import { Runtime } from '../../sim/runtime';
import { ApiStore } from '../../store/store';
import { strategies } from '../../store/strategies';
import type { KObject, NewObject } from '../types';

function setup() {
  const rt = new Runtime(Date.parse('2025-03-03T09:00:00Z'), 1, true);
  const store = rt.register(new ApiStore(rt));
  for (const [kind, s] of Object.entries(strategies)) store.setStrategy(kind, s);
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return store;
}

const get = (obj: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[/^\d+$/.test(k) ? Number(k) : k]), obj);

const pod = (spec: Record<string, unknown> = {}, name = 'p'): NewObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec },
});

const template = (spec: Record<string, unknown> = {}) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});

const deployment = (spec: Record<string, unknown> = {}): NewObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec },
});

describe('defaulting through store.create', () => {
  it.each<[string, NewObject, string, unknown]>([
    // Pods: SetDefaults_PodSpec, SetDefaults_Pod
    ['pod restartPolicy', pod(), 'spec.restartPolicy', 'Always'],
    ['pod dnsPolicy', pod(), 'spec.dnsPolicy', 'ClusterFirst'],
    ['pod schedulerName', pod(), 'spec.schedulerName', 'default-scheduler'],
    ['pod securityContext', pod(), 'spec.securityContext', {}],
    ['pod terminationGracePeriodSeconds', pod(), 'spec.terminationGracePeriodSeconds', 30],
    ['pod keeps a given grace period', pod({ terminationGracePeriodSeconds: 5 }), 'spec.terminationGracePeriodSeconds', 5],
    ['pod enableServiceLinks', pod(), 'spec.enableServiceLinks', true],
    ['pod serviceAccount mirrors serviceAccountName', pod(), 'spec.serviceAccount', 'default'],
    // Containers: SetDefaults_Container
    ['tagged image pull policy', pod(), 'spec.containers.0.imagePullPolicy', 'IfNotPresent'],
    ['untagged image pull policy', pod({ containers: [{ name: 'c', image: 'nginx' }] }), 'spec.containers.0.imagePullPolicy', 'Always'],
    ['latest image pull policy', pod({ containers: [{ name: 'c', image: 'nginx:latest' }] }), 'spec.containers.0.imagePullPolicy', 'Always'],
    ['given pull policy kept', pod({ containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never' }] }), 'spec.containers.0.imagePullPolicy', 'Never'],
    ['terminationMessagePath', pod(), 'spec.containers.0.terminationMessagePath', '/dev/termination-log'],
    ['terminationMessagePolicy', pod(), 'spec.containers.0.terminationMessagePolicy', 'File'],
    ['resources struct always present', pod({ initContainers: [{ name: 'i', image: 'busybox' }] }), 'spec.initContainers.0.resources', {}],
    ['container port protocol', pod({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] }), 'spec.containers.0.ports.0.protocol', 'TCP'],
    [
      'requests default to limits (pods only)',
      pod({ containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m' } } }] }),
      'spec.containers.0.resources.requests',
      { cpu: '250m', memory: '1Gi' },
    ],
    ['quantities are canonical', pod({ containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: 0.5, memory: '1024Mi' } } }] }), 'spec.containers.0.resources.requests', { cpu: '500m', memory: '1Gi' }],
    [
      'probe defaults',
      pod({ containers: [{ name: 'c', image: 'nginx', livenessProbe: { httpGet: { port: 80 } } }] }),
      'spec.containers.0.livenessProbe',
      { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
    ],
    ['grpc probe service', pod({ containers: [{ name: 'c', image: 'etcd', readinessProbe: { grpc: { port: 2379 } } }] }), 'spec.containers.0.readinessProbe.grpc', { port: 2379, service: '' }],
    [
      'env fieldRef apiVersion',
      pod({ containers: [{ name: 'c', image: 'nginx', env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }] }),
      'spec.containers.0.env.0.valueFrom.fieldRef.apiVersion',
      'v1',
    ],
    ['hostNetwork hostPort', pod({ hostNetwork: true, containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8080 }] }] }), 'spec.containers.0.ports.0.hostPort', 8080],
    // Volumes
    ['volume without source is emptyDir', pod({ volumes: [{ name: 'v' }] }), 'spec.volumes.0', { name: 'v', emptyDir: {} }],
    ['configMap defaultMode', pod({ volumes: [{ name: 'v', configMap: { name: 'cm' } }] }), 'spec.volumes.0.configMap.defaultMode', 420],
    ['secret defaultMode', pod({ volumes: [{ name: 'v', secret: { secretName: 's' } }] }), 'spec.volumes.0.secret.defaultMode', 420],
    ['hostPath type', pod({ volumes: [{ name: 'v', hostPath: { path: '/var/log' } }] }), 'spec.volumes.0.hostPath.type', ''],
    [
      'projected token expiration',
      pod({ volumes: [{ name: 'v', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }] }),
      'spec.volumes.0.projected',
      { defaultMode: 420, sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }] },
    ],
    // Deployments: SetDefaults_Deployment
    ['deployment replicas', deployment(), 'spec.replicas', 1],
    ['deployment strategy', deployment(), 'spec.strategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }],
    ['deployment partial rollingUpdate', deployment({ strategy: { rollingUpdate: { maxSurge: 1 } } }), 'spec.strategy.rollingUpdate', { maxSurge: 1, maxUnavailable: '25%' }],
    ['Recreate gets no rollingUpdate', deployment({ strategy: { type: 'Recreate' } }), 'spec.strategy', { type: 'Recreate' }],
    ['deployment revisionHistoryLimit', deployment(), 'spec.revisionHistoryLimit', 10],
    ['deployment progressDeadlineSeconds', deployment(), 'spec.progressDeadlineSeconds', 600],
    ['deployment status', deployment(), 'status', {}],
    ['template metadata creationTimestamp null', deployment(), 'spec.template.metadata', { labels: { app: 'web' }, creationTimestamp: null }],
    ['template pod spec defaults', deployment(), 'spec.template.spec.restartPolicy', 'Always'],
    ['template container defaults', deployment(), 'spec.template.spec.containers.0.imagePullPolicy', 'Always'],
    ['templates get no enableServiceLinks', deployment(), 'spec.template.spec.enableServiceLinks', undefined],
    // ReplicaSet, DaemonSet, ReplicationController
    [
      'replicaset replicas',
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template() } },
      'spec.replicas',
      1,
    ],
    [
      'replicaset status',
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template() } },
      'status',
      { replicas: 0 },
    ],
    [
      'daemonset updateStrategy',
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template() } },
      'spec.updateStrategy',
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    ],
    [
      'daemonset revisionHistoryLimit',
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template() } },
      'spec.revisionHistoryLimit',
      10,
    ],
    [
      'daemonset template generation annotation',
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'web' } }, template: template() } },
      'metadata.annotations',
      { 'deprecated.daemonset.template.generation': '1' },
    ],
    ['rc selector from template', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template: template() } }, 'spec.selector', { app: 'web' }],
    ['rc labels from template', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template: template() } }, 'metadata.labels', { app: 'web' }],
    ['rc replicas', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template: template() } }, 'spec.replicas', 1],
    // Services
    ...((): Array<[string, NewObject, string, unknown]> => {
      const svc = (spec: Record<string, unknown>): NewObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }], ...spec } });
      return [
        ['service type', svc({}), 'spec.type', 'ClusterIP'],
        ['service sessionAffinity', svc({}), 'spec.sessionAffinity', 'None'],
        ['service port protocol and targetPort', svc({}), 'spec.ports.0', { port: 80, protocol: 'TCP', targetPort: 80 }],
        ['service named targetPort kept', svc({ ports: [{ port: 80, targetPort: 'http' }] }), 'spec.ports.0.targetPort', 'http'],
        ['service internalTrafficPolicy', svc({}), 'spec.internalTrafficPolicy', 'Cluster'],
        ['ClusterIP has no externalTrafficPolicy', svc({}), 'spec.externalTrafficPolicy', undefined],
        ['NodePort externalTrafficPolicy', svc({ type: 'NodePort' }), 'spec.externalTrafficPolicy', 'Cluster'],
        ['LoadBalancer allocates node ports', svc({ type: 'LoadBalancer' }), 'spec.allocateLoadBalancerNodePorts', true],
        ['ipFamilyPolicy', svc({}), 'spec.ipFamilyPolicy', 'SingleStack'],
        ['ipFamilies', svc({}), 'spec.ipFamilies', ['IPv4']],
        ['headless selectorless service is dual-stack', svc({ clusterIP: 'None' }), 'spec.ipFamilies', ['IPv4', 'IPv6']],
        ['clusterIPs from clusterIP', svc({ clusterIP: '10.96.0.20' }), 'spec.clusterIPs', ['10.96.0.20']],
        ['ClientIP affinity timeout', svc({ sessionAffinity: 'ClientIP' }), 'spec.sessionAffinityConfig', { clientIP: { timeoutSeconds: 10800 } }],
        ['ExternalName gets no IP families', svc({ type: 'ExternalName', externalName: 'example.com', ports: [] }), 'spec.ipFamilies', undefined],
        ['service status', svc({}), 'status', { loadBalancer: {} }],
      ];
    })(),
    // The rest
    ['secret type', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, 'type', 'Opaque'],
    ['secret stringData folded into data', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'päss' } }, 'data', { password: 'cMOkc3M=' }],
    ['namespace label', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }, 'metadata.labels', { 'kubernetes.io/metadata.name': 'team-a' }],
    ['namespace finalizer', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }, 'spec.finalizers', ['kubernetes']],
    ['namespace phase', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }, 'status.phase', 'Active'],
    ['node allocatable', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { capacity: { cpu: '4', memory: '8192Mi' } } }, 'status.allocatable', { cpu: '4', memory: '8Gi' }],
    [
      'endpoints port protocol',
      { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }] },
      'subsets.0.ports.0.protocol',
      'TCP',
    ],
    [
      'endpointslice port name and protocol',
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'e' }, addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] },
      'ports.0',
      { port: 80, name: '', protocol: 'TCP' },
    ],
  ])('%s', (_name, input, path, want) => {
    const store = setup();
    const obj = store.create(input) as KObject;
    expect(get(obj, path)).toEqual(want);
  });

  it('defaults a pod exactly as a v1.32 API server stores it', () => {
    const store = setup();
    const p = store.create(pod({ containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] }));
    const vol = p.spec.volumes[0].name as string;
    expect(vol).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.spec).toEqual({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [{ name: vol, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      volumes: [
        {
          name: vol,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
            ],
          },
        },
      ],
    });
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('defaults on update too, and is idempotent (an unchanged re-apply stores nothing)', () => {
    const store = setup();
    const d = store.create(deployment());
    const again = store.update({ ...deployment(), metadata: { name: 'web', resourceVersion: d.metadata.resourceVersion } });
    expect(again.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    expect(again.metadata.generation).toBe(1);
  });
});
