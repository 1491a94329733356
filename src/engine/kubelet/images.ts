/**
 * The image catalogue: the public images Podium's registries hold. A reference is normalised the
 * way containerd does it (`nginx` -> `docker.io/library/nginx:latest`), then looked up here.
 *
 * THE RULE: an image exists if and only if its normalised repository and tag are in this
 * catalogue. Anything else is a pull failure, worded as containerd 1.7 words it: an unknown tag
 * of a known repository is `not found`; an unknown repository on Docker Hub is `pull access
 * denied`; an unknown registry host is `no such host`. Images pinned by digest exist when the
 * digest is one of the catalogue's digests.
 *
 * Sizes are the compressed linux/amd64 sizes (what `Image size: N bytes.` reports), close to the
 * real ones; digests are deterministic SHA-256 values (real digests would change with every
 * rebuild upstream anyway). Tags that are the same image upstream (nginx `latest`, `1.27`,
 * `mainline`) share one digest, as they do on Docker Hub.
 */
import { sha256Hex } from './sha256';
import { COREDNS_VERSION, ETCD_VERSION, KUBERNETES_VERSION, PAUSE_VERSION } from './versions';

/** What an image's OS layer looks like: decides the shell, coreutils wording and $PATH. */
export type ImageFamily = 'debian' | 'ubuntu' | 'alpine' | 'busybox' | 'oraclelinux' | 'distroless' | 'scratch';

/** One repository of the catalogue. */
export interface CatalogImage {
  /** Normalised repository, e.g. `docker.io/library/nginx`. */
  repository: string;
  /** tag -> [compressed size in bytes, canonical tag (tags with the same canonical tag are one image)]. */
  tags: Record<string, [number, string]>;
  family: ImageFamily;
  /** Docker ENTRYPOINT. */
  entrypoint: string[];
  /** Docker CMD. */
  cmd: string[];
  /** Docker WORKDIR (`/` when unset). */
  workingDir?: string;
  /** Docker ENV as KEY=VALUE. */
  env: string[];
  /** ENV overrides per canonical tag (NGINX_VERSION=1.26.3 for nginx:1.26). */
  tagEnv?: Record<string, string[]>;
  /** Docker EXPOSE, e.g. `80/tcp`. */
  exposedPorts: string[];
  /** Docker STOPSIGNAL (containerd stops containers with it; SIGTERM when unset). */
  stopSignal?: string;
  /** Executables besides the family's base set, as absolute paths. */
  programs: string[];
}

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** busybox applets (busybox and alpine images): note there is wget and nslookup but no curl. */
export const BUSYBOX_APPLETS = [
  'sh', 'ash', 'sleep', 'touch', 'cat', 'rm', 'ls', 'echo', 'env', 'printenv', 'hostname', 'date', 'wget', 'nslookup', 'mkdir', 'rmdir',
  'true', 'false', 'ps', 'id', 'whoami', 'uname', 'head', 'tail', 'grep', 'seq', 'expr', 'test', '[', 'pwd', 'cp', 'mv', 'ping', 'nc',
  'telnet', 'vi', 'top', 'kill', 'df', 'du', 'free', 'uptime', 'ifconfig', 'ip', 'route', 'netstat', 'which', 'basename', 'dirname', 'wc',
  'sort', 'uniq', 'tr', 'cut', 'sed', 'awk', 'tee', 'yes', 'chmod', 'chown', 'ln', 'stat', 'find', 'xargs', 'printf', 'dmesg', 'mount',
  'tar', 'gzip', 'gunzip', 'base64', 'md5sum', 'sha256sum', 'nohup', 'timeout', 'watch', 'clear', 'less', 'more', 'hexdump', 'od', 'diff',
  'usleep', 'nproc', 'arp', 'traceroute', 'busybox',
];

/** Debian/Ubuntu base: dash as sh, bash, GNU coreutils; no ps, ping, curl, wget or nslookup. */
export const DEBIAN_BASE = [
  'sh', 'dash', 'bash', 'sleep', 'touch', 'cat', 'rm', 'ls', 'echo', 'env', 'printenv', 'hostname', 'date', 'mkdir', 'rmdir', 'true',
  'false', 'id', 'whoami', 'uname', 'head', 'tail', 'grep', 'seq', 'expr', 'test', '[', 'pwd', 'cp', 'mv', 'kill', 'df', 'du', 'which',
  'basename', 'dirname', 'wc', 'sort', 'uniq', 'tr', 'cut', 'sed', 'awk', 'tee', 'yes', 'chmod', 'chown', 'ln', 'stat', 'find', 'xargs',
  'printf', 'mount', 'tar', 'gzip', 'gunzip', 'base64', 'md5sum', 'sha256sum', 'nohup', 'timeout', 'nproc', 'diff', 'more', 'clear',
  'apt', 'apt-get', 'dpkg', 'su',
];

