import { describe, expect, it } from 'vitest';
import { Engine } from '../cluster';
import type { KObject, NewObject } from '../api/types';
import { HTTPD_INDEX, NGINX_WELCOME, NGINX_WELCOME_OLD, nginxErrorPage } from './apps/servers';
import { utf8Length } from './apps/types';
import { kubeletFleet } from './install';

function cluster(): Engine {
  return Engine.create({ strict: true, seed: 5 });
}

function run(e: Engine, name: string, containers: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}, node = 'podium-worker'): KObject {
  const o = e.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node, containers, ...extra } } as NewObject);
  e.runtime.settle();
  return o;
}

const get = (e: Engine, name: string) => e.store.get('Pod', 'default', name)!;
const cs = (e: Engine, name: string) => get(e, name).status.containerStatuses[0];
const evs = (e: Engine, name: string) => e.store.list('Event').filter((x) => x.involvedObject.name === name);
const http = (e: Engine, pod: string, port: number, path = '/') =>
  kubeletFleet(e).serveHttp('default', pod, port, { method: 'GET', path, headers: { 'User-Agent': 'curl/8.12.1', Accept: '*/*' }, clientIP: '10.244.0.1', host: 'x' });

describe('application pages', () => {
  it.each([
    ['nginx 1.21+ welcome page', NGINX_WELCOME, 615],
    ['nginx before 1.21 welcome page (the seed)', NGINX_WELCOME_OLD, 612],
    ['httpd index', HTTPD_INDEX, 45],
    ['nginx 404', nginxErrorPage(404, 'Not Found', '1.27.4'), 153],
  ])('%s is %d bytes', (_n, page, bytes) => {
    expect(utf8Length(page)).toBe(bytes);
  });

  it('serves nginx, httpd and hello-app as the real images do', () => {
    const e = cluster();
    run(e, 'ngx', [{ name: 'c', image: 'nginx:1.14.2' }]);
    run(e, 'web', [{ name: 'c', image: 'httpd' }]);
    run(e, 'hello', [{ name: 'c', image: 'gcr.io/google-samples/hello-app:2.0' }]);
    run(e, 'echo', [{ name: 'c', image: 'hashicorp/http-echo', args: ['-text=hi there'] }]);
    e.runtime.advance(20_000);
    const ngx = http(e, 'ngx', 80);
    expect(ngx.ok && ngx.response.body).toBe(NGINX_WELCOME_OLD);
    const missing = http(e, 'ngx', 80, '/nope');
    expect(missing.ok && missing.response.status).toBe(404);
    expect(missing.ok && missing.response.body).toContain('<hr><center>nginx/1.14.2</center>');
    const web = http(e, 'web', 80);
    expect(web.ok && web.response.body).toBe('<html><body><h1>It works!</h1></body></html>\n');
    const hello = http(e, 'hello', 8080);
    expect(hello.ok && hello.response.body).toBe('Hello, world!\nVersion: 2.0.0\nHostname: hello\n');
    const echo = http(e, 'echo', 5678);
    expect(echo.ok && echo.response.body).toBe('hi there\n');
    expect(http(e, 'web', 8080)).toEqual({ ok: false, error: 'refused' });
    // nginx before 1.19 prints nothing at start; the access log has the two requests.
    expect(e.kubelets.logs('default', 'ngx', {})).toMatch(/^10\.244\.0\.1 - - \[.*\] "GET \/ HTTP\/1\.1" 200 612 "-" "curl\/8\.12\.1" "-"\n.*"GET \/nope HTTP\/1\.1" 404 153/s);
    const httpdLog = e.kubelets.logs('default', 'web', {});
    expect(httpdLog).toContain("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.");
    expect(httpdLog).toMatch(/\[mpm_event:notice\] \[pid 1:tid 1\] AH00489: Apache\/2\.4\.63 \(Unix\) configured -- resuming normal operations/);
    expect(e.kubelets.logs('default', 'hello', {})).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Server listening on port 8080\n.*Serving request: \/\n$/s);
  });
});

