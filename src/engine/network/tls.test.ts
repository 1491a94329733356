/**
 * TLS on the simulated network: the control plane's TLS-only ports, reached with curl and busybox
 * wget from the node (the `podium run` side) and from pods (kubectl exec).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runOnHost } from './host';
import { Engine } from '../cluster';
import { runKubectl } from '../../kubectl/index';
import { versionInfo } from '../../kubectl/verbs/version';
import { serverVersionInfo, forbiddenStatus, requestInfo } from '../kubelet/apps/servers';
import { curlCaCertHelp, handshake } from '../kubelet/apps/tls';

const HELP_788 =
  'More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n';
const UNTRUSTED = 'curl: (60) SSL certificate problem: unable to get local issuer certificate\n';
const GO_400 = 'Client sent an HTTP request to an HTTPS server.\n';
const WRONG_VERSION = 'curl: (35) OpenSSL/3.0.15: error:0A00010B:SSL routines::wrong version number\n';
/** The API server's pretty-printed Status (json.MarshalIndent: no trailing newline). */
const forbidden = (path: string) =>
  `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"${path}\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}`;
const VERSION_JSON = JSON.stringify(versionInfo(), null, 2);

describe('TLS-only ports', () => {
  let engine: Engine;
  let nodeIP: string;
  const host = (...argv: string[]) => {
    const r = runOnHost(engine, argv);
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };
  const exec = async (line: string) => {
    const r = await runKubectl(engine, line);
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  };

  beforeAll(async () => {
    engine = Engine.create({ strict: true });
    nodeIP = engine.store.list('Node')[0].status.addresses.find((a: { type: string }) => a.type === 'InternalIP').address;
    await runKubectl(engine, 'run c --image=curlimages/curl --restart=Never -- sleep 3600');
    await runKubectl(engine, 'run b --image=busybox --restart=Never -- sleep 3600');
    await runKubectl(engine, 'run web --image=nginx');
    await runKubectl(engine, 'wait --for=condition=Ready pod/c pod/b pod/web --timeout=2m');
  });

  it('the version the API server serves is the one kubectl version prints', () => {
    expect(serverVersionInfo()).toEqual(versionInfo());
  });

  describe('from the node', () => {
    it('plain HTTP to a TLS port gets Go\'s 400', () => {
      expect(host('curl', `http://${nodeIP}:6443/healthz`)).toEqual({ stdout: GO_400, stderr: '', exitCode: 0 });
      expect(host('curl', '-i', `http://${nodeIP}:6443/`)).toMatchObject({ stdout: `HTTP/1.0 400 Bad Request\r\n\r\n${GO_400}`, exitCode: 0 });
      expect(host('curl', '-f', `http://${nodeIP}:6443/healthz`)).toEqual({ stdout: '', stderr: 'curl: (22) The requested URL returned error: 400\n', exitCode: 22 });
      expect(host('wget', '-qO-', `http://${nodeIP}:6443/healthz`)).toEqual({ stdout: '', stderr: 'wget: server returned error: HTTP/1.0 400 Bad Request\n', exitCode: 1 });
    });

    it('https without a trusted CA fails verification; -k or the cluster CA lets it through', () => {
      expect(host('curl', `https://${nodeIP}:6443/healthz`)).toEqual({ stdout: '', stderr: UNTRUSTED + HELP_788, exitCode: 60 });
      expect(host('curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', `https://${nodeIP}:6443/healthz`)).toEqual({ stdout: '000', stderr: UNTRUSTED + HELP_788, exitCode: 60 });
      expect(host('curl', '-s', `https://${nodeIP}:6443/healthz`)).toEqual({ stdout: '', stderr: '', exitCode: 60 });
      expect(host('curl', '-k', `https://${nodeIP}:6443/healthz`)).toEqual({ stdout: 'ok', stderr: '', exitCode: 0 });
      expect(host('curl', '--insecure', 'https://localhost:6443/readyz')).toEqual({ stdout: 'ok', stderr: '', exitCode: 0 });
      expect(host('curl', '--cacert', '/etc/kubernetes/pki/ca.crt', `https://${nodeIP}:6443/livez`)).toEqual({ stdout: 'ok', stderr: '', exitCode: 0 });
      expect(host('curl', '--cacert', '/etc/nope.crt', `https://${nodeIP}:6443/livez`)).toEqual({ stdout: '', stderr: 'curl: (77) error setting certificate file: /etc/nope.crt\n', exitCode: 77 });
    });

    it('the API server answers anonymous requests as RBAC allows them', () => {
      expect(host('curl', '-k', `https://${nodeIP}:6443/version`)).toEqual({ stdout: VERSION_JSON, stderr: '', exitCode: 0 });
      expect(host('curl', '-k', `https://${nodeIP}:6443/api`)).toEqual({ stdout: forbidden('/api'), stderr: '', exitCode: 0 });
      // Subpaths are not in system:public-info-viewer.
      expect(host('curl', '-k', `https://${nodeIP}:6443/healthz/etcd`)).toMatchObject({ stdout: forbidden('/healthz/etcd') });
      expect(host('curl', '-kf', `https://${nodeIP}:6443/api`)).toEqual({ stdout: '', stderr: 'curl: (22) The requested URL returned error: 403\n', exitCode: 22 });
      const i = host('curl', '-ki', `https://${nodeIP}:6443/healthz`);
      expect(i.stdout).toMatch(/^HTTP\/2 200 \r\naudit-id: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\r\ncache-control: no-cache, private\r\ncontent-type: text\/plain; charset=utf-8\r\nx-content-type-options: nosniff\r\ncontent-length: 2\r\ndate: [^\r]+ GMT\r\n\r\nok$/);
      // Another client than curl, Wget or a browser gets compact JSON and a newline.
      const compact = host('curl', '-k', '-A', 'kubectl/v1.32.2', `https://${nodeIP}:6443/`);
      expect(compact.stdout).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"","reason":"Forbidden","details":{},"code":403}\n');
      expect(host('wget', '-qO-', `https://${nodeIP}:6443/healthz`)).toEqual({ stdout: 'ok', stderr: 'wget: note: TLS certificate validation not implemented\n', exitCode: 0 });
    });

    it('the controller manager, the scheduler and etcd', () => {
      const selfSigned = 'curl: (60) SSL certificate problem: self-signed certificate in certificate chain\n' + HELP_788;
      expect(host('curl', 'https://127.0.0.1:10257/healthz')).toEqual({ stdout: '', stderr: selfSigned, exitCode: 60 });
      expect(host('curl', '-k', 'https://127.0.0.1:10259/healthz')).toEqual({ stdout: 'ok', stderr: '', exitCode: 0 });
      expect(host('curl', '-k', 'https://127.0.0.1:10259/metrics')).toMatchObject({ stdout: forbidden('/metrics') });
      expect(host('curl', 'http://127.0.0.1:10257/healthz')).toMatchObject({ stdout: GO_400 });
      expect(host('curl', '-k', 'https://127.0.0.1:2379/health')).toEqual({ stdout: '', stderr: 'curl: (56) OpenSSL SSL_read: OpenSSL/3.0.15: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0\n', exitCode: 56 });
      expect(host('curl', '-k', '--cert', 'x.crt', '--key', 'x.key', 'https://127.0.0.1:2379/health')).toMatchObject({ stdout: '{"health":"true","reason":""}', exitCode: 0 });
      expect(host('curl', 'http://127.0.0.1:2379/health')).toMatchObject({ stdout: GO_400 });
      // The metrics port is plain HTTP.
      expect(host('curl', 'http://127.0.0.1:2381/health')).toMatchObject({ stdout: '{"health":"true","reason":""}', exitCode: 0 });
    });

    it('https to a plain-HTTP server still fails the handshake', async () => {
      const ip = engine.store.get('Pod', 'default', 'web')!.status.podIP;
      expect(host('curl', `https://${ip}:80/`)).toEqual({ stdout: '', stderr: WRONG_VERSION, exitCode: 35 });
      expect(host('curl', '-k', `https://${ip}:80/`)).toMatchObject({ stderr: WRONG_VERSION, exitCode: 35 });
      expect(host('wget', '-qO-', `https://${ip}:80/`)).toEqual({
        stdout: '',
        stderr: 'wget: note: TLS certificate validation not implemented\nwget: TLS error from peer (alert code 80): internal error\nwget: error getting response: Connection reset by peer\n',
        exitCode: 1,
      });
      // nginx logged nothing for the ClientHellos it could not read as requests.
      expect((await exec('logs web')).stdout).not.toMatch(/GET \/ /);
    });
  });

  describe('from a pod, through the kubernetes Service', () => {
    const HELP_812 = curlCaCertHelp('8.12.1');

    it('curl 8.12 without a CA, with -k, with the service-account CA', async () => {
      expect(HELP_812).toBe(HELP_788.replace('web page', 'webpage'));
      expect(await exec('exec c -- curl -sS https://kubernetes.default/healthz')).toEqual({ stdout: '', stderr: `${UNTRUSTED}${HELP_812}command terminated with exit code 60\n`, exitCode: 60 });
      expect(await exec('exec c -- curl -sS --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt https://kubernetes.default.svc/healthz')).toEqual({ stdout: 'ok', stderr: '', exitCode: 0 });
      expect(await exec('exec c -- curl -k https://kubernetes.default.svc.cluster.local/livez')).toEqual({ stdout: 'ok', stderr: '', exitCode: 0 });
      expect(await exec('exec c -- curl -sk https://10.96.0.1/version')).toEqual({ stdout: VERSION_JSON, stderr: '', exitCode: 0 });
      expect(await exec('exec c -- curl -sk https://kubernetes.default/api')).toEqual({ stdout: forbidden('/api'), stderr: '', exitCode: 0 });
    });

    it('a bearer token is taken as anonymous (tokens are not simulated)', async () => {
      const r = await exec('exec c -- sh -c \'curl -s --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)" https://kubernetes.default/api\'');
      expect(r).toEqual({ stdout: forbidden('/api'), stderr: '', exitCode: 0 });
    });

    it('plain HTTP to the Service port 443', async () => {
      expect(await exec('exec c -- curl -s http://kubernetes.default:443/healthz')).toEqual({ stdout: GO_400, stderr: '', exitCode: 0 });
      expect(await exec('exec c -- curl -sSf http://kubernetes.default:443/healthz')).toEqual({ stdout: '', stderr: 'curl: (22) The requested URL returned error: 400\ncommand terminated with exit code 22\n', exitCode: 22 });
      expect(await exec('exec b -- wget -qO- http://kubernetes.default:443/healthz')).toEqual({ stdout: '', stderr: 'wget: server returned error: HTTP/1.0 400 Bad Request\ncommand terminated with exit code 1\n', exitCode: 1 });
    });

    it('busybox wget does not verify: it warns and goes on', async () => {
      expect(await exec('exec b -- wget -qO- https://kubernetes.default/healthz')).toEqual({ stdout: 'ok', stderr: 'wget: note: TLS certificate validation not implemented\n', exitCode: 0 });
      expect(await exec('exec b -- wget -O- https://kubernetes.default/api')).toEqual({
        stdout: '',
        stderr: 'Connecting to kubernetes.default (10.96.0.1:443)\nwget: note: TLS certificate validation not implemented\nwget: server returned error: HTTP/1.1 403 Forbidden\ncommand terminated with exit code 1\n',
        exitCode: 1,
      });
    });

    it('https to nginx keeps curl\'s exit 35', async () => {
      expect(await exec('exec web -- curl -s https://localhost:80/')).toEqual({ stdout: '', stderr: 'command terminated with exit code 35\n', exitCode: 35 });
      expect(await exec('exec web -- curl https://localhost:80/')).toEqual({ stdout: '', stderr: `${WRONG_VERSION}command terminated with exit code 35\n`, exitCode: 35 });
    });
  });
});

