/**
 * What the kubelet prepares before starting a container: the command line (Kubernetes'
 * command/args over the image's ENTRYPOINT/CMD, with `$(VAR)` expansion), the environment (image
 * ENV, pod env with valueFrom, service links, HOSTNAME), and the files it mounts (/etc/hosts,
 * /etc/resolv.conf, /etc/hostname, ConfigMap and Secret volumes, the service-account token).
 */
import type { KObject } from '../../api/types';
import { parseQuantity } from '../../api/quantity';
import { podFieldPathValue } from '../../api/podutil';
import { imageEnv, imagePrograms, type ResolvedImage } from '../images';
import { FileSystem } from './fs';
import { nginxFiles, HTTPD_INDEX } from './servers';
import type { ContainerContext } from './types';

/** The cluster DNS Service's address (kubelet --cluster-dns). */
export const CLUSTER_DNS_IP = '10.96.0.10';
/** The cluster domain (kubelet --cluster-domain). */
export const CLUSTER_DOMAIN = 'cluster.local';
/** The resolver of a kind node (Docker's network gateway). */
export const NODE_DNS_IP = '172.18.0.1';

/** Looks objects up in the API (ConfigMaps, Secrets, Services). */
export type ObjectLookup = (kind: string, namespace: string, name: string) => KObject | undefined;
/** Lists objects (Services of a namespace). */
export type ObjectList = (kind: string, namespace?: string) => KObject[];

/** Why a container could not be configured (CreateContainerConfigError). */
export class ContainerConfigError extends Error {}

/**
 * Kubernetes' `$(VAR)` expansion (third_party/forked/golang/expansion): `$(NAME)` becomes the
 * variable's value when defined and stays as written otherwise; `$$` escapes a `$`.
 */
export function expandVars(s: string, vars: Map<string, string>): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '$' || i === s.length - 1) {
      out += c;
      continue;
    }
    const n = s[i + 1];
    if (n === '$') {
      out += '$';
      i++;
    } else if (n === '(') {
      const end = s.indexOf(')', i + 2);
      if (end < 0) {
        out += s.slice(i);
        break;
      }
      const name = s.slice(i + 2, end);
      out += vars.has(name) ? vars.get(name) : `$(${name})`;
      i = end;
    } else out += c;
  }
  return out;
}

/** The argv a container runs: command/args over the image's ENTRYPOINT and CMD. */
export function containerArgv(container: KObject['spec'], image: ResolvedImage, vars: Map<string, string>): string[] {
  const command: string[] | undefined = container.command;
  const args: string[] | undefined = container.args;
  const ex = (xs: string[]) => xs.map((x) => expandVars(x, vars));
  if (command?.length) return [...ex(command), ...ex(args ?? [])];
  if (args?.length) return [...image.image.entrypoint, ...ex(args)];
  return [...image.image.entrypoint, ...image.image.cmd];
}

function b64decode(s: string): string {
  try {
    const bin = atob(s);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return s;
  }
}

function resourceFieldValue(ref: { resource: string; divisor?: string; containerName?: string }, container: KObject['spec'], node: { cpu: number; memoryBytes: number }): string {
  const [kind, res] = ref.resource.split('.');
  const q = container.resources?.[kind]?.[res] ?? (kind === 'requests' ? container.resources?.limits?.[res] : undefined);
  let v: number;
  if (q !== undefined) v = parseQuantity(q);
  else if (res === 'cpu') v = kind === 'limits' ? node.cpu : 0;
  else if (res === 'memory') v = kind === 'limits' ? node.memoryBytes : 0;
  else v = 0;
  const div = ref.divisor ? parseQuantity(ref.divisor) : 1;
  return String(Math.ceil(v / div - 1e-9));
}

