import { describe, expect, it } from 'vitest';
import { Runtime } from '../../sim/runtime';
import { ApiStore } from '../../store/store';
import { strategies } from '../../store/strategies';
import { ApiError } from '../errors';
import type { KObject, NewObject } from '../types';

function setup() {
  const rt = new Runtime(Date.parse('2025-03-03T09:00:00Z'), 1, true);
  const store = rt.register(new ApiStore(rt));
  for (const [kind, s] of Object.entries(strategies)) store.setStrategy(kind, s);
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return store;
}

function createError(input: NewObject): ApiError {
  try {
    setup().create(input);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the API server to refuse the object');
}

function updateError(initial: NewObject, change: (o: KObject) => void): ApiError {
  const store = setup();
  const obj = JSON.parse(JSON.stringify(store.create(initial))) as KObject;
  change(obj);
  try {
    store.update(obj);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the API server to refuse the update');
}

const RFC1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const labels = { app: 'web' };
const container = { name: 'web', image: 'nginx:1.27' };
const podSpec = (extra: Record<string, unknown> = {}) => ({ containers: [container], ...extra });
const pod = (spec: Record<string, unknown> = podSpec(), meta: Record<string, unknown> = {}): NewObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ...meta },
  spec,
});
const template = (spec: Record<string, unknown> = podSpec(), tl: Record<string, string> | undefined = labels) => ({ metadata: { labels: tl }, spec });
const deploy = (spec: Record<string, unknown> = {}): NewObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: labels }, template: template(), ...spec },
});
const rs = (spec: Record<string, unknown> = {}): NewObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: labels }, template: template(), ...spec },
});
const ds = (spec: Record<string, unknown> = {}): NewObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: labels }, template: template(), ...spec },
});
const rc = (spec: Record<string, unknown> = {}): NewObject => ({
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'web' },
  spec: { selector: labels, template: template(), ...spec },
});
const svc = (spec: Record<string, unknown> = {}): NewObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: labels, ports: [{ port: 80 }], ...spec },
});

