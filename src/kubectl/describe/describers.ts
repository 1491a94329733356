/**
 * `kubectl describe` for each kind Podium serves, in kubectl 1.32's format
 * (k8s.io/kubectl pkg/describe/describe.go, checked line by line against real kubectl 1.32 output
 * recorded in fixtures/recorded.json). Kinds without a describer of their own (Lease, Event) get
 * the generic describer that walks the object's fields.
 */
import type { KObject } from '../../engine/api/types';
import type { ApiStore } from '../../engine/store/store';
import { fromLabelSelector, formatLabels, formatLabelSelector, formatSelector, fromMap } from '../../engine/api/labels';
import { controllerRef } from '../../engine/api/types';
import { parseTime } from '../../engine/api/time';
import { deepEqual } from '../../engine/sim/dev';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  PrefixWriter,
  describeEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  printTolerationsMultiline,
  rfc1123,
  since,
  tabbedString,
} from './writer';
import { describeContainers, describePodTemplate, describeTopologySpreadConstraints, describeVolumes, podQOS, podResources } from './containers';
import { formatQ, milliValue, parseList, parseQ, type Quantity, unitValue, ZERO } from './quantity';
import { nodeRoles } from '../printers/tables';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** What a describer can read: the store (the API server) and the simulated now. */
export interface DescribeContext {
  store: ApiStore;
  now: number;
  /** --show-events (default true). */
  showEvents: boolean;
}

/**
 * searchEvents: the events whose involvedObject matches the object's name, namespace, kind (unless
 * empty) and uid, in the API's list order (namespace, then name).
 */
