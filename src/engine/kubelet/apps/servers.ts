/**
 * The server applications of the catalogue images: nginx, httpd, hello-app, http-echo, agnhost
 * (netexec, serve-hostname, liveness), echoserver, redis, postgres, mysql, the control-plane
 * components, CoreDNS, kube-proxy and pause. Each prints the start-up lines the real image
 * prints, listens on its ports, answers HTTP as the real one does, and reacts to the stop signal
 * as the real one does (nginx stops gracefully on SIGQUIT with exit 0; a Go program without a
 * handler dies with status 2; a shell or `sleep` as PID 1 ignores SIGTERM).
 */
import { COREDNS_VERSION, ETCD_VERSION, GO_VERSION, KERNEL_VERSION, KUBERNETES_VERSION } from '../versions';
import { normalizePath } from './fs';
import { formatDate } from './programs';
import { registerPrograms, type Proc, type Program, type ProgramResult, type ServeEnv, type ServerApp, type StopReaction } from './process';
import { respond, utf8Length, type ContainerContext, type HttpRequest, type HttpResponse, type LogLine, type TlsListener } from './types';
import { CLUSTER_DOMAIN } from './container';
import { sha256Hex } from '../sha256';

const out = (at: number, text: string): LogLine => ({ at, stream: 'stdout', text });
const errl = (at: number, text: string): LogLine => ({ at, stream: 'stderr', text });

/** nginx's error-log time: `2025/03/03 09:00:00`. */
export function nginxTime(ms: number): string {
  return formatDate(ms, '%Y/%m/%d %H:%M:%S');
}

/** Common-log time: `03/Mar/2025:09:00:00 +0000`. */
export function clfTime(ms: number): string {
  return formatDate(ms, '%d/%b/%Y:%H:%M:%S +0000');
}

/** HTTP Date header: `Mon, 03 Mar 2025 09:00:00 GMT`. */
export function httpDate(ms: number): string {
  return formatDate(ms, '%a, %d %b %Y %H:%M:%S GMT');
}

/** klog's header: `I0303 09:00:00.123456       1 file.go:42] `. */
export function klog(ms: number, level: 'I' | 'W' | 'E', where: string, msg: string): string {
  const us = String((ms % 1000) * 1000).padStart(6, '0');
  return `${level}${formatDate(ms, '%m%d %H:%M:%S')}.${us}       1 ${where}] ${msg}`;
}

function requestLine(req: HttpRequest): string {
  return `${req.method} ${req.path}${req.query ? `?${req.query}` : ''} HTTP/1.1`;
}

