/**
 * `kubectl cluster-info` (kubectl pkg/cmd/clusterinfo/clusterinfo.go): the control plane URL and
 * the services labelled kubernetes.io/cluster-service=true in kube-system (CoreDNS), with the
 * ANSI colours kubectl always writes (github.com/daviddengcn/go-colortext writes them to stdout
 * whether or not it is a terminal). `cluster-info dump` is not simulated.
 */
import type { Verb } from '../registry';
import type { KObject } from '../../engine/api/types';
import { KubectlError } from '../errors';
import { apiServerURL } from './config';
import { flagsOfRecordedHelp } from '../help';

function serviceLine(name: string, link: string): string {
  return `${name} is running at ${link}\n`;
}

/** The proxy link of a cluster service (`.../services/kube-dns:dns/proxy`), or its load balancer URLs. */
export function serviceLink(host: string, svc: KObject): string {
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  const ports: Array<{ name?: string; port: number }> = svc.spec?.ports ?? [];
  if (ingress.length) {
    const ip = ingress[0].ip || ingress[0].hostname;
    return ports.map((p) => `http://${ip}:${p.port} `).join('');
  }
  let name = svc.metadata.name;
  if (ports.length) {
    const p = ports[0];
    const scheme = p.name === 'https' || p.port === 443 ? 'https' : '';
    // utilnet.JoinSchemeNamePort: <scheme>:<name>:<port name>, empty parts dropped from the ends.
    name = scheme ? `${scheme}:${name}:${p.name ?? ''}` : p.name ? `${name}:${p.name}` : name;
  }
  return `${host}/api/v1/namespaces/${svc.metadata.namespace}/services/${name}/proxy`;
}

/** `kubectl cluster-info`. */
export const clusterInfoVerb: Verb = {
  name: 'cluster-info',
  group: 'Cluster Management Commands',
  short: 'Display cluster information',
  usage: 'kubectl cluster-info [flags] [options]',
  flags: [],
  subcommands: [
    {
      name: 'dump',
      short: 'Dump relevant information for debugging and diagnosis',
      usage: 'kubectl cluster-info dump [flags] [options]',
      // Real kubectl's flags are accepted so that the command explains itself.
      flags: flagsOfRecordedHelp(['cluster-info', 'dump']),
      run() {
        throw new KubectlError('podium: "kubectl cluster-info dump" is not simulated; use kubectl get and kubectl describe instead', 1, true);
      },
    },
  ],
  run(ctx, args) {
    // Like kubectl, extra words are ignored (the command takes no arguments and checks none).
    const host = apiServerURL(ctx.engine);
    const ns = ctx.explicitNamespace ? ctx.namespace : 'kube-system';
    let out = serviceLine('Kubernetes control plane', host);
    const services = ctx.store.list('Service', { namespace: ns }).filter((s) => s.metadata.labels?.['kubernetes.io/cluster-service'] === 'true');
    for (const svc of services) out += serviceLine(svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name, serviceLink(host, svc));
    out += "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    ctx.out(out);
    return 0;
  },
};