describe('validation messages on create (as the v1.32 API server words them)', () => {
  it.each<[string, NewObject, string]>([
    // Workloads
    ['negative replicas', deploy({ replicas: -1 }), 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [
      'Podium replica limit',
      deploy({ replicas: 100001 }),
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: 100001: must be less than or equal to 100000 (a Podium limit; Kubernetes allows up to 2147483647)',
    ],
    [
      'missing selector (and so a mismatch)',
      deploy({ selector: undefined }),
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    ],
    [
      'empty selector',
      deploy({ selector: {} }),
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ],
    [
      'selector not matching template labels',
      deploy({ selector: { matchLabels: { app: 'api' } } }),
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ],
    [
      'template without labels',
      deploy({ template: { metadata: {}, spec: podSpec() } }),
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
    ],
    [
      'bad selector operator',
      deploy({ selector: { matchLabels: labels, matchExpressions: [{ key: 'tier', operator: 'Is', values: ['a'] }] } }),
      'Deployment.apps "web" is invalid: [spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator, spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"Is", Values:[]string{"a"}}}}: invalid label selector]',
    ],
    [
      'template restartPolicy',
      deploy({ template: template(podSpec({ restartPolicy: 'Never' })) }),
      'Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
    [
      'maxSurge and maxUnavailable both 0',
      deploy({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ],
    [
      'percentages count as zero too',
      deploy({ strategy: { rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } } }),
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ],
    [
      'maxUnavailable over 100%',
      deploy({ strategy: { rollingUpdate: { maxUnavailable: '110%' } } }),
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%',
    ],
    [
      'malformed percentage',
      deploy({ strategy: { rollingUpdate: { maxSurge: '25' } } }),
      `Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"25"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    ],
    ['negative maxSurge', deploy({ strategy: { rollingUpdate: { maxSurge: -1 } } }), 'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0'],
    [
      'rollingUpdate with Recreate',
      deploy({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }),
      "Deployment.apps \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ],
    [
      'unknown strategy type',
      deploy({ strategy: { type: 'BlueGreen' } }),
      'Deployment.apps "web" is invalid: spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    ],
    ['negative revisionHistoryLimit', deploy({ revisionHistoryLimit: -1 }), 'Deployment.apps "web" is invalid: spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
    [
      'progress deadline not above minReadySeconds',
      deploy({ minReadySeconds: 600, progressDeadlineSeconds: 600 }),
      'Deployment.apps "web" is invalid: spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ],
    ['replicaset negative replicas', rs({ replicas: -3 }), 'ReplicaSet.apps "web" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0'],
    [
      'replicaset activeDeadlineSeconds',
      rs({ template: template(podSpec({ activeDeadlineSeconds: 30 })) }),
      'ReplicaSet.apps "web" is invalid: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ],
    [
      'daemonset empty selector',
      ds({ selector: {} }),
      'DaemonSet.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
    ],
    [
      'daemonset both maxSurge and maxUnavailable',
      ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }),
      'DaemonSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    ],
    [
      'daemonset neither',
      ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
      'DaemonSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ],
    [
      'rc selector mismatch',
      rc({ selector: { app: 'api' } }),
      'ReplicationController "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ],
    ['rc negative replicas', rc({ replicas: -1 }), 'ReplicationController "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    // Pods
    ['no containers', pod({ containers: [] }), 'Pod "p" is invalid: spec.containers: Required value'],
    [
      'container name not a DNS label',
      pod(podSpec({ containers: [{ name: 'Web', image: 'nginx' }] })),
      `Pod "p" is invalid: spec.containers[0].name: Invalid value: "Web": ${RFC1123_LABEL}`,
    ],
    [
      'duplicate container names',
      pod(podSpec({ containers: [container, container] })),
      'Pod "p" is invalid: spec.containers[1].name: Duplicate value: "web"',
    ],
    ['missing image', pod(podSpec({ containers: [{ name: 'web' }] })), 'Pod "p" is invalid: spec.containers[0].image: Required value'],
    [
      'several errors are listed together',
      pod(podSpec({ containers: [{ name: 'web' }, { name: 'web', image: 'x' }], restartPolicy: 'Sometimes' })),
      'Pod "p" is invalid: [spec.containers[0].image: Required value, spec.containers[1].name: Duplicate value: "web", spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]',
    ],
    [
      'port out of range',
      pod(podSpec({ containers: [{ ...container, ports: [{ containerPort: 70000 }] }] })),
      'Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ],
    [
      'duplicate port names',
      pod(podSpec({ containers: [{ ...container, ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] }] })),
      'Pod "p" is invalid: spec.containers[0].ports[1].name: Duplicate value: "http"',
    ],
    [
      'bad port name',
      pod(podSpec({ containers: [{ ...container, ports: [{ name: 'web_http', containerPort: 80 }] }] })),
      'Pod "p" is invalid: spec.containers[0].ports[0].name: Invalid value: "web_http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ],
    [
      'unsupported protocol',
      pod(podSpec({ containers: [{ ...container, ports: [{ containerPort: 80, protocol: 'HTTP' }] }] })),
      'Pod "p" is invalid: spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
    [
      'probe without handler',
      pod(podSpec({ containers: [{ ...container, livenessProbe: { periodSeconds: 5 } }] })),
      'Pod "p" is invalid: spec.containers[0].livenessProbe: Required value: must specify a handler type',
    ],
    [
      'probe with two handlers',
      pod(podSpec({ containers: [{ ...container, readinessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } }] })),
      'Pod "p" is invalid: spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ],
    [
      'liveness successThreshold',
      pod(podSpec({ containers: [{ ...container, livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 } }] })),
      'Pod "p" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    ],
    [
      'negative failureThreshold',
      pod(podSpec({ containers: [{ ...container, readinessProbe: { tcpSocket: { port: 80 }, failureThreshold: -1 } }] })),
      'Pod "p" is invalid: spec.containers[0].readinessProbe.failureThreshold: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'httpGet port 0',
      pod(podSpec({ containers: [{ ...container, readinessProbe: { httpGet: { path: '/' } } }] })),
      'Pod "p" is invalid: spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ],
    [
      'requests above limits',
      pod(podSpec({ containers: [{ ...container, resources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } }] })),
      'Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 500m',
    ],
    [
      'unknown resource name',
      pod(podSpec({ containers: [{ ...container, resources: { limits: { gpu: '1' } } }] })),
      'Pod "p" is invalid: [spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified, spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers, spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified, spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers]',
    ],
    [
      'volume mount of an unknown volume',
      pod(podSpec({ containers: [{ ...container, volumeMounts: [{ name: 'data', mountPath: '/data' }] }] })),
      'Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ],
    [
      'duplicate volume names',
      pod(podSpec({ volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] })),
      'Pod "p" is invalid: spec.volumes[1].name: Duplicate value: "v"',
    ],
    [
      'two volume sources',
      pod(podSpec({ volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/tmp' } }] })),
      'Pod "p" is invalid: spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
    ],
    [
      'nodeName not a DNS subdomain',
      pod(podSpec({ nodeName: 'Node_1' })),
      `Pod "p" is invalid: spec.nodeName: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    [
      'toleration with bad operator',
      pod(podSpec({ tolerations: [{ key: 'k', operator: 'In', value: 'v' }] })),
      'Pod "p" is invalid: spec.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
    ],
    [
      'toleration with bad effect',
      pod(podSpec({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoRun' }] })),
      'Pod "p" is invalid: spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
    [
      'tolerationSeconds needs NoExecute',
      pod(podSpec({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 }] })),
      "Pod \"p\" is invalid: spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    ],
    [
      'empty key needs Exists',
      pod(podSpec({ tolerations: [{ operator: 'Equal', value: 'x' }] })),
      'Pod "p" is invalid: spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ],
    [
      'init container probes need restartPolicy Always',
      pod(podSpec({ initContainers: [{ name: 'init', image: 'busybox', livenessProbe: { exec: { command: ['true'] } } }] })),
      'Pod "p" is invalid: spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ],
    [
      'init container name clashes with a container',
      pod(podSpec({ initContainers: [{ name: 'web', image: 'busybox' }] })),
      'Pod "p" is invalid: spec.initContainers[0].name: Duplicate value: "web"',
    ],
    [
      'env var from nowhere',
      pod(podSpec({ containers: [{ ...container, env: [{ name: 'A', valueFrom: {} }] }] })),
      'Pod "p" is invalid: spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
    ],
    [
      'unsupported downward API field',
      pod(podSpec({ containers: [{ ...container, env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.schedulerName' } } }] }] })),
      'Pod "p" is invalid: spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.schedulerName": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ],
    [
      'pod name',
      pod(podSpec(), { name: 'Web' }),
      `Pod "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    // Services
    ['service without ports', svc({ ports: [] }), 'Service "web" is invalid: spec.ports: Required value'],
    [
      'service port out of range',
      svc({ ports: [{ port: 0 }] }),
      // targetPort defaults to port, so upstream reports it too
      'Service "web" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
    ],
    [
      'several ports need names',
      svc({ ports: [{ port: 80 }, { name: 'b', port: 81 }] }),
      'Service "web" is invalid: spec.ports[0].name: Required value',
    ],
    [
      'duplicate port names',
      svc({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }),
      'Service "web" is invalid: spec.ports[1].name: Duplicate value: "http"',
    ],
    [
      'duplicate ports',
      svc({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }),
      'Service "web" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ],
    [
      'unknown type',
      svc({ type: 'Internal' }),
      'Service "web" is invalid: spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
    [
      'nodePort on a ClusterIP service',
      svc({ ports: [{ port: 80, nodePort: 30080 }] }),
      "Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ],
    [
      'service name must be a DNS-1035 label',
      { ...svc(), metadata: { name: '1web' } },
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ],
    [
      'dual stack on a single-stack cluster',
      svc({ ipFamilyPolicy: 'RequireDualStack' }),
      'Service "web" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    ],
    // Others
    [
      'node taint effect',
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'k', effect: 'NoRun' }] } },
      'Node "n1" is invalid: metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
    [
      'node taint without effect',
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'k' }] } },
      'Node "n1" is invalid: metadata.taints[0].effect: Required value',
    ],
    [
      'duplicate node taints',
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', value: 'x', effect: 'NoSchedule' }] } },
      'Node "n1" is invalid: metadata.taints[1]: Duplicate value: core.Taint{Key:"k", Value:"x", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
    ],
    [
      'namespace name',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Team.A' } },
      `Namespace "Team.A" is invalid: metadata.name: Invalid value: "Team.A": ${RFC1123_LABEL}`,
    ],
    [
      'configmap key',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { 'a/b': 'x' } },
      "ConfigMap \"cm\" is invalid: data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ],
    [
      'secret key',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { '..': 'eA==' } },
      'Secret "s" is invalid: data[..]: Invalid value: "..": must not be \'..\'',
    ],
    [
      'tls secret needs its keys',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls', data: {} },
      'Secret "s" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]',
    ],
    [
      'label value',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', labels: { app: 'a b' } } },
      "ConfigMap \"cm\" is invalid: metadata.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    [
      'unknown finalizer',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', finalizers: ['keep'] } },
      'ConfigMap "cm" is invalid: metadata.finalizers[0]: Invalid value: "keep": name is neither a standard finalizer name nor is it fully qualified',
    ],
  ])('%s', (_name, input, message) => {
    const err = createError(input);
    expect(err.reason).toBe('Invalid');
    expect(err.code).toBe(422);
    expect(err.message).toBe(message);
  });

  it('lists each cause in the Status details', () => {
    const err = createError(deploy({ replicas: -1, selector: { matchLabels: { app: 'api' } } }));
    expect(err.status.details?.causes).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
        field: 'spec.template.metadata.labels',
      },
    ]);
  });

  it('leaves the cluster as it was', () => {
    const store = setup();
    const rv = store.resourceVersion;
    expect(() => store.create(deploy({ replicas: -1 }))).toThrow(ApiError);
    expect(store.resourceVersion).toBe(rv);
    expect(store.list('Deployment')).toEqual([]);
  });
});

describe('validation of updates', () => {
  it.each<[string, NewObject, (o: KObject) => void, string]>([
    [
      'deployment selector is immutable',
      deploy(),
      (d) => {
        d.spec.selector = { matchLabels: { app: 'web', tier: 'fe' } };
        d.spec.template.metadata.labels = { app: 'web', tier: 'fe' };
      },
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ],
    [
      'immutability comes after the spec errors',
      deploy(),
      (d) => {
        d.spec.selector = { matchLabels: { app: 'api' } };
      },
      'Deployment.apps "web" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`, spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"api"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable]',
    ],
    [
      'replicaset selector is immutable',
      rs(),
      (r) => {
        r.spec.selector.matchLabels = { app: 'web', v: '2' };
        r.spec.template.metadata.labels = { app: 'web', v: '2' };
      },
      'ReplicaSet.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ],
    [
      'scaling beyond Podium limit',
      deploy(),
      (d) => {
        d.spec.replicas = 200000;
      },
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: 200000: must be less than or equal to 100000 (a Podium limit; Kubernetes allows up to 2147483647)',
    ],
    [
      'pod containers may not be added',
      pod(),
      (p) => {
        p.spec.containers.push({ ...p.spec.containers[0], name: 'sidecar' });
      },
      'Pod "p" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers',
    ],
    [
      'pod toleration may not be changed',
      pod(podSpec({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }] })),
      (p) => {
        p.spec.tolerations[0].effect = 'NoExecute';
      },
      'Pod "p" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ],
    [
      'activeDeadlineSeconds may only go down',
      pod(podSpec({ activeDeadlineSeconds: 30 })),
      (p) => {
        p.spec.activeDeadlineSeconds = 60;
      },
      'Pod "p" is invalid: spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value',
    ],
    [
      'service clusterIP is immutable',
      svc({ clusterIP: '10.96.0.20' }),
      (s) => {
        s.spec.clusterIP = '10.96.0.21';
        s.spec.clusterIPs = ['10.96.0.21'];
      },
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.21"}: may not change once set',
    ],
    [
      'secret type is immutable',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } },
      (s) => {
        s.type = 'kubernetes.io/basic-auth';
        s.data = { username: 'YQ==' };
      },
      'Secret "s" is invalid: type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    ],
    [
      'an immutable configmap',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '1' }, immutable: true },
      (c) => {
        c.data = { a: '2' };
      },
      'ConfigMap "cm" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    ],
  ])('%s', (_name, initial, change, message) => {
    expect(updateError(initial, change).message).toBe(message);
  });

  it('pod updates that change other fields quote the v1.32 message with a diff', () => {
    const err = updateError(pod(), (p) => {
      p.spec.containers[0].ports = [{ containerPort: 8080, protocol: 'TCP' }];
    });
    expect(err.message.split('\n')[0]).toBe(
      'Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    expect(err.message).toContain('  core.PodSpec{');
    expect(err.message).toMatch(/^- \tContainers: /m);
    expect(err.message).toMatch(/^\+ \tContainers: .*8080/m);
  });

  it('allows image changes, added tolerations and a lower activeDeadlineSeconds', () => {
    const store = setup();
    const p = JSON.parse(JSON.stringify(store.create(pod(podSpec({ activeDeadlineSeconds: 60 })))));
    p.spec.containers[0].image = 'nginx:1.28';
    p.spec.tolerations.push({ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' });
    p.spec.activeDeadlineSeconds = 30;
    const out = store.update(p);
    expect(out.spec.containers[0].image).toBe('nginx:1.28');
  });

  it('keeps replicaset and replicationcontroller selectors apart: an RC may change its selector', () => {
    const store = setup();
    const obj = JSON.parse(JSON.stringify(store.create(rc())));
    obj.spec.selector = { app: 'web', v: '2' };
    obj.spec.template.metadata.labels = { app: 'web', v: '2' };
    expect(store.update(obj).spec.selector).toEqual({ app: 'web', v: '2' });
  });
});
