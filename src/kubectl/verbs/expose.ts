/**
 * `kubectl expose (-f FILENAME | TYPE NAME)` (kubernetes/kubectl pkg/cmd/expose/expose.go and
 * pkg/polymorphichelpers of v1.32): a Service selecting what a Deployment, ReplicaSet,
 * ReplicationController, Pod or Service selects, on the given port or the ports the object
 * declares, labelled like the object unless --labels says otherwise. The object is built in
 * corev1.Service's field order, so `--dry-run=client -o yaml|json` prints what kubectl prints
 * (recorded in network-fixtures.json against a fake API server).
 */
import type { KObject, NewObject } from '../../engine/api/types';
import type { KubectlContext } from '../context';
import { KubectlError } from '../errors';
import type { FlagValues } from '../flags';
import { createObject, createOrUpdateLastApplied, dryRunStrategy, fieldValidation, filenames, OutcomePrinter, reportErrors, resolveTargets } from '../manifest';
import { mustKind } from '../../engine/api/registry';
import type { Verb } from '../registry';
import { networkVerb } from './network-help';

/** DNS1035LabelMaxLength: a default name is cut to 63 characters. */
const NAME_MAX = 63;

/** CanBeExposed: the kinds expose accepts (anything else: `cannot expose a ConfigMap`). */
export function canBeExposed(obj: KObject): void {
  if (['ReplicationController', 'Service', 'Pod', 'Deployment', 'ReplicaSet'].includes(obj.kind)) return;
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  throw new KubectlError(`cannot expose a ${obj.kind}${group ? `.${group}` : ''}`);
}

/** Go's %+v of []LabelSelectorRequirement: `[{Key:app Operator:In Values:[a b]}]`. */
function goRequirements(reqs: Array<{ key: string; operator: string; values?: string[] }>): string {
  return `[${reqs.map((r) => `{Key:${r.key} Operator:${r.operator} Values:[${(r.values ?? []).join(' ')}]}`).join(' ')}]`;
}

/** mapBasedSelectorForObject: the selector of the exposed object as a label map. */
export function selectorForObject(obj: KObject): Record<string, string> {
  switch (obj.kind) {
    case 'ReplicationController':
      return { ...(obj.spec?.selector ?? {}) };
    case 'Pod':
      if (!Object.keys(obj.metadata.labels ?? {}).length) throw new Error('the pod has no labels and cannot be exposed');
      return { ...obj.metadata.labels };
    case 'Service':
      if (obj.spec?.selector == null) throw new Error('the service has no pod selector set');
      return { ...obj.spec.selector };
    case 'Deployment':
    case 'ReplicaSet': {
      const what = obj.kind === 'Deployment' ? 'deployment' : 'replicaset';
      const sel = obj.spec?.selector;
      if (!sel || !Object.keys(sel.matchLabels ?? {}).length) throw new Error(`invalid ${what}: no selectors, therefore cannot be exposed`);
      if (sel.matchExpressions?.length) throw new Error(`couldn't convert expressions - "${goRequirements(sel.matchExpressions)}" to map-based selector format`);
      return { ...sel.matchLabels };
    }
  }
  throw new Error(`cannot extract pod selector from *v1.${obj.kind}`);
}

function podSpecOf(obj: KObject): KObject['spec'] | undefined {
  if (obj.kind === 'Pod') return obj.spec;
  return obj.spec?.template?.spec;
}

/** PortsForObject: the container ports (each number once, in order), or a Service's ports. */
export function portsForObject(obj: KObject): string[] {
  const out: string[] = [];
  const add = (p: number) => {
    if (!out.includes(String(p))) out.push(String(p));
  };
  if (obj.kind === 'Service') for (const p of obj.spec?.ports ?? []) add(p.port);
  else for (const c of podSpecOf(obj)?.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort);
  return out;
}

/** MultiProtocolsForObject: port number -> the protocols it is declared with, in order. */
export function protocolsForObject(obj: KObject): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (port: number, proto: string | undefined) => {
    const k = String(port);
    const list = m.get(k) ?? [];
    const p = proto || 'TCP';
    if (!list.includes(p)) list.push(p);
    m.set(k, list);
  };
  if (obj.kind === 'Service') for (const p of obj.spec?.ports ?? []) add(p.port, p.protocol);
  else for (const c of podSpecOf(obj)?.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return m;
}

/** parseLabels: `k=v,k2=v2`. */
export function parseLabelSpec(spec: string): Record<string, string> {
  if (!spec) throw new KubectlError('no label spec passed');
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new KubectlError(`unexpected label spec: ${part}`);
    if (!kv[0]) throw new KubectlError('unexpected empty label key');
    out[kv[0]] = kv[1];
  }
  return out;
}

/** What ExposeServiceOptions.createService reads. */
export interface ExposeOptions {
  name: string;
  selector: Record<string, string>;
  labels?: Record<string, string>;
  /** --port, or the object's only port. */
  port?: string;
  /** The object's ports when it has several and --port is not given. */
  ports?: string[];
  protocol?: string;
  protocols?: Map<string, string[]>;
  targetPort?: string;
  type?: string;
  externalIP?: string;
  loadBalancerIP?: string;
  sessionAffinity?: string;
  clusterIP?: string;
  namespace?: string;
}

