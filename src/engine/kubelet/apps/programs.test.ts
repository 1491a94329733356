import { describe, expect, it } from 'vitest';
import './programs';
import { runExec } from './process';
import { FileSystem } from './fs';
import { imageEnv, imagePrograms, isResolved, resolveImage } from '../images';
import { respond, type ContainerContext, type HttpRequest, type PodNetwork } from './types';
import { curlCaCertHelp, SERVICE_ACCOUNT_CA, withTls } from './tls';

function ctxFor(image: string): ContainerContext {
  const r = resolveImage(image);
  if (!isResolved(r)) throw new Error(image);
  const env = imageEnv(r).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]);
  return {
    namespace: 'default', podName: 'pod1', podUID: 'uid', containerName: 'c', nodeName: 'node', podIP: '10.244.1.2', hostIP: '172.18.0.3',
    hostNetwork: false, hostname: 'pod1', image: r.image, imageRef: image, imageTag: r.canonicalTag, programs: imagePrograms(r.image),
    env, workingDir: '/', nodeCpus: 2, mounts: {}, command: [], declaredPorts: [],
  };
}

const T0 = Date.parse('2025-03-03T09:00:00Z');
const refused = { resolve: () => ({}), dnsServer: () => '10.96.0.10', http: () => ({ ok: false, error: 'refused' }) } as unknown as PodNetwork;

describe('curl (the containers\' fallback client)', () => {
  it('still writes -w after a failed connection, with http_code 000', () => {
    const exec = (argv: string[]) => runExec(ctxFor('curlimages/curl'), argv, new FileSystem({}, ['/tmp']), T0, '', refused);
    expect(exec(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}\\n', '10.0.0.1:81'])).toMatchObject({ stdout: '000\n', stderr: '', exitCode: 7 });
    expect(exec(['curl', '-w', '%{http_code}', '10.0.0.1:81'])).toMatchObject({
      stdout: '000',
      stderr: "curl: (7) Failed to connect to 10.0.0.1 port 81 after 0 ms: Couldn't connect to server\n",
      exitCode: 7,
    });
  });
});

describe('the fallback curl and wget over TLS', () => {
  // One TLS-only listener (the API server's certificate) behind the listener of tls.ts.
  const app = withTls({ name: 'api', readyDelayMs: 0, ports: [{ port: 6443, protocol: 'TCP', tls: { issuer: 'cluster-ca' } }], http: () => respond(200, 'ok'), onStop: () => 'ignore' });
  const net = {
    resolve: () => ({}),
    dnsServer: () => '10.96.0.10',
    http: (_c: unknown, _h: string, port: number, req: Omit<HttpRequest, 'clientIP' | 'port' | 'host'>) => {
      const response = app.http!({ ...req, clientIP: '10.244.1.2', host: 'api', port }, {} as never);
      return response ? { ok: true, response, ip: '10.96.0.1', port } : { ok: false, error: 'refused' };
    },
  } as unknown as PodNetwork;
  const ca = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n';
  const exec = (image: string, argv: string[]) => runExec(ctxFor(image), argv, new FileSystem({ [SERVICE_ACCOUNT_CA]: ca }, ['/tmp']), T0, '', net);

  it('verifies against the service-account CA, honours -k, and meets Go\'s 400 with plain HTTP', () => {
    expect(exec('curlimages/curl', ['curl', 'https://api:6443/healthz'])).toMatchObject({ stdout: '', stderr: `curl: (60) SSL certificate problem: unable to get local issuer certificate\n${curlCaCertHelp('8.12.1')}`, exitCode: 60 });
    expect(exec('curlimages/curl', ['curl', '-k', 'https://api:6443/healthz'])).toMatchObject({ stdout: 'ok', exitCode: 0 });
    expect(exec('curlimages/curl', ['curl', '--cacert', SERVICE_ACCOUNT_CA, 'https://api:6443/healthz'])).toMatchObject({ stdout: 'ok', exitCode: 0 });
    expect(exec('curlimages/curl', ['curl', 'http://api:6443/healthz'])).toMatchObject({ stdout: 'Client sent an HTTP request to an HTTPS server.\n', exitCode: 0 });
    expect(exec('busybox', ['wget', '-qO-', 'https://api:6443/healthz'])).toMatchObject({ stdout: 'ok', stderr: 'wget: note: TLS certificate validation not implemented\n', exitCode: 0 });
    expect(exec('busybox', ['wget', '-qO-', 'http://api:6443/healthz'])).toMatchObject({ stderr: 'wget: server returned error: HTTP/1.0 400 Bad Request\n', exitCode: 1 });
  });
});
