/**
 * TLS on the simulated network, small but faithful. A server application declares its TLS-only
 * ports (`ServerApp.ports[].tls`: the API server on 6443, kube-controller-manager on 10257,
 * kube-scheduler on 10259, etcd on 2379/2380); every other port speaks plain text. A client says
 * how it talks (`HttpRequest.scheme`, and for https its side of the handshake in `tls`), and the
 * listener in front of every server (`withTls`, applied where the kubelet finds the server)
 * decides what happens before the application sees anything:
 *   - plain HTTP to a TLS port: Go's net/http answers `HTTP/1.0 400 Bad Request` with the body
 *     `Client sent an HTTP request to an HTTPS server.` and closes;
 *   - https to a plain port: the server's plain-text answer to the ClientHello is no TLS record
 *     (curl: exit 35, "wrong version number");
 *   - https to a TLS port: the certificate is verified against what the client trusts (curl:
 *     exit 60), the host name against the certificate's names, and etcd wants a client
 *     certificate; then the request reaches the application, over HTTP/2 when the client offers
 *     it by ALPN (Go's servers all accept h2).
 * Requests without a scheme (the kubelet's probes, the network's connection checks) reach the
 * application as before.
 */
import type { ServeEnv, ServerApp } from './process';
import type { HttpRequest, HttpResponse, TlsFailure, TlsHello, TlsListener } from './types';

/** Answers the listener made itself: no access-log line (the application never saw them). */
const listenerAnswers = new WeakSet<HttpResponse>();

function fromListener(r: HttpResponse): HttpResponse {
  listenerAnswers.add(r);
  return r;
}

/** Go's net/http on a TLS listener, to a client that sent plain HTTP (server.go, "Client sent an HTTP request to an HTTPS server."). */
export function goPlainHttpOnTls(): HttpResponse {
  return { status: 400, statusText: 'Bad Request', headers: {}, body: 'Client sent an HTTP request to an HTTPS server.\n', httpVersion: '1.0' };
}

/** A failed handshake, as the client sees it. */
function failed(f: TlsFailure): HttpResponse {
  return { status: 0, statusText: '', headers: {}, body: '', tlsFailure: f };
}

/** Whether a certificate's names cover a host (exact names and addresses, case-insensitive; no wildcards here). */
export function certificateNames(listener: TlsListener, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return !listener.names || listener.names.some((n) => n.toLowerCase() === h);
}

/** The handshake: undefined when it succeeds and the request may go on. */
export function handshake(listener: TlsListener, hello: TlsHello): TlsFailure | undefined {
  if (!hello.insecure) {
    if (!hello.trusted.includes(listener.issuer)) {
      // A chain that ends in a root the client does not know: kubeadm's serving certificates
      // come without their CA; the in-memory ones of the controller manager and the scheduler
      // come with theirs, a self-signed root.
      return { kind: 'untrusted', reason: listener.issuer === 'self-signed' ? 'self-signed certificate in certificate chain' : 'unable to get local issuer certificate' };
    }
    if (!certificateNames(listener, hello.serverName)) return { kind: 'name-mismatch', host: hello.serverName };
  }
  if (listener.clientCertRequired && !hello.clientCert) return { kind: 'client-cert-required' };
  return undefined;
}

/**
 * Go's HTTP/2 server writes the handler's headers lower-cased and sorted, then content-length and
 * date (x/net/http2 writeResHeaders).
 */
export function asHttp2(res: HttpResponse): HttpResponse {
  const entries = Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), v] as [string, string]);
  const tail = ['content-length', 'date'];
  const out = entries.filter(([k]) => !tail.includes(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const t of tail) for (const e of entries) if (e[0] === t) out.push(e);
  return { ...res, httpVersion: '2', headers: Object.fromEntries(out) };
}

