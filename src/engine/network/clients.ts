/**
 * The network clients inside containers: curl (7.88 on Debian images, 8.x elsewhere), busybox
 * wget, and nslookup in its three flavours (busybox >= 1.29 with its own resolver, busybox 1.28
 * through libc, and BIND 9.18's). They replace the kubelet's stand-ins in the container program
 * registry (kubelet/apps/process.ts registerPrograms) and are also what the scenario shell runs
 * on the control-plane node.
 *
 * Each resolves names as its libc or its own code does: /etc/hosts, then the nameservers and
 * search path of the container's /etc/resolv.conf (ndots:5 in pods), all answered by the
 * simulated network (network.ts), and prints the program's own words for every outcome:
 *   curl: (6) Could not resolve host: nginx-servic
 *   curl: (7) Failed to connect to 10.96.120.7 port 80 after 0 ms: Couldn't connect to server
 *   wget: can't connect to remote host (10.96.120.7): Connection refused
 *   wget: bad address 'nginx-servic'
 *   ;; connection timed out; no servers could be reached
 * A request that times out takes its time: in a container's own process it sleeps that long,
 * and the scenario shell advances the clock by it.
 */
// The kubelet's program table first, so that these registrations replace its stand-ins.
import '../kubelet/apps';
import { registerPrograms, type Proc, type Program, type ProgramResult } from '../kubelet/apps/process';
import type { CertIssuer, ContainerContext, HttpResponse, TlsHello } from '../kubelet/apps/types';
import { curlCaCertHelp, curlHeaderBlock, curlTlsError, SERVICE_ACCOUNT_CA } from '../kubelet/apps/tls';
import { normalizePath } from '../kubelet/apps/fs';
import { ClusterNetwork, NO_ROUTE_MS, TCP_CONNECT_TIMEOUT_MS, type NetClient } from './network';
import { lookupHosts, parseResolvConf, reverseName, searchCandidates, type DnsMessage, type DnsRecord, type ResolvConf, type RRType } from './dns';
import { isIPv4 } from './ipam';

// ---------------------------------------------------------------------------------------------
// Shared plumbing

/** A parsed http:// URL. */
export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  /** Whether the port was written in the URL. */
  explicitPort: boolean;
  path: string;
  query?: string;
}

/** Parses a URL the way curl and wget accept it (scheme optional, http by default). */
export function parseUrl(raw: string): ParsedUrl | undefined {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#\s]*)(?::(\d*))?([^?#\s]*)(?:\?([^#\s]*))?(?:#.*)?$/.exec(raw);
  if (!m || !m[2]) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  if (m[3] !== undefined && (m[3] === '' || port > 65535)) return undefined;
  return { scheme, host: m[2].toLowerCase(), port, explicitPort: !!m[3], path: m[4] || '/', ...(m[5] !== undefined ? { query: m[5] } : {}) };
}

/** The network and the client a program in a container uses. */
function netOf(p: Proc): { net: ClusterNetwork; client: NetClient } | undefined {
  if (!(p.net instanceof ClusterNetwork)) return undefined;
  return { net: p.net, client: p.net.clientOf(p.ctx) };
}

/** Resolution as libc's getaddrinfo does it: literal, /etc/hosts, then DNS with the search path. */
export function resolveHost(p: Proc, net: ClusterNetwork, client: NetClient, host: string): { ok: true; ip: string } | { ok: false; reason: 'nxdomain' | 'timeout' | 'refused' } {
  if (isIPv4(host)) return { ok: true, ip: host };
  const fs = p.fs();
  const fromHosts = lookupHosts(fs.read('/etc/hosts'), host) ?? (host === 'localhost' ? '127.0.0.1' : undefined);
  if (fromHosts) return { ok: true, ip: fromHosts };
  const conf = resolvConfOf(p);
  const r = net.resolveA(client, host, conf);
  return r.ok ? { ok: true, ip: r.ip } : r;
}

function resolvConfOf(p: Proc): ResolvConf {
  const text = p.fs().read('/etc/resolv.conf');
  return text !== undefined ? parseResolvConf(text) : p.net instanceof ClusterNetwork ? p.net.defaultResolvConf(p.ctx) : parseResolvConf('');
}