function searchEvents(ctx: DescribeContext, ref: { name: string; namespace?: string; kind?: string; uid: string }): KObject[] {
  // The API server filters the namespace's events by field selector (no index): so does Podium.
  return ctx.store
    .filter('Event', ref.namespace || undefined, (e) => e.involvedObject?.uid === ref.uid)
    .filter((e) => {
      const io = e.involvedObject ?? {};
      if (io.name !== ref.name) return false;
      if (ref.namespace && (io.namespace ?? '') !== ref.namespace) return false;
      if (ref.namespace && e.metadata.namespace !== ref.namespace) return false;
      if (ref.kind && io.kind !== ref.kind) return false;
      return true;
    })
    .sort((a, b) => {
      const ka = `${a.metadata.namespace}/${a.metadata.name}`;
      const kb = `${b.metadata.namespace}/${b.metadata.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
}

function objectEvents(ctx: DescribeContext, obj: KObject, kind = obj.kind): KObject[] | undefined {
  if (!ctx.showEvents) return undefined;
  return searchEvents(ctx, { name: obj.metadata.name, namespace: obj.metadata.namespace, kind, uid: obj.metadata.uid });
}

function printController(obj: KObject): string {
  const ref = controllerRef(obj);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

// ---------------------------------------------------------------------------------------------
// Pods

/** describePod. */
export function describePod(ctx: DescribeContext, pod: KObject): string {
  let events: KObject[] | undefined;
  if (ctx.showEvents) {
    const mirror = pod.metadata.annotations?.['kubernetes.io/config.mirror'];
    events = searchEvents(ctx, { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: mirror ?? pod.metadata.uid });
  }
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${st.hostIP ?? ''}\n`);
    if (st.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123(st.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', pod.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
    if (pod.metadata.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
      // The deletion timestamp lies in the future (now + grace period), so HumanDuration of the
      // negative interval prints "<invalid>", as on a real cluster.
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, ctx.now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
    } else w.write(LEVEL_0, `Status:\t${st.phase ?? ''}\n`);
    if (st.reason) w.write(LEVEL_0, `Reason:\t${st.reason}\n`);
    if (st.message) w.write(LEVEL_0, `Message:\t${st.message}\n`);
    const sp = spec.securityContext?.seccompProfile;
    if (sp) {
      w.write(LEVEL_0, `SeccompProfile:\t${sp.type}\n`);
      if (sp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${sp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${st.podIP ?? ''}\n`);
    const ips: Array<{ ip: string }> = st.podIPs ?? [];
    if (!ips.length) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const ctl = printController(pod);
    if (ctl) w.write(LEVEL_0, `Controlled By:\t${ctl}\n`);
    if (st.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${st.nominatedNodeName}\n`);
    if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, st.initContainerStatuses ?? [], pod, w, '');
    describeContainers('Containers', spec.containers ?? [], st.containerStatuses ?? [], pod, w, '');
    if (spec.ephemeralContainers?.length) describeContainers('Ephemeral Containers', spec.ephemeralContainers, st.ephemeralContainerStatuses ?? [], pod, w, '');
    if (spec.readinessGates?.length) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates) {
        const c = (st.conditions ?? []).find((x: any) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if (st.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of st.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '');
    if (events) describeEvents(events, w, ctx.now);
  });
}

// ---------------------------------------------------------------------------------------------
// Nodes

function percent(part: bigint, whole: bigint): bigint {
  if (whole === 0n) return 0n;
  // int64(float64(part) / float64(whole) * 100): truncation toward zero.
  return BigInt(Math.trunc((Number(part) / Number(whole)) * 100));
}

function describeNodeResource(ctx: DescribeContext, pods: KObject[], node: KObject, w: PrefixWriter): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocList = Object.keys(node.status?.allocatable ?? {}).length ? node.status.allocatable : (node.status?.capacity ?? {});
  const alloc = parseList(allocList);
  const allocCpu = milliValue(alloc.get('cpu') ?? ZERO);
  const allocMem = unitValue(alloc.get('memory') ?? ZERO);
  const get = (l: Map<string, Quantity>, k: string) => l.get(k) ?? ZERO;
  for (const pod of pods) {
    const req = podResources(pod, 'requests');
    const lim = podResources(pod, 'limits');
    const cpuReq = get(req, 'cpu');
    const cpuLim = get(lim, 'cpu');
    const memReq = get(req, 'memory');
    const memLim = get(lim, 'memory');
    const pc = (q: Quantity, whole: bigint, milli: boolean) => String(percent(milli ? milliValue(q) : unitValue(q), whole));
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${formatQ(cpuReq)} (${pc(cpuReq, allocCpu, true)}%)\t${formatQ(cpuLim)} (${pc(cpuLim, allocCpu, true)}%)\t${formatQ(memReq)} (${pc(memReq, allocMem, false)}%)\t${formatQ(memLim)} (${pc(memLim, allocMem, false)}%)\t${since(pod.metadata.creationTimestamp, ctx.now)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const reqs = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  const sum = (into: Map<string, Quantity>, add: Map<string, Quantity>) => {
    for (const [k, v] of add) {
      const cur = into.get(k);
      into.set(k, cur ? { nanos: cur.nanos + v.nanos, format: cur.format } : { ...v });
    }
  };
  for (const pod of pods) {
    sum(reqs, podResources(pod, 'requests'));
    sum(limits, podResources(pod, 'limits'));
  }
  const line = (name: string, whole: bigint, milli: boolean) => {
    const r = get(reqs, name);
    const l = get(limits, name);
    const v = (q: Quantity) => (milli ? milliValue(q) : unitValue(q));
    w.write(LEVEL_1, `${name}\t${formatQ(r)} (${percent(v(r), whole)}%)\t${formatQ(l)} (${percent(v(l), whole)}%)\n`);
  };
  line('cpu', allocCpu, true);
  line('memory', allocMem, false);
  line('ephemeral-storage', unitValue(alloc.get('ephemeral-storage') ?? ZERO), false);
  const names = [...alloc.keys()];
  const huge = names.filter((n) => n.startsWith('hugepages-')).sort();
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);
  const ext = names.filter((n) => !n.startsWith('hugepages-') && !standard.has(n) && !n.startsWith('requests.') && !n.startsWith('limits.')).sort();
  for (const h of huge) line(h, unitValue(alloc.get(h) ?? ZERO), false);
  for (const e of ext) w.write(LEVEL_1, `${e}\t${formatQ(get(reqs, e))}\t${formatQ(get(limits, e))}\n`);
}

/** describeNode. */
export function describeNode(ctx: DescribeContext, node: KObject): string {
  const name = node.metadata.name;
  let pods: KObject[];
  try {
    pods = ctx.store.byIndex('Pod', 'node', name);
  } catch {
    pods = ctx.store.list('Pod').filter((p) => p.spec?.nodeName === name);
  }
  pods = pods
    .filter((p) => p.spec?.nodeName === name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => {
      const ka = `${a.metadata.namespace}/${a.metadata.name}`;
      const kb = `${b.metadata.namespace}/${b.metadata.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    })
    .map((p) => ctx.store.present(p));
  let events: KObject[] | undefined;
  if (ctx.showEvents) {
    // The node controller refers to a node by its uid, the kubelet by its name.
    events = [...searchEvents(ctx, { name, kind: 'Node', uid: node.metadata.uid }), ...searchEvents(ctx, { name, kind: 'Node', uid: name })];
  }
  const spec = node.spec ?? {};
  const st = node.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${!!spec.unschedulable}\n`);
    const leaseRaw = ctx.store.get('Lease', 'kube-node-lease', name);
    if (leaseRaw) {
      const lease = ctx.store.present(leaseRaw);
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123(lease.spec.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123(lease.spec.renewTime) : '<unset>'}\n`);
    } else w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${name}" not found\n`);
    if (st.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of st.conditions)
        w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123(c.lastHeartbeatTime)} \t${rfc1123(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of st.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const printResources = (list: Record<string, string>) => {
      for (const k of Object.keys(list).sort()) w.write(LEVEL_0, `  ${k}:\t${formatQ(parseQ(list[k]))}\n`);
    };
    if (Object.keys(st.capacity ?? {}).length) {
      w.write(LEVEL_0, 'Capacity:\n');
      printResources(st.capacity);
    }
    if (Object.keys(st.allocatable ?? {}).length) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printResources(st.allocatable);
    }
    const info = st.nodeInfo ?? {};
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    describeNodeResource(ctx, pods, node, w);
    if (events) describeEvents(events, w, ctx.now);
  });
}

// ---------------------------------------------------------------------------------------------
// Workload controllers

/** getPodStatusForController: phases of the pods the controller owns (by selector and controller uid). */
function podStatusForController(ctx: DescribeContext, namespace: string | undefined, selector: ReturnType<typeof fromLabelSelector>, uid: string): string {
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  for (const pod of ctx.store.list('Pod', { namespace, selector })) {
    if (controllerRef(pod)?.uid !== uid) continue;
    switch (pod.status?.phase) {
      case 'Running':
        running++;
        break;
      case 'Pending':
        waiting++;
        break;
      case 'Succeeded':
        succeeded++;
        break;
      case 'Failed':
        failed++;
        break;
    }
  }
  return `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed`;
}

function describeConditions(w: PrefixWriter, conditions: any[] | undefined): void {
  if (!conditions?.length) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

/** intstr.IntOrString.String(). */
const intOrString = (v: unknown) => (v === undefined || v === null ? '0' : String(v));

/** The template without the pod-template-hash label (EqualIgnoreHash). */
function templateWithoutHash(t: any): any {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return { ...t, metadata: { ...(t?.metadata ?? {}), labels } };
}

/** describeDeployment (with its new and old ReplicaSets, as deploymentutil finds them). */
export function describeDeployment(ctx: DescribeContext, d: KObject): string {
  const events = objectEvents(ctx, d);
  const selector = fromLabelSelector(d.spec?.selector);
  const owned = ctx.store
    .list('ReplicaSet', { namespace: d.metadata.namespace, selector })
    .filter((rs) => controllerRef(rs)?.uid === d.metadata.uid)
    .sort((a, b) => {
      const ta = parseTime(a.metadata.creationTimestamp);
      const tb = parseTime(b.metadata.creationTimestamp);
      return ta !== tb ? ta - tb : a.metadata.name < b.metadata.name ? -1 : 1;
    });
  const want = templateWithoutHash(d.spec?.template);
  const newRS = owned.find((rs) => deepEqual(templateWithoutHash(rs.spec?.template), want));
  const oldRSs = owned.filter((rs) => rs !== newRS);
  const rsList = (list: KObject[]) => list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';
  const st = d.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatSelector(selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${d.spec?.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${d.spec?.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
    const ru = d.spec?.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`);
    describePodTemplate(d.spec?.template, w);
    describeConditions(w, st.conditions);
    if (oldRSs.length || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${rsList(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${rsList(newRS ? [newRS] : [])}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
}

/** describeReplicaSet. */
export function describeReplicaSet(ctx: DescribeContext, rs: KObject): string {
  const events = objectEvents(ctx, rs);
  const selector = fromLabelSelector(rs.spec?.selector);
  const pods = podStatusForController(ctx, rs.metadata.namespace, selector, rs.metadata.uid);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    const ctl = printController(rs);
    if (ctl) w.write(LEVEL_0, `Controlled By:\t${ctl}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    w.write(LEVEL_0, `${pods}\n`);
    describePodTemplate(rs.spec?.template, w);
    describeConditions(w, rs.status?.conditions);
    if (events) describeEvents(events, w, ctx.now);
  });
}

/** describeReplicationController. */
export function describeReplicationController(ctx: DescribeContext, rc: KObject): string {
  const selector = fromMap(rc.spec?.selector);
  const pods = podStatusForController(ctx, rc.metadata.namespace, selector, rc.metadata.uid);
  const events = objectEvents(ctx, rc);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rc.metadata.namespace}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${pods}\n`);
    describePodTemplate(rc.spec?.template, w);
    describeConditions(w, rc.status?.conditions);
    if (events) describeEvents(events, w, ctx.now);
  });
}

/** describeDaemonSet (kubectl 1.32 prints no Namespace line here). */
export function describeDaemonSet(ctx: DescribeContext, ds: KObject): string {
  const selector = fromLabelSelector(ds.spec?.selector);
  const pods = podStatusForController(ctx, ds.metadata.namespace, selector, ds.metadata.uid);
  const events = objectEvents(ctx, ds);
  const st = ds.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
    w.write(LEVEL_0, `Selector:\t${formatSelector(selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${pods}\n`);
    describePodTemplate(ds.spec?.template, w);
    if (events) describeEvents(events, w, ctx.now);
  });
}

// ---------------------------------------------------------------------------------------------
// Namespaces, services, configuration

/** describeNamespace (Podium serves no ResourceQuotas or LimitRanges: both lists are empty). */
export function describeNamespace(ctx: DescribeContext, ns: KObject): string {
  void ctx;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    if (ns.status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of ns.status.conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    w.write(LEVEL_0, '\n');
    w.write(LEVEL_0, 'No resource quota.\n');
    w.write(LEVEL_0, '\n');
    w.write(LEVEL_0, 'No LimitRange resource.\n');
  });
}

/**
 * formatEndpointSlices for one service port name (describe's Endpoints: line): the ready
 * endpoints of the Service's EndpointSlices, in the slices' order, at most three and then
 * "+ N more...". No slice at all gives <none>; slices with no ready endpoint for the port, an
 * empty line. (kubectl checks "three already" before skipping a not-ready endpoint, so a
 * not-ready fourth sets the "more" mark: kept, as kubectl prints it.)
 */
function formatEndpointSlicesForPort(slices: KObject[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const ready = (e: { conditions?: { ready?: boolean } }) => e.conditions?.ready !== false;
  for (const sl of slices) {
    const endpoints: Array<{ addresses: string[]; conditions?: { ready?: boolean } }> = sl.endpoints ?? [];
    const ports: Array<{ name?: string; port?: number }> = sl.ports ?? [];
    if (!ports.length) {
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(e.addresses[0]);
        count++;
      }
      continue;
    }
    for (const p of ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        const addr = e.addresses[0];
        if (!more) list.push(addr.includes(':') ? `[${addr}]:${p.port}` : `${addr}:${p.port}`);
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** describeService (endpoints from the Service's EndpointSlices, as kubectl 1.32 reads them). */
export function describeService(ctx: DescribeContext, svc: KObject): string {
  const slices = ctx.store.list('EndpointSlice', { namespace: svc.metadata.namespace, selector: fromMap({ 'kubernetes.io/service-name': svc.metadata.name }) });
  const events = objectEvents(ctx, svc);
  const spec = svc.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    w.write(LEVEL_0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
    if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress: any[] = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip ? i.ip + (i.ipMode ? ` (${i.ipMode})` : '') : i.hostname)).join(', ')}\n`);
    for (const sp of spec.ports ?? []) {
      const name = sp.name || '<unset>';
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${sp.protocol ?? ''}\n`);
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? sp.port}/${sp.protocol ?? ''}\n`);
      if (sp.appProtocol) w.write(LEVEL_0, `AppProtocol:\t${sp.appProtocol}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${sp.protocol ?? ''}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlicesForPort(slices, sp.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if (spec.loadBalancerSourceRanges?.length) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    if (spec.trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
    if (events) describeEvents(events, w, ctx.now);
  });
}

/** describeEndpoints. */
export function describeEndpoints(ctx: DescribeContext, ep: KObject): string {
  const events = objectEvents(ctx, ep);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', ep.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
    w.write(LEVEL_0, 'Subsets:\n');
    for (const ss of ep.subsets ?? []) {
      w.write(LEVEL_1, `Addresses:\t${(ss.addresses ?? []).map((a: any) => a.ip).join(',') || '<none>'}\n`);
      w.write(LEVEL_1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a: any) => a.ip).join(',') || '<none>'}\n`);
      if (ss.ports?.length) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of ss.ports) w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
      }
      w.write(LEVEL_0, '\n');
    }
    if (events) describeEvents(events, w, ctx.now);
  });
}