/** What the listener on `req.port` answers itself, or undefined to hand the request to the application. */
export function tlsGate(app: ServerApp, req: HttpRequest): HttpResponse | undefined {
  if (!req.scheme) return undefined;
  const listener = app.ports.find((p) => p.port === req.port && p.protocol === 'TCP')?.tls;
  if (req.scheme === 'http') return listener ? fromListener(goPlainHttpOnTls()) : undefined;
  if (!listener) return fromListener(failed({ kind: 'not-tls' }));
  const f = handshake(listener, req.tls ?? { insecure: false, trusted: [], serverName: req.host, alpn: false, clientCert: false });
  return f ? fromListener(failed(f)) : undefined;
}

const gated = new WeakMap<ServerApp, ServerApp>();

/** The server as clients reach it: its application behind the listener (see the file comment). */
export function withTls(app: ServerApp): ServerApp {
  const http = app.http;
  if (!http) return app;
  let g = gated.get(app);
  if (!g) {
    const accessLog = app.accessLog;
    g = {
      ...app,
      http(req: HttpRequest, env: ServeEnv) {
        const own = tlsGate(app, req);
        if (own) return own;
        const res = http.call(app, req, env);
        return res && req.scheme === 'https' && req.tls?.alpn ? asHttp2(res) : res;
      },
      ...(accessLog ? { accessLog: (req: HttpRequest, res: HttpResponse, env: ServeEnv) => (listenerAnswers.has(res) ? [] : accessLog.call(app, req, res, env)) } : {}),
    };
    gated.set(app, g);
  }
  return g;
}

// ---------------------------------------------------------------------------------------------
// curl's words

/** The OpenSSL the images' curl is linked with, as its error strings name it. */
const OPENSSL = 'OpenSSL/3.0.15';

/** Whether a curl release spells "webpage" and "hostname" (curl 8.6.0 made them one word). */
function curlOneWord(version: string): boolean {
  const [maj, min] = version.split('.').map(Number);
  return maj > 8 || (maj === 8 && min >= 6);
}

/** CURL_CA_CERT_ERRORMSG (src/tool_operate.c), printed after an exit-60 error. */
export function curlCaCertHelp(version: string): string {
  return (
    'More details here: https://curl.se/docs/sslcerts.html\n\n' +
    'curl failed to verify the legitimacy of the server and therefore could not\n' +
    'establish a secure connection to it. To learn more about this situation and\n' +
    `how to fix it, please visit the ${curlOneWord(version) ? 'webpage' : 'web page'} mentioned above.\n`
  );
}

/** curl's exit code and message for a failed TLS connection, and whether the CA help follows. */
export function curlTlsError(f: TlsFailure, version: string): { code: number; msg: string; help: boolean } {
  switch (f.kind) {
    case 'not-tls':
      return { code: 35, msg: `${OPENSSL}: error:0A00010B:SSL routines::wrong version number`, help: false };
    case 'untrusted':
      return { code: 60, msg: `SSL certificate problem: ${f.reason}`, help: true };
    case 'name-mismatch':
      return { code: 60, msg: `SSL: no alternative certificate subject name matches target ${curlOneWord(version) ? 'hostname' : 'host name'} '${f.host}'`, help: true };
    case 'client-cert-required':
      return { code: 56, msg: `OpenSSL SSL_read: ${OPENSSL}: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0`, help: false };
  }
}

/** The status line and headers as curl prints them (`-i`): HTTP/2 has no reason phrase. */
export function curlHeaderBlock(r: HttpResponse, sep = '\r\n'): string {
  const v = r.httpVersion ?? '1.1';
  const line = v === '2' ? `HTTP/2 ${r.status} ` : `HTTP/${v} ${r.status} ${r.statusText}`;
  return line + sep + Object.entries(r.headers).map(([k, v2]) => `${k}: ${v2}${sep}`).join('') + sep;
}

/** The service-account CA every pod has mounted. */
export const SERVICE_ACCOUNT_CA = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';