/** A generator that runs `fn` and, in a container's own process, sleeps for the time it waited. */
function timed(p: Proc, net: ClusterNetwork | undefined, fn: () => number): ProgramResult {
  return (function* () {
    const before = net ? net.peekElapsedMs() : 0;
    const code = fn();
    const waited = net ? net.peekElapsedMs() - before : 0;
    if (waited > 0 && p.mode === 'container') yield { sleep: waited };
    return code;
  })();
}

/** The curl version an image ships (Debian 12: 7.88.1; Ubuntu 24.04: 8.5.0; Alpine and curlimages: 8.12.1). */
export function curlVersion(ctx: ContainerContext): string {
  if (ctx.image.family === 'debian') return '7.88.1';
  if (ctx.image.family === 'ubuntu') return '8.5.0';
  return '8.12.1';
}

/** Status line and headers as HTTP/1.x puts them on the wire (HTTP/1.1 unless the server said 1.0). */
function headerBlock(r: HttpResponse, sep = '\r\n'): string {
  return `HTTP/${r.httpVersion ?? '1.1'} ${r.status} ${r.statusText}${sep}` + Object.entries(r.headers).map(([k, v]) => `${k}: ${v}${sep}`).join('') + sep;
}

/**
 * The cluster CAs a CA file holds: the cluster CA when the file carries its PEM (the pods'
 * service-account ca.crt, the node's /etc/kubernetes/pki/ca.crt, a copy of either). The public
 * CAs of a system bundle sign nothing in the cluster.
 */
function trustedCAs(p: Proc, n: ReturnType<typeof netOf>, pem: string): CertIssuer[] {
  const ca = n?.net.clusterCA() ?? p.fs().read(SERVICE_ACCOUNT_CA);
  return ca && pem.includes(ca.trim()) ? ['cluster-ca'] : [];
}

// ---------------------------------------------------------------------------------------------
// curl