const ORACLE_BASE = DEBIAN_BASE.filter((p) => !['dash', 'apt', 'apt-get', 'dpkg'].includes(p)).concat(['microdnf', 'rpm']);

/** The programs of a family, by base name. */
export function familyPrograms(family: ImageFamily): string[] {
  switch (family) {
    case 'busybox':
    case 'alpine':
      return BUSYBOX_APPLETS;
    case 'debian':
    case 'ubuntu':
      return DEBIAN_BASE;
    case 'oraclelinux':
      return ORACLE_BASE;
    default:
      return [];
  }
}

function t(...entries: Array<[string[], number]>): Record<string, [number, string]> {
  const out: Record<string, [number, string]> = {};
  for (const [names, size] of entries) for (const n of names) out[n] = [size, names[names.length - 1]];
  return out;
}

const K8S = KUBERNETES_VERSION;

/** Per-tag overrides of one version variable: `1.26.3` -> NGINX_VERSION=1.26.3. */
function versionEnv(name: string, canonicalTags: string[]): Record<string, string[]> {
  return Object.fromEntries(canonicalTags.map((tg) => [tg, [`${name}=${tg.replace(/-alpine$/, '')}`]]));
}

/** Every image Podium's simulated registries serve. */
export const CATALOG: readonly CatalogImage[] = [
  {
    repository: 'docker.io/library/nginx',
    tags: t(
      [['latest', 'mainline', '1', '1.27', '1.27.4'], 72950530],
      [['stable', '1.26', '1.26.3'], 72188133],
      [['1.25', '1.25.5'], 70544635],
      [['1.24', '1.24.0'], 57011242],
      [['1.23', '1.23.4'], 56988129],
      [['1.21', '1.21.6'], 56735424],
      [['1.19', '1.19.10'], 53589210],
    ),
    family: 'debian',
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: [DEFAULT_PATH, 'NGINX_VERSION=1.27.4', 'NJS_VERSION=0.8.9', 'NJS_RELEASE=1~bookworm', 'PKG_RELEASE=1~bookworm', 'DYNPKG_RELEASE=1~bookworm'],
    tagEnv: versionEnv('NGINX_VERSION', ['1.26.3', '1.25.5', '1.24.0', '1.23.4', '1.21.6', '1.19.10']),
    exposedPorts: ['80/tcp'],
    stopSignal: 'SIGQUIT',
    programs: ['/docker-entrypoint.sh', '/usr/sbin/nginx', '/usr/sbin/nginx-debug', '/usr/bin/curl', '/usr/bin/envsubst'],
  },
  {
    // Before 1.19 the image had no entrypoint script and logged nothing at start-up.
    repository: 'docker.io/library/nginx',
    tags: t([['1.16.1', '1.16'], 51030575], [['1.15.12', '1.15'], 49083514], [['1.14.2', '1.14'], 44708492]),
    family: 'debian',
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: [DEFAULT_PATH, 'NGINX_VERSION=1.16.1-1~buster', 'NJS_VERSION=0.3.8-1~buster', 'PKG_RELEASE=1~buster'],
    tagEnv: {
      '1.15': [DEFAULT_PATH, 'NGINX_VERSION=1.15.12-1~stretch', 'NJS_VERSION=1.15.12.0.3.1-1~stretch'],
      '1.14': [DEFAULT_PATH, 'NGINX_VERSION=1.14.2-1~stretch', 'NJS_VERSION=1.14.2.0.2.6-1~stretch'],
    },
    exposedPorts: ['80/tcp'],
    stopSignal: 'SIGTERM',
    programs: ['/usr/sbin/nginx', '/usr/sbin/nginx-debug'],
  },
  {
    repository: 'docker.io/library/nginx',
    tags: t(
      [['alpine', 'mainline-alpine', '1-alpine', '1.27-alpine', '1.27.4-alpine'], 21004121],
      [['stable-alpine', '1.26-alpine', '1.26.3-alpine'], 20549521],
      [['1.25-alpine', '1.25.5-alpine'], 18402519],
    ),
    family: 'alpine',
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: [DEFAULT_PATH, 'NGINX_VERSION=1.27.4', 'PKG_RELEASE=1', 'DYNPKG_RELEASE=1', 'NJS_VERSION=0.8.9', 'NJS_RELEASE=1'],
    tagEnv: versionEnv('NGINX_VERSION', ['1.26.3-alpine', '1.25.5-alpine']),
    exposedPorts: ['80/tcp'],
    stopSignal: 'SIGQUIT',
    programs: ['/docker-entrypoint.sh', '/usr/sbin/nginx', '/usr/sbin/nginx-debug', '/usr/bin/curl', '/usr/bin/envsubst', '/sbin/apk'],
  },
  {
    repository: 'docker.io/library/httpd',
    tags: t([['latest', '2', '2.4', '2.4.63'], 58153932]),
    family: 'debian',
    entrypoint: [],
    cmd: ['httpd-foreground'],
    workingDir: '/usr/local/apache2',
    env: ['PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HTTPD_PREFIX=/usr/local/apache2', 'HTTPD_VERSION=2.4.63'],
    exposedPorts: ['80/tcp'],
    stopSignal: 'SIGWINCH',
    programs: ['/usr/local/bin/httpd-foreground', '/usr/local/apache2/bin/httpd', '/usr/local/apache2/bin/apachectl'],
  },
  {
    repository: 'docker.io/library/httpd',
    tags: t([['alpine', '2-alpine', '2.4-alpine', '2.4.63-alpine'], 22183743]),
    family: 'alpine',
    entrypoint: [],
    cmd: ['httpd-foreground'],
    workingDir: '/usr/local/apache2',
    env: ['PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HTTPD_PREFIX=/usr/local/apache2', 'HTTPD_VERSION=2.4.63'],
    exposedPorts: ['80/tcp'],
    stopSignal: 'SIGWINCH',
    programs: ['/usr/local/bin/httpd-foreground', '/usr/local/apache2/bin/httpd', '/usr/local/apache2/bin/apachectl'],
  },
  {
    repository: 'docker.io/library/busybox',
    tags: t([['latest', 'stable', '1', '1.37', '1.37.0'], 2155231], [['1.36', '1.36.1'], 2152262], [['1.35', '1.35.0'], 2217312], [['1.28', '1.28.4'], 727869]),
    family: 'busybox',
    entrypoint: [],
    cmd: ['sh'],
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    exposedPorts: [],
    programs: [],
  },
  {
    repository: 'registry.k8s.io/busybox',
    tags: t([['latest', '1.27.2'], 1144547]),
    family: 'busybox',
    entrypoint: [],
    cmd: ['sh'],
    env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    exposedPorts: [],
    programs: [],
  },
  {
    repository: 'docker.io/library/alpine',
    tags: t([['latest', '3', '3.21', '3.21.3'], 3642247], [['3.20', '3.20.6'], 3626251], [['3.19', '3.19.7'], 3419706]),
    family: 'alpine',
    entrypoint: [],
    cmd: ['/bin/sh'],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/sbin/apk'],
  },
  {
    repository: 'docker.io/library/ubuntu',
    tags: t([['latest', 'noble', '24.04'], 29754290], [['jammy', '22.04'], 29537324], [['focal', '20.04'], 27514562]),
    family: 'ubuntu',
    entrypoint: [],
    cmd: ['/bin/bash'],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: [],
  },
  {
    repository: 'docker.io/library/debian',
    tags: t([['latest', 'bookworm', '12'], 48491795], [['bookworm-slim', '12-slim', 'stable-slim'], 28229441], [['bullseye', '11'], 53743237]),
    family: 'debian',
    entrypoint: [],
    cmd: ['bash'],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: [],
  },
  {
    repository: 'docker.io/library/redis',
    tags: t([['latest', '7', '7.4', '7.4.2'], 45986210], [['6', '6.2', '6.2.17'], 40177312]),
    family: 'debian',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    workingDir: '/data',
    env: [DEFAULT_PATH, 'REDIS_VERSION=7.4.2'],
    exposedPorts: ['6379/tcp'],
    programs: ['/usr/local/bin/docker-entrypoint.sh', '/usr/local/bin/redis-server', '/usr/local/bin/redis-cli', '/usr/local/bin/gosu'],
  },
  {
    repository: 'docker.io/library/redis',
    tags: t([['alpine', '7-alpine', '7.4-alpine'], 17161238]),
    family: 'alpine',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    workingDir: '/data',
    env: [DEFAULT_PATH, 'REDIS_VERSION=7.4.2'],
    exposedPorts: ['6379/tcp'],
    programs: ['/usr/local/bin/docker-entrypoint.sh', '/usr/local/bin/redis-server', '/usr/local/bin/redis-cli'],
  },
  {
    repository: 'docker.io/library/postgres',
    tags: t([['latest', '17', '17.4'], 158426283], [['16', '16.8'], 157389102], [['15', '15.12'], 151225983], [['alpine', '17-alpine'], 105341213]),
    family: 'debian',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['postgres'],
    env: [DEFAULT_PATH + ':/usr/lib/postgresql/17/bin', 'PG_MAJOR=17', 'PG_VERSION=17.4-1.pgdg120+2', 'PGDATA=/var/lib/postgresql/data', 'LANG=en_US.utf8'],
    exposedPorts: ['5432/tcp'],
    stopSignal: 'SIGINT',
    programs: ['/usr/local/bin/docker-entrypoint.sh', '/usr/lib/postgresql/17/bin/postgres', '/usr/bin/psql', '/usr/lib/postgresql/17/bin/pg_ctl', '/usr/local/bin/gosu'],
  },
  {
    repository: 'docker.io/library/mysql',
    tags: t([['latest', '9', '9.2', '9.2.0'], 173420312], [['lts', '8.4', '8.4.4'], 169890123], [['8', '8.0', '8.0.41'], 172861241]),
    family: 'oraclelinux',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mysqld'],
    env: [DEFAULT_PATH, 'GOSU_VERSION=1.17', 'MYSQL_MAJOR=innovation', 'MYSQL_VERSION=9.2.0-1.el9', 'MYSQL_SHELL_VERSION=9.2.0-1.el9'],
    exposedPorts: ['3306/tcp', '33060/tcp'],
    programs: ['/usr/local/bin/docker-entrypoint.sh', '/usr/sbin/mysqld', '/usr/bin/mysql', '/usr/bin/mysqladmin', '/usr/local/bin/gosu'],
  },
  {
    repository: 'gcr.io/google-samples/hello-app',
    tags: t([['1.0'], 11567898], [['2.0'], 11567932]),
    family: 'alpine',
    entrypoint: [],
    cmd: ['/hello-app'],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/hello-app'],
  },
  {
    repository: 'us-docker.pkg.dev/google-samples/containers/gke/hello-app',
    tags: t([['1.0'], 11567898], [['2.0'], 11567932]),
    family: 'alpine',
    entrypoint: [],
    cmd: ['/hello-app'],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/hello-app'],
  },
  {
    repository: 'registry.k8s.io/e2e-test-images/agnhost',
    tags: t([['2.39'], 56423456], [['2.40'], 57016521], [['2.52'], 60014225]),
    family: 'alpine',
    entrypoint: ['/agnhost'],
    cmd: [],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/agnhost', '/usr/bin/curl', '/usr/bin/dig', '/usr/bin/nslookup', '/bin/bash', '/usr/bin/iperf'],
  },
  {
    repository: 'docker.io/hashicorp/http-echo',
    tags: t([['latest', '1.0', '1.0.0'], 3308520], [['0.2.3'], 2678193]),
    family: 'scratch',
    entrypoint: ['/http-echo'],
    cmd: [],
    env: [DEFAULT_PATH],
    exposedPorts: ['5678/tcp'],
    programs: ['/http-echo'],
  },
  {
    repository: 'registry.k8s.io/echoserver',
    tags: t([['1.10'], 46237695], [['1.4'], 57165346]),
    family: 'ubuntu',
    entrypoint: [],
    cmd: ['/usr/local/bin/run.sh'],
    env: [DEFAULT_PATH],
    exposedPorts: ['8080/tcp', '8443/tcp'],
    programs: ['/usr/local/bin/run.sh', '/usr/sbin/nginx'],
  },
  {
    repository: 'docker.io/kicbase/echo-server',
    tags: t([['latest', '1.0'], 2283740]),
    family: 'scratch',
    entrypoint: ['/echo-server'],
    cmd: [],
    env: [DEFAULT_PATH],
    exposedPorts: ['8080/tcp'],
    programs: ['/echo-server'],
  },
  {
    repository: 'registry.k8s.io/goproxy',
    tags: t([['0.1'], 5489816]),
    family: 'scratch',
    entrypoint: [],
    cmd: ['/goproxy'],
    env: [DEFAULT_PATH],
    exposedPorts: ['8080/tcp'],
    programs: ['/goproxy'],
  },
  {
    repository: 'registry.k8s.io/hpa-example',
    tags: t([['latest'], 182451325]),
    family: 'debian',
    entrypoint: ['docker-php-entrypoint'],
    cmd: ['apache2-foreground'],
    workingDir: '/var/www/html',
    env: [DEFAULT_PATH, 'PHP_VERSION=5.6.9'],
    exposedPorts: ['80/tcp'],
    stopSignal: 'SIGWINCH',
    programs: ['/usr/local/bin/docker-php-entrypoint', '/usr/local/bin/apache2-foreground', '/usr/local/bin/php'],
  },
  {
    repository: 'docker.io/curlimages/curl',
    tags: t([['latest', '8.12.1'], 9713221]),
    family: 'alpine',
    entrypoint: ['/entrypoint.sh'],
    cmd: ['curl'],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/entrypoint.sh', '/usr/bin/curl'],
  },
  {
    repository: 'registry.k8s.io/pause',
    tags: t([['3.9'], 321520], [[PAUSE_VERSION], 320368]),
    family: 'scratch',
    entrypoint: ['/pause'],
    cmd: [],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/pause'],
  },
  {
    repository: 'registry.k8s.io/kube-apiserver',
    tags: t([[K8S], 28670731]),
    family: 'distroless',
    entrypoint: ['/usr/local/bin/kube-apiserver'],
    cmd: [],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/usr/local/bin/kube-apiserver'],
  },
  {
    repository: 'registry.k8s.io/kube-controller-manager',
    tags: t([[K8S], 26258470]),
    family: 'distroless',
    entrypoint: ['/usr/local/bin/kube-controller-manager'],
    cmd: [],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/usr/local/bin/kube-controller-manager'],
  },
  {
    repository: 'registry.k8s.io/kube-scheduler',
    tags: t([[K8S], 20657902]),
    family: 'distroless',
    entrypoint: ['/usr/local/bin/kube-scheduler'],
    cmd: [],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/usr/local/bin/kube-scheduler'],
  },
  {
    repository: 'registry.k8s.io/kube-proxy',
    tags: t([[K8S], 30907858]),
    family: 'distroless',
    entrypoint: ['/usr/local/bin/kube-proxy'],
    cmd: [],
    env: [DEFAULT_PATH],
    exposedPorts: [],
    programs: ['/usr/local/bin/kube-proxy', '/usr/sbin/iptables', '/usr/sbin/ip6tables', '/usr/sbin/conntrack', '/usr/sbin/ipset'],
  },
  {
    repository: 'registry.k8s.io/etcd',
    tags: t([[ETCD_VERSION], 57680541], [['3.5.15-0'], 56909194], [['3.5.1-0'], 98888614]),
    family: 'distroless',
    entrypoint: [],
    cmd: ['/usr/local/bin/etcd'],
    env: [DEFAULT_PATH],
    exposedPorts: ['2379/tcp', '2380/tcp', '4001/tcp', '7001/tcp'],
    programs: ['/usr/local/bin/etcd', '/usr/local/bin/etcdctl', '/usr/local/bin/etcdutl'],
  },
  {
    repository: 'registry.k8s.io/coredns/coredns',
    tags: t([[COREDNS_VERSION], 18562039], [['v1.11.1'], 18182961]),
    family: 'distroless',
    entrypoint: ['/coredns'],
    cmd: [],
    env: [DEFAULT_PATH],
    exposedPorts: ['53/tcp', '53/udp'],
    programs: ['/coredns'],
  },
];