/** The docker-link-style variables of a Service (pkg/kubelet/envvars). */
export function serviceEnv(svc: KObject): Array<[string, string]> {
  const ip = svc.spec?.clusterIP;
  if (!ip || ip === 'None') return [];
  const name = svc.metadata.name.toUpperCase().replace(/-/g, '_');
  const ports: Array<{ name?: string; port: number; protocol?: string }> = svc.spec?.ports ?? [];
  if (!ports.length) return [];
  const out: Array<[string, string]> = [];
  const first = ports[0];
  out.push([`${name}_SERVICE_HOST`, ip], [`${name}_SERVICE_PORT`, String(first.port)]);
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
  const proto = (first.protocol ?? 'TCP').toLowerCase();
  out.push([`${name}_PORT`, `${proto}://${ip}:${first.port}`]);
  for (const p of ports) {
    const pr = (p.protocol ?? 'TCP').toLowerCase();
    const prefix = `${name}_PORT_${p.port}_${pr.toUpperCase()}`;
    out.push([prefix, `${pr}://${ip}:${p.port}`], [`${prefix}_PROTO`, pr], [`${prefix}_PORT`, String(p.port)], [`${prefix}_ADDR`, ip]);
  }
  return out;
}

/** Everything needed to start one container. */
export interface PreparedContainer {
  ctx: ContainerContext;
  argv: string[];
  fs: FileSystem;
}

/** Inputs of prepareContainer. */
export interface PrepareInput {
  pod: KObject;
  container: KObject['spec'];
  image: ResolvedImage;
  nodeName: string;
  hostIP: string;
  podIP: string;
  node: { cpu: number; memoryBytes: number };
  lookup: ObjectLookup;
  list: ObjectList;
}