/** curl's options that take a value. */
const CURL_VALUE_OPTS = new Set(['--key', '--capath', '--cert-type', '--key-type', '--pass', '-X', '--request', '-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '-o', '--output', '-w', '--write-out', '-m', '--max-time', '--connect-timeout', '-A', '--user-agent', '-u', '--user', '-e', '--referer', '--retry', '-x', '--proxy', '--resolve', '-b', '--cookie', '-c', '--cookie-jar', '-T', '--upload-file', '-F', '--form']);

const curl: Program = (p, argv) => {
  const n = netOf(p);
  return timed(p, n?.net, () => runCurl(p, argv.slice(1), n));
};

function runCurl(p: Proc, args: string[], n: ReturnType<typeof netOf>): number {
  const o: CurlOptions = { method: '', silent: false, showError: false, include: false, head: false, fail: false, verbose: false, output: '', writeOut: '', data: undefined, maxTimeS: 0, connectTimeoutS: 0, agent: '', insecure: false, cacert: '', cert: '' };
  const headers: Record<string, string> = {};
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const val = (): string => (eq > 0 ? a.slice(eq + 1) : (args[++i] ?? ''));
    if (a === '--') {
      urls.push(...args.slice(i + 1));
      break;
    }
    if (name.startsWith('--')) {
      switch (name) {
        case '--silent': o.silent = true; break;
        case '--show-error': o.showError = true; break;
        case '--include': o.include = true; break;
        case '--head': o.head = true; break;
        case '--fail': o.fail = true; break;
        case '--verbose': o.verbose = true; break;
        case '--insecure': o.insecure = true; break;
        case '--cacert': o.cacert = val(); break;
        case '--cert': o.cert = val(); break;
        case '--location': case '--compressed': case '--ipv4': case '--http1.1': case '--no-keepalive': case '--fail-with-body': case '--no-progress-meter': break;
        case '--request': o.method = val(); break;
        case '--header': { const h = val(); const c = h.indexOf(':'); if (c > 0) headers[h.slice(0, c).trim()] = h.slice(c + 1).trim(); break; }
        case '--data': case '--data-raw': case '--data-binary': o.data = val(); break;
        case '--output': o.output = val(); break;
        case '--write-out': o.writeOut = val(); break;
        case '--max-time': o.maxTimeS = Number(val()); break;
        case '--connect-timeout': o.connectTimeoutS = Number(val()); break;
        case '--user-agent': o.agent = val(); break;
        case '--help':
          p.out('Usage: curl [options...] <url>\n -d, --data <data>           HTTP POST data\n -f, --fail                  Fail fast with no output on HTTP errors\n -h, --help <category>       Get help for commands\n -i, --include               Include protocol response headers in the output\n -o, --output <file>         Write to file instead of stdout\n -O, --remote-name           Write output to a file named as the remote file\n -s, --silent                Silent mode\n -T, --upload-file <file>    Transfer local FILE to destination\n -u, --user <user:password>  Server user and password\n -A, --user-agent <name>     Send User-Agent <name> to server\n -v, --verbose               Make the operation more talkative\n -V, --version               Show version number and quit\n');
          return 0;
        case '--version':
          p.out(`curl ${curlVersion(p.ctx)} (x86_64-pc-linux-gnu) libcurl/${curlVersion(p.ctx)}\n`);
          return 0;
        default:
          if (CURL_VALUE_OPTS.has(name)) val();
          else {
            if (!o.silent || o.showError) p.err(`curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
            return 2;
          }
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const rest = a.slice(j + 1);
        const takeVal = () => {
          const v = rest || (args[++i] ?? '');
          j = a.length;
          return v;
        };
        if (c === 's') o.silent = true;
        else if (c === 'S') o.showError = true;
        else if (c === 'i') o.include = true;
        else if (c === 'I') o.head = true;
        else if (c === 'f') o.fail = true;
        else if (c === 'v') o.verbose = true;
        else if (c === 'k') o.insecure = true;
        else if (c === 'E') o.cert = takeVal();
        else if (c === 'L' || c === '4' || c === 'N') continue;
        else if (c === 'X') o.method = takeVal();
        else if (c === 'H') {
          const h = takeVal();
          const k = h.indexOf(':');
          if (k > 0) headers[h.slice(0, k).trim()] = h.slice(k + 1).trim();
        } else if (c === 'd') o.data = takeVal();
        else if (c === 'o') o.output = takeVal();
        else if (c === 'w') o.writeOut = takeVal();
        else if (c === 'm') o.maxTimeS = Number(takeVal());
        else if (c === 'A') o.agent = takeVal();
        else if (c === 'V') {
          p.out(`curl ${curlVersion(p.ctx)} (x86_64-pc-linux-gnu) libcurl/${curlVersion(p.ctx)}\n`);
          return 0;
        } else if ('uebxcTF'.includes(c)) takeVal();
        else {
          if (!o.silent || o.showError) p.err(`curl: option -${c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
          return 2;
        }
      }
      continue;
    }
    urls.push(a);
  }
  const quiet = o.silent && !o.showError;
  const fail = (code: number, msg: string) => {
    if (!quiet) p.err(`curl: (${code}) ${msg}\n`);
    return code;
  };
  if (!urls.length) {
    p.err("curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  let code = 0;
  for (const raw of urls) {
    const info: CurlTransferInfo = { status: 0, ip: '', port: 0, sizeDownload: 0 };
    const u = parseUrl(raw);
    if (!u || (u.scheme !== 'http' && u.scheme !== 'https')) {
      code = u ? fail(1, `Protocol "${u.scheme}" not supported`) : fail(3, 'URL rejected: Bad hostname');
      if (o.writeOut) p.out(curlWriteOut(o.writeOut, info));
      continue;
    }
    code = curlOne(p, n, u, o, headers, fail, quiet, info);
    if (o.writeOut) p.out(curlWriteOut(o.writeOut, info));
  }
  return code;
}

/** What a transfer tells `-w`: before (or without) a response, http_code is 000 and sizes 0. */
export interface CurlTransferInfo {
  status: number;
  ip: string;
  port: number;
  sizeDownload: number;
}

/**
 * curl's `-w FORMAT` text for one transfer. curl writes it after every transfer, failed ones too
 * (`curl -s -o /dev/null -w '%{http_code}\n' 10.0.0.1:81` prints `000` and exits 7).
 */
export function curlWriteOut(format: string, info: CurlTransferInfo): string {
  return format
    .replace(/%\{http_code\}|%\{response_code\}/g, String(info.status).padStart(3, '0'))
    .replace(/%\{remote_ip\}/g, info.ip)
    .replace(/%\{remote_port\}/g, String(info.port))
    .replace(/%\{size_download\}/g, String(info.sizeDownload))
    .replace(/%\{time_total\}/g, '0.001000')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

/** What curl's command line asked for. */
interface CurlOptions {
  method: string;
  silent: boolean;
  showError: boolean;
  include: boolean;
  head: boolean;
  fail: boolean;
  verbose: boolean;
  output: string;
  writeOut: string;
  data: string | undefined;
  maxTimeS: number;
  connectTimeoutS: number;
  agent: string;
  /** -k: no verification of the server's certificate. */
  insecure: boolean;
  /** --cacert FILE: the CAs to verify the server against. */
  cacert: string;
  /** --cert FILE (-E): a client certificate. */
  cert: string;
}

function curlOne(
  p: Proc,
  n: ReturnType<typeof netOf>,
  u: ParsedUrl,
  o: CurlOptions,
  headers: Record<string, string>,
  fail: (code: number, msg: string) => number,
  quiet: boolean,
  info: CurlTransferInfo,
): number {
  if (!n) return fail(6, `Could not resolve host: ${u.host}`);
  const { net, client } = n;
  const res = resolveHost(p, net, client, u.host);
  if (!res.ok) return fail(6, `Could not resolve host: ${u.host}`);
  const ip = res.ip;
  if (o.verbose) p.err(`*   Trying ${ip}:${u.port}...\n`);
  const limitS = o.connectTimeoutS || o.maxTimeS;
  const c = net.connect(client, ip, u.port, 'TCP');
  if (!c.ok) {
    const took = c.error === 'refused' ? c.ms : c.error === 'unreachable' ? NO_ROUTE_MS : TCP_CONNECT_TIMEOUT_MS;
    if (limitS && took > limitS * 1000) {
      net.wait(limitS * 1000);
      return fail(28, `Failed to connect to ${u.host} port ${u.port} after ${Math.round(limitS * 1000) + 1} ms: Timeout was reached`);
    }
    net.wait(took);
    if (o.verbose) p.err(`* connect to ${ip} port ${u.port} from ${client.ip} port ${40000 + (took % 20000)} failed: ${c.error === 'refused' ? 'Connection refused' : c.error === 'unreachable' ? 'No route to host' : 'Connection timed out'}\n`);
    // A kernel timeout (ETIMEDOUT) turns the exit code into 28 after the message is made.
    return fail(c.error === 'timeout' ? 28 : 7, `Failed to connect to ${u.host} port ${u.port} after ${took} ms: Couldn't connect to server`);
  }
  const version = curlVersion(p.ctx);
  let tls: TlsHello | undefined;
  if (u.scheme === 'https') {
    // curl loads its CA file before the handshake; -k makes a bad one only a note.
    let trusted: CertIssuer[] = [];
    if (o.cacert) {
      const pem = p.fs().read(normalizePath(o.cacert, p.cwd));
      if (pem === undefined && !o.insecure) return fail(77, `error setting certificate file: ${o.cacert}`);
      if (pem !== undefined) trusted = trustedCAs(p, n, pem);
    }
    tls = { insecure: o.insecure, trusted, serverName: u.host, alpn: true, clientCert: !!o.cert };
  }
  const method = o.head ? 'HEAD' : o.method || (o.data !== undefined ? 'POST' : 'GET');
  // curl leaves the scheme's default port out of the Host header.
  const host = u.port !== (u.scheme === 'https' ? 443 : 80) ? `${u.host}:${u.port}` : u.host;
  const reqHeaders: Record<string, string> = { Host: host, 'User-Agent': o.agent || `curl/${version}`, Accept: '*/*', ...headers };
  if (o.data !== undefined) {
    reqHeaders['Content-Length'] = String(o.data.length);
    reqHeaders['Content-Type'] ??= 'application/x-www-form-urlencoded';
  }
  if (o.verbose) p.err(`* Connected to ${u.host} (${ip}) port ${u.port}\n`);
  const r = net.request(client, ip, u.port, { method, path: u.path, ...(u.query !== undefined ? { query: u.query } : {}), headers: reqHeaders, host, ...(o.data !== undefined ? { body: o.data } : {}), scheme: tls ? 'https' : 'http', ...(tls ? { tls } : {}) });
  if (r.ok && r.response.tlsFailure) {
    const e = curlTlsError(r.response.tlsFailure, version);
    fail(e.code, e.msg);
    if (e.help && !quiet) p.err(curlCaCertHelp(version));
    return e.code;
  }
  if (o.verbose) p.err(`> ${method} ${u.path}${u.query !== undefined ? `?${u.query}` : ''} HTTP/${r.ok && r.response.httpVersion === '2' ? '2' : '1.1'}\n` + Object.entries(reqHeaders).map(([k, v]) => `> ${k}: ${v}\n`).join('') + '> \n');
  if (!r.ok) {
    // The connection was accepted by the proxy's table but nobody listens behind it.
    net.wait(r.error === 'refused' ? 0 : r.ms);
    return fail(r.error === 'timeout' ? 28 : 7, `Failed to connect to ${u.host} port ${u.port} after ${r.error === 'refused' ? r.ms : r.ms} ms: Couldn't connect to server`);
  }
  const resp = r.response;
  info.status = resp.status;
  info.ip = ip;
  info.port = u.port;
  if (o.verbose) p.err(curlHeaderBlock(resp, '\n').split('\n').filter((l, i, a) => i < a.length - 1).map((l) => `< ${l}\n`).join('') + `* Connection #0 to host ${u.host} left intact\n`);
  if (o.fail && resp.status >= 400) return fail(22, `The requested URL returned error: ${resp.status}`);
  let text = '';
  if (o.include || o.head) text += curlHeaderBlock(resp);
  if (method !== 'HEAD') text += resp.body;
  info.sizeDownload = method === 'HEAD' ? 0 : resp.body.length;
  if (o.output && o.output !== '-') {
    if (o.output !== '/dev/null' && !p.writeFile(o.output, text, false)) {
      if (!quiet) p.err(`curl: (23) Failure writing output to destination\n`);
      return 23;
    }
  } else p.out(text);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// busybox wget

const wget: Program = (p, argv) => {
  const n = netOf(p);
  return timed(p, n?.net, () => runWget(p, argv.slice(1), n));
};

/** busybox's progress line once a transfer is complete (bb_progress_update at 100%). */
export function busyboxProgress(label: string, size: number): string {
  const shown = size >= 100000 ? `${Math.floor(size / 1024)}k` : String(size);
  return `${label.padEnd(20).slice(0, 20)} 100% |${'*'.repeat(32)}| ${shown.padStart(5)}  0:00:00 ETA\n`;
}

function runWget(p: Proc, args: string[], n: ReturnType<typeof netOf>): number {
  let quiet = false;
  let output: string | undefined;
  let spider = false;
  let timeoutS = 0;
  let showHeaders = false;
  let agent = 'Wget';
  const extra: Record<string, string> = {};
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--spider') spider = true;
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a.startsWith('--output-document=')) output = a.slice('--output-document='.length);
    else if (a === '--output-document') output = args[++i];
    else if (a.startsWith('--timeout=')) timeoutS = Number(a.slice(10));
    else if (a === '--timeout') timeoutS = Number(args[++i]);
    else if (a.startsWith('--header=')) {
      const h = a.slice(9);
      extra[h.slice(0, h.indexOf(':')).trim()] = h.slice(h.indexOf(':') + 1).trim();
    } else if (a === '--header') {
      const h = args[++i] ?? '';
      extra[h.slice(0, h.indexOf(':')).trim()] = h.slice(h.indexOf(':') + 1).trim();
    } else if (a.startsWith('--user-agent=')) agent = a.slice(13);
    else if (/^-[a-zA-Z]+/.test(a) && !a.startsWith('--')) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const rest = a.slice(j + 1);
        if (c === 'q') quiet = true;
        else if (c === 'S') showHeaders = true;
        else if (c === 'c' || c === 's') continue;
        else if (c === 'O' || c === 'T' || c === 'U' || c === 'o' || c === 'P' || c === 'Y') {
          const v = rest || args[++i] || '';
          if (c === 'O') output = v;
          else if (c === 'T') timeoutS = Number(v);
          else if (c === 'U') agent = v;
          break;
        } else {
          p.err(`wget: unrecognized option '${a}'\nBusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n`);
          return 1;
        }
      }
    } else url = a;
  }
  if (!url) {
    p.err('BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n');
    return 1;
  }
  const u = parseUrl(url);
  if (!u || (u.scheme !== 'http' && u.scheme !== 'https')) {
    p.err(`wget: not an http or ftp url: ${url}\n`);
    return 1;
  }
  const hostPort = u.explicitPort ? `${u.host}:${u.port}` : u.host;
  if (!n) {
    p.err(`wget: bad address '${hostPort}'\n`);
    return 1;
  }
  const { net, client } = n;
  const res = resolveHost(p, net, client, u.host);
  if (!res.ok) {
    p.err(`wget: bad address '${hostPort}'\n`);
    return 1;
  }
  const ip = res.ip;
  if (!quiet) p.err(`Connecting to ${hostPort} (${ip}:${u.port})\n`);
  const c = net.connect(client, ip, u.port, 'TCP');
  const failConnect = (error: 'refused' | 'timeout' | 'unreachable', ms: number) => {
    if (error === 'timeout' && timeoutS) {
      net.wait(timeoutS * 1000);
      p.err('wget: download timed out\n');
      return 1;
    }
    net.wait(error === 'refused' ? 0 : ms);
    const why = error === 'refused' ? 'Connection refused' : error === 'unreachable' ? 'No route to host' : 'Connection timed out';
    p.err(`wget: can't connect to remote host (${ip}): ${why}\n`);
    return 1;
  };
  if (!c.ok) return failConnect(c.error, c.error === 'unreachable' ? NO_ROUTE_MS : TCP_CONNECT_TIMEOUT_MS);
  // busybox's own TLS (1.2, no certificate verification, no ALPN) says so before the handshake.
  const https = u.scheme === 'https';
  if (https) p.err('wget: note: TLS certificate validation not implemented\n');
  const host = u.port !== (https ? 443 : 80) ? `${u.host}:${u.port}` : u.host;
  const tls: TlsHello = { insecure: true, trusted: [], serverName: u.host, alpn: false, clientCert: false };
  const r = net.request(client, ip, u.port, { method: spider ? 'HEAD' : 'GET', path: u.path, ...(u.query !== undefined ? { query: u.query } : {}), headers: { Host: host, 'User-Agent': agent, ...extra, Connection: 'close' }, host, scheme: https ? 'https' : 'http', ...(https ? { tls } : {}) });
  if (!r.ok) return failConnect(r.error, r.ms);
  const resp = r.response;
  if (resp.tlsFailure) {
    // A plain-text answer is no TLS record; etcd refuses a client without a certificate with
    // TLS 1.2's bad_certificate alert (42), which busybox's alert_text() does not name.
    const alert = resp.tlsFailure.kind === 'client-cert-required' ? '(alert code 42): 42' : '(alert code 80): internal error';
    p.err(`wget: TLS error from peer ${alert}\nwget: error getting response: Connection reset by peer\n`);
    return 1;
  }
  if (showHeaders) p.err(headerBlock(resp, '\n').split('\n').filter((l) => l).map((l) => `  ${l}\n`).join(''));
  if (resp.status >= 400) {
    p.err(`wget: server returned error: HTTP/${resp.httpVersion === '1.0' ? '1.0' : '1.1'} ${resp.status} ${resp.statusText}\n`);
    return 1;
  }
  if (spider) {
    if (!quiet) p.err('remote file exists\n');
    return 0;
  }
  const file = output ?? (u.path.replace(/\/$/, '').split('/').pop() || 'index.html');
  if (file === '-') {
    if (!quiet) p.err('writing to stdout\n');
    p.out(resp.body);
    if (!quiet) p.err(busyboxProgress('-', resp.body.length) + 'written to stdout\n');
    return 0;
  }
  if (!output && p.fs().exists(file)) {
    p.err(`wget: can't open '${file}': File exists\n`);
    return 1;
  }
  if (!quiet) p.err(`saving to '${file}'\n`);
  if (!p.writeFile(file, resp.body, false)) {
    p.err(`wget: can't open '${file}': No such file or directory\n`);
    return 1;
  }
  if (!quiet) p.err(busyboxProgress(file, resp.body.length) + `'${file}' saved\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// nslookup

/** Which nslookup an image has. */
export type NslookupFlavour = 'busybox' | 'busybox-1.28' | 'bind';

/** busybox 1.28 (the Kubernetes docs' DNS debugging image) has the libc-based applet; BIND images have BIND's. */
export function nslookupFlavour(ctx: ContainerContext): NslookupFlavour {
  const own = ctx.image.programs.some((x) => x.endsWith('/nslookup'));
  if (own) return 'bind';
  if (ctx.image.repository.endsWith('/busybox') && ctx.imageTag.startsWith('1.28')) return 'busybox-1.28';
  return 'busybox';
}

const nslookup: Program = (p, argv) => {
  const n = netOf(p);
  return timed(p, n?.net, () => {
    const flavour = nslookupFlavour(p.ctx);
    if (flavour === 'bind') return nslookupBind(p, argv.slice(1), n);
    if (flavour === 'busybox-1.28') return nslookupOldBusybox(p, argv.slice(1), n);
    return nslookupBusybox(p, argv.slice(1), n);
  });
};

const QTYPES: Record<string, RRType> = { a: 'A', aaaa: 'AAAA', cname: 'CNAME', ptr: 'PTR', srv: 'SRV' };

function formatRecord(r: DnsRecord): string {
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return `Name:\t${r.name}\nAddress: ${r.value}\n`;
    case 'CNAME':
      return `${r.name}\tcanonical name = ${r.value}\n`;
    case 'PTR':
      return `${r.name}\tname = ${r.value}\n`;
    case 'SRV':
      return `${r.name}\tservice = ${r.srv!.priority} ${r.srv!.weight} ${r.srv!.port} ${r.value}\n`;
  }
}

const BUSYBOX_NSLOOKUP_USAGE =
  'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n';

/**
 * busybox >= 1.29 (networking/nslookup.c, from OpenWrt): its own queries, A then AAAA, the search
 * domains only for a name without a dot (so `kubernetes.default` is asked as is: NXDOMAIN, the
 * classic surprise), every reply printed as it comes, exit 1 if any reply was an error.
 */
function nslookupBusybox(p: Proc, args: string[], n: ReturnType<typeof netOf>): number {
  let types: RRType[] = [];
  const ops: string[] = [];
  for (const a of args) {
    if (a.startsWith('-')) {
      const [k, v] = a.slice(1).split('=');
      if (k === 'type' || k === 'querytype' || k === 'q') {
        const t = QTYPES[(v ?? '').toLowerCase()];
        if (!t) {
          p.err(`nslookup: invalid query type "${v ?? ''}"\n`);
          return 1;
        }
        types.push(t);
      } else if (!['debug', 'port', 'retry', 't', 'timeout'].includes(k)) {
        p.err(BUSYBOX_NSLOOKUP_USAGE);
        return 1;
      }
    } else ops.push(a);
  }
  if (!ops.length || ops.length > 2) {
    p.err(BUSYBOX_NSLOOKUP_USAGE);
    return 1;
  }
  const name = ops[0];
  const conf = resolvConfOf(p);
  const servers = ops[1] ? [ops[1]] : conf.nameservers;
  const queries: Array<{ name: string; type: RRType }> = [];
  const add = (t: RRType) => {
    if (t !== 'PTR' && conf.search.length && !name.includes('.')) for (const d of conf.search) queries.push({ name: `${name}.${d}`, type: t });
    else queries.push({ name, type: t });
  };
  if (!types.length) {
    if (isIPv4(name)) queries.push({ name: reverseName(name), type: 'PTR' });
    else types = ['A', 'AAAA'];
  }
  for (const t of types) add(t);
  if (!n) {
    p.out(';; connection timed out; no servers could be reached\n\n');
    return 1;
  }
  const { net, client } = n;
  for (const server of servers) {
    const replies: Array<DnsMessage | undefined> = [];
    let refused = false;
    let any = false;
    for (const q of queries) {
      const r = net.dnsQuery(client, server, q.name, q.type);
      if (r.status === 'reply') {
        replies.push(r.message);
        any = true;
      } else {
        replies.push(undefined);
        if (r.status === 'refused') refused = true;
      }
    }
    if (!any) {
      // retry=2: the queries go out twice within the 5 s timeout; each ICMP port unreachable
      // surfaces as a failed read.
      if (refused) p.err('nslookup: read: Connection refused\nnslookup: read: Connection refused\n');
      net.wait(5000);
      continue;
    }
    let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
    let code = 0;
    queries.forEach((q, i) => {
      const m = replies[i];
      if (!m) return;
      if (m.rcode !== 'NOERROR') {
        out += `** server can't find ${q.name}: ${m.rcode}\n\n`;
        code = 1;
        return;
      }
      if (!m.aa) out += 'Non-authoritative answer:\n';
      for (const rr of m.answers) out += formatRecord(rr);
      out += '\n';
    });
    const missing = queries.filter((_, i) => !replies[i]);
    for (const q of missing) out += `*** Can't find ${q.name}: No answer\n`;
    if (missing.length) out += '\n';
    p.out(out);
    return code;
  }
  p.out(';; connection timed out; no servers could be reached\n\n');
  return 1;
}