/** The images a kindest/node v1.32 image ships preloaded (and so every node starts with). */
export const PRELOADED_IMAGES = [
  `registry.k8s.io/kube-apiserver:${K8S}`,
  `registry.k8s.io/kube-controller-manager:${K8S}`,
  `registry.k8s.io/kube-scheduler:${K8S}`,
  `registry.k8s.io/kube-proxy:${K8S}`,
  `registry.k8s.io/etcd:${ETCD_VERSION}`,
  `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`,
  `registry.k8s.io/pause:${PAUSE_VERSION}`,
];

/** A parsed, normalised image reference. */
export interface ImageRef {
  /** Registry host, e.g. `docker.io`. */
  domain: string;
  /** Repository with its domain, e.g. `docker.io/library/nginx`. */
  repository: string;
  /** Tag (`latest` when neither tag nor digest was given); undefined when pinned by digest only. */
  tag?: string;
  /** `sha256:...` when pinned by digest. */
  digest?: string;
  /** The full normalised reference: `docker.io/library/nginx:latest`, or `repo@sha256:...`. */
  normalized: string;
}

/** A reference that cannot be parsed (the kubelet's InvalidImageName). */
export class InvalidImageNameError extends Error {}

const COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

/**
 * Parses and normalises an image reference as containerd's reference.ParseDockerRef does:
 * `nginx` -> `docker.io/library/nginx:latest`, `bitnami/nginx:1` -> `docker.io/bitnami/nginx:1`,
 * `registry.k8s.io/pause:3.10` stays. The first path component is a registry host when it holds
 * a `.` or a `:` or is `localhost`. Throws InvalidImageNameError with distribution's wording.
 */
