/**
 * Pod and pod template validation with the v1.32 API server's paths, messages and order
 * (pkg/apis/core/validation/validation.go: ValidatePodSpec, validateContainers,
 * validateContainerCommon, validateProbe, ValidateTolerations, ValidatePodCreate,
 * ValidatePodUpdate, ValidatePodStatusUpdate, ValidatePodTemplateSpec).
 *
 * Values are the already-defaulted v1 JSON. Where upstream iterates a Go map (resources, labels)
 * its order is random; Podium uses the object's key order.
 */
import { field, type FieldError, GoValue } from '../errors';
import { parseQuantity } from '../quantity';
import { goStringSlice } from './gofmt';
import { validateAnnotations, validateLabelName, validateLabels } from './meta';
import { validateLabelSelector } from './selector';
import {
  asPrefix,
  configMapKey,
  dns1123Label,
  dns1123Subdomain,
  envVarName,
  httpHeaderName,
  inclusiveRangeError,
  INVALID_IP_MESSAGE,
  isIP,
  labelValue,
  portName,
  portNum,
  qualifiedName,
  userID,
} from './names';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;
type Errs = FieldError[];

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v : []);
const MAX_INT32 = 2147483647;
const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const NEGATIVE_MSG = 'must be greater than or equal to 0';

/** Options of pod spec validation (PodValidationOptions, reduced to what Podium needs). */
export interface PodSpecOptions {
  /** The spec is a Pod's own (not a template inside a workload). */
  isPod: boolean;
}

/** ValidateNonnegativeField. */
export function nonNegative(value: unknown, path: string): Errs {
  return typeof value === 'number' && value < 0 ? [field.invalid(path, value, NEGATIVE_MSG)] : [];
}

const dnsLabelErrs = (v: string, path: string): Errs => dns1123Label(v).map((m) => field.invalid(path, v, m));
const subdomainErrs = (v: string, path: string): Errs => dns1123Subdomain(v).map((m) => field.invalid(path, v, m));

// ------------------------------------------------------------------------------------------------
// Paths and volumes

/** validateLocalDescendingPath: relative, without `..` elements. */
function localDescendingPath(p: string, path: string): Errs {
  const errs: Errs = [];
  if (p.startsWith('/')) errs.push(field.invalid(path, p, 'must be a relative path'));
  if (p.split('/').includes('..')) errs.push(field.invalid(path, p, "must not contain '..'"));
  return errs;
}

/** ValidateLocalNonReservedPath. */
function localNonReservedPath(p: string, path: string): Errs {
  const errs = localDescendingPath(p, path);
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(field.invalid(path, p, "must not start with '..'"));
  return errs;
}

function fileMode(mode: unknown, path: string): Errs {
  return typeof mode === 'number' && (mode > 0o777 || mode < 0) ? [field.invalid(path, mode, FILE_MODE_MSG)] : [];
}

function keyToPath(kp: Obj, path: string): Errs {
  const errs: Errs = [];
  if (!kp.key) errs.push(field.required(`${path}.key`, ''));
  if (!kp.path) errs.push(field.required(`${path}.path`, ''));
  errs.push(...localNonReservedPath(kp.path ?? '', `${path}.path`));
  errs.push(...fileMode(kp.mode, `${path}.mode`));
  return errs;
}

const VOLUME_DOWNWARD_FIELDS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const ENV_DOWNWARD_FIELDS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];
/** Field labels the v1 downward API converts (ConvertDownwardAPIFieldLabel). */
const DOWNWARD_CONVERTIBLE = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
]);
const RESOURCE_FIELDS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

/** validateObjectFieldSelector. */
function objectFieldSelector(fs: Obj, allowed: string[], path: string): Errs {
  if (!fs.apiVersion) return [field.required(`${path}.apiVersion`, '')];
  if (!fs.fieldPath) return [field.required(`${path}.fieldPath`, '')];
  const fp: string = fs.fieldPath;
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fp);
  const base = sub ? sub[1] : fp;
  if (!DOWNWARD_CONVERTIBLE.has(base) || fs.apiVersion !== 'v1')
    return [field.invalid(`${path}.fieldPath`, fp, `error converting fieldPath: field label not supported: ${fp}`)];
  if (sub) {
    const key = base === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2];
    return qualifiedName(key).map((m) => field.invalid(path, key, m));
  }
  if (!allowed.includes(fp)) return [field.notSupported(`${path}.fieldPath`, fp, [...allowed].sort())];
  return [];
}

function resourceFieldSelector(fs: Obj, path: string, volume: boolean): Errs {
  if (volume && !fs.containerName) return [field.required(`${path}.containerName`, '')];
  if (!fs.resource) return [field.required(`${path}.resource`, '')];
  if (!RESOURCE_FIELDS.includes(fs.resource) && !/^(requests|limits)\.hugepages-/.test(fs.resource))
    return [field.notSupported(`${path}.resource`, fs.resource, RESOURCE_FIELDS)];
  return [];
}