describe('probes of the docs examples', () => {
  it('http-liveness (agnhost liveness): restarts once /healthz turns 500 after 10 s', () => {
    const e = cluster();
    run(e, 'liveness-http', [
      {
        name: 'liveness',
        image: 'registry.k8s.io/e2e-test-images/agnhost:2.40',
        args: ['liveness'],
        livenessProbe: { httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'Custom-Header', value: 'Awesome' }] }, initialDelaySeconds: 3, periodSeconds: 3 },
      },
    ]);
    e.runtime.advance(40_000);
    const unhealthy = evs(e, 'liveness-http').find((x) => x.reason === 'Unhealthy')!;
    expect(unhealthy.message).toBe('Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(evs(e, 'liveness-http').find((x) => x.reason === 'Killing')!.message).toBe('Container liveness failed liveness probe, will be restarted');
    // A Go program without a SIGTERM handler exits with status 2 as PID 1.
    expect(cs(e, 'liveness-http').restartCount).toBeGreaterThanOrEqual(1);
    expect(cs(e, 'liveness-http').lastState.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('tcp-liveness-readiness (goproxy) and grpc-liveness (etcd) pass', () => {
    const e = cluster();
    run(e, 'goproxy', [
      {
        name: 'goproxy',
        image: 'registry.k8s.io/goproxy:0.1',
        ports: [{ containerPort: 8080 }],
        readinessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 15, periodSeconds: 10 },
        livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 15, periodSeconds: 10 },
      },
    ]);
    run(e, 'etcd-with-grpc', [
      {
        name: 'etcd',
        image: 'registry.k8s.io/etcd:3.5.1-0',
        command: ['/usr/local/bin/etcd', '--data-dir', '/var/lib/etcd', '--listen-client-urls', 'http://0.0.0.0:2379', '--advertise-client-urls', 'http://127.0.0.1:2379', '--log-level', 'debug'],
        ports: [{ containerPort: 2379 }],
        livenessProbe: { grpc: { port: 2379 }, initialDelaySeconds: 10 },
      },
    ]);
    e.runtime.advance(10_000);
    expect(cs(e, 'goproxy').ready).toBe(false);
    e.runtime.advance(20_000);
    expect(cs(e, 'goproxy').ready).toBe(true);
    e.runtime.advance(60_000);
    expect(cs(e, 'etcd-with-grpc')).toMatchObject({ ready: true, restartCount: 0 });
    expect(evs(e, 'etcd-with-grpc').some((x) => x.reason === 'Unhealthy')).toBe(false);
  });

  it('a startup probe holds liveness and readiness back until it succeeds', () => {
    const e = cluster();
    run(e, 'slow', [
      {
        name: 'c',
        image: 'busybox',
        command: ['sh', '-c', 'sleep 20; touch /tmp/started; sleep 3600'],
        startupProbe: { exec: { command: ['cat', '/tmp/started'] }, periodSeconds: 5, failureThreshold: 10 },
        livenessProbe: { exec: { command: ['cat', '/tmp/started'] }, periodSeconds: 5, failureThreshold: 1 },
      },
    ]);
    e.runtime.advance(15_000);
    expect(cs(e, 'slow')).toMatchObject({ started: false, ready: false });
    e.runtime.advance(20_000);
    expect(cs(e, 'slow')).toMatchObject({ started: true, ready: true, restartCount: 0 });
    expect(evs(e, 'slow').find((x) => x.reason === 'Unhealthy')!.message).toBe("Startup probe failed: cat: can't open '/tmp/started': No such file or directory");
  });

  it('reports an exec probe whose program is missing as errored, without restarting', () => {
    const e = cluster();
    run(e, 'np', [{ name: 'c', image: 'busybox', command: ['sleep', '3600'], livenessProbe: { exec: { command: ['curl', 'localhost'] }, periodSeconds: 5 } }]);
    e.runtime.advance(40_000);
    const ev = evs(e, 'np').find((x) => x.reason === 'Unhealthy')!;
    expect(ev.message).toMatch(/^Liveness probe errored: rpc error: code = Unknown desc = failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in \$PATH: unknown$/);
    expect(cs(e, 'np').restartCount).toBe(0);
  });
});