function versionCompare(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function envOf(ctx: ContainerContext, p: Proc | undefined, name: string): string | undefined {
  if (p) return p.env.get(name);
  return ctx.env.find(([k]) => k === name)?.[1];
}

// ---------------------------------------------------------------------------------------------
// nginx

/** The welcome page nginx 1.21 and later serve (615 bytes). */
export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** The welcome page of nginx before 1.21 (612 bytes), as in the seed. */
export const NGINX_WELCOME_OLD = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** The 50x page shipped with nginx. */
export const NGINX_50X = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

/** nginx's built-in error page. */
export function nginxErrorPage(status: number, text: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

/** The nginx version an image runs (NGINX_VERSION of its environment). */
export function nginxVersion(ctx: ContainerContext): string {
  const v = (envOf(ctx, undefined, 'NGINX_VERSION') ?? ctx.imageTag).replace(/-alpine$/, '').split('-')[0];
  return /^\d+\.\d+\.\d+$/.test(v) ? v : '1.27.4';
}

function nginxApp(ctx: ContainerContext): ServerApp {
  const version = nginxVersion(ctx);
  const modern = versionCompare(version, '1.19.0') >= 0;
  const workers = Math.max(1, ctx.nodeCpus);
  const workerPids = Array.from({ length: workers }, (_, i) => 29 + i);
  const root = '/usr/share/nginx/html';
  return {
    name: 'nginx',
    readyDelayMs: 30,
    ports: [{ port: 80, protocol: 'TCP' }],
    startLogs(c, at) {
      if (!modern) return [];
      const t = nginxTime(at);
      const gcc = ctx.image.family === 'alpine' ? 'built by gcc 14.2.0 (Alpine 14.2.0) ' : 'built by gcc 12.2.0 (Debian 12.2.0-14) ';
      return [
        `${t} [notice] 1#1: using the "epoll" event method`,
        `${t} [notice] 1#1: nginx/${version}`,
        `${t} [notice] 1#1: ${gcc}`,
        `${t} [notice] 1#1: OS: Linux ${KERNEL_VERSION}`,
        `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
        `${t} [notice] 1#1: start worker processes`,
        ...workerPids.map((pid) => `${t} [notice] 1#1: start worker process ${pid}`),
      ].map((l) => errl(at + 10, l));
    },
    http(req, env) {
      const headers = { Server: `nginx/${version}`, Date: httpDate(env.now), 'Content-Type': 'text/html', Connection: 'keep-alive' };
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return { ...respond(405, nginxErrorPage(405, 'Not Allowed', version), headers), statusText: 'Not Allowed' };
      }
      let path = normalizePath(decodeURIComponent(req.path.split('?')[0] || '/'));
      if (req.path.endsWith('/') && path !== '/') path += '/';
      const full = root + (path === '/' ? '/' : path);
      let file = full;
      if (full.endsWith('/') || env.fs.isDir(full.replace(/\/$/, ''))) {
        const dir = full.replace(/\/$/, '');
        if (!full.endsWith('/')) return respond(301, nginxErrorPage(301, 'Moved Permanently', version), { ...headers, Location: `http://${req.host}${path}/` });
        file = `${dir}/index.html`;
        if (!env.fs.isFile(file)) return respond(env.fs.isDir(dir) ? 403 : 404, nginxErrorPage(env.fs.isDir(dir) ? 403 : 404, env.fs.isDir(dir) ? 'Forbidden' : 'Not Found', version), headers);
      }
      const body = env.fs.read(file);
      if (body === undefined) return respond(404, nginxErrorPage(404, 'Not Found', version), headers);
      const res = respond(200, body, { ...headers, 'Last-Modified': httpDate(Date.parse('2025-02-05T11:06:32Z')), ETag: '"67a34638-267"', 'Accept-Ranges': 'bytes' });
      return req.method === 'HEAD' ? { ...res, body: '' } : res;
    },
    accessLog(req, res, env) {
      const lines: LogLine[] = [];
      if (res.status === 404) {
        const path = normalizePath(req.path);
        lines.push(
          errl(
            env.now,
            `${nginxTime(env.now)} [error] ${workerPids[0]}#${workerPids[0]}: *1 open() "${root}${path}" failed (2: No such file or directory), client: ${req.clientIP}, server: localhost, request: "${requestLine(req)}", host: "${req.host}"`,
          ),
        );
      }
      const bytes = req.method === 'HEAD' ? 0 : utf8Length(res.body);
      lines.push(out(env.now, `${req.clientIP} - - [${clfTime(env.now)}] "${requestLine(req)}" ${res.status} ${bytes} "-" "${req.headers['User-Agent'] ?? '-'}" "-"`));
      return lines;
    },
    onStop(signal, _c, at) {
      const t = nginxTime(at + 5);
      if (signal === 'SIGQUIT' || signal === 'SIGTERM' || signal === 'SIGINT') {
        const graceful = signal === 'SIGQUIT';
        const num = signal === 'SIGQUIT' ? 3 : signal === 'SIGTERM' ? 15 : 2;
        const logs = [`${t} [notice] 1#1: signal ${num} (${signal}) received, ${graceful ? 'shutting down' : 'exiting'}`];
        for (const pid of workerPids) logs.push(...(graceful ? [`${t} [notice] ${pid}#${pid}: gracefully shutting down`] : []), `${t} [notice] ${pid}#${pid}: exiting`, `${t} [notice] ${pid}#${pid}: exit`);
        for (const pid of workerPids) logs.push(`${t} [notice] 1#1: signal 17 (SIGCHLD) received from ${pid}`, `${t} [notice] 1#1: worker process ${pid} exited with code 0`);
        logs.push(`${t} [notice] 1#1: exit`);
        return { afterMs: graceful ? 60 : 20, code: 0, logs: modern ? logs : [], stream: 'stderr' };
      }
      return 'ignore';
    },
  };
}

/** The files nginx's image ships in its document root. */
export function nginxFiles(ctx: ContainerContext): Record<string, string> {
  const modern = versionCompare(nginxVersion(ctx), '1.21.0') >= 0;
  return {
    '/usr/share/nginx/html/index.html': modern ? NGINX_WELCOME : NGINX_WELCOME_OLD,
    '/usr/share/nginx/html/50x.html': NGINX_50X,
    '/etc/nginx/nginx.conf': 'user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\n\nevents {\n    worker_connections  1024;\n}\n\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n    log_format  main  \'$remote_addr - $remote_user [$time_local] "$request" \'\n                      \'$status $body_bytes_sent "$http_referer" \'\n                      \'"$http_user_agent" "$http_x_forwarded_for"\';\n\n    access_log  /var/log/nginx/access.log  main;\n\n    sendfile        on;\n    #tcp_nopush     on;\n\n    keepalive_timeout  65;\n\n    #gzip  on;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n',
    '/etc/nginx/conf.d/default.conf':
      'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    #access_log  /var/log/nginx/host.access.log  main;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    #error_page  404              /404.html;\n\n    # redirect server error pages to the static page /50x.html\n    #\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n',
  };
}

const nginxProgram: Program = function* (p, argv) {
  const args = argv.slice(1);
  const version = nginxVersion(p.ctx);
  if (args.includes('-v')) {
    p.err(`nginx version: nginx/${version}\n`);
    return 0;
  }
  if (args.includes('-V')) {
    p.err(`nginx version: nginx/${version}\nbuilt by gcc 12.2.0 (Debian 12.2.0-14)\n`);
    return 0;
  }
  if (args.includes('-t')) {
    p.err('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n');
    return 0;
  }
  if (args.includes('-s')) return 0;
  if (p.mode === 'exec') {
    p.err(`${nginxTime(p.now())} [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n`);
    return 1;
  }
  const gi = args.indexOf('-g');
  const foreground = gi >= 0 && /daemon\s+off/.test(args[gi + 1] ?? '');
  const app = nginxApp(p.ctx);
  if (!foreground) {
    // nginx daemonises: the command returns at once and the master runs in the background.
    yield { serve: app, background: true };
    return 0;
  }
  p.setStopReaction(app);
  yield { serve: app };
  return 0;
};

const nginxEntrypoint: Program = function* (p, argv) {
  const args = argv.slice(1);
  if ((args[0] === 'nginx' || args[0] === 'nginx-debug') && !p.env.get('NGINX_ENTRYPOINT_QUIET_LOGS')) {
    const lines = [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ];
    p.out(lines.join('\n') + '\n');
  }
  if (!args.length) return 0;
  return yield* p.spawn(args, p.env, { errPrefix: '/docker-entrypoint.sh: exec', notFoundWord: 'not found' }, true);
};

// ---------------------------------------------------------------------------------------------
// httpd

/** httpd's default document. */
export const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';

const HTTPD_404 = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`;

function apacheTime(ms: number): string {
  const us = String((ms % 1000) * 1000).padStart(6, '0');
  return formatDate(ms, `%a %b %d %H:%M:%S.${us} %Y`);
}

function httpdApp(ctx: ContainerContext, root = '/usr/local/apache2/htdocs', phpOk = false): ServerApp {
  const version = envOf(ctx, undefined, 'HTTPD_VERSION') ?? '2.4.63';
  return {
    name: 'httpd',
    readyDelayMs: 40,
    ports: [{ port: 80, protocol: 'TCP' }],
    startLogs(c, at) {
      const ah = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${c.podIP}. Set the 'ServerName' directive globally to suppress this message`;
      return [
        errl(at + 5, ah),
        errl(at + 10, ah),
        errl(at + 12, `[${apacheTime(at + 12)}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${version} (Unix) configured -- resuming normal operations`),
        errl(at + 12, `[${apacheTime(at + 12)}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`),
      ];
    },
    http(req, env) {
      const headers = { Date: httpDate(env.now), Server: `Apache/${version} (Unix)`, 'Content-Type': 'text/html' };
      if (phpOk) return respond(200, 'OK!', { ...headers, 'X-Powered-By': 'PHP/5.6.9' });
      let path = normalizePath(req.path);
      if (path === '/' || env.fs.isDir(root + path)) path = `${path === '/' ? '' : path}/index.html`;
      const body = env.fs.read(root + path);
      if (body === undefined) return respond(404, HTTPD_404, { ...headers, 'Content-Type': 'text/html; charset=iso-8859-1' });
      return respond(200, body, { ...headers, 'Last-Modified': 'Mon, 11 Jun 2007 18:53:14 GMT', ETag: '"2d-432a5e4a73a80"', 'Accept-Ranges': 'bytes' });
    },
    accessLog(req, res, env) {
      return [out(env.now, `${req.clientIP} - - [${clfTime(env.now)}] "${requestLine(req)}" ${res.status} ${utf8Length(res.body)}`)];
    },
    onStop(signal, _c, at) {
      if (signal === 'SIGWINCH' || signal === 'SIGTERM' || signal === 'SIGINT') {
        const msg = signal === 'SIGWINCH' ? 'AH00492: caught SIGWINCH, shutting down gracefully' : 'AH00491: caught SIGTERM, shutting down';
        return { afterMs: 50, code: 0, logs: [`[${apacheTime(at + 5)}] [mpm_event:notice] [pid 1:tid 1] ${msg}`], stream: 'stderr' };
      }
      return 'ignore';
    },
  };
}