function downwardAPIFile(file: Obj, path: string): Errs {
  const errs: Errs = [];
  if (!file.path) errs.push(field.required(`${path}.path`, ''));
  errs.push(...localNonReservedPath(file.path ?? '', `${path}.path`));
  if (isObj(file.fieldRef)) {
    errs.push(...objectFieldSelector(file.fieldRef, VOLUME_DOWNWARD_FIELDS, `${path}.fieldRef`));
    if (file.resourceFieldRef != null) errs.push(field.invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isObj(file.resourceFieldRef)) {
    errs.push(...resourceFieldSelector(file.resourceFieldRef, `${path}.resourceFieldRef`, true));
  } else {
    errs.push(field.required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...fileMode(file.mode, `${path}.mode`));
  return errs;
}

const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

/** The per-source checks of validateVolumeSource, for the sources Podium's users write. */
const SOURCE_CHECKS: Record<string, (s: Obj, path: string) => Errs> = {
  emptyDir: (s, path) => {
    if (s.sizeLimit != null && safeQuantity(s.sizeLimit) < 0) return [field.forbidden(`${path}.sizeLimit`, 'SizeLimit field must be a valid resource quantity')];
    return [];
  },
  hostPath: (s, path) => {
    if (!s.path) return [field.required(`${path}.path`, '')];
    const errs = s.path.split('/').includes('..') ? [field.invalid(`${path}.path`, s.path, "must not contain '..'")] : [];
    if (s.type != null && !HOST_PATH_TYPES.includes(s.type)) errs.push(field.notSupported(`${path}.type`, s.type, HOST_PATH_TYPES));
    return errs;
  },
  secret: (s, path) => {
    const errs: Errs = [];
    if (!s.secretName) errs.push(field.required(`${path}.secretName`, ''));
    errs.push(...fileMode(s.defaultMode, `${path}.defaultMode`));
    arr(s.items).forEach((kp, i) => errs.push(...keyToPath(kp, `${path}.items[${i}]`)));
    return errs;
  },
  configMap: (s, path) => {
    const errs: Errs = [];
    if (!s.name) errs.push(field.required(`${path}.name`, ''));
    errs.push(...fileMode(s.defaultMode, `${path}.defaultMode`));
    arr(s.items).forEach((kp, i) => errs.push(...keyToPath(kp, `${path}.items[${i}]`)));
    return errs;
  },
  persistentVolumeClaim: (s, path) => (s.claimName ? [] : [field.required(`${path}.claimName`, '')]),
  nfs: (s, path) => {
    const errs: Errs = [];
    if (!s.server) errs.push(field.required(`${path}.server`, ''));
    if (!s.path) errs.push(field.required(`${path}.path`, ''));
    if (!String(s.path ?? '').startsWith('/')) errs.push(field.invalid(`${path}.path`, s.path ?? '', 'must be an absolute path'));
    return errs;
  },
  downwardAPI: (s, path) => {
    const errs = fileMode(s.defaultMode, `${path}.defaultMode`);
    arr(s.items).forEach((f) => errs.push(...downwardAPIFile(f, path)));
    return errs;
  },
  projected: (s, path) => {
    const errs = fileMode(s.defaultMode, `${path}.defaultMode`);
    const paths = new Set<string>();
    const dup = (p: string, value: string) => {
      if (paths.has(p)) errs.push(field.invalid(path, value, 'conflicting duplicate paths'));
      paths.add(p);
    };
    arr(s.sources).forEach((src, i) => {
      const sp = `${path}.sources[${i}]`;
      let n = 0;
      for (const kind of ['secret', 'configMap'] as const) {
        const o = src[kind];
        if (!isObj(o)) continue;
        n++;
        if (!o.name) errs.push(field.required(`${sp}.${kind}.name`, ''));
        arr(o.items).forEach((kp, j) => {
          errs.push(...keyToPath(kp, `${sp}.${kind}.items[${j}]`));
          if (kp.path) dup(kp.path, o.name ?? '');
        });
      }
      if (isObj(src.downwardAPI)) {
        n++;
        arr(src.downwardAPI.items).forEach((f) => {
          errs.push(...downwardAPIFile(f, `${sp}.downwardAPI`));
          if (f.path) dup(f.path, f.path);
        });
      }
      if (isObj(src.serviceAccountToken)) {
        n++;
        const t = src.serviceAccountToken;
        if (t.expirationSeconds < 600) errs.push(field.invalid(`${sp}.serviceAccountToken.expirationSeconds`, t.expirationSeconds, 'may not specify a duration less than 10 minutes'));
        if (t.expirationSeconds > 2 ** 32) errs.push(field.invalid(`${sp}.serviceAccountToken.expirationSeconds`, t.expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
        if (!t.path) errs.push(field.required(`${path}.path`, ''));
        else errs.push(...localNonReservedPath(t.path, `${path}.path`));
      }
      if (isObj(src.clusterTrustBundle)) n++;
      if (n > 1) errs.push(field.forbidden(sp, 'may not specify more than 1 volume type per source'));
    });
    return errs;
  },
};

/** Upstream checks the sources in this order; the second one found is "more than 1 volume type". */
const SOURCE_ORDER = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image',
];

function safeQuantity(q: unknown): number {
  try {
    return parseQuantity(q as string);
  } catch {
    return 0;
  }
}

/** ValidateVolumes: sources, names (DNS-1123 labels), duplicates. Returns the valid volumes by name. */
export function validateVolumes(volumes: unknown, path: string): { errs: Errs; names: Map<string, Obj> } {
  const errs: Errs = [];
  const names = new Map<string, Obj>();
  arr(volumes).forEach((vol, i) => {
    const vp = `${path}[${i}]`;
    const el: Errs = [];
    let n = 0;
    for (const src of SOURCE_ORDER) {
      if (vol[src] == null) continue;
      // upstream's path for a second downwardAPI source has a typo, kept for fidelity
      if (n > 0) el.push(field.forbidden(`${vp}.${src === 'downwardAPI' ? 'downwarAPI' : src}`, 'may not specify more than 1 volume type'));
      else {
        n++;
        const check = SOURCE_CHECKS[src];
        if (check && isObj(vol[src])) el.push(...check(vol[src], `${vp}.${src}`));
      }
    }
    if (n === 0) el.push(field.required(vp, 'must specify a volume type'));
    if (!vol.name) el.push(field.required(`${vp}.name`, ''));
    else el.push(...dnsLabelErrs(vol.name, `${vp}.name`));
    if (names.has(vol.name)) el.push(field.duplicate(`${vp}.name`, vol.name));
    if (el.length === 0) names.set(vol.name, vol);
    else errs.push(...el);
  });
  return { errs, names };
}

// ------------------------------------------------------------------------------------------------
// Containers

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function containerPorts(ports: unknown, path: string): Errs {
  const errs: Errs = [];
  const names = new Set<string>();
  arr(ports).forEach((port, i) => {
    const p = `${path}[${i}]`;
    if (port.name) {
      const msgs = portName(port.name);
      if (msgs.length) for (const m of msgs) errs.push(field.invalid(`${p}.name`, port.name, m));
      else if (names.has(port.name)) errs.push(field.duplicate(`${p}.name`, port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(field.required(`${p}.containerPort`, ''));
    else for (const m of portNum(port.containerPort)) errs.push(field.invalid(`${p}.containerPort`, port.containerPort, m));
    if (port.hostPort) for (const m of portNum(port.hostPort)) errs.push(field.invalid(`${p}.hostPort`, port.hostPort, m));
    if (!port.protocol) errs.push(field.required(`${p}.protocol`, ''));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(field.notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

function envVars(env: unknown, path: string): Errs {
  const errs: Errs = [];
  arr(env).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    if (!ev.name) errs.push(field.required(`${p}.name`, ''));
    else for (const m of envVarName(ev.name)) errs.push(field.invalid(`${p}.name`, ev.name, m));
    const vf = ev.valueFrom;
    if (!isObj(vf)) return;
    const vp = `${p}.valueFrom`;
    let n = 0;
    if (isObj(vf.fieldRef)) {
      n++;
      errs.push(...objectFieldSelector(vf.fieldRef, ENV_DOWNWARD_FIELDS, `${vp}.fieldRef`));
    }
    if (isObj(vf.resourceFieldRef)) {
      n++;
      errs.push(...resourceFieldSelector(vf.resourceFieldRef, `${vp}.resourceFieldRef`, false));
    }
    for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
      const ref = vf[kind];
      if (!isObj(ref)) continue;
      n++;
      errs.push(...subdomainErrs(ref.name ?? '', `${vp}.${kind}.name`));
      if (!ref.key) errs.push(field.required(`${vp}.${kind}.key`, ''));
      else for (const m of configMapKey(ref.key)) errs.push(field.invalid(`${vp}.${kind}.key`, ref.key, m));
    }
    if (n === 0) errs.push(field.invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (ev.value) errs.push(field.invalid(vp, '', 'may not be specified when `value` is not empty'));
    else if (n > 1) errs.push(field.invalid(vp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function envFrom(list: unknown, path: string): Errs {
  const errs: Errs = [];
  arr(list).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    if (ev.prefix) for (const m of envVarName(ev.prefix)) errs.push(field.invalid(`${p}.prefix`, ev.prefix, m));
    let n = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const ref = ev[kind];
      if (!isObj(ref)) continue;
      n++;
      if (!ref.name) errs.push(field.required(`${p}.${kind}.name`, ''));
      else for (const m of asPrefix(dns1123Subdomain)(ref.name)) errs.push(field.invalid(`${p}.${kind}.name`, ref.name, m));
    }
    if (n === 0) errs.push(field.invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(field.invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function volumeMounts(mounts: unknown, volumes: Map<string, Obj>, path: string): Errs {
  const errs: Errs = [];
  const mountPaths = new Set<string>();
  arr(mounts).forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!m.name) errs.push(field.required(`${p}.name`, ''));
    if (!volumes.has(m.name)) errs.push(field.notFound(`${p}.name`, m.name ?? ''));
    if (!m.mountPath) errs.push(field.required(`${p}.mountPath`, ''));
    if (mountPaths.has(m.mountPath)) errs.push(field.invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
    mountPaths.add(m.mountPath);
    if (m.subPath) errs.push(...localDescendingPath(m.subPath, `${path}.subPath`));
    if (m.subPathExpr) {
      if (m.subPath) errs.push(field.invalid(`${p}.subPathExpr`, m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...localDescendingPath(m.subPathExpr, `${path}.subPathExpr`));
    }
    if (m.mountPropagation != null && !['Bidirectional', 'HostToContainer', 'None'].includes(m.mountPropagation))
      errs.push(field.notSupported(`${path}.mountPropagation`, m.mountPropagation, ['Bidirectional', 'HostToContainer', 'None']));
  });
  return errs;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas',
  'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers',
  'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory',
  'limits.ephemeral-storage',
]);
const isHugePages = (n: string) => n.startsWith('hugepages-');
const isNative = (n: string) => !n.includes('/') || n.startsWith('kubernetes.io/');
const overcommitAllowed = (n: string) => isNative(n) && !isHugePages(n);

function resourceName(name: string, path: string): Errs {
  const errs = qualifiedName(name).map((m) => field.invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name) && !name.startsWith('requests.hugepages-'))
      errs.push(field.invalid(path, name, 'must be a standard resource type or fully qualified'));
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(name) && !isHugePages(name))
      errs.push(field.invalid(path, name, 'must be a standard resource for containers'));
  }
  return errs;
}

function quantityValue(name: string, q: unknown, path: string): Errs {
  const v = safeQuantity(q);
  const errs: Errs = [];
  if (v < 0) errs.push(field.invalid(path, String(q), NEGATIVE_MSG));
  if (!isNative(name) && Math.round(v * 1000) % 1000 !== 0) errs.push(field.invalid(path, String(q), 'must be an integer'));
  return errs;
}

/** ValidateContainerResourceRequirements: names, quantities, requests not above limits. */
export function validateResources(res: unknown, path: string): Errs {
  if (!isObj(res)) return [];
  const errs: Errs = [];
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits: Obj = isObj(res.limits) ? res.limits : {};
  const requests: Obj = isObj(res.requests) ? res.requests : {};
  let limCpuMem = false;
  let reqCpuMem = false;
  let huge = false;
  for (const [name, q] of Object.entries(limits)) {
    errs.push(...resourceName(name, `${limPath}[${name}]`));
    errs.push(...quantityValue(name, q, `${limPath}[${name}]`));
    if (isHugePages(name)) huge = true;
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  for (const [name, q] of Object.entries(requests)) {
    errs.push(...resourceName(name, `${reqPath}[${name}]`));
    errs.push(...quantityValue(name, q, `${reqPath}[${name}]`));
    if (name in limits) {
      const r = safeQuantity(q);
      const l = safeQuantity(limits[name]);
      if (r !== l && !overcommitAllowed(name)) errs.push(field.invalid(reqPath, String(q), `must be equal to ${name} limit of ${limits[name]}`));
      else if (r > l) errs.push(field.invalid(reqPath, String(q), `must be less than or equal to ${name} limit of ${limits[name]}`));
    } else if (!overcommitAllowed(name)) {
      errs.push(field.required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) huge = true;
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && huge) errs.push(field.forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

function securityContext(sc: unknown, path: string): Errs {
  if (!isObj(sc)) return [];
  const errs: Errs = [];
  for (const k of ['runAsUser', 'runAsGroup'] as const)
    if (sc[k] != null) for (const m of userID(sc[k])) errs.push(field.invalid(`${path}.${k}`, sc[k], m));
  if (sc.procMount != null && !['Default', 'Unmasked'].includes(sc.procMount))
    errs.push(field.notSupported(`${path}.procMount`, sc.procMount, ['Default', 'Unmasked']));
  if (sc.allowPrivilegeEscalation === false && sc.privileged === true)
    errs.push(field.invalid(path, new GoValue('core.SecurityContext{...}'), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
  return errs;
}

function portNumOrName(port: unknown, path: string): Errs {
  if (typeof port === 'string') return portName(port).map((m) => field.invalid(path, port, m));
  const n = typeof port === 'number' ? port : 0;
  return portNum(n).map((m) => field.invalid(path, n, m));
}

/** validateHandler: exactly one of exec, httpGet, tcpSocket, grpc (and sleep for lifecycle hooks). */
function handler(h: Obj, grace: number | undefined, path: string, lifecycle: boolean): Errs {
  const errs: Errs = [];
  let n = 0;
  const kinds = lifecycle ? ['exec', 'httpGet', 'tcpSocket', 'sleep'] : ['exec', 'httpGet', 'tcpSocket', 'grpc'];
  for (const kind of kinds) {
    const a = h[kind];
    if (a == null) continue;
    const p = `${path}.${kind}`;
    if (n > 0) {
      errs.push(field.forbidden(p, 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const o: Obj = isObj(a) ? a : {};
    if (kind === 'exec' && !(Array.isArray(o.command) && o.command.length)) errs.push(field.required(`${p}.command`, ''));
    if (kind === 'httpGet') {
      if (!o.path) errs.push(field.required(`${p}.path`, ''));
      errs.push(...portNumOrName(o.port, `${p}.port`));
      if (!['HTTP', 'HTTPS'].includes(o.scheme)) errs.push(field.notSupported(`${p}.scheme`, o.scheme ?? '', ['HTTP', 'HTTPS']));
      for (const hd of arr(o.httpHeaders)) for (const m of httpHeaderName(hd.name ?? '')) errs.push(field.invalid(`${p}.httpHeaders`, hd.name ?? '', m));
    }
    if (kind === 'tcpSocket') errs.push(...portNumOrName(o.port, `${p}.port`));
    if (kind === 'grpc') errs.push(...portNumOrName(typeof o.port === 'number' ? o.port : 0, `${p}.port`));
    if (kind === 'sleep' && grace !== undefined && (!(o.seconds > 0) || o.seconds > grace))
      errs.push(
        field.invalid(p, o.seconds ?? 0, `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`),
      );
  }
  if (n === 0) errs.push(field.required(path, 'must specify a handler type'));
  return errs;
}

type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** validateProbe plus the per-kind rule (liveness and startup need successThreshold 1). */
function probe(p: unknown, kind: ProbeKind, grace: number | undefined, path: string): Errs {
  if (!isObj(p)) return [];
  const errs = handler(p, grace, path, false);
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'])
    errs.push(...nonNegative(p[k], `${path}.${k}`));
  if (p.terminationGracePeriodSeconds != null && p.terminationGracePeriodSeconds <= 0)
    errs.push(field.invalid(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, 'must be greater than 0'));
  if (kind !== 'readinessProbe' && p.successThreshold !== 1) errs.push(field.invalid(`${path}.successThreshold`, p.successThreshold ?? 0, 'must be 1'));
  if (kind === 'readinessProbe' && p.terminationGracePeriodSeconds != null)
    errs.push(field.invalid(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  return errs;
}

function lifecycleErrs(lc: unknown, grace: number | undefined, path: string): Errs {
  if (!isObj(lc)) return [];
  const errs: Errs = [];
  if (isObj(lc.postStart)) errs.push(...handler(lc.postStart, grace, `${path}.postStart`, true));
  if (isObj(lc.preStop)) errs.push(...handler(lc.preStop, grace, `${path}.preStop`, true));
  return errs;
}

/** validateContainerCommon: what every container kind must satisfy. */
function containerCommon(c: Obj, volumes: Map<string, Obj>, path: string): Errs {
  const errs: Errs = [];
  if (!c.name) errs.push(field.required(`${path}.name`, ''));
  else errs.push(...dnsLabelErrs(c.name, `${path}.name`));
  if (!c.image) errs.push(field.required(`${path}.image`, ''));
  switch (c.terminationMessagePolicy) {
    case 'File':
    case 'FallbackToLogsOnError':
      break;
    case '':
    case undefined:
    case null:
      errs.push(field.required(`${path}.terminationMessagePolicy`, ''));
      break;
    default:
      errs.push(field.notSupported(`${path}.terminationMessagePolicy`, c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']));
  }
  errs.push(...containerPorts(c.ports, `${path}.ports`));
  errs.push(...envVars(c.env, `${path}.env`));
  errs.push(...envFrom(c.envFrom, `${path}.envFrom`));
  errs.push(...volumeMounts(c.volumeMounts, volumes, `${path}.volumeMounts`));
  if (!c.imagePullPolicy) errs.push(field.required(`${path}.imagePullPolicy`, ''));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(field.notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  errs.push(...validateResources(c.resources, `${path}.resources`));
  errs.push(...securityContext(c.securityContext, `${path}.securityContext`));
  return errs;
}

/** checkHostPortConflicts / AccumulateUniqueHostPorts. */
function hostPortConflicts(containers: Obj[], path: string, seen = new Set<string>()): Errs {
  const errs: Errs = [];
  containers.forEach((c, ci) =>
    arr(c.ports).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errs.push(field.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    }),
  );
  return errs;
}

function containers(list: unknown, volumes: Map<string, Obj>, grace: number | undefined, path: string): Errs {
  const cs = arr(list);
  if (cs.length === 0) return [field.required(path, '')];
  const errs: Errs = [];
  const names = new Set<string>();
  cs.forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...containerCommon(c, volumes, p));
    if (names.has(c.name)) errs.push(field.duplicate(`${p}.name`, c.name));
    else names.add(c.name);
    errs.push(...lifecycleErrs(c.lifecycle, grace, `${p}.lifecycle`));
    errs.push(...probe(c.livenessProbe, 'livenessProbe', grace, `${p}.livenessProbe`));
    errs.push(...probe(c.readinessProbe, 'readinessProbe', grace, `${p}.readinessProbe`));
    errs.push(...probe(c.startupProbe, 'startupProbe', grace, `${p}.startupProbe`));
    if (c.restartPolicy != null) errs.push(field.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...hostPortConflicts(cs, path));
  return errs;
}

function initContainers(list: unknown, regular: unknown, volumes: Map<string, Obj>, grace: number | undefined, path: string): Errs {
  const errs: Errs = [];
  const names = new Set<string>(arr(regular).map((c) => c.name));
  arr(list).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...containerCommon(c, volumes, p));
    let restartAlways = false;
    if (c.restartPolicy != null) {
      if (c.restartPolicy !== 'Always') errs.push(field.notSupported(`${p}.restartPolicy`, c.restartPolicy, ['Always']));
      restartAlways = c.restartPolicy === 'Always';
    }
    if (names.has(c.name)) errs.push(field.duplicate(`${p}.name`, c.name));
    else if (c.name) names.add(c.name);
    errs.push(...hostPortConflicts([c], path));
    if (restartAlways) {
      errs.push(...lifecycleErrs(c.lifecycle, grace, `${p}.lifecycle`));
      errs.push(...probe(c.livenessProbe, 'livenessProbe', grace, `${p}.livenessProbe`));
      errs.push(...probe(c.readinessProbe, 'readinessProbe', grace, `${p}.readinessProbe`));
      errs.push(...probe(c.startupProbe, 'startupProbe', grace, `${p}.startupProbe`));
    } else {
      for (const k of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
        if (c[k] != null) errs.push(field.forbidden(`${p}.${k}`, 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return errs;
}

// ------------------------------------------------------------------------------------------------
// Pod spec

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** validateTaintEffect. */
export function taintEffect(effect: unknown, allowEmpty: boolean, path: string): Errs {
  if (!allowEmpty && !effect) return [field.required(path, '')];
  return TAINT_EFFECTS.includes(effect as string) ? [] : [field.notSupported(path, effect ?? '', TAINT_EFFECTS)];
}

/** ValidateTolerations. */
export function validateTolerations(list: unknown, path: string): Errs {
  const errs: Errs = [];
  arr(list).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (t.key) errs.push(...validateLabelName(t.key, `${p}.key`));
    if (!t.key && t.operator !== 'Exists')
      errs.push(field.invalid(`${p}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds != null && t.effect !== 'NoExecute')
      errs.push(field.invalid(`${p}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const msgs = labelValue(t.value ?? '');
        if (msgs.length) errs.push(field.invalid(`${p}.operator`, t.value ?? '', msgs.join(';')));
        break;
      }
      case 'Exists':
        if (t.value) errs.push(field.invalid(`${p}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(field.notSupported(`${p}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.effect) errs.push(...taintEffect(t.effect, true, `${p}.effect`));
  });
  return errs;
}

function nodeSelectorTerm(term: Obj, path: string, allowInvalidValues: boolean): Errs {
  const errs: Errs = [];
  arr(term.matchExpressions).forEach((rq, j) => {
    const p = `${path}.matchExpressions[${j}]`;
    const values: string[] = Array.isArray(rq.values) ? rq.values : [];
    switch (rq.operator) {
      case 'In':
      case 'NotIn':
        if (!values.length) errs.push(field.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length) errs.push(field.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) errs.push(field.required(`${p}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
        break;
      default:
        errs.push(field.invalid(`${p}.operator`, rq.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(rq.key ?? '', `${p}.key`));
    if (!allowInvalidValues) values.forEach((v, k) => labelValue(v).forEach((m) => errs.push(field.invalid(`${p}.values[${k}]`, v, m))));
  });
  arr(term.matchFields).forEach((rq, j) => {
    const p = `${path}.matchFields[${j}]`;
    if (rq.operator === 'In' || rq.operator === 'NotIn') {
      if (!Array.isArray(rq.values) || rq.values.length !== 1)
        errs.push(field.required(`${p}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    } else errs.push(field.invalid(`${p}.operator`, rq.operator ?? '', 'not a valid selector operator'));
    if (rq.key !== 'metadata.name') errs.push(field.invalid(`${p}.key`, rq.key ?? '', 'not a valid field selector key'));
  });
  return errs;
}

function podAffinityTerm(term: Obj, path: string): Errs {
  const errs = validateLabelSelector(term.labelSelector, `${path}.labelSelector`);
  for (const ns of Array.isArray(term.namespaces) ? term.namespaces : []) errs.push(...dnsLabelErrs(ns, `${path}.namespace`));
  if (!term.topologyKey) errs.push(field.required(`${path}.topologyKey`, 'can not be empty'));
  errs.push(...validateLabelName(term.topologyKey ?? '', `${path}.topologyKey`));
  return errs;
}

function affinity(a: unknown, path: string): Errs {
  if (!isObj(a)) return [];
  const errs: Errs = [];
  const na = a.nodeAffinity;
  if (isObj(na)) {
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    const rp = `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
    if (isObj(req)) {
      const terms = arr(req.nodeSelectorTerms);
      if (!terms.length) errs.push(field.required(`${rp}.nodeSelectorTerms`, 'must have at least one node selector term'));
      terms.forEach((t, i) => errs.push(...nodeSelectorTerm(t, `${rp}.nodeSelectorTerms[${i}]`, false)));
    }
    arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const p = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!(t.weight > 0 && t.weight <= 100)) errs.push(field.invalid(`${p}.weight`, t.weight ?? 0, 'must be in the range 1-100'));
      errs.push(...nodeSelectorTerm(isObj(t.preference) ? t.preference : {}, `${p}.preference`, true));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = a[kind];
    if (!isObj(pa)) continue;
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      errs.push(...podAffinityTerm(t, `${path}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`)),
    );
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const p = `${path}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!(t.weight > 0 && t.weight <= 100)) errs.push(field.invalid(`${p}.weight`, t.weight ?? 0, 'must be in the range 1-100'));
      errs.push(...podAffinityTerm(isObj(t.podAffinityTerm) ? t.podAffinityTerm : {}, `${p}.podAffinityTerm`));
    });
  }
  return errs;
}

function dnsConfig(cfg: unknown, policy: unknown, path: string): Errs {
  if (policy === 'None') {
    if (!isObj(cfg)) return [field.required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!arr(cfg.nameservers).length && !(Array.isArray(cfg.nameservers) && cfg.nameservers.length))
      return [field.required(`${path}.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isObj(cfg)) return [];
  const errs: Errs = [];
  const ns: string[] = Array.isArray(cfg.nameservers) ? cfg.nameservers : [];
  if (ns.length > 3) errs.push(field.invalid(`${path}.nameservers`, goStringSlice(ns), 'must not have more than 3 nameservers'));
  ns.forEach((ip, i) => {
    if (!isIP(ip)) errs.push(field.invalid(`${path}.nameservers[${i}]`, ip, INVALID_IP_MESSAGE));
  });
  const searches: string[] = Array.isArray(cfg.searches) ? cfg.searches : [];
  if (searches.length > 32) errs.push(field.invalid(`${path}.searches`, goStringSlice(searches), 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048)
    errs.push(field.invalid(`${path}.searches`, goStringSlice(searches), 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => errs.push(...subdomainErrs(s.replace(/\.$/, ''), `${path}.searches[${i}]`)));
  arr(cfg.options).forEach((o, i) => {
    if (!o.name) errs.push(field.required(`${path}.options[${i}]`, 'must not be empty'));
  });
  return errs;
}

function topologySpread(list: unknown, path: string): Errs {
  const errs: Errs = [];
  arr(list).forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!(c.maxSkew > 0)) errs.push(field.invalid(`${p}.maxSkew`, c.maxSkew ?? 0, 'must be greater than zero'));
    if (!c.topologyKey) errs.push(field.required(`${p}.topologyKey`, 'can not be empty'));
    else errs.push(...validateLabelName(c.topologyKey, `${p}.topologyKey`));
    if (!c.whenUnsatisfiable) errs.push(field.required(`${p}.whenUnsatisfiable`, ''));
    else if (!['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable))
      errs.push(field.notSupported(`${p}.whenUnsatisfiable`, c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']));
    errs.push(...validateLabelSelector(c.labelSelector, `${p}.labelSelector`));
  });
  return errs;
}

function podSecurityContext(sc: unknown, path: string): Errs {
  if (!isObj(sc)) return [];
  const errs: Errs = [];
  for (const k of ['fsGroup', 'runAsUser', 'runAsGroup'] as const)
    if (sc[k] != null) for (const m of userID(sc[k])) errs.push(field.invalid(`${path}.${k}`, sc[k], m));
  (Array.isArray(sc.supplementalGroups) ? sc.supplementalGroups : []).forEach((g: number, i: number) => {
    for (const m of userID(g)) errs.push(field.invalid(`${path}.supplementalGroups[${i}]`, g, m));
  });
  if (sc.fsGroupChangePolicy != null && !['Always', 'OnRootMismatch'].includes(sc.fsGroupChangePolicy))
    errs.push(field.notSupported(`${path}.fsGroupChangePolicy`, sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']));
  return errs;
}

/**
 * ValidatePodSpec: the spec of a Pod (opts.isPod) or of a workload's pod template, in upstream
 * order: grace period, volumes, containers, init containers, host network ports, restart and DNS
 * policy, node selector, security context, affinity, DNS config, readiness and scheduling gates,
 * topology spread, names, activeDeadlineSeconds, tolerations, host aliases, priority, OS.
 */
export function validatePodSpec(spec: Obj, path: string, opts: PodSpecOptions): Errs {
  const errs: Errs = [];
  if (spec.terminationGracePeriodSeconds == null) errs.push(field.required(`${path}.terminationGracePeriodSeconds`, ''));
  const grace: number | undefined = spec.terminationGracePeriodSeconds ?? undefined;
  const vols = validateVolumes(spec.volumes, `${path}.volumes`);
  errs.push(...vols.errs);
  errs.push(...containers(spec.containers, vols.names, grace, `${path}.containers`));
  errs.push(...initContainers(spec.initContainers, spec.containers, vols.names, grace, `${path}.initContainers`));
  if (spec.hostNetwork) {
    arr(spec.containers).forEach((c, i) =>
      arr(c.ports).forEach((p, j) => {
        const hp = p.hostPort ?? 0;
        if ((opts.isPod || hp !== 0) && hp !== p.containerPort)
          errs.push(field.invalid(`${path}.containers[${i}].ports[${j}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true'));
      }),
    );
  }
  if (!spec.restartPolicy) errs.push(field.required(`${path}.restartPolicy`, ''));
  else if (!RESTART_POLICIES.includes(spec.restartPolicy)) errs.push(field.notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  if (!spec.dnsPolicy) errs.push(field.required(`${path}.dnsPolicy`, ''));
  else if (!DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(field.notSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  errs.push(...podSecurityContext(spec.securityContext, `${path}.securityContext`));
  errs.push(...affinity(spec.affinity, `${path}.affinity`));
  errs.push(...dnsConfig(spec.dnsConfig, spec.dnsPolicy, `${path}.dnsConfig`));
  arr(spec.readinessGates).forEach((g, i) =>
    qualifiedName(g.conditionType ?? '').forEach((m) => errs.push(field.invalid(`${path}.readinessGates[${i}].conditionType`, g.conditionType ?? '', m))),
  );
  const gates = new Set<string>();
  arr(spec.schedulingGates).forEach((g, i) => {
    qualifiedName(g.name ?? '').forEach((m) => errs.push(field.invalid(`${path}.schedulingGates[${i}]`, g.name ?? '', m)));
    if (gates.has(g.name)) errs.push(field.duplicate(`${path}.schedulingGates[${i}]`, g.name));
    gates.add(g.name);
  });
  errs.push(...topologySpread(spec.topologySpreadConstraints, `${path}.topologySpreadConstraints`));
  if (spec.serviceAccountName) errs.push(...subdomainErrs(spec.serviceAccountName, `${path}.serviceAccountName`));
  if (spec.nodeName) errs.push(...subdomainErrs(spec.nodeName, `${path}.nodeName`));
  if (spec.activeDeadlineSeconds != null && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > MAX_INT32))
    errs.push(field.invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, inclusiveRangeError(1, MAX_INT32)));
  if (spec.hostname) errs.push(...dnsLabelErrs(spec.hostname, `${path}.hostname`));
  if (spec.subdomain) errs.push(...dnsLabelErrs(spec.subdomain, `${path}.subdomain`));
  errs.push(...validateTolerations(spec.tolerations, `${path}.tolerations`));
  arr(spec.hostAliases).forEach((h, i) => {
    if (!isIP(h.ip ?? '')) errs.push(field.invalid(`${path}.hostAliases[${i}].ip`, h.ip ?? '', INVALID_IP_MESSAGE));
    (Array.isArray(h.hostnames) ? h.hostnames : []).forEach((n: string, j: number) => errs.push(...subdomainErrs(n, `${path}.hostAliases[${i}].hostnames[${j}]`)));
  });
  if (spec.priorityClassName) errs.push(...subdomainErrs(spec.priorityClassName, `${path}.priorityClassName`));
  if (spec.runtimeClassName != null) errs.push(...subdomainErrs(spec.runtimeClassName, `${path}.runtimeClassName`));
  if (spec.preemptionPolicy != null) {
    if (!spec.preemptionPolicy) errs.push(field.required(`${path}.preemptionPolicy`, ''));
    else if (!['PreemptLowerPriority', 'Never'].includes(spec.preemptionPolicy))
      errs.push(field.notSupported(`${path}.preemptionPolicy`, spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  }
  if (isObj(spec.overhead)) errs.push(...validateResources({ limits: spec.overhead }, `${path}.overhead`));
  if (isObj(spec.os)) {
    if (!spec.os.name) errs.push(field.required(`${path}.os.name`, ''));
    else if (!['linux', 'windows'].includes(spec.os.name)) errs.push(field.notSupported(`${path}.os.name`, spec.os.name, ['linux', 'windows']));
  }
  return errs;
}

/** ValidatePodSpecificAnnotations: the mirror-pod annotation needs a node, deletion cost is an int32. */
export function podSpecificAnnotations(annotations: Obj | undefined, spec: Obj, path: string): Errs {
  const errs: Errs = [];
  const mirror = annotations?.['kubernetes.io/config.mirror'];
  if (mirror !== undefined && !spec.nodeName)
    errs.push(field.invalid(`${path}[kubernetes.io/config.mirror]`, mirror, 'must set spec.nodeName if mirror pod annotation is set'));
  const cost = annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  if (cost !== undefined && !(/^[+-]?\d+$/.test(cost) && Math.abs(Number(cost)) <= MAX_INT32))
    errs.push(field.invalid(`${path}[controller.kubernetes.io/pod-deletion-cost]`, cost, 'must be a 32bit integer'));
  return errs;
}

/** validatePodMetadataAndSpec minus ObjectMeta (the store checks that): spec and pod-only rules. */
export function validatePod(pod: Obj): Errs {
  const spec: Obj = isObj(pod.spec) ? pod.spec : {};
  const errs = podSpecificAnnotations(pod.metadata?.annotations, spec, 'metadata.annotations');
  errs.push(...validatePodSpec(spec, 'spec', { isPod: true }));
  if (!spec.serviceAccountName)
    arr(spec.volumes).forEach((v, vi) => {
      if (isObj(v.projected))
        arr(v.projected.sources).forEach((s, si) => {
          if (s.serviceAccountToken != null)
            errs.push(field.forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
        });
    });
  for (const kind of ['containers', 'initContainers'])
    arr(spec[kind]).forEach((c, i) => {
      if (typeof c.image === 'string' && c.image.trim() !== c.image)
        errs.push(field.invalid(`spec.${kind}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    });
  return errs;
}

/** The create-only rules of ValidatePodCreate. */
export function validatePodCreateOnly(pod: Obj): Errs {
  const spec: Obj = isObj(pod.spec) ? pod.spec : {};
  const errs: Errs = [];
  if (arr(spec.ephemeralContainers).length) errs.push(field.forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (spec.nodeName && arr(spec.schedulingGates).length)
    errs.push(field.forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}

/** ValidatePodTemplateSpec: labels and annotations (at `template.labels`, as upstream), the spec. */
export function validatePodTemplateSpec(template: Obj, path: string): Errs {
  const meta: Obj = isObj(template.metadata) ? template.metadata : {};
  const spec: Obj = isObj(template.spec) ? template.spec : {};
  const errs = validateLabels(meta.labels, `${path}.labels`);
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...podSpecificAnnotations(meta.annotations, spec, `${path}.annotations`));
  errs.push(...validatePodSpec(spec, `${path}.spec`, { isPod: false }));
  if (arr(spec.ephemeralContainers).length) errs.push(field.forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  return errs;
}

// ------------------------------------------------------------------------------------------------
// Pod updates

/** The fields a pod update may change, as the v1.32 message lists them. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** Go field names of core.PodSpec in declaration order (for the diff in the update message). */
const POD_SPEC_FIELDS: Array<[string, string]> = [
  ['volumes', 'Volumes'], ['initContainers', 'InitContainers'], ['containers', 'Containers'],
  ['ephemeralContainers', 'EphemeralContainers'], ['restartPolicy', 'RestartPolicy'],
  ['terminationGracePeriodSeconds', 'TerminationGracePeriodSeconds'], ['activeDeadlineSeconds', 'ActiveDeadlineSeconds'],
  ['dnsPolicy', 'DNSPolicy'], ['nodeSelector', 'NodeSelector'], ['serviceAccountName', 'ServiceAccountName'],
  ['automountServiceAccountToken', 'AutomountServiceAccountToken'], ['nodeName', 'NodeName'],
  ['securityContext', 'SecurityContext'], ['imagePullSecrets', 'ImagePullSecrets'], ['hostname', 'Hostname'],
  ['subdomain', 'Subdomain'], ['setHostnameAsFQDN', 'SetHostnameAsFQDN'], ['affinity', 'Affinity'],
  ['schedulerName', 'SchedulerName'], ['tolerations', 'Tolerations'], ['hostAliases', 'HostAliases'],
  ['priorityClassName', 'PriorityClassName'], ['priority', 'Priority'], ['preemptionPolicy', 'PreemptionPolicy'],
  ['dnsConfig', 'DNSConfig'], ['readinessGates', 'ReadinessGates'], ['runtimeClassName', 'RuntimeClassName'],
  ['overhead', 'Overhead'], ['enableServiceLinks', 'EnableServiceLinks'],
  ['topologySpreadConstraints', 'TopologySpreadConstraints'], ['os', 'OS'], ['schedulingGates', 'SchedulingGates'],
  ['resourceClaims', 'ResourceClaims'], ['resources', 'Resources'],
];

function goLiteral(v: unknown): string {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v).replace(/"([^"]+)":/g, '$1: ');
}

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));

/**
 * A diff of two pod specs in the shape of go-cmp's output (`- old`, `+ new` per changed field,
 * identical runs collapsed). go-cmp's exact text is deliberately unstable (it randomizes spaces),
 * so this only needs to point at the changed fields.
 */
export function podSpecDiff(oldSpec: Obj, newSpec: Obj): string {
  const lines = ['  core.PodSpec{'];
  let identical = 0;
  const flush = () => {
    if (identical) lines.push(`  \t... // ${identical} identical field${identical === 1 ? '' : 's'}`);
    identical = 0;
  };
  const known = new Set(POD_SPEC_FIELDS.map(([k]) => k).concat(['hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'hostUsers', 'serviceAccount']));
  const extra = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].filter((k) => !known.has(k));
  for (const [k, goName] of [...POD_SPEC_FIELDS, ['hostNetwork', 'HostNetwork'], ...extra.map((e) => [e, e] as [string, string])] as Array<[string, string]>) {
    if (same(oldSpec[k], newSpec[k])) {
      identical++;
      continue;
    }
    flush();
    lines.push(`- \t${goName}: ${goLiteral(oldSpec[k])},`);
    lines.push(`+ \t${goName}: ${goLiteral(newSpec[k])},`);
  }
  flush();
  lines.push('  }');
  return lines.join('\n') + '\n';
}

/**
 * ValidatePodUpdate's own rules (metadata and spec validity are checked separately): the same
 * containers, activeDeadlineSeconds only set or lowered, tolerations only added, scheduling gates
 * only removed, and nothing else changed (the `pod updates may not change fields other than`
 * error with a diff).
 */
export function validatePodUpdate(pod: Obj, old: Obj): Errs {
  const spec: Obj = isObj(pod.spec) ? pod.spec : {};
  const oldSpec: Obj = isObj(old.spec) ? old.spec : {};
  const errs: Errs = [];
  const oldAnn = old.metadata?.annotations ?? {};
  const newAnn = pod.metadata?.annotations ?? {};
  const MIRROR = 'kubernetes.io/config.mirror';
  if (MIRROR in oldAnn && newAnn[MIRROR] !== oldAnn[MIRROR]) errs.push(field.forbidden(`metadata.annotations[${MIRROR}]`, 'may not remove or update mirror pod annotation'));
  if (!(MIRROR in oldAnn) && MIRROR in newAnn) errs.push(field.forbidden(`metadata.annotations[${MIRROR}]`, 'may not add mirror pod annotation'));
  for (const kind of ['containers', 'initContainers']) {
    const now = arr(spec[kind]);
    const before = arr(oldSpec[kind]);
    if (now.length !== before.length) {
      errs.push(field.forbidden(`spec.${kind}`, 'pod updates may not add or remove containers'));
      return errs;
    }
    now.forEach((c, i) => {
      if (!c.image) errs.push(field.required(`spec.${kind}[${i}].image`, ''));
      if (typeof c.image === 'string' && c.image.trim() !== c.image)
        errs.push(field.invalid(`spec.${kind}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    });
  }
  if (spec.activeDeadlineSeconds != null) {
    const v = spec.activeDeadlineSeconds;
    if (v < 0 || v > MAX_INT32) {
      errs.push(field.invalid('spec.activeDeadlineSeconds', v, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (oldSpec.activeDeadlineSeconds != null && oldSpec.activeDeadlineSeconds < v) {
      errs.push(field.invalid('spec.activeDeadlineSeconds', v, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oldSpec.activeDeadlineSeconds != null) {
    errs.push(field.invalid('spec.activeDeadlineSeconds', 'null', 'must not update from a positive integer to nil value'));
  }
  const newTols = arr(spec.tolerations);
  for (const ot of arr(oldSpec.tolerations)) {
    const found = newTols.some((nt) => same({ ...ot, tolerationSeconds: nt.tolerationSeconds }, nt));
    if (!found) {
      errs.push(field.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
  }
  if (!errs.some((e) => e.field === 'spec.tolerations')) errs.push(...validateTolerations(spec.tolerations, 'spec.tolerations'));
  const oldGates = new Set(arr(oldSpec.schedulingGates).map((g) => g.name));
  arr(spec.schedulingGates).forEach((g, i) => {
    if (!oldGates.has(g.name)) errs.push(field.forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${g.name}'`));
  });
  if (same(spec, oldSpec)) return errs;
  const munged: Obj = { ...spec };
  for (const kind of ['containers', 'initContainers'])
    if (Array.isArray(spec[kind])) munged[kind] = spec[kind].map((c: Obj, i: number) => ({ ...c, image: oldSpec[kind][i]?.image }));
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if (oldSpec.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  for (const k of Object.keys(munged)) if (munged[k] === undefined) delete munged[k];
  if (!same(munged, oldSpec))
    errs.push(field.forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${podSpecDiff(oldSpec, munged)}`));
  return errs;
}

/** JSON with sorted keys, so key order does not count as a change. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = canonical(v[k]);
    return out;
  }
  return v;
}

/** ValidatePodStatusUpdate's rules that protect the kubelet's bookkeeping. */
export function validatePodStatusUpdate(pod: Obj, old: Obj): Errs {
  const errs: Errs = [];
  const status: Obj = pod.status ?? {};
  const oldStatus: Obj = old.status ?? {};
  if ((status.qosClass ?? '') !== (oldStatus.qosClass ?? '')) errs.push(field.invalid('status.qosClass', status.qosClass ?? '', 'field is immutable'));
  const policy = old.spec?.restartPolicy;
  if (policy !== 'Always') {
    const transitions = (kind: string, restartable: (name: string) => boolean) =>
      arr(oldStatus[kind]).forEach((os, i) => {
        const term = os.state?.terminated;
        if (!term) return;
        if (term.exitCode !== 0 && policy === 'OnFailure') return;
        if (restartable(os.name)) return;
        for (const ns of arr(status[kind]))
          if (ns.name === os.name && !ns.state?.terminated)
            errs.push(field.forbidden(`status.${kind}[${i}].state`, 'may not be transitioned to non-terminated state'));
      });
    transitions('containerStatuses', () => false);
    transitions('initContainerStatuses', (name) => arr(old.spec?.initContainers).some((c) => c.name === name && c.restartPolicy === 'Always'));
  }
  arr(status.podIPs).forEach((ip, i) => {
    if (!isIP(ip.ip ?? '')) errs.push(field.invalid(`status.podIPs[${i}]`, ip.ip ?? '', INVALID_IP_MESSAGE));
  });
  return errs;
}