describe('containers', () => {
  it('restarts a container whose image was changed in the pod spec', () => {
    const e = cluster();
    run(e, 'p', [{ name: 'c', image: 'nginx:1.26' }]);
    e.runtime.advance(15_000);
    const pod = structuredClone(get(e, 'p')) as KObject;
    pod.spec.containers[0].image = 'nginx:1.27';
    e.store.update(pod);
    e.runtime.settle();
    e.runtime.advance(15_000);
    expect(evs(e, 'p').find((x) => x.reason === 'Killing')!.message).toBe('Container c definition changed, will be restarted');
    expect(cs(e, 'p')).toMatchObject({ image: 'docker.io/library/nginx:1.27', restartCount: 1, ready: true });
  });

  it('fails to start a missing command with StartError, then backs off', () => {
    const e = cluster();
    run(e, 'nocmd', [{ name: 'c', image: 'busybox', command: ['frobnicate'] }]);
    e.runtime.advance(10_000);
    const st = cs(e, 'nocmd');
    const term = st.state.terminated ?? st.lastState.terminated;
    expect(term).toMatchObject({
      exitCode: 128,
      reason: 'StartError',
      startedAt: '1970-01-01T00:00:00Z',
      message: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "frobnicate": executable file not found in $PATH: unknown',
    });
  });

  it('resolves env from ConfigMaps and fields, and waits for a missing ConfigMap', () => {
    const e = cluster();
    run(e, 'cfg', [
      {
        name: 'c',
        image: 'busybox',
        command: ['sh', '-c', 'echo "$GREETING from $MY_POD on $MY_NODE"; sleep 3600'],
        env: [
          { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'app', key: 'greeting' } } },
          { name: 'MY_POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'MY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        ],
      },
    ]);
    e.runtime.advance(5_000);
    expect(cs(e, 'cfg').state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "app" not found' });
    expect(evs(e, 'cfg').find((x) => x.message === 'Error: configmap "app" not found')).toBeDefined();
    e.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data: { greeting: 'hello' } });
    e.runtime.advance(20_000);
    expect(cs(e, 'cfg').state.running).toBeDefined();
    expect(e.kubelets.logs('default', 'cfg', {})).toBe('hello from cfg on podium-worker\n');
  });

  it('applies restartPolicy OnFailure: success completes, failure restarts', () => {
    const e = cluster();
    run(e, 'ok', [{ name: 'c', image: 'busybox', command: ['true'] }], { restartPolicy: 'OnFailure' });
    run(e, 'ko', [{ name: 'c', image: 'busybox', command: ['false'] }], { restartPolicy: 'OnFailure' });
    e.runtime.advance(30_000);
    expect(get(e, 'ok').status.phase).toBe('Succeeded');
    expect(cs(e, 'ok').state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(get(e, 'ko').status.phase).toBe('Running');
    expect(cs(e, 'ko').restartCount).toBeGreaterThanOrEqual(1);
  });

  it('gives hostNetwork pods the node IP and others sequential IPs from the node CIDR', () => {
    const e = cluster();
    run(e, 'host', [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }], { hostNetwork: true });
    for (const n of ['p1', 'p2', 'p3']) run(e, n, [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }]);
    e.runtime.advance(10_000);
    expect(get(e, 'host').status.podIP).toBe('172.18.0.3');
    const ips = ['p1', 'p2', 'p3'].map((n) => Number(get(e, n).status.podIP.split('.')[3])).sort((a, b) => a - b);
    expect(ips[1] - ips[0]).toBe(1);
    expect(ips[2] - ips[1]).toBe(1);
    // host-local hands out the next address, not the one just freed.
    e.store.delete('Pod', 'default', 'p1', { gracePeriodSeconds: 0 });
    e.runtime.settle();
    run(e, 'p4', [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }]);
    e.runtime.advance(5_000);
    expect(Number(get(e, 'p4').status.podIP.split('.')[3])).toBe(ips[2] + 1);
  });

  it('rejects a pod that does not fit the node at admission', () => {
    const e = cluster();
    run(e, 'big', [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '5' } } }]);
    e.runtime.advance(1_000);
    expect(get(e, 'big').status).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfcpu',
      message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000",
    });
  });
});