/** describeEndpointSliceV1. */
export function describeEndpointSlice(ctx: DescribeContext, eps: KObject): string {
  const events = objectEvents(ctx, eps);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', eps.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType ?? ''}\n`);
    if (!eps.ports?.length) w.write(LEVEL_0, 'Ports: <unset>\n');
    else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of eps.ports) w.write(LEVEL_1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`);
    }
    if (!eps.endpoints?.length) w.write(LEVEL_0, 'Endpoints: <none>\n');
    else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const e of eps.endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        w.write(LEVEL_3, `Ready:\t${e.conditions?.ready === undefined || e.conditions?.ready === null ? '<unset>' : String(e.conditions.ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
        if (e.targetRef) w.write(LEVEL_2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`);
        w.write(LEVEL_2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
        w.write(LEVEL_2, `Zone:\t${e.zone ?? '<unset>'}\n`);
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
}

/** describe for ConfigMaps (keys sorted; Go ranges over the map in random order). */
export function describeConfigMap(ctx: DescribeContext, cm: KObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of Object.keys(cm.data ?? {}).sort()) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data[k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of Object.keys(cm.binaryData ?? {}).sort()) w.write(LEVEL_0, `${k}: ${base64Length(cm.binaryData[k])} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (ctx.showEvents) describeEvents(objectEvents(ctx, cm) ?? [], w, ctx.now);
  });
}

/** Decoded length of base64 data (a []byte field travels as base64 in JSON). */
function base64Length(b64: string): number {
  const s = String(b64 ?? '').replace(/\s/g, '');
  if (!s) return 0;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

/** describeSecret (values are never shown, only their sizes; a service-account token is shown). */
export function describeSecret(ctx: DescribeContext, secret: KObject): string {
  void ctx;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of Object.keys(secret.data ?? {}).sort()) {
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${atobSafe(secret.data[k])}\n`);
      else w.write(LEVEL_0, `${k}:\t${base64Length(secret.data[k])} bytes\n`);
    }
  });
}

function atobSafe(b64: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

/** describeServiceAccount (1.32: image pull secrets, mountable secrets, tokens; missing secrets flagged). */
export function describeServiceAccount(ctx: DescribeContext, sa: KObject): string {
  const secrets = ctx.store.list('Secret', { namespace: sa.metadata.namespace });
  const existing = new Set(secrets.map((s) => s.metadata.name));
  const missing = new Set<string>();
  for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) if (!existing.has(s.name)) missing.add(s.name);
  const tokens = secrets
    .filter(
      (s) =>
        s.type === 'kubernetes.io/service-account-token' &&
        s.metadata.annotations?.['kubernetes.io/service-account.name'] === sa.metadata.name &&
        s.metadata.annotations?.['kubernetes.io/service-account.uid'] === sa.metadata.uid,
    )
    .map((s) => s.metadata.name);
  const events = objectEvents(ctx, sa);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', sa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
    const empty = '                   ';
    const sections: Array<[string, string[]]> = [
      ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: any) => s.name)],
      ['Mountable secrets: ', (sa.secrets ?? []).map((s: any) => s.name)],
      ['Tokens:            ', tokens],
    ];
    for (const [header, names] of sections) {
      if (!names.length) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const n of names) {
        w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`);
        prefix = empty;
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
}

// ---------------------------------------------------------------------------------------------
// Generic

/** fatih/camelcase.Split. */
export function camelSplit(src: string): string[] {
  const runs: string[][] = [];
  let last = 0;
  for (const r of src) {
    const cls = /\p{Ll}/u.test(r) ? 1 : /\p{Lu}/u.test(r) ? 2 : /\p{Nd}/u.test(r) ? 3 : 4;
    if (cls === last) runs[runs.length - 1].push(r);
    else runs.push([r]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (/\p{Lu}/u.test(runs[i][0]) && /\p{Ll}/u.test(runs[i + 1][0])) {
      runs[i + 1].unshift(runs[i].pop()!);
    }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}

/** smartLabelFor: `leaseDurationSeconds` -> `Lease Duration Seconds`, `apiVersion` -> `API Version`. */
export function smartLabelFor(field: string): string {
  if ([...field].some((r) => !/\p{L}/u.test(r) && r !== '-')) return field;
  const acronyms = ['API', 'URL', 'UID', 'OSB', 'GUID'];
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (acronyms.includes(p.toUpperCase()) ? p.toUpperCase() : p.replace(/(^|[^\p{L}])(\p{L})/gu, (_m, a, b) => a + b.toUpperCase())))
    .join(' ');
}

function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function printUnstructured(w: PrefixWriter, level: number, content: Record<string, unknown>, skipPrefix: string, skip: string[]): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const expr = `${skipPrefix}.${field}`;
    if (skip.includes(expr)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructured(w, level + 1, value as Record<string, unknown>, expr, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) printUnstructured(w, level + 1, child as Record<string, unknown>, expr, skip);
        else w.write(level + 1, `${goV(child)}\n`);
      }
    } else w.write(level, `${smartLabelFor(field)}:\t${goV(value)}\n`);
  }
}