/**
 * busybox 1.28 (the libc-based applet of the Kubernetes DNS-debugging page): getaddrinfo with
 * the search path, then a reverse lookup of the server and of every address found.
 */
function nslookupOldBusybox(p: Proc, args: string[], n: ReturnType<typeof netOf>): number {
  if (!args.length || args[0].startsWith('-') || args.length > 2) {
    p.err('BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n');
    return 1;
  }
  const name = args[0];
  const conf = resolvConfOf(p);
  if (args[1]) conf.nameservers = [args[1]];
  const server = conf.nameservers[0];
  const ptr = (ip: string): string | undefined => {
    if (!n) return undefined;
    const r = n.net.dnsQuery(n.client, server, reverseName(ip), 'PTR');
    return r.status === 'reply' ? r.message.answers.find((a) => a.type === 'PTR')?.value : undefined;
  };
  const head = (label: string, host: string, addrs: string[]) => `${label.padEnd(10)} ${host}\n` + addrs.map((a, i) => `Address ${i + 1}: ${a}${ptr(a) ? ` ${ptr(a)}` : ''}\n`).join('');
  p.out(head('Server:', server, [server]) + '\n');
  if (!n) {
    p.err(`nslookup: can't resolve '${name}'\n`);
    return 1;
  }
  let addrs: string[] = [];
  if (isIPv4(name)) addrs = [name];
  else {
    const hosts = lookupHosts(p.fs().read('/etc/hosts'), name);
    if (hosts) addrs = [hosts];
    else {
      for (const cand of searchCandidates(name, conf)) {
        const r = n.net.dnsQuery(n.client, server, cand, 'A');
        if (r.status !== 'reply') {
          if (r.status === 'timeout') n.net.wait(5000);
          break;
        }
        const a = r.message.answers.filter((x) => x.type === 'A').map((x) => x.value);
        if (a.length) {
          addrs = a;
          break;
        }
      }
    }
  }
  if (!addrs.length) {
    p.err(`nslookup: can't resolve '${name}'\n`);
    return 1;
  }
  p.out(head('Name:', name, addrs));
  return 0;
}

