/**
 * Defaulting of core/v1 kinds, as the v1.32 API server applies it when it decodes a request:
 * the SetDefaults_* functions of pkg/apis/core/v1/defaults.go, the nested calls of the generated
 * zz_generated.defaults.go (every container, probe, port and volume of a pod spec), the
 * declarative `+default` markers, and the v1 conversion quirks that show in stored objects
 * (`serviceAccount` mirrors `serviceAccountName`, Secret `stringData` is folded into `data`).
 *
 * Functions edit the object they are given: strategies call them on a private copy.
 */
import type { KObject } from '../types';
import { canonicalResourceList } from './quantity';
import { defaultPullPolicy } from './image';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

/** ConfigMap, Secret, DownwardAPI and projected volumes: 0644 (SecretVolumeSourceDefaultMode etc.). */
export const DEFAULT_VOLUME_MODE = 420;
/** SetDefaults_ServiceAccountTokenProjection: one hour. */
export const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;
/** v1.DefaultTerminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** v1.DefaultClientIPServiceAffinitySeconds: three hours. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

/** The volume source fields of v1.Volume; a volume with none of them gets `emptyDir: {}`. */
const VOLUME_SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'configMap', 'csi', 'downwardAPI',
  'emptyDir', 'ephemeral', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs',
  'hostPath', 'image', 'iscsi', 'nfs', 'persistentVolumeClaim', 'photonPersistentDisk', 'portworxVolume',
  'projected', 'quobyte', 'rbd', 'scaleIO', 'secret', 'storageos', 'vsphereVolume',
];

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const each = (v: unknown, fn: (x: Obj) => void) => {
  if (Array.isArray(v)) for (const x of v) if (isObj(x)) fn(x);
};

/** SetDefaults_ObjectFieldSelector: apiVersion v1. */
function defaultFieldRef(ref: unknown): void {
  if (isObj(ref) && !ref.apiVersion) ref.apiVersion = 'v1';
}

/** SetDefaults_HTTPGetAction: path `/`, scheme HTTP. */
function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  if (!h.path) h.path = '/';
  if (!h.scheme) h.scheme = 'HTTP';
}

/** SetDefaults_Probe plus the handler defaults: 1 s timeout, 10 s period, thresholds 1 and 3. */
export function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
  // GRPCAction.service carries `+default=""` and has no omitempty, so it always shows.
  if (isObj(p.grpc) && p.grpc.service == null) p.grpc.service = '';
}

/** SetDefaults_Container and the nested defaults of one container. */
export function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image);
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  each(c.ports, (p) => {
    if (!p.protocol) p.protocol = 'TCP';
  });
  each(c.env, (e) => {
    if (isObj(e.valueFrom)) defaultFieldRef(e.valueFrom.fieldRef);
  });
  // Resources is a struct, not a pointer: it always serializes, as `resources: {}` when empty.
  if (!isObj(c.resources)) c.resources = {};
  canonicalResourceList(c.resources.limits);
  canonicalResourceList(c.resources.requests);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    if (isObj(c.lifecycle.postStart)) defaultHTTPGet(c.lifecycle.postStart.httpGet);
    if (isObj(c.lifecycle.preStop)) defaultHTTPGet(c.lifecycle.preStop.httpGet);
  }
}