export function parseImageRef(image: string): ImageRef {
  if (!image || image !== image.trim()) throw new InvalidImageNameError('invalid reference format');
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) throw new InvalidImageNameError('invalid reference format');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) throw new InvalidImageNameError('invalid reference format');
  }
  let domain = 'docker.io';
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      domain = first === 'index.docker.io' ? 'docker.io' : first;
      path = rest.slice(slash + 1);
    }
  }
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (path.toLowerCase() !== path) throw new InvalidImageNameError(`invalid reference format: repository name (${path}) must be lowercase`);
  if (!path || !path.split('/').every((c) => COMPONENT_RE.test(c))) throw new InvalidImageNameError('invalid reference format');
  const repository = `${domain}/${path}`;
  if (!tag && !digest) tag = 'latest';
  const normalized = digest ? `${repository}${tag ? `:${tag}` : ''}@${digest}` : `${repository}:${tag}`;
  return { domain, repository, tag, digest, normalized };
}

/** Whether a pull of this reference always goes to the registry by default (tag `latest` or none). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  // pkg/apis/core/v1/defaults.go SetDefaults_Container: `:latest` or no tag (and no digest) -> Always.
  try {
    const ref = parseImageRef(image);
    if (ref.digest) return 'IfNotPresent';
    const explicitTag = image.slice(image.lastIndexOf('/') + 1).includes(':');
    return !explicitTag || ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
  } catch {
    return 'IfNotPresent';
  }
}

/** A catalogue image resolved from a reference. */
export interface ResolvedImage {
  ref: ImageRef;
  image: CatalogImage;
  /** The tag that resolved (the canonical tag for digest references). */
  tag: string;
  /** The canonical tag of the image (`1.27.4` for `nginx:latest`). */
  canonicalTag: string;
  /** Compressed size, bytes. */
  size: number;
  /** `sha256:<64 hex>`. */
  digest: string;
  /** `docker.io/library/nginx:latest` (status.containerStatuses[].image). */
  name: string;
  /** `docker.io/library/nginx@sha256:...` (status.containerStatuses[].imageID). */
  imageID: string;
}

