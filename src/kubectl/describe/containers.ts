/**
 * The container, volume and pod-template sections of describe (kubectl 1.32
 * pkg/describe/describe.go: describeContainers, describeVolumes, DescribePodTemplate,
 * DescribeProbe, describeResources) and the pod arithmetic around them (QoS class, pod requests
 * and limits as component-helpers resource.PodRequests computes them).
 */
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, rfc1123 } from './writer';
import { formatQ, parseList, addList, maxList, type QList, parseQ, unitValue } from './quantity';
import type { KObject } from '../../engine/api/types';
import { formatLabelSelector } from '../../engine/api/labels';
import { podFieldPathValue } from '../../engine/api/podutil';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Container = any;
type ContainerStatus = any;

const printBool = (b: boolean | undefined) => (b ? 'True' : 'False');
const stringOrNone = (s: string) => s || '<none>';

/** Go's %v of a []string: `[cat /tmp/healthy]`. */
const goList = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`;

/** net.JoinHostPort. */
const joinHostPort = (host: string, port: string) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** DescribeProbe: `http-get http://:8080/healthz delay=3s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec ${goList(p.exec.command)} ${attrs}`;
  if (p.httpGet) {
    const scheme = String(p.httpGet.scheme ?? '').toLowerCase();
    const port = p.httpGet.port === undefined ? '' : String(p.httpGet.port);
    const host = port ? joinHostPort(p.httpGet.host ?? '', port) : (p.httpGet.host ?? '');
    const path = p.httpGet.path ?? '';
    // url.URL.String(): "scheme://host/path"; a path without a leading slash gets one when a host is set.
    const url = `${scheme ? scheme + ':' : ''}${host || scheme ? '//' + host : ''}${path && !path.startsWith('/') && host ? '/' : ''}${path}`;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeResources(resources: any, w: PrefixWriter, level: number): void {
  if (!resources) return;
  for (const [title, list] of [
    ['Limits', resources.limits],
    ['Requests', resources.requests],
  ] as const) {
    const keys = Object.keys(list ?? {}).sort();
    if (keys.length) w.write(level, `${title}:\n`);
    for (const k of keys) w.write(level + 1, `${k}:\t${formatQ(parseQ(list[k]))}\n`);
  }
}

function describeStatus(stateName: string, state: any, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123(t.finishedAt)}\n`);
  } else w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
}

/** ExtractContainerResourceValue for env resourceFieldRef (`limits.cpu` rounded up to whole cores / divisor). */
function resourceFieldValue(ref: any, container: Container): string {
  const [kind, name] = String(ref.resource ?? '').split('.');
  const list = kind === 'limits' ? container.resources?.limits : container.resources?.requests;
  const q = parseQ(list?.[name] ?? 0);
  const divisor = parseQ(ref.divisor ?? (name === 'cpu' ? '1' : '1'));
  if (divisor.nanos === 0n) return '0';
  // ceil(value / divisor)
  const v = (q.nanos + divisor.nanos - 1n) / divisor.nanos;
  return String(v);
}

function describeEnvVars(container: Container, pod: KObject | undefined, resolve: boolean, w: PrefixWriter): void {
  const env: any[] = container.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length ? '' : '\t<none>'}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) {
      const value = resolve ? (pod ? podFieldPathValue(pod, vf.fieldRef.fieldPath) : '') : '';
      w.write(LEVEL_3, `${e.name}:\t${value} (${vf.fieldRef.apiVersion ?? ''}:${vf.fieldRef.fieldPath})\n`);
    } else if (vf.resourceFieldRef) {
      let value = resourceFieldValue(vf.resourceFieldRef, container);
      const r = vf.resourceFieldRef.resource;
      if (value === '0' && (r === 'limits.cpu' || r === 'limits.memory')) value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${r})\n`);
    } else if (vf.secretKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${!!vf.secretKeyRef.optional}\n`);
    } else if (vf.configMapKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${!!vf.configMapKeyRef.optional}\n`);
    }
  }
}