/** Builds a container's context, argv and files; throws ContainerConfigError (CreateContainerConfigError). */
export function prepareContainer(input: PrepareInput): PreparedContainer {
  const { pod, container, image, lookup } = input;
  const ns = pod.metadata.namespace ?? 'default';
  const hostNetwork = !!pod.spec?.hostNetwork;
  const hostname = hostNetwork ? input.nodeName : (pod.spec?.hostname ?? pod.metadata.name);
  // Environment, in the order containerd assembles it: image ENV (PATH first), HOSTNAME, the
  // container's env, service links, HOME.
  const env = new Map<string, string>();
  for (const kv of imageEnv(image)) {
    const eq = kv.indexOf('=');
    env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  const path = env.get('PATH');
  const ordered = new Map<string, string>();
  if (path !== undefined) ordered.set('PATH', path);
  ordered.set('HOSTNAME', hostname);
  for (const [k, v] of env) if (k !== 'PATH') ordered.set(k, v);
  const podVars = new Map<string, string>();
  for (const src of container.envFrom ?? []) {
    const ref = src.configMapRef ?? src.secretRef;
    const kind = src.configMapRef ? 'ConfigMap' : 'Secret';
    const obj = lookup(kind, ns, ref.name);
    if (!obj) {
      if (ref.optional) continue;
      throw new ContainerConfigError(`${kind.toLowerCase()} "${ref.name}" not found`);
    }
    const data: Record<string, string> = kind === 'Secret' ? Object.fromEntries(Object.entries(obj.data ?? {}).map(([k, v]) => [k, b64decode(v as string)])) : { ...(obj.data ?? {}) };
    if (kind === 'Secret') for (const [k, v] of Object.entries(obj.stringData ?? {})) data[k] = v as string;
    for (const [k, v] of Object.entries(data)) podVars.set(`${src.prefix ?? ''}${k}`, v);
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) {
      podVars.set(e.name, expandVars(e.value ?? '', new Map([...ordered, ...podVars])));
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) podVars.set(e.name, podFieldPathValue(pod, vf.fieldRef.fieldPath));
    else if (vf.resourceFieldRef) podVars.set(e.name, resourceFieldValue(vf.resourceFieldRef, container, input.node));
    else if (vf.configMapKeyRef || vf.secretKeyRef) {
      const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
      const kind = vf.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const obj = lookup(kind, ns, ref.name);
      if (!obj) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`${kind.toLowerCase()} "${ref.name}" not found`);
      }
      const raw = obj.data?.[ref.key] ?? (kind === 'Secret' ? undefined : obj.binaryData?.[ref.key]);
      if (raw === undefined) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`);
      }
      podVars.set(e.name, kind === 'Secret' ? b64decode(raw) : raw);
    }
  }
  for (const [k, v] of podVars) {
    ordered.delete(k);
    ordered.set(k, v);
  }
  const svcVars: Array<[string, string]> = [];
  const master = lookup('Service', 'default', 'kubernetes');
  if (master) svcVars.push(...serviceEnv(master));
  if (pod.spec?.enableServiceLinks !== false) {
    for (const svc of input.list('Service', ns)) if (!(ns === 'default' && svc.metadata.name === 'kubernetes')) svcVars.push(...serviceEnv(svc));
  }
  for (const [k, v] of svcVars) if (!ordered.has(k)) ordered.set(k, v);
  if (!ordered.has('HOME')) ordered.set('HOME', '/root');
  const vars = new Map(ordered);
  const argv = containerArgv(container, image, vars);
  const programs = imagePrograms(image.image);
  const ctx: ContainerContext = {
    namespace: ns,
    podName: pod.metadata.name,
    podUID: pod.metadata.uid,
    containerName: container.name,
    nodeName: input.nodeName,
    podIP: input.podIP,
    hostIP: input.hostIP,
    hostNetwork,
    hostname,
    image: image.image,
    imageRef: container.image,
    imageTag: image.canonicalTag,
    programs,
    env: [...ordered],
    workingDir: container.workingDir ?? image.image.workingDir ?? '/',
    nodeCpus: input.node.cpu,
    mounts: {},
    command: argv,
    declaredPorts: container.ports ?? [],
  };
  const fs = initialFiles(ctx, pod, container, input);
  return { ctx, argv, fs };
}

/** /etc/resolv.conf for a pod's dnsPolicy (pkg/kubelet/network/dns). */
export function resolvConf(pod: KObject): string {
  const ns = pod.metadata.namespace ?? 'default';
  let policy: string = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && pod.spec?.hostNetwork) policy = 'Default';
  const cfg = pod.spec?.dnsConfig ?? {};
  let servers: string[] = [];
  let searches: string[] = [];
  let options: string[] = [];
  if (policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet') {
    servers = [CLUSTER_DNS_IP];
    searches = [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
    options = ['ndots:5'];
  } else if (policy === 'Default') {
    servers = [NODE_DNS_IP];
    options = ['ndots:0'];
  }
  servers = [...servers, ...(cfg.nameservers ?? [])];
  searches = [...searches, ...(cfg.searches ?? [])];
  for (const o of cfg.options ?? []) {
    const s = o.value !== undefined ? `${o.name}:${o.value}` : o.name;
    options = options.filter((x) => x.split(':')[0] !== o.name);
    options.push(s);
  }
  let out = '';
  if (searches.length) out += `search ${searches.join(' ')}\n`;
  for (const s of servers) out += `nameserver ${s}\n`;
  if (options.length) out += `options ${options.join(' ')}\n`;
  return out;
}

/** The kubelet-managed /etc/hosts (pkg/kubelet/kubelet_pods.go managedHostsFileContent). */
export function hostsFile(pod: KObject, podIP: string, nodeName: string, hostIP: string): string {
  if (pod.spec?.hostNetwork) {
    return `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n${hostIP}\t${nodeName}\n`;
  }
  let out = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  const hostname = pod.spec?.hostname ?? pod.metadata.name;
  const sub = pod.spec?.subdomain;
  out += sub ? `${podIP}\t${hostname}.${sub}.${pod.metadata.namespace ?? 'default'}.svc.${CLUSTER_DOMAIN}\t${hostname}\n` : `${podIP}\t${hostname}\n`;
  const aliases: Array<{ ip: string; hostnames?: string[] }> = pod.spec?.hostAliases ?? [];
  if (aliases.length) {
    out += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) out += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return out;
}

const ROOT_DIRS = ['/bin', '/dev', '/etc', '/home', '/lib', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/var/log', '/var/run'];

const OS_RELEASE: Record<string, string> = {
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  ubuntu: 'PRETTY_NAME="Ubuntu 24.04.2 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.2 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n',
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.3\nPRETTY_NAME="Alpine Linux v3.21"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
  oraclelinux: 'NAME="Oracle Linux Server"\nVERSION="9.5"\nID="ol"\nID_LIKE="fedora"\nVERSION_ID="9.5"\nPRETTY_NAME="Oracle Linux Server 9.5"\n',
};

function initialFiles(ctx: ContainerContext, pod: KObject, container: KObject['spec'], input: PrepareInput): FileSystem {
  const files: Record<string, string> = {};
  const fam = ctx.image.family;
  const dirs = fam === 'scratch' || fam === 'distroless' ? ['/etc', '/tmp', '/dev', '/proc', '/sys'] : [...ROOT_DIRS];
  if (OS_RELEASE[fam]) files['/etc/os-release'] = OS_RELEASE[fam];
  if (fam === 'busybox') files['/etc/passwd'] = 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n';
  else if (fam !== 'scratch') files['/etc/passwd'] = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
  const repo = ctx.image.repository;
  if (repo.endsWith('/nginx')) Object.assign(files, nginxFiles(ctx));
  if (repo.endsWith('/httpd')) files['/usr/local/apache2/htdocs/index.html'] = HTTPD_INDEX;
  if (repo.endsWith('/hpa-example')) files['/var/www/html/index.php'] = '<?php\n  $x = 0.0001;\n  for ($i = 0; $i <= 1000000; $i++) {\n    $x += sqrt($x);\n  }\n  echo "OK!";\n?>\n';
  // Files the kubelet mounts into every container.
  files['/etc/hosts'] = hostsFile(pod, input.podIP, input.nodeName, input.hostIP);
  files['/etc/resolv.conf'] = resolvConf(pod);
  files['/etc/hostname'] = `${ctx.hostname}\n`;
  files['/dev/termination-log'] = '';
  const ns = ctx.namespace;
  const volumes: Array<Record<string, any>> = pod.spec?.volumes ?? [];
  for (const m of container.volumeMounts ?? []) {
    const vol = volumes.find((v) => v.name === m.name);
    if (!vol) continue;
    dirs.push(m.mountPath);
    const put = (key: string, content: string, path?: string) => {
      const rel = path ?? key;
      if (m.subPath) {
        if (m.subPath === rel) files[m.mountPath] = content;
        return;
      }
      files[`${m.mountPath.replace(/\/$/, '')}/${rel}`] = content;
    };
    const project = (kind: 'ConfigMap' | 'Secret', name: string, items?: Array<{ key: string; path: string }>) => {
      const obj = input.lookup(kind, ns, name);
      if (!obj) return;
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(obj.data ?? {})) data[k] = kind === 'Secret' ? b64decode(v as string) : (v as string);
      if (items?.length) for (const it of items) data[it.key] !== undefined && put(it.key, data[it.key], it.path);
      else for (const [k, v] of Object.entries(data)) put(k, v);
    };
    if (vol.configMap) project('ConfigMap', vol.configMap.name, vol.configMap.items);
    else if (vol.secret) project('Secret', vol.secret.secretName, vol.secret.items);
    else if (vol.projected) {
      for (const src of vol.projected.sources ?? []) {
        if (src.configMap) project('ConfigMap', src.configMap.name, src.configMap.items);
        else if (src.secret) project('Secret', src.secret.name, src.secret.items);
        else if (src.serviceAccountToken) put(src.serviceAccountToken.path ?? 'token', serviceAccountToken(pod));
        else if (src.downwardAPI) for (const it of src.downwardAPI.items ?? []) put(it.path, it.fieldRef ? podFieldPathValue(pod, it.fieldRef.fieldPath) : '');
      }
    } else if (vol.downwardAPI) for (const it of vol.downwardAPI.items ?? []) put(it.path, it.fieldRef ? podFieldPathValue(pod, it.fieldRef.fieldPath) : '');
  }
  return new FileSystem(files, dirs);
}

/** Tokens by namespace and service account (a token is a pure function of the two). */
const tokens = new Map<string, string>();

function serviceAccountToken(pod: KObject): string {
  const b = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const sa = pod.spec?.serviceAccountName ?? 'default';
  const key = `${pod.metadata.namespace}\0${sa}`;
  let token = tokens.get(key);
  if (token === undefined) {
    token = `${b({ alg: 'RS256', kid: 'podium' })}.${b({ aud: ['https://kubernetes.default.svc.cluster.local'], iss: 'https://kubernetes.default.svc.cluster.local', sub: `system:serviceaccount:${pod.metadata.namespace}:${sa}` })}.c2lnbmF0dXJl`;
    tokens.set(key, token);
  }
  return token;
}