const httpdForeground: Program = function* (p) {
  const app = httpdApp(p.ctx);
  p.setStopReaction(app);
  yield { serve: app };
  return 0;
};

const httpdProgram: Program = function* (p, argv) {
  if (argv.includes('-v')) {
    p.out(`Server version: Apache/${p.env.get('HTTPD_VERSION') ?? '2.4.63'} (Unix)\nServer built:   Jan 23 2025 18:55:37\n`);
    return 0;
  }
  const app = httpdApp(p.ctx);
  if (argv.includes('-DFOREGROUND') || argv.join(' ').includes('-D FOREGROUND')) {
    p.setStopReaction(app);
    yield { serve: app };
    return 0;
  }
  yield { serve: app, background: true };
  return 0;
};

const apacheForeground: Program = function* (p) {
  const app = { ...httpdApp(p.ctx, '/var/www/html', true), name: 'apache2' };
  p.setStopReaction(app);
  yield { serve: app };
  return 0;
};

// ---------------------------------------------------------------------------------------------
// Small Go servers

/** A Go program without a SIGTERM handler: as PID 1 it exits with status 2. */
const goDefaultStop = (): StopReaction => ({ afterMs: 0, code: 2 });

function goLog(ms: number, msg: string): string {
  return `${formatDate(ms, '%Y/%m/%d %H:%M:%S')} ${msg}`;
}

function helloApp(ctx: ContainerContext, p: Proc): ServerApp {
  const port = Number(p.env.get('PORT') ?? 8080) || 8080;
  const version = ctx.imageTag.startsWith('2') ? '2.0.0' : '1.0.0';
  return {
    name: 'hello-app',
    readyDelayMs: 5,
    ports: [{ port, protocol: 'TCP' }],
    startLogs: (_c, at) => [errl(at + 2, goLog(at + 2, `Server listening on port ${port}`))],
    http: (req, env) => respond(200, `Hello, world!\nVersion: ${version}\nHostname: ${env.ctx.hostname}\n`, { Date: httpDate(env.now), 'Content-Type': 'text/plain; charset=utf-8' }),
    accessLog: (req, _res, env) => [errl(env.now, goLog(env.now, `Serving request: ${req.path}`))],
    onStop: goDefaultStop,
  };
}

function httpEcho(ctx: ContainerContext, argv: string[]): ServerApp | string {
  let text: string | undefined;
  let listen = ':5678';
  let status = 200;
  for (let i = 1; i < argv.length; i++) {
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    const val = m[2] ?? argv[++i];
    if (m[1] === 'text') text = val;
    else if (m[1] === 'listen') listen = val;
    else if (m[1] === 'status-code') status = Number(val) || 200;
  }
  const old = ctx.imageTag.startsWith('0.');
  if (text === undefined) {
    if (old) return 'Missing -text option!';
    text = 'hello-world';
  }
  const port = Number(listen.split(':').pop()) || 5678;
  return {
    name: 'http-echo',
    readyDelayMs: 5,
    ports: [{ port, protocol: 'TCP' }],
    startLogs: (_c, at) => [errl(at + 2, old ? goLog(at + 2, `[INFO] server is listening on ${listen}`) : goLog(at + 2, `[INFO] server is listening on ${listen}`))],
    http: (req, env) =>
      req.path === '/health'
        ? respond(200, '{"status":"ok"}\n', { 'Content-Type': 'application/json' })
        : respond(status, `${text}\n`, { Date: httpDate(env.now), 'Content-Type': 'text/plain; charset=utf-8', 'X-App-Name': 'http-echo', 'X-App-Version': old ? '0.2.3' : '1.0.0' }),
    accessLog: (req, res, env) => [errl(env.now, goLog(env.now, `${req.host} ${req.clientIP}:${req.clientPort ?? 40000} "${requestLine(req)}" ${res.status} ${utf8Length(res.body)} "${req.headers['User-Agent'] ?? ''}" 41.2µs`))],
    onStop: (_s, _c, at) => ({ afterMs: 1, code: 0, logs: [goLog(at, '[INFO] server is shutting down')], stream: 'stderr' }),
  };
}

