/**
 * A node's own shell, as a network client: what `curl`, `wget` and `nslookup` see when run on a
 * kind node (the scenario shell runs them on the control-plane node). The node is a kindest/node
 * container: Debian 12 with curl 7.88, Docker's resolver at 172.18.0.1 (which knows the node
 * containers but no cluster names) and ndots:0; wget behaves as busybox's and nslookup as
 * BIND's (the dnsutils a student would install).
 */
import type { Engine } from '../cluster';
import type { CatalogImage } from '../kubelet/images';
import type { ContainerContext } from '../kubelet/apps/types';
import { runExec, FileSystem } from '../kubelet/apps';
import { KUBERNETES_VERSION } from '../kubelet/versions';
import { clusterNetwork } from './install';
import { NODE_DNS_IP } from './dns';

/** The node image as a catalogue entry (not pullable: it is what the nodes run). */
export const NODE_IMAGE: CatalogImage = {
  repository: 'docker.io/kindest/node',
  tags: { [KUBERNETES_VERSION]: [0, KUBERNETES_VERSION] },
  family: 'debian',
  entrypoint: ['/usr/local/bin/entrypoint', '/sbin/init'],
  cmd: [],
  env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  exposedPorts: [],
  programs: ['/usr/bin/curl', '/usr/bin/wget', '/usr/bin/nslookup'],
};

/** The shell context of a node. */
export function hostContext(engine: Engine, nodeName: string): ContainerContext {
  const net = clusterNetwork(engine);
  const ip = net.nodeAddress(nodeName) ?? net.nodeClient(nodeName).ip;
  const node = engine.options.nodes.find((n) => n.name === nodeName);
  return {
    namespace: '',
    podName: '',
    podUID: '',
    containerName: '',
    nodeName,
    podIP: ip,
    hostIP: ip,
    hostNetwork: true,
    hostname: nodeName,
    image: NODE_IMAGE,
    imageRef: `kindest/node:${KUBERNETES_VERSION}`,
    imageTag: KUBERNETES_VERSION,
    programs: new Map(NODE_IMAGE.programs.map((p) => [p.slice(p.lastIndexOf('/') + 1), p])),
    env: [
      ['PATH', NODE_IMAGE.env[0].slice(5)],
      ['HOSTNAME', nodeName],
      ['HOME', '/root'],
    ],
    workingDir: '/root',
    nodeCpus: Number(node?.cpu ?? 4) || 4,
    mounts: {},
    command: ['/bin/bash'],
    declaredPorts: [],
  };
}

/** A node's /etc files: Docker's hosts file, kind's resolv.conf and kubeadm's cluster CA. */
export function hostFiles(ctx: ContainerContext, clusterCA?: string): FileSystem {
  return new FileSystem(
    {
      ...(clusterCA ? { '/etc/kubernetes/pki/ca.crt': clusterCA } : {}),
      '/etc/hosts': `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n${ctx.podIP}\t${ctx.nodeName}\n`,
      '/etc/resolv.conf': `nameserver ${NODE_DNS_IP}\noptions ndots:0\n`,
      '/etc/hostname': `${ctx.nodeName}\n`,
    },
    ['/root', '/tmp'],
  );
}

/** What a command run on a node printed, and how long it waited (timeouts). */
export interface HostRunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  waitedMs: number;
}

/**
 * Runs a network client on a node's shell. The time the command spent waiting (a timeout) is
 * returned, not applied: the caller advances the clock.
 */
export function runOnHost(engine: Engine, argv: string[], opts: { node?: string; stdin?: string } = {}): HostRunResult {
  const net = clusterNetwork(engine);
  engine.runtime.settle();
  const node = opts.node ?? net.nodeClient().node;
  const ctx = hostContext(engine, node);
  net.takeElapsedMs();
  const o = runExec(ctx, argv, hostFiles(ctx, net.clusterCA()), engine.runtime.now, opts.stdin ?? '', net);
  const waitedMs = net.takeElapsedMs();
  if (o.notFound) return { stdout: '', stderr: `bash: ${argv[0]}: command not found\n`, exitCode: 127, waitedMs };
  return { stdout: o.stdout, stderr: o.stderr, exitCode: o.exitCode, waitedMs };
}