/** Registries Podium knows; a host outside this list does not resolve. */
export const KNOWN_REGISTRIES = ['docker.io', 'registry.k8s.io', 'gcr.io', 'us-docker.pkg.dev', 'quay.io', 'ghcr.io', 'mcr.microsoft.com', 'public.ecr.aws'];

const byRepo = new Map<string, CatalogImage[]>();
for (const img of CATALOG) {
  const list = byRepo.get(img.repository) ?? [];
  list.push(img);
  byRepo.set(img.repository, list);
}

/** The digest of a catalogue image (one per repository and canonical tag). */
export function imageDigest(repository: string, canonicalTag: string): string {
  const key = `${repository}:${canonicalTag}`;
  let d = digestCache.get(key);
  if (!d) digestCache.set(key, (d = `sha256:${sha256Hex(`podium-image:${key}`)}`));
  return d;
}

const digestCache = new Map<string, string>();

/** Why a pull failed, as containerd reports it through the CRI. */
export interface PullFailure {
  /** gRPC code in the message (`NotFound`, `Unknown`). */
  code: 'NotFound' | 'Unknown';
  /** The error text after `rpc error: code = X desc = `. */
  desc: string;
}

/**
 * Looks a reference up in the catalogue: the image, or the failure a pull of it would meet.
 * Throws InvalidImageNameError for a malformed reference.
 */