describe('the API server\'s request attributes and Forbidden status', () => {
  it.each([
    ['GET', '/api', '', 'forbidden: User "system:anonymous" cannot get path "/api"', {}],
    ['HEAD', '/healthz', '', 'forbidden: User "system:anonymous" cannot head path "/healthz"', {}],
    ['GET', '/api/v1/pods', '', 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" at the cluster scope', { kind: 'pods' }],
    ['GET', '/api/v1/namespaces/default/pods', 'watch=true', 'pods is forbidden: User "system:anonymous" cannot watch resource "pods" in API group "" in the namespace "default"', { kind: 'pods' }],
    ['GET', '/api/v1/namespaces/default', '', 'namespaces "default" is forbidden: User "system:anonymous" cannot get resource "namespaces" in API group "" in the namespace "default"', { name: 'default', kind: 'namespaces' }],
    ['DELETE', '/apis/apps/v1/namespaces/kube-system/deployments/coredns', '', 'deployments.apps "coredns" is forbidden: User "system:anonymous" cannot delete resource "deployments" in API group "apps" in the namespace "kube-system"', { name: 'coredns', group: 'apps', kind: 'deployments' }],
    ['GET', '/api/v1/namespaces/default/pods/web/log', '', 'pods "web" is forbidden: User "system:anonymous" cannot get resource "pods/log" in API group "" in the namespace "default"', { name: 'web', kind: 'pods' }],
  ])('%s %s?%s', (method, path, query, message, details) => {
    expect(forbiddenStatus(requestInfo(method, path, query))).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 });
  });
});

describe('the handshake', () => {
  const hello = { insecure: false, trusted: ['cluster-ca' as const], serverName: 'kubernetes.default', alpn: true, clientCert: false };
  it('checks the certificate\'s names once the chain is trusted', () => {
    const listener = { issuer: 'cluster-ca' as const, names: ['kubernetes.default', '10.96.0.1'] };
    expect(handshake(listener, hello)).toBeUndefined();
    expect(handshake(listener, { ...hello, serverName: 'api.example' })).toEqual({ kind: 'name-mismatch', host: 'api.example' });
    expect(handshake(listener, { ...hello, serverName: 'api.example', insecure: true })).toBeUndefined();
    expect(handshake({ issuer: 'etcd-ca' }, hello)).toEqual({ kind: 'untrusted', reason: 'unable to get local issuer certificate' });
  });
});
