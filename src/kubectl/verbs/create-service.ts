/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME`
 * (kubernetes/kubectl pkg/cmd/create/create_service.go of v1.32): a Service labelled and
 * selecting `app: NAME`, one port per `--tcp=port[:targetPort]` named after the spec with `:`
 * turned into `-` (`--tcp=80:8080` -> `80-8080`), built in the Go structs' field order so that
 * `--dry-run=client -o json|yaml` prints what kubectl prints (fixtures in network-fixtures.json).
 */
import { mustKind } from '../../engine/api/registry';
import type { NewObject } from '../../engine/api/types';
import { dns1123Subdomain, portName as portNameErrors, portNum } from '../../engine/api/validation/names';
import type { KubectlContext } from '../context';
import { KubectlError, RequiredFlagError } from '../errors';
import { defaultSubCommandRun } from '../help';
import type { FlagValues, Parsed } from '../flags';
import { createObject, createOrUpdateLastApplied, dryRunStrategy, fieldValidation, OutcomePrinter } from '../manifest';
import type { Verb } from '../registry';
import { networkVerb, recordedNetworkHelp } from './network-help';

/** The Service types of the sub-commands. */
export type GeneratedServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

/** What `create service` needs. */
export interface ServiceOptions {
  name: string;
  type: GeneratedServiceType;
  tcp: string[];
  clusterIP?: string;
  nodePort?: number;
  externalName?: string;
  /** Only when -n was given (EnforceNamespace). */
  namespace?: string;
}

/**
 * utilsnet.ParsePort(s, allowZero=true): strconv.ParseUint with base 10 and 16 bits, so that
 * `abc` is "invalid syntax" and 99999 is "value out of range".
 */
export function parsePortNumber(s: string): number {
  if (!/^\d+$/.test(s)) throw new KubectlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new KubectlError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** parsePorts: `port[:targetPort]`, the target a number (1-65535) or an IANA port name. */
export function parseTcp(spec: string): { port: number; targetPort: number | string } {
  const parts = spec.split(':');
  const port = parsePortNumber(parts[0]);
  if (parts.length === 1) return { port, targetPort: port };
  const t = parts[1];
  // strconv.Atoi: an optional sign and digits.
  if (/^[+-]?\d+$/.test(t)) {
    const n = Number(t);
    const errs = portNum(n);
    if (errs.length) throw new KubectlError(errs.join(','));
    return { port, targetPort: n };
  }
  const errs = portNameErrors(t);
  if (errs.length) throw new KubectlError(errs.join(','));
  return { port, targetPort: t };
}

/** ServiceOptions.Validate. */
export function validateServiceOptions(o: ServiceOptions): void {
  if (o.clusterIP === 'None' && o.type !== 'ClusterIP') throw new KubectlError('ClusterIP=None can only be used with ClusterIP service type');
  if (o.clusterIP !== 'None' && !o.tcp.length && o.type !== 'ExternalName') throw new KubectlError('at least one tcp port specifier must be provided');
  if (o.type === 'ExternalName' && dns1123Subdomain(o.externalName ?? '').length) throw new KubectlError(`invalid service external name ${o.externalName ?? ''}`);
}

/** createService: the object, in corev1.Service's field order. */
export function generateService(o: ServiceOptions): NewObject {
  const ports = o.tcp.map((t) => {
    const { port, targetPort } = parseTcp(t);
    return { name: t.replace(/:/g, '-'), protocol: 'TCP', port, targetPort, ...(o.nodePort ? { nodePort: o.nodePort } : {}) };
  });
  const spec: Record<string, unknown> = {};
  if (ports.length) spec.ports = ports;
  spec.selector = { app: o.name };
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  spec.type = o.type;
  if (o.externalName) spec.externalName = o.externalName;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), creationTimestamp: null, labels: { app: o.name } } as unknown as NewObject['metadata'],
    spec,
    status: { loadBalancer: {} },
  };
}

/** Creates (or with --dry-run=client only prints) the generated Service, as the create sub-commands do. */
export async function createGeneratedService(ctx: KubectlContext, flags: FlagValues, obj: NewObject, type: string): Promise<number> {
  const dryRun = dryRunStrategy(ctx, flags);
  const printer = new OutcomePrinter(ctx, flags.output, dryRun, dryRun === 'client');
  const validation = fieldValidation(flags);
  let toSend = createOrUpdateLastApplied(!!flags['save-config'], obj);
  const info = mustKind('Service');
  if (dryRun === 'client') {
    printer.print(toSend, info, 'created');
    return 0;
  }
  toSend = { ...toSend, metadata: { ...toSend.metadata, namespace: ctx.namespace } };
  try {
    printer.print(createObject(ctx, toSend, { dryRun, validation }), info, 'created');
  } catch (e) {
    throw new KubectlError(`failed to create ${type} service: ${e instanceof Error ? e.message : String(e)}`);
  }
  return 0;
}

function serviceSubcommand(key: string, name: string, type: GeneratedServiceType): Verb {
  return networkVerb(`create service ${name}`, {
    name,
    unsupported: ['template'],
    run: (ctx, args, flags, parsed: Parsed) => {
      if (args.length !== 1) throw new KubectlError(`exactly one NAME is required, got ${args.length}\nSee 'kubectl ${key} -h' for help and examples`);
      if (type === 'ExternalName' && !parsed.changed.has('external-name')) throw new RequiredFlagError('external-name');
      const o: ServiceOptions = {
        name: args[0],
        type,
        tcp: ((flags.tcp as string[] | undefined) ?? []).filter((t) => t !== ''),
        ...(flags.clusterip ? { clusterIP: String(flags.clusterip) } : {}),
        ...(flags['node-port'] ? { nodePort: Number(flags['node-port']) } : {}),
        ...(flags['external-name'] ? { externalName: String(flags['external-name']) } : {}),
        ...(ctx.explicitNamespace ? { namespace: ctx.namespace } : {}),
      };
      validateServiceOptions(o);
      return createGeneratedService(ctx, flags, generateService(o), type);
    },
  });
}

/** `kubectl create service` with its four sub-commands (add to `create`'s subcommands). */
export const createServiceVerb: Verb = networkVerb('create service', {
  name: 'service',
  aliases: ['svc'],
  subcommands: [
    serviceSubcommand('create service clusterip', 'clusterip', 'ClusterIP'),
    serviceSubcommand('create service externalname', 'externalname', 'ExternalName'),
    serviceSubcommand('create service loadbalancer', 'loadbalancer', 'LoadBalancer'),
    serviceSubcommand('create service nodeport', 'nodeport', 'NodePort'),
  ],
  // cmdutil.DefaultSubCommandRun: help on stderr and exit 1, or "unknown command".
  run: (ctx, args) => {
    return defaultSubCommandRun(ctx, 'create service', args, 'err', () => recordedNetworkHelp('create service') ?? '');
  },
});