/** BIND 9.18's nslookup: the search path with ndots, answers only, the original name on failure. */
function nslookupBind(p: Proc, args: string[], n: ReturnType<typeof netOf>): number {
  let type: RRType | undefined;
  const ops: string[] = [];
  for (const a of args) {
    if (a.startsWith('-')) {
      const [k, v] = a.slice(1).split('=');
      if (k === 'type' || k === 'querytype' || k === 'q') type = QTYPES[(v ?? '').toLowerCase()] ?? 'A';
    } else ops.push(a);
  }
  if (!ops.length) {
    p.err('Usage: nslookup [-opt ...] host [server]\n');
    return 1;
  }
  const name = ops[0];
  const conf = resolvConfOf(p);
  const server = ops[1] ?? conf.nameservers[0];
  const head = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  const unreachable = (why: string) => {
    p.out(`;; communications error to ${server}#53: ${why}\n`.repeat(3) + ';; no servers could be reached\n\n');
    return 1;
  };
  if (!n) return unreachable('timed out');
  const qtype: RRType = type ?? (isIPv4(name) ? 'PTR' : 'A');
  const qname = isIPv4(name) && qtype === 'PTR' ? reverseName(name) : name;
  const candidates = qtype === 'PTR' || name.endsWith('.') ? [qname.replace(/\.$/, '')] : searchCandidates(qname, conf);
  for (const cand of candidates) {
    const r = n.net.dnsQuery(n.client, server, cand, qtype);
    if (r.status !== 'reply') {
      if (r.status === 'timeout') n.net.wait(15000);
      return unreachable(r.status === 'refused' ? 'connection refused' : 'timed out');
    }
    const m = r.message;
    if (m.rcode === 'NXDOMAIN') continue;
    let out = head + (m.aa ? '' : 'Non-authoritative answer:\n');
    for (const rr of m.answers) out += formatRecord(rr);
    p.out(out + '\n');
    return 0;
  }
  p.out(`${head}** server can't find ${name}: NXDOMAIN\n\n`);
  return 1;
}

/** The programs this module adds to the container program registry. */
export const NETWORK_PROGRAMS: Record<string, Program> = { curl, wget, nslookup };

registerPrograms(NETWORK_PROGRAMS);