function agnhost(ctx: ContainerContext, argv: string[]): ServerApp | { help: string } {
  const sub = argv[1];
  const opt = (name: string, dflt: string) => {
    for (let i = 2; i < argv.length; i++) {
      const m = new RegExp(`^--?${name}(?:=(.*))?$`).exec(argv[i]);
      if (m) return m[1] ?? argv[i + 1] ?? dflt;
    }
    return dflt;
  };
  const hdr = (env: ServeEnv) => ({ Date: httpDate(env.now), 'Content-Type': 'text/plain; charset=utf-8' });
  if (sub === 'netexec') {
    const port = Number(opt('http-port', '8080'));
    const udp = Number(opt('udp-port', '8081'));
    return {
      name: 'agnhost',
      readyDelayMs: 10,
      ports: [
        { port, protocol: 'TCP' },
        { port: udp, protocol: 'UDP' },
      ],
      startLogs: (_c, at) => [errl(at + 3, klog(at + 3, 'I', 'log.go:195', `Started HTTP server on port ${port}`)), errl(at + 3, klog(at + 3, 'I', 'log.go:195', `Started UDP server on port  ${udp}`))],
      http(req, env) {
        const q = new URLSearchParams(req.query ?? '');
        switch (req.path) {
          case '/':
            return respond(200, `NOW: ${new Date(env.now).toISOString().replace('Z', '000000 +0000 UTC')}`, hdr(env));
          case '/hostname':
            return respond(200, env.ctx.hostname, hdr(env));
          case '/echo':
            return respond(200, q.get('msg') ?? '', hdr(env));
          case '/clientip':
            return respond(200, `${req.clientIP}:${req.clientPort ?? 40000}`, hdr(env));
          case '/healthz':
            return respond(200, '', hdr(env));
          case '/header':
            return respond(200, req.headers[q.get('key') ?? ''] ?? '', hdr(env));
          default:
            return respond(404, '404 page not found\n', hdr(env));
        }
      },
      onStop: () => ({ afterMs: 0, code: 0 }),
    };
  }
  if (sub === 'serve-hostname') {
    const port = Number(opt('port', '9376'));
    return {
      name: 'agnhost',
      readyDelayMs: 5,
      ports: [{ port, protocol: 'TCP' }],
      startLogs: (_c, at) => [errl(at + 2, goLog(at + 2, `Serving on port ${port}.`))],
      http: (_req, env) => respond(200, env.ctx.hostname, hdr(env)),
      onStop: goDefaultStop,
    };
  }
  if (sub === 'liveness') {
    // test/images/agnhost/liveness/server.go: /healthz answers 200 for the first 10 s, then 500.
    return {
      name: 'agnhost',
      readyDelayMs: 5,
      ports: [{ port: 8080, protocol: 'TCP' }],
      changePoints: [10_000],
      http(req, env) {
        if (req.path === '/healthz') {
          const d = (env.now - env.since) / 1000;
          return d > 10 ? respond(500, `error: ${d.toFixed(6)}`, hdr(env)) : respond(200, 'ok', hdr(env));
        }
        if (req.path === '/started') return respond(200, `${new Date(env.since).toISOString()}`, hdr(env));
        return respond(404, '404 page not found\n', hdr(env));
      },
      onStop: goDefaultStop,
    };
  }
  if (sub === 'pause') {
    return { name: 'agnhost', readyDelayMs: 0, ports: [], startLogs: (_c, at) => [out(at, 'Paused')], onStop: (_s, _c, at) => ({ afterMs: 0, code: 0, logs: [`Shutting down after receiving signal: terminated.`, `${goLog(at, 'Exiting')}`] }) };
  }
  return { help: 'Usage:\n  agnhost [command]\n\nAvailable Commands:\n  netexec         Creates HTTP(S), UDP, and (optionally) SCTP servers with various endpoints\n  serve-hostname  Serves the hostname\n  liveness        Starts a server that fails liveness after 10 seconds\n  pause           Pauses the execution\n' };
}