export function resolveImage(image: string): ResolvedImage | PullFailure {
  let r = resolveCache.get(image);
  if (!r) {
    r = resolveUncached(image);
    if (resolveCache.size > 10_000) resolveCache.clear();
    resolveCache.set(image, r);
  }
  return r;
}

const resolveCache = new Map<string, ResolvedImage | PullFailure>();

function resolveUncached(image: string): ResolvedImage | PullFailure {
  const ref = parseImageRef(image);
  const candidates = byRepo.get(ref.repository);
  const what = ref.normalized;
  if (candidates) {
    for (const img of candidates) {
      for (const [tag, [size, canonical]] of Object.entries(img.tags)) {
        const digest = imageDigest(img.repository, canonical);
        const tagOk = !ref.tag || ref.tag === tag;
        const digestOk = !ref.digest || ref.digest === digest;
        if (tagOk && digestOk) {
          const shownTag = ref.tag ?? canonical;
          return {
            ref,
            image: img,
            tag: shownTag,
            canonicalTag: canonical,
            size,
            digest,
            name: ref.digest && !ref.tag ? `${img.repository}@${digest}` : `${img.repository}:${shownTag}`,
            imageID: `${img.repository}@${digest}`,
          };
        }
      }
    }
    return { code: 'NotFound', desc: `failed to pull and unpack image "${what}": failed to resolve reference "${what}": ${what}: not found` };
  }
  if (!KNOWN_REGISTRIES.includes(ref.domain)) {
    const path = ref.repository.slice(ref.domain.length + 1);
    const obj = ref.digest ?? ref.tag;
    const host = ref.domain.split(':')[0];
    return {
      code: 'Unknown',
      desc: `failed to pull and unpack image "${what}": failed to resolve reference "${what}": failed to do request: Head "https://${ref.domain}/v2/${path}/manifests/${obj}": dial tcp: lookup ${host} on 172.18.0.1:53: no such host`,
    };
  }
  if (ref.domain === 'docker.io') {
    return {
      code: 'Unknown',
      desc: `failed to pull and unpack image "${what}": failed to resolve reference "${what}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    };
  }
  return { code: 'NotFound', desc: `failed to pull and unpack image "${what}": failed to resolve reference "${what}": ${what}: not found` };
}

/** Whether resolveImage found the image. */
export function isResolved(r: ResolvedImage | PullFailure): r is ResolvedImage {
  return (r as ResolvedImage).image !== undefined;
}

/** The executables of an image as absolute paths (the family's base set lives in /bin and /usr/bin). */
export function imagePrograms(image: CatalogImage): Map<string, string> {
  let cached = programsCache.get(image);
  if (!cached) programsCache.set(image, (cached = buildPrograms(image)));
  return cached;
}

const programsCache = new WeakMap<CatalogImage, Map<string, string>>();

function buildPrograms(image: CatalogImage): Map<string, string> {
  const out = new Map<string, string>();
  const base = familyPrograms(image.family);
  const dir = image.family === 'busybox' ? '/bin' : '/usr/bin';
  for (const p of base) out.set(p, `${dir}/${p}`);
  if (image.family === 'debian' || image.family === 'ubuntu' || image.family === 'oraclelinux') out.set('sh', '/bin/sh');
  if (image.family === 'alpine') {
    for (const p of base) out.set(p, `/bin/${p}`);
  }
  for (const path of image.programs) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    out.set(name, path);
  }
  return out;
}

/** The entries of node status.images for a set of pulled references: `[repo@digest, repo:tag]`. */
export function nodeImageEntry(resolved: ResolvedImage, tags: string[]): { names: string[]; sizeBytes: number } {
  const names = [resolved.imageID, ...tags.map((tg) => `${resolved.image.repository}:${tg}`)];
  return { names, sizeBytes: resolved.size };
}

/** The image's environment (ENV) with its per-tag overrides applied. */
export function imageEnv(resolved: ResolvedImage): string[] {
  const over = resolved.image.tagEnv?.[resolved.canonicalTag] ?? [];
  const keys = new Set(over.map((kv) => kv.slice(0, kv.indexOf('='))));
  return [...resolved.image.env.filter((kv) => !keys.has(kv.slice(0, kv.indexOf('=')))), ...over];
}