/** SetDefaults_Volume and the defaults of its source. */
export function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((k) => v[k] != null)) v.emptyDir = {};
  if (isObj(v.hostPath) && v.hostPath.type == null) v.hostPath.type = ''; // HostPathUnset
  if (isObj(v.secret) && v.secret.defaultMode == null) v.secret.defaultMode = DEFAULT_VOLUME_MODE;
  if (isObj(v.configMap) && v.configMap.defaultMode == null) v.configMap.defaultMode = DEFAULT_VOLUME_MODE;
  if (isObj(v.downwardAPI)) {
    if (v.downwardAPI.defaultMode == null) v.downwardAPI.defaultMode = DEFAULT_VOLUME_MODE;
    each(v.downwardAPI.items, (i) => defaultFieldRef(i.fieldRef));
  }
  if (isObj(v.projected)) {
    if (v.projected.defaultMode == null) v.projected.defaultMode = DEFAULT_VOLUME_MODE;
    each(v.projected.sources, (s) => {
      if (isObj(s.downwardAPI)) each(s.downwardAPI.items, (i) => defaultFieldRef(i.fieldRef));
      if (isObj(s.serviceAccountToken) && s.serviceAccountToken.expirationSeconds == null)
        s.serviceAccountToken.expirationSeconds = DEFAULT_TOKEN_EXPIRATION_SECONDS;
    });
  }
  if (isObj(v.iscsi) && !v.iscsi.iscsiInterface) v.iscsi.iscsiInterface = 'default';
  if (isObj(v.rbd)) {
    if (!v.rbd.pool) v.rbd.pool = 'rbd';
    if (!v.rbd.user) v.rbd.user = 'admin';
    if (!v.rbd.keyring) v.rbd.keyring = '/etc/ceph/keyring';
  }
  if (isObj(v.azureDisk)) {
    if (v.azureDisk.cachingMode == null) v.azureDisk.cachingMode = 'ReadWrite';
    if (v.azureDisk.kind == null) v.azureDisk.kind = 'Shared';
    if (v.azureDisk.fsType == null) v.azureDisk.fsType = 'ext4';
    if (v.azureDisk.readOnly == null) v.azureDisk.readOnly = false;
  }
  if (isObj(v.scaleIO)) {
    if (!v.scaleIO.storageMode) v.scaleIO.storageMode = 'ThinProvisioned';
    if (!v.scaleIO.fsType) v.scaleIO.fsType = 'xfs';
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate) && isObj(v.ephemeral.volumeClaimTemplate.spec)) {
    const spec = v.ephemeral.volumeClaimTemplate.spec;
    if (spec.volumeMode == null) spec.volumeMode = 'Filesystem';
    if (isObj(spec.resources)) {
      canonicalResourceList(spec.resources.limits);
      canonicalResourceList(spec.resources.requests);
    }
  }
}

/**
 * SetDefaults_PodSpec and every nested default of a pod spec, as SetObjectDefaults_PodTemplate
 * applies them to the template of a Deployment, ReplicaSet, DaemonSet or ReplicationController:
 * dnsPolicy ClusterFirst, restartPolicy Always, securityContext {}, terminationGracePeriodSeconds
 * 30, schedulerName default-scheduler. Pod-only defaults are in defaultPodOnly.
 */
export function defaultPodSpec(spec: Obj): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds == null) spec.terminationGracePeriodSeconds = DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  // v1 conversion: the deprecated serviceAccount field mirrors serviceAccountName both ways.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  each(spec.volumes, defaultVolume);
  each(spec.initContainers, defaultContainer);
  each(spec.containers, defaultContainer);
  each(spec.ephemeralContainers, defaultContainer);
  canonicalResourceList(spec.overhead);
}

/**
 * SetDefaults_Pod: defaults that only a Pod gets, never a template: container requests default to
 * their limits, enableServiceLinks true, and with hostNetwork every hostPort defaults to its
 * containerPort.
 */
export function defaultPodOnly(spec: Obj): void {
  const requestsFromLimits = (c: Obj) => {
    const limits = c.resources?.limits;
    if (!isObj(limits)) return;
    const requests = isObj(c.resources.requests) ? c.resources.requests : (c.resources.requests = {});
    for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  };
  each(spec.containers, requestsFromLimits);
  each(spec.initContainers, requestsFromLimits);
  if (spec.enableServiceLinks == null) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    const hostPorts = (c: Obj) => each(c.ports, (p) => {
      if (!p.hostPort) p.hostPort = p.containerPort;
    });
    each(spec.containers, hostPorts);
    each(spec.initContainers, hostPorts);
  }
}

/**
 * Defaults of an embedded PodTemplateSpec. Its metadata is a struct, so it always serializes,
 * with the zero creationTimestamp as `null` (v1.32 prints `creationTimestamp: null` there).
 */
export function defaultPodTemplate(template: unknown): void {
  if (!isObj(template)) return;
  if (!isObj(template.metadata)) template.metadata = {};
  if (!('creationTimestamp' in template.metadata)) template.metadata.creationTimestamp = null;
  if (!isObj(template.spec)) template.spec = {};
  defaultPodSpec(template.spec);
}