function echoServerApp(kind: 'echoserver' | 'echo-server', ctx: ContainerContext): ServerApp {
  return {
    name: kind,
    readyDelayMs: kind === 'echoserver' ? 400 : 5,
    ports: [{ port: 8080, protocol: 'TCP' }, ...(kind === 'echoserver' ? [{ port: 8443, protocol: 'TCP' as const }] : [])],
    startLogs(_c, at) {
      if (kind === 'echo-server') return [out(at + 2, 'Echo server listening on port 8080.')];
      return ['Generating self-signed cert', 'Generating a 2048 bit RSA private key', '..............+++', '.....+++', "writing new private key to '/certs/privateKey.key'", '-----', 'Starting nginx'].map((l, i) =>
        out(at + 20 * i, l),
      );
    },
    http(req, env) {
      const hdrs = Object.entries(req.headers)
        .map(([k, v]) => [k.toLowerCase(), v] as const)
        .sort();
      if (kind === 'echo-server') {
        const body = `Request served by ${env.ctx.hostname}\n\n${requestLine(req)}\n\nHost: ${req.host}\n${Object.entries(req.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n')}\n`;
        return respond(200, body, { 'Content-Type': 'text/plain', Date: httpDate(env.now) });
      }
      const body =
        `\n\nHostname: ${env.ctx.hostname}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n\tclient_address=${req.clientIP}\n\tmethod=${req.method}\n\treal path=${req.path}\n\tquery=${req.query ?? ''}\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://${req.host}:8080${req.path}${req.query ? `?${req.query}` : ''}\n\nRequest Headers:\n` +
        hdrs.map(([k, v]) => `\t${k}=${v}`).join('\n') +
        `\n\nRequest Body:\n\t${req.body ? req.body : '-no body in request-'}\n\n`;
      return respond(200, body, { Server: 'echoserver', Date: httpDate(env.now), 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', Connection: 'keep-alive' });
    },
    accessLog(req, res, env) {
      if (kind !== 'echoserver') return [];
      return [out(env.now, `${req.clientIP} - - [${clfTime(env.now)}] "${requestLine(req)}" ${res.status} ${utf8Length(res.body)} "-" "${req.headers['User-Agent'] ?? '-'}"`)];
    },
    onStop: kind === 'echoserver' ? () => ({ afterMs: 20, code: 0 }) : goDefaultStop,
  };
}

// ---------------------------------------------------------------------------------------------
// Databases

function redisTime(ms: number): string {
  return formatDate(ms, '%d %b %Y %H:%M:%S') + '.' + String(ms % 1000).padStart(3, '0');
}

function redisApp(p: Proc): ServerApp {
  const version = p.env.get('REDIS_VERSION') ?? '7.4.2';
  return {
    name: 'redis-server',
    readyDelayMs: 20,
    ports: [{ port: 6379, protocol: 'TCP' }],
    startLogs: (_c, at) =>
      [
        `1:C ${redisTime(at)} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.`,
        `1:C ${redisTime(at)} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
        `1:C ${redisTime(at)} * Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`,
        `1:C ${redisTime(at)} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
        `1:M ${redisTime(at + 1)} * monotonic clock: POSIX clock_gettime`,
        `1:M ${redisTime(at + 1)} * Running mode=standalone, port=6379.`,
        `1:M ${redisTime(at + 2)} * Server initialized`,
        `1:M ${redisTime(at + 2)} * Ready to accept connections tcp`,
      ].map((l, i) => out(at + (i < 4 ? 0 : i < 6 ? 1 : 2), l)),
    onStop: (sig, _c, at) =>
      sig === 'SIGTERM' || sig === 'SIGINT'
        ? {
            afterMs: 30,
            code: 0,
            logs: [
              `1:signal-handler (${Math.floor(at / 1000)}) Received SIG${sig === 'SIGTERM' ? 'TERM' : 'INT'} scheduling shutdown...`,
              `1:M ${redisTime(at + 10)} * User requested shutdown...`,
              `1:M ${redisTime(at + 10)} * Saving the final RDB snapshot before exiting.`,
              `1:M ${redisTime(at + 20)} * DB saved on disk`,
              `1:M ${redisTime(at + 20)} # Redis is now ready to exit, bye bye...`,
            ],
          }
        : 'ignore',
  };
}

function pgTime(ms: number): string {
  return formatDate(ms, '%Y-%m-%d %H:%M:%S') + '.' + String(ms % 1000).padStart(3, '0') + ' UTC';
}

function postgresApp(): ServerApp {
  return {
    name: 'postgres',
    readyDelayMs: 1500,
    ports: [{ port: 5432, protocol: 'TCP' }],
    startLogs: (_c, at) =>
      [
        `${pgTime(at + 1200)} [1] LOG:  starting PostgreSQL 17.4 (Debian 17.4-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
        `${pgTime(at + 1201)} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
        `${pgTime(at + 1201)} [1] LOG:  listening on IPv6 address "::", port 5432`,
        `${pgTime(at + 1202)} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`,
        `${pgTime(at + 1210)} [1] LOG:  database system is ready to accept connections`,
      ].map((l, i) => errl(at + 1200 + i, l)),
    onStop: (sig, _c, at) =>
      sig === 'SIGINT' || sig === 'SIGTERM'
        ? {
            afterMs: 150,
            code: 0,
            logs: [
              `${pgTime(at)} [1] LOG:  received ${sig === 'SIGINT' ? 'fast' : 'smart'} shutdown request`,
              `${pgTime(at + 5)} [1] LOG:  aborting any active transactions`,
              `${pgTime(at + 100)} [1] LOG:  background worker "logical replication launcher" (PID 71) exited with exit code 1`,
              `${pgTime(at + 140)} [1] LOG:  database system is shut down`,
            ],
            stream: 'stderr',
          }
        : 'ignore',
  };
}

function mysqlTime(ms: number): string {
  return formatDate(ms, '%Y-%m-%d %H:%M:%S') + '+00:00';
}

function mysqlApp(p: Proc): ServerApp {
  const version = (p.env.get('MYSQL_VERSION') ?? '9.2.0').split('-')[0];
  return {
    name: 'mysqld',
    readyDelayMs: 8000,
    ports: [
      { port: 3306, protocol: 'TCP' },
      { port: 33060, protocol: 'TCP' },
    ],
    startLogs: (_c, at) => [
      errl(at + 7900, `${new Date(at + 7900).toISOString().replace('Z', '000Z')} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld ${version}) starting as process 1`),
      errl(at + 8000, `${new Date(at + 8000).toISOString().replace('Z', '000Z')} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`),
    ],
    onStop: (sig, _c, at) =>
      sig === 'SIGTERM' ? { afterMs: 1500, code: 0, logs: [`${new Date(at + 1400).toISOString().replace('Z', '000Z')} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld ${version})  MySQL Community Server - GPL.`], stream: 'stderr' } : 'ignore',
  };
}

const dockerEntrypoint: Program = function* (p, argv) {
  const repo = p.ctx.image.repository;
  let args = argv.slice(1);
  if (repo.endsWith('/nginx')) return yield* nginxEntrypoint(p, argv);
  if (repo.endsWith('/redis')) {
    if (!args.length || args[0].startsWith('-') || args[0].endsWith('.conf')) args = ['redis-server', ...args];
    return yield* p.spawn(args, p.env, { errPrefix: '/usr/local/bin/docker-entrypoint.sh: line 16: exec', notFoundWord: 'not found' }, true);
  }
  if (repo.endsWith('/postgres')) {
    if (!args.length || args[0].startsWith('-')) args = ['postgres', ...args];
    if (args[0] === 'postgres' && !p.env.get('POSTGRES_PASSWORD') && p.env.get('POSTGRES_HOST_AUTH_METHOD') !== 'trust') {
      p.err(
        [
          'Error: Database is uninitialized and superuser password is not specified.',
          '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
          '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
          '',
          '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
          '       connections without a password. This is *not* recommended.',
          '',
          '       See PostgreSQL documentation about "trust":',
          '       https://www.postgresql.org/docs/current/auth-trust.html',
          '',
        ].join('\n'),
      );
      return 1;
    }
    if (args[0] === 'postgres') {
      p.out('The files belonging to this database system will be owned by user "postgres".\nThis user must also own the server process.\n\n');
      p.out('Success. You can now start the database server using:\n\n    pg_ctl -D /var/lib/postgresql/data -l logfile start\n\n');
      p.out('PostgreSQL init process complete; ready for start up.\n\n');
    }
    return yield* p.spawn(args, p.env, { errPrefix: '/usr/local/bin/docker-entrypoint.sh: line 351: exec', notFoundWord: 'not found' }, true);
  }
  if (repo.endsWith('/mysql')) {
    if (!args.length || args[0].startsWith('-')) args = ['mysqld', ...args];
    const version = p.env.get('MYSQL_VERSION') ?? '9.2.0-1.el9';
    const t = mysqlTime(p.now());
    if (args[0] === 'mysqld') {
      p.out(`${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${version} started.\n${t} [Note] [Entrypoint]: Switching to dedicated user 'mysql'\n${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${version} started.\n`);
      if (!p.env.get('MYSQL_ROOT_PASSWORD') && !p.env.get('MYSQL_ALLOW_EMPTY_PASSWORD') && !p.env.get('MYSQL_RANDOM_ROOT_PASSWORD')) {
        p.err(
          `${t} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n`,
        );
        return 1;
      }
      p.out(`${t} [Note] [Entrypoint]: Initializing database files\n`);
    }
    return yield* p.spawn(args, p.env, { errPrefix: '/usr/local/bin/docker-entrypoint.sh: line 423: exec', notFoundWord: 'not found' }, true);
  }
  if (!args.length) return 0;
  return yield* p.spawn(args, p.env, { errPrefix: 'docker-entrypoint.sh: exec', notFoundWord: 'not found' }, true);
};

function serve(make: (p: Proc, argv: string[]) => ServerApp): Program {
  return function* (p, argv) {
    const app = make(p, argv);
    p.setStopReaction(app);
    yield { serve: app };
    return 0;
  };
}

// ---------------------------------------------------------------------------------------------
// Kubernetes components

/** A port of a component: a number for plain HTTP, or a TLS-only port with its certificate. */
type ComponentPort = number | { port: number; tls: TlsListener };

function component(name: string, ports: ComponentPort[], lines: (c: ContainerContext, at: number) => string[], http?: ServerApp['http'], readyDelayMs = 500): ServerApp {
  return {
    name,
    readyDelayMs,
    ports: ports.map((p) => (typeof p === 'number' ? { port: p, protocol: 'TCP' as const } : { port: p.port, protocol: 'TCP' as const, tls: p.tls })),
    startLogs: (c, at) => lines(c, at).map((l, i) => errl(at + i, l)),
    http: http ?? ((req, env) => respond(200, 'ok', { 'Content-Type': 'text/plain; charset=utf-8', Date: httpDate(env.now) })),
    grpcHealth: () => 'SERVING',
    onStop: () => ({ afterMs: 200, code: 0 }),
  };
}

// ---------------------------------------------------------------------------------------------
// Secure serving of the control plane (k8s.io/apiserver): anonymous requests and RBAC

/** The git commit and build date of the v1.32.2 release (what `kubectl version` reports too). */
const K8S_GIT_COMMIT = '67a30c0adcf52bd3f56ff0893ce19966be12991f';
const K8S_BUILD_DATE = '2025-02-12T21:26:09Z';

/** apimachinery version.Info as the API server's /version serves it, in its JSON field order. */
export function serverVersionInfo(): Record<string, string> {
  const [major, minor] = KUBERNETES_VERSION.replace(/^v/, '').split('.');
  return { major, minor, gitVersion: KUBERNETES_VERSION, gitCommit: K8S_GIT_COMMIT, gitTreeState: 'clean', buildDate: K8S_BUILD_DATE, goVersion: GO_VERSION, compiler: 'gc', platform: 'linux/amd64' };
}

/** What system:public-info-viewer lets anyone GET (rbac bootstrappolicy policy.go): exact paths, no subpaths. */
const PUBLIC_INFO_PATHS = new Set(['/livez', '/readyz', '/healthz', '/version', '/version/']);

/** The API server's serving certificate: kubeadm's apiserver.crt names (kind adds localhost and 127.0.0.1). */
function apiserverCertificate(c: ContainerContext): TlsListener {
  // 10.96.0.1: the first address of the service CIDR, the `kubernetes` Service.
  return { issuer: 'cluster-ca', names: [c.nodeName, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${CLUSTER_DOMAIN}`, 'localhost', '10.96.0.1', c.hostIP, '127.0.0.1'] };
}

/** request.RequestInfoFactory.NewRequestInfo (k8s.io/apiserver/pkg/endpoints/request): what a request asks for. */
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: string;
  apiGroup: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

export function requestInfo(method: string, path: string, query = ''): RequestInfo {
  const info: RequestInfo = { isResourceRequest: false, path, verb: method.toLowerCase(), apiGroup: '', namespace: '', resource: '', subresource: '', name: '' };
  let parts = path.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return info;
  const prefix = parts[0];
  parts = parts.slice(1);
  if (prefix === 'apis') {
    if (parts.length < 3) return info;
    info.apiGroup = parts[0];
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  parts = parts.slice(1); // the version
  if (parts[0] === 'watch' || parts[0] === 'proxy') {
    info.verb = parts[0];
    parts = parts.slice(1);
  } else info.verb = ({ POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method] ?? '';
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1];
      if (parts.length > 2 && parts[2] !== 'status' && parts[2] !== 'finalize') parts = parts.slice(2);
    }
  }
  if (parts.length >= 3 && info.verb !== 'proxy') info.subresource = parts[2];
  if (parts.length >= 2) info.name = parts[1];
  if (parts.length >= 1) info.resource = parts[0];
  if (!info.name && info.verb === 'get') info.verb = /(^|&)watch=(1|t|T|true|TRUE|True)(&|$)/.test(query) ? 'watch' : 'list';
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}

/** Go's %q of a plain string. */
const goQuote = (s: string) => JSON.stringify(s);

/** encoding/json's output: HTML-safe escapes, indented with two spaces or compact. */
function goJson(v: unknown, indent: boolean): string {
  return JSON.stringify(v, null, indent ? 2 : undefined).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The Status of a request the authorizer denied (responsewriters.Forbidden -> apierrors.NewForbidden),
 * for the anonymous user.
 */
export function forbiddenStatus(info: RequestInfo, user = 'system:anonymous'): Record<string, unknown> {
  let msg: string;
  if (!info.isResourceRequest) msg = `User ${goQuote(user)} cannot ${info.verb} path ${goQuote(info.path)}`;
  else {
    const res = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
    msg = `User ${goQuote(user)} cannot ${info.verb} resource ${goQuote(res)} in API group ${goQuote(info.apiGroup)} ${info.namespace ? `in the namespace ${goQuote(info.namespace)}` : 'at the cluster scope'}`;
  }
  // Avoid emitting errors that look like valid HTML (responsewriters' sanitizer).
  msg = msg.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const gr = info.apiGroup ? `${info.resource}.${info.apiGroup}` : info.resource;
  const message = !info.resource && !info.apiGroup ? `forbidden: ${msg}` : info.name ? `${gr} ${goQuote(info.name)} is forbidden: ${msg}` : `${gr} is forbidden: ${msg}`;
  const details: Record<string, string> = {};
  if (info.name) details.name = info.name;
  if (info.apiGroup) details.group = info.apiGroup;
  if (info.resource) details.kind = info.resource;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 };
}

/** negotiation's isPrettyPrint: `?pretty=`, else curl, Wget and browsers get indented JSON. */
function isPrettyPrint(req: HttpRequest): boolean {
  const q = req.query ?? '';
  if (q.includes('pretty')) {
    const pp = new URLSearchParams(q).get('pretty');
    if (pp) return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(pp);
  }
  const ua = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? '';
  return ua.startsWith('curl') || ua.startsWith('Wget') || ua.startsWith('Mozilla/5.0');
}

/** A UUID for the Audit-Id header, derived from the request (the engine draws nothing at random here). */
function auditId(req: HttpRequest, now: number): string {
  const h = sha256Hex(`${now}|${req.clientIP}|${req.clientPort ?? 0}|${req.method}|${req.path}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The secure port of kube-apiserver (and, with `delegated`, of kube-controller-manager and
 * kube-scheduler, which authorize through the API server and serve no /version). Every request is
 * anonymous: kubeadm leaves --anonymous-auth on, and RBAC's system:public-info-viewer lets
 * system:unauthenticated GET the health endpoints and /version; all else is 403. Tokens are not
 * simulated, so a request with `Authorization: Bearer <token>` is treated as anonymous too (the
 * real server would authenticate a valid service-account token, and answer 401 to a bad one).
 */
function secureServing(delegated: boolean): NonNullable<ServerApp['http']> {
  return (req, env) => {
    const base: Record<string, string> = delegated ? {} : { 'Audit-Id': auditId(req, env.now) };
    base['Cache-Control'] = 'no-cache, private';
    const answer = (status: number, body: string, headers: Record<string, string>) => ({ ...respond(status, body), headers: { ...base, ...headers, Date: httpDate(env.now), 'Content-Length': String(utf8Length(body)) } });
    const info = requestInfo(req.method, req.path, req.query);
    if (info.isResourceRequest || info.verb !== 'get' || !PUBLIC_INFO_PATHS.has(req.path)) {
      const status = goJson(forbiddenStatus(info), isPrettyPrint(req));
      // json.MarshalIndent writes no newline; json.Encoder (compact) ends with one.
      return answer(403, isPrettyPrint(req) ? status : `${status}\n`, { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff' });
    }
    if (req.path.startsWith('/version')) {
      if (delegated) return answer(404, '404 page not found\n', { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      // responsewriters.WriteRawJSON: MarshalIndent, no trailing newline.
      return answer(200, goJson(serverVersionInfo(), true), { 'Content-Type': 'application/json' });
    }
    return answer(200, 'ok', { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  };
}

const kubeApiserver = serve((p) =>
  component(
    'kube-apiserver',
    [{ port: 6443, tls: apiserverCertificate(p.ctx) }],
    (c, at) => [
      klog(at, 'I', 'options.go:238', 'external host was not specified, using ' + c.hostIP),
      klog(at + 1, 'I', 'server.go:143', `Version: ${KUBERNETES_VERSION}`),
      klog(at + 2, 'I', 'server.go:145', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'),
      klog(at + 400, 'I', 'secure_serving.go:213', 'Serving securely on [::]:6443'),
    ],
    secureServing(false),
  ),
);
/** The in-memory certificate of kube-controller-manager and kube-scheduler ("Generated self-signed cert in-memory"). */
const SELF_SIGNED: TlsListener = { issuer: 'self-signed' };
const kubeControllerManager = serve(() =>
  component(
    'kube-controller-manager',
    [{ port: 10257, tls: SELF_SIGNED }],
    (_c, at) => [
      klog(at, 'I', 'serving.go:386', 'Generated self-signed cert in-memory'),
      klog(at + 300, 'I', 'controllermanager.go:185', `"Starting" version="${KUBERNETES_VERSION}"`),
      klog(at + 301, 'I', 'controllermanager.go:187', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'),
      klog(at + 320, 'I', 'secure_serving.go:213', 'Serving securely on 127.0.0.1:10257'),
      klog(at + 330, 'I', 'leaderelection.go:257', 'attempting to acquire leader lease kube-system/kube-controller-manager...'),
    ],
    secureServing(true),
  ),
);
const kubeScheduler = serve(() =>
  component(
    'kube-scheduler',
    [{ port: 10259, tls: SELF_SIGNED }],
    (_c, at) => [
      klog(at, 'I', 'serving.go:386', 'Generated self-signed cert in-memory'),
      klog(at + 300, 'I', 'server.go:167', `"Starting Kubernetes Scheduler" version="${KUBERNETES_VERSION}"`),
      klog(at + 301, 'I', 'server.go:169', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""'),
      klog(at + 320, 'I', 'secure_serving.go:213', 'Serving securely on 127.0.0.1:10259'),
      klog(at + 330, 'I', 'leaderelection.go:257', 'attempting to acquire leader lease kube-system/kube-scheduler...'),
    ],
    secureServing(true),
  ),
);
/** etcd's client and peer ports: certificates of etcd's own CA, client certificates required (--client-cert-auth, --peer-client-cert-auth). */
const ETCD_TLS: TlsListener = { issuer: 'etcd-ca', clientCertRequired: true };
const etcd = serve(() =>
  component(
    'etcd',
    // 2381 is --listen-metrics-urls=http://127.0.0.1:2381, plain HTTP (the probes' /health).
    [{ port: 2379, tls: ETCD_TLS }, { port: 2380, tls: ETCD_TLS }, 2381],
    (c, at) => [
      `{"level":"info","ts":"${new Date(at).toISOString()}","caller":"etcdmain/etcd.go:73","msg":"Running: ","args":["etcd","--advertise-client-urls=https://${c.hostIP}:2379"]}`,
      `{"level":"info","ts":"${new Date(at + 5).toISOString()}","caller":"embed/etcd.go:311","msg":"starting an etcd server","etcd-version":"${ETCD_VERSION.replace(/-0$/, '')}","go-version":"go1.22.7","go-os":"linux","go-arch":"amd64","name":"${c.nodeName}"}`,
      `{"level":"info","ts":"${new Date(at + 200).toISOString()}","caller":"embed/serve.go:250","msg":"serving client traffic securely","traffic":"grpc+http","address":"127.0.0.1:2379"}`,
    ],
    (req, env) => respond(200, req.path.startsWith('/health') ? '{"health":"true","reason":""}' : 'ok', { 'Content-Type': 'text/plain; charset=utf-8', Date: httpDate(env.now) }),
    200,
  ),
);
const coredns = serve(() => ({
  ...component(
    'coredns',
    [53, 8080, 8181, 9153],
    () => [],
    (req, env) => {
      if (req.port === 8080 && req.path === '/health') return respond(200, 'OK', { Date: httpDate(env.now), 'Content-Type': 'text/plain; charset=utf-8' });
      if (req.port === 8181 && req.path === '/ready') return respond(200, 'OK', { Date: httpDate(env.now), 'Content-Type': 'text/plain; charset=utf-8' });
      if (req.port === 9153 && req.path === '/metrics') return respond(200, '# HELP coredns_build_info A metric with a constant \'1\' value labeled by version, revision, and goversion from which CoreDNS was built.\n# TYPE coredns_build_info gauge\ncoredns_build_info{goversion="go1.21.11",revision="a6338e9",version="1.11.3"} 1\n');
      return respond(404, '404 page not found\n', { 'Content-Type': 'text/plain; charset=utf-8' });
    },
    300,
  ),
  ports: [
    { port: 53, protocol: 'UDP' as const },
    { port: 53, protocol: 'TCP' as const },
    { port: 8080, protocol: 'TCP' as const },
    { port: 8181, protocol: 'TCP' as const },
    { port: 9153, protocol: 'TCP' as const },
  ],
  startLogs: (_c: ContainerContext, at: number) =>
    [
      '.:53',
      '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908',
      `CoreDNS-${COREDNS_VERSION.slice(1)}`,
      'linux/amd64, go1.21.11, a6338e9',
    ].map((l) => out(at + 250, l)),
  // `health { lameduck 5s }` in the Corefile: CoreDNS keeps serving 5 s after SIGTERM.
  onStop: (_s: string, _c: ContainerContext, at: number) => ({ afterMs: 5000, code: 0, logs: [`[INFO] SIGTERM: Shutting down servers then terminating`, `[INFO] plugin/health: Going into lameduck mode for 5s`], stream: 'stdout' as const }),
}));
const kubeProxy = serve(() =>
  component('kube-proxy', [10249, 10256], (c, at) => [
    klog(at, 'I', 'server_linux.go:66', '"Using iptables proxy"'),
    klog(at + 20, 'I', 'server.go:698', `"Successfully retrieved node IP(s)" IPs=["${c.hostIP}"]`),
    klog(at + 21, 'I', 'conntrack.go:121', '"Set sysctl" entry="net/netfilter/nf_conntrack_tcp_timeout_established" value=86400'),
    klog(at + 40, 'I', 'server.go:243', '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"'),
    klog(at + 41, 'I', 'server_linux.go:170', '"Using iptables Proxier"'),
    klog(at + 42, 'I', 'proxier.go:255', '"Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"'),
    klog(at + 50, 'I', 'server.go:483', `"Version info" version="${KUBERNETES_VERSION}"`),
    klog(at + 51, 'I', 'server.go:485', `"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""`),
    klog(at + 60, 'I', 'config.go:199', '"Starting service config controller"'),
    klog(at + 61, 'I', 'shared_informer.go:313', 'Waiting for caches to sync for service config'),
    klog(at + 62, 'I', 'config.go:105', '"Starting endpoint slice config controller"'),
    klog(at + 63, 'I', 'shared_informer.go:313', 'Waiting for caches to sync for endpoint slice config'),
    klog(at + 160, 'I', 'shared_informer.go:320', 'Caches are synced for service config'),
    klog(at + 161, 'I', 'shared_informer.go:320', 'Caches are synced for endpoint slice config'),
  ]),
);
const pause = serve(() => ({
  name: 'pause',
  readyDelayMs: 0,
  ports: [],
  onStop: (sig: string) => ({ afterMs: 0, code: 0, logs: [`Shutting down, got signal: ${sig === 'SIGINT' ? 'Interrupt' : 'Terminated'}`], stream: 'stderr' as const }),
}));
const goproxy = serve(() => ({ name: 'goproxy', readyDelayMs: 5, ports: [{ port: 8080, protocol: 'TCP' as const }], onStop: goDefaultStop }));

const curlEntrypoint: Program = function* (p, argv) {
  let args = argv.slice(1);
  if (!args.length || args[0].startsWith('-')) args = ['curl', ...args];
  return yield* p.spawn(args, p.env, { errPrefix: '/entrypoint.sh: exec', notFoundWord: 'not found' }, true);
};

const phpEntrypoint: Program = function* (p, argv) {
  const args = argv.slice(1);
  if (!args.length) return 0;
  return yield* p.spawn(args, p.env, { errPrefix: 'docker-php-entrypoint: exec', notFoundWord: 'not found' }, true);
};

function* agnhostProgram(p: Proc, argv: string[]): ProgramResult {
  const app = agnhost(p.ctx, argv);
  if ('help' in app) {
    p.out(app.help);
    return 0;
  }
  p.setStopReaction(app);
  yield { serve: app };
  return 0;
}

function* httpEchoProgram(p: Proc, argv: string[]): ProgramResult {
  const app = httpEcho(p.ctx, argv);
  if (typeof app === 'string') {
    p.err(`${goLog(p.now(), `[ERR] ${app}`)}\n`);
    return 127;
  }
  p.setStopReaction(app);
  yield { serve: app };
  return 0;
}

registerPrograms({
  nginx: nginxProgram,
  'nginx-debug': nginxProgram,
  'docker-entrypoint.sh': dockerEntrypoint,
  'httpd-foreground': httpdForeground,
  httpd: httpdProgram,
  'apache2-foreground': apacheForeground,
  'docker-php-entrypoint': phpEntrypoint,
  'hello-app': serve((p) => helloApp(p.ctx, p)),
  agnhost: agnhostProgram,
  'http-echo': httpEchoProgram,
  'run.sh': serve((p) => echoServerApp('echoserver', p.ctx)),
  'echo-server': serve((p) => echoServerApp('echo-server', p.ctx)),
  'redis-server': serve((p) => redisApp(p)),
  postgres: serve(() => postgresApp()),
  mysqld: serve((p) => mysqlApp(p)),
  'kube-apiserver': kubeApiserver,
  'kube-controller-manager': kubeControllerManager,
  'kube-scheduler': kubeScheduler,
  'kube-proxy': kubeProxy,
  etcd,
  coredns,
  pause,
  goproxy,
  'entrypoint.sh': curlEntrypoint,
});

/** Go version string used in component logs. */
export const COMPONENT_GO_VERSION = GO_VERSION;

/** Types re-exported for app authors. */
export type { HttpResponse };