/** The generic describer (kinds without their own): the object's fields, then its events. */
export function describeGeneric(ctx: DescribeContext, obj: KObject): string {
  const events = objectEvents(ctx, obj);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printUnstructured(w, LEVEL_0, obj as unknown as Record<string, unknown>, '', [
      '.metadata.managedFields',
      '.metadata.name',
      '.metadata.namespace',
      '.metadata.labels',
      '.metadata.annotations',
    ]);
    if (events) describeEvents(events, w, ctx.now);
  });
}

const DESCRIBERS: Record<string, (ctx: DescribeContext, obj: KObject) => string> = {
  Pod: describePod,
  Node: describeNode,
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  ReplicationController: describeReplicationController,
  DaemonSet: describeDaemonSet,
  Namespace: describeNamespace,
  Service: describeService,
  Endpoints: describeEndpoints,
  EndpointSlice: describeEndpointSlice,
  ConfigMap: describeConfigMap,
  Secret: describeSecret,
  ServiceAccount: describeServiceAccount,
};

/**
 * Lets another part of Podium replace the describer of a kind (the network part may refine
 * Service, Endpoints and EndpointSlice).
 */
export function registerDescriber(kind: string, fn: (ctx: DescribeContext, obj: KObject) => string): void {
  DESCRIBERS[kind] = fn;
}

/** Describes one object (as read from the store; derived fields are filled in here). */
export function describeObject(ctx: DescribeContext, obj: KObject): string {
  const fn = DESCRIBERS[obj.kind] ?? describeGeneric;
  return fn(ctx, ctx.store.present(obj));
}