/** SetObjectDefaults_Pod: spec defaults, pod-only defaults. */
export function defaultPod(pod: KObject): void {
  if (!isObj(pod.spec)) pod.spec = {};
  defaultPodOnly(pod.spec);
  defaultPodSpec(pod.spec);
}

/** SetDefaults_ReplicationController: selector and labels from the template labels, replicas 1. */
export function defaultReplicationController(rc: KObject): void {
  if (!isObj(rc.spec)) rc.spec = {};
  const labels = rc.spec.template?.metadata?.labels;
  if (isObj(labels)) {
    if (!isObj(rc.spec.selector) || Object.keys(rc.spec.selector).length === 0) rc.spec.selector = { ...labels };
    if (!isObj(rc.metadata.labels) || Object.keys(rc.metadata.labels).length === 0) rc.metadata.labels = { ...labels };
  }
  if (rc.spec.replicas == null) rc.spec.replicas = 1;
  if (rc.spec.template != null) defaultPodTemplate(rc.spec.template);
}

/** Whether a Service is reachable from outside the cluster (pkg/api/v1/service ExternallyAccessible). */
export function externallyAccessible(spec: Obj): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0)
  );
}

/**
 * SetDefaults_Service: type ClusterIP, sessionAffinity None, port protocol TCP, targetPort = port,
 * externalTrafficPolicy Cluster for externally accessible services, internalTrafficPolicy Cluster,
 * allocateLoadBalancerNodePorts true for LoadBalancers; and the status struct `{loadBalancer: {}}`.
 * IP families and clusterIPs are initialized by serviceIPFamilies (the REST storage does that).
 */
export function defaultService(svc: KObject): void {
  if (!isObj(svc.spec)) svc.spec = {};
  const spec = svc.spec;
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds == null)
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
  if (!spec.type) spec.type = 'ClusterIP';
  each(spec.ports, (p) => {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort == null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  });
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy == null && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type))
    spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts == null) spec.allocateLoadBalancerNodePorts = true;
  if (spec.type === 'LoadBalancer') {
    each(svc.status?.loadBalancer?.ingress, (ing) => {
      if (ing.ip && ing.ipMode == null) ing.ipMode = 'VIP';
    });
  }
  if (!isObj(svc.status)) svc.status = {};
  if (!isObj(svc.status.loadBalancer)) svc.status.loadBalancer = {};
}

/** SetDefaults_Secret (type Opaque) and the v1 conversion of `stringData` into base64 `data`. */
export function defaultSecret(secret: KObject): void {
  if (!secret.type) secret.type = 'Opaque';
  if (isObj(secret.stringData)) {
    const data = isObj(secret.data) ? secret.data : (secret.data = {});
    for (const [k, v] of Object.entries(secret.stringData)) data[k] = base64(String(v));
    delete secret.stringData;
  }
}

/** UTF-8 base64, as Go's []byte fields serialize. */
export function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += abc[(n >> 18) & 63] + abc[(n >> 12) & 63];
    out += i + 1 < bytes.length ? abc[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? abc[n & 63] : '=';
  }
  return out;
}

/** SetDefaults_Endpoints: port protocol TCP. */
export function defaultEndpoints(ep: KObject): void {
  each(ep.subsets, (ss) => each(ss.ports, (p) => {
    if (!p.protocol) p.protocol = 'TCP';
  }));
}

/** discovery/v1 SetDefaults_EndpointPort: name "" and protocol TCP. */
export function defaultEndpointSlice(slice: KObject): void {
  each(slice.ports, (p) => {
    if (p.name == null) p.name = '';
    if (p.protocol == null) p.protocol = 'TCP';
  });
}

/** SetDefaults_Namespace (the kubernetes.io/metadata.name label) and SetDefaults_NamespaceStatus. */
export function defaultNamespace(ns: KObject): void {
  if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  if (!isObj(ns.status)) ns.status = {};
  if (!ns.status.phase) ns.status.phase = 'Active';
}

/** SetDefaults_NodeStatus (allocatable = capacity when missing) and quantity canonicalization. */
export function defaultNode(node: KObject): void {
  const status = node.status;
  if (!isObj(status)) return;
  if (status.allocatable == null && isObj(status.capacity)) status.allocatable = { ...status.capacity };
  canonicalResourceList(status.capacity);
  canonicalResourceList(status.allocatable);
}