/** createService of expose.go: the Service object in corev1 field order. */
export function generateExposedService(o: ExposeOptions): NewObject {
  const portStrings = o.ports?.length ? o.ports : o.port ? o.port.split(',') : [];
  const ports: Array<Record<string, unknown>> = [];
  portStrings.forEach((s, i) => {
    if (!/^[+-]?\d+$/.test(s)) throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
    const port = Number(s);
    const name = portStrings.length > 1 ? `port-${i + 1}` : '';
    let protocol = o.protocol ?? '';
    if (!protocol) {
      protocol = 'TCP';
      const declared = o.protocols?.get(s);
      if (declared?.length === 1) protocol = declared[0];
      else if (declared && declared.length > 1) {
        for (const p of declared) ports.push({ name: `port-${i + 1}-${p.toLowerCase()}`, protocol: p, port });
        return;
      }
    }
    ports.push({ ...(name ? { name } : {}), protocol, port });
  });
  const target = o.targetPort ? (/^\d+$/.test(o.targetPort) ? Number(o.targetPort) : o.targetPort) : undefined;
  for (const p of ports) p.targetPort = target ?? p.port;
  const spec: Record<string, unknown> = {};
  if (ports.length) spec.ports = ports;
  spec.selector = o.selector;
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  if (o.type) spec.type = o.type;
  if (o.externalIP) spec.externalIPs = [o.externalIP];
  if (o.sessionAffinity) {
    if (o.sessionAffinity !== 'None' && o.sessionAffinity !== 'ClientIP') throw new KubectlError(`unknown session affinity: ${o.sessionAffinity}`);
    spec.sessionAffinity = o.sessionAffinity;
  }
  if (o.type === 'LoadBalancer' && o.loadBalancerIP) spec.loadBalancerIP = o.loadBalancerIP;
  const metadata: Record<string, unknown> = { name: o.name };
  if (o.namespace) metadata.namespace = o.namespace;
  metadata.creationTimestamp = null;
  if (o.labels && Object.keys(o.labels).length) metadata.labels = o.labels;
  return { kind: 'Service', apiVersion: 'v1', metadata: metadata as NewObject['metadata'], spec, status: { loadBalancer: {} } };
}

/** The options for one exposed object (RunExpose's visitor before createService). */
export function exposeOptionsFor(obj: KObject, flags: FlagValues): ExposeOptions {
  canBeExposed(obj);
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : '');
  let selector: Record<string, string>;
  if (str('selector')) selector = parseLabelSpec(str('selector'));
  else {
    try {
      selector = selectorForObject(obj);
    } catch (e) {
      throw new KubectlError(`couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
    }
    if (!Object.keys(selector).length) throw new KubectlError('selector must be specified');
  }
  const o: ExposeOptions = { name: str('name') || obj.metadata.name.slice(0, NAME_MAX), selector };
  if (str('port')) o.port = str('port');
  else {
    const ports = portsForObject(obj);
    if (ports.length === 0 && str('cluster-ip') !== 'None') throw new KubectlError("couldn't find port via --port flag or introspection");
    if (ports.length === 1) o.port = ports[0];
    else if (ports.length > 1) o.ports = ports;
  }
  const protocols = protocolsForObject(obj);
  if (protocols.size) o.protocols = protocols;
  if (str('protocol')) o.protocol = str('protocol');
  o.labels = str('labels') ? parseLabelSpec(str('labels')) : { ...(obj.metadata.labels ?? {}) };
  if (str('target-port')) o.targetPort = str('target-port');
  if (str('type')) o.type = str('type');
  if (str('external-ip')) o.externalIP = str('external-ip');
  if (str('load-balancer-ip')) o.loadBalancerIP = str('load-balancer-ip');
  if (str('session-affinity')) o.sessionAffinity = str('session-affinity');
  if (str('cluster-ip')) o.clusterIP = str('cluster-ip');
  return o;
}

async function runExpose(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const dryRun = dryRunStrategy(ctx, flags);
  const printer = new OutcomePrinter(ctx, flags.output, dryRun, dryRun === 'client');
  const validation = fieldValidation(flags);
  const { targets, errors } = resolveTargets(ctx, args, { filenames: filenames(flags), latest: true });
  if (errors.length) return reportErrors(ctx, errors);
  for (const t of targets) {
    const obj = t.live as KObject;
    const o = exposeOptionsFor(obj, flags);
    if (dryRun === 'client' && ctx.explicitNamespace) o.namespace = ctx.namespace;
    const svc = generateExposedService(o);
    if (dryRun === 'client') {
      printer.print(svc, mustKind('Service'), 'exposed');
      continue;
    }
    const toSend = createOrUpdateLastApplied(!!flags['save-config'], { ...svc, metadata: { ...svc.metadata, namespace: ctx.namespace } });
    printer.print(createObject(ctx, toSend, { dryRun, validation }), mustKind('Service'), 'exposed');
  }
  return 0;
}

/** `kubectl expose`. */
export const exposeVerb: Verb = networkVerb('expose', {
  name: 'expose',
  group: 'Basic Commands (Beginner)',
  unsupported: ['overrides', 'override-type', 'template', 'kustomize', 'recursive'],
  run: runExpose,
});