function describeEnvFrom(container: Container, w: PrefixWriter): void {
  const list: any[] = container.envFrom ?? [];
  w.write(LEVEL_2, `Environment Variables from:${list.length ? '' : '\t<none>'}\n`);
  for (const e of list) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name;
      optional = !!e.configMapRef.optional;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name;
      optional = !!e.secretRef.optional;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

function describeMounts(container: Container, w: PrefixWriter): void {
  const mounts: any[] = [...(container.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  w.write(LEVEL_2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices: any[] = [...(container.volumeDevices ?? [])].sort((a, b) => (a.devicePath < b.devicePath ? -1 : 1));
  if (devices.length) {
    w.write(LEVEL_2, 'Devices:\n');
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/**
 * describeContainers: one block per container. `statuses` undefined means a template (no status
 * lines, no downward-API values); `space` is "  " inside a pod template.
 */
export function describeContainers(label: string, containers: Container[], statuses: ContainerStatus[] | undefined, pod: KObject | undefined, w: PrefixWriter, space: string): void {
  const byName = new Map<string, ContainerStatus>((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length ? '' : ' <none>'}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    const ok = status !== undefined;
    w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
    if (ok) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
    if (ok) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports: any[] = c.ports ?? [];
    const portString = ports.map((p) => `${p.containerPort}/${p.protocol ?? ''}`).join(', ');
    if (portString.includes(',')) w.write(LEVEL_2, `Ports:\t${portString}\n`);
    else w.write(LEVEL_2, `Port:\t${stringOrNone(portString)}\n`);
    const hostPortString = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
    if (hostPortString.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPortString}\n`);
    else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPortString)}\n`);
    const sp = c.securityContext?.seccompProfile;
    if (sp) {
      w.write(LEVEL_2, `SeccompProfile:\t${sp.type}\n`);
      if (sp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${sp.localhostProfile ?? ''}\n`);
    }
    for (const [title, list] of [
      ['Command', c.command],
      ['Args', c.args],
    ] as const) {
      if (list?.length) {
        w.write(LEVEL_2, `${title}:\n`);
        for (const arg of list) for (const s of String(arg).split('\n')) w.write(LEVEL_3, `${s}\n`);
      }
    }
    if (ok) {
      describeStatus('State', status.state, w);
      if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
      w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(c.resources, w, LEVEL_2);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if (c.envFrom?.length) describeEnvFrom(c, w);
    describeEnvVars(c, pod, statuses !== undefined, w);
    describeMounts(c, w);
  }
}

/** describeVolumes: one block per volume, by source type. */
export function describeVolumes(volumes: any[] | undefined, w: PrefixWriter, space: string): void {
  const vols = volumes ?? [];
  if (!vols.length) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of vols) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.hostPath) {
      w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`);
    } else if (v.emptyDir) {
      const sizeLimit = v.emptyDir.sizeLimit && parseQ(v.emptyDir.sizeLimit).nanos > 0n ? formatQ(parseQ(v.emptyDir.sizeLimit)) : '<unset>';
      w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${sizeLimit}\n`);
    } else if (v.secret) {
      w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${!!v.secret.optional}\n`);
    } else if (v.configMap) {
      w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${!!v.configMap.optional}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(
        LEVEL_2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}\n`,
      );
    } else if (v.nfs) {
      w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n    Path:\t${v.nfs.path}\n    ReadOnly:\t${!!v.nfs.readOnly}\n`);
    } else if (v.downwardAPI) {
      w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const item of v.downwardAPI.items ?? []) {
        if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    } else if (v.projected) {
      w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      // Optional fields print with Go's %v of a *bool: `<nil>` when unset (an address otherwise;
      // Podium prints the value then).
      const opt = (o: boolean | undefined) => (o === undefined || o === null ? '<nil>' : String(o));
      for (const s of v.projected.sources ?? []) {
        if (s.secret) w.write(LEVEL_2, `SecretName:\t${s.secret.name}\n    SecretOptionalName:\t${opt(s.secret.optional)}\n`);
        else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name}\n    ConfigMapOptional:\t${opt(s.configMap.optional)}\n`);
        else if (s.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
      }
    } else if (v.csi) {
      w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v.csi.driver}\n    FSType:\t${v.csi.fsType ?? ''}\n    ReadOnly:\t${!!v.csi.readOnly}\n`);
    } else w.write(LEVEL_1, '<unknown>\n');
  }
}

/** describeTopologySpreadConstraints. */
export function describeTopologySpreadConstraints(tscs: any[] | undefined, w: PrefixWriter, space: string): void {
  const list = [...(tscs ?? [])];
  if (!list.length) return;
  list.sort((a, b) => (a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  list.forEach((t, i) => {
    if (i) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    w.write(LEVEL_0, `${t.topologyKey}:`);
    w.write(LEVEL_0, `${t.whenUnsatisfiable}`);
    w.write(LEVEL_0, ` when max skew ${t.maxSkew} is exceeded`);
    if (t.labelSelector) w.write(LEVEL_0, ` for selector ${formatLabelSelector(t.labelSelector)}`);
    w.write(LEVEL_0, '\n');
  });
}

/** DescribePodTemplate (controllers' "Pod Template:" block). */
export function describePodTemplate(template: any, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length) printAnnotationsMultiline(w, '  Annotations', template.metadata.annotations);
  const spec = template.spec ?? {};
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

const isRestartable = (c: Container) => c.restartPolicy === 'Always';

/** resourcehelper.PodRequests / PodLimits: containers summed, init containers as a maximum, plus overhead. */
export function podResources(pod: KObject, which: 'requests' | 'limits'): QList {
  const spec = pod.spec ?? {};
  const total: QList = new Map();
  for (const c of spec.containers ?? []) addList(total, parseList(c.resources?.[which]));
  const restartable: QList = new Map();
  const initMax: QList = new Map();
  for (const c of spec.initContainers ?? []) {
    const own = parseList(c.resources?.[which]);
    let eff: QList;
    if (isRestartable(c)) {
      addList(total, own);
      addList(restartable, own);
      eff = restartable;
    } else {
      eff = new Map();
      addList(eff, own);
      addList(eff, restartable);
    }
    maxList(initMax, eff);
  }
  maxList(total, initMax);
  if (spec.overhead) addList(total, parseList(spec.overhead));
  return total;
}

/** qos.GetPodQOS: status.qosClass if set, else computed from requests and limits. */
export function podQOS(pod: KObject): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const containers: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const supported = (k: string) => k === 'cpu' || k === 'memory';
  let isGuaranteed = true;
  let any = false;
  const reqs: QList = new Map();
  const lims: QList = new Map();
  for (const c of containers) {
    for (const [k, q] of parseList(c.resources?.requests)) {
      if (!supported(k) || q.nanos === 0n) continue;
      any = true;
      const cur = reqs.get(k);
      reqs.set(k, cur ? { ...cur, nanos: cur.nanos + q.nanos } : q);
    }
    const climits = parseList(c.resources?.limits);
    const seen = new Set<string>();
    for (const [k, q] of climits) {
      if (!supported(k) || q.nanos === 0n) continue;
      any = true;
      seen.add(k);
      const cur = lims.get(k);
      lims.set(k, cur ? { ...cur, nanos: cur.nanos + q.nanos } : q);
    }
    if (!seen.has('cpu') || !seen.has('memory')) isGuaranteed = false;
  }
  if (!any) return 'BestEffort';
  if (isGuaranteed) {
    for (const [k, q] of reqs) if (lims.get(k)?.nanos !== q.nanos) isGuaranteed = false;
  }
  return isGuaranteed && lims.size === reqs.size ? 'Guaranteed' : 'Burstable';
}

/** Whole-unit value, for percentages. */
export { unitValue };
