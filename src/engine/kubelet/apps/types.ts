/**
 * The shapes shared by the simulated programs inside containers: the container context they run
 * in, timed log lines, HTTP requests and responses, and the network hooks (`curl`, `wget`,
 * `nslookup`) that the network part plugs in.
 */
import type { CatalogImage } from '../images';

/** One line a container wrote, as the CRI log keeps it. */
export interface LogLine {
  /** When it was written, ms since the epoch. */
  at: number;
  stream: 'stdout' | 'stderr';
  /** The line without its newline. */
  text: string;
}

/** Everything a program can know about the container it runs in. */
export interface ContainerContext {
  namespace: string;
  podName: string;
  podUID: string;
  containerName: string;
  nodeName: string;
  /** The pod's IP (the node's IP for hostNetwork pods). */
  podIP: string;
  hostIP: string;
  hostNetwork: boolean;
  /** The container's hostname: the pod name (the node name with hostNetwork). */
  hostname: string;
  image: CatalogImage;
  /** Image reference as written in the pod spec. */
  imageRef: string;
  /** Canonical tag of the image (e.g. `1.27.4`). */
  imageTag: string;
  /** Executables by base name -> absolute path. */
  programs: Map<string, string>;
  /** The process environment (image ENV, pod env, service links, HOSTNAME, HOME). */
  env: Array<[string, string]>;
  workingDir: string;
  /** CPUs of the node (nginx starts one worker per CPU). */
  nodeCpus: number;
  /** Files the kubelet mounts: /etc/hosts, /etc/resolv.conf, /etc/hostname, volumes. */
  mounts: Record<string, string>;
  /** The container's command line (entrypoint/command + cmd/args). */
  command: string[];
  /** Container ports from the pod spec (informational). */
  declaredPorts: Array<{ containerPort: number; protocol?: string; name?: string }>;
}

/** An HTTP request reaching a simulated application. */
export interface HttpRequest {
  method: string;
  path: string;
  /** Query string without `?`. */
  query?: string;
  headers: Record<string, string>;
  body?: string;
  /** Client address as the app sees it (`10.244.1.1`). */
  clientIP: string;
  clientPort?: number;
  /** Host header value. */
  host: string;
  /** Destination port. */
  port: number;
  /**
   * How the client speaks to the port: `http` in plain text, `https` through TLS (see `tls`).
   * Absent for the kubelet's probes and the network's connection checks, which the application
   * serves as it always did.
   */
  scheme?: 'http' | 'https';
  /** What the client's TLS layer brings to the handshake (with `scheme: 'https'`). */
  tls?: TlsHello;
}

/** Who signed a listener's serving certificate. */
export type CertIssuer =
  /** The cluster CA (kubeadm's /etc/kubernetes/pki/ca.crt, the pods' service-account ca.crt). */
  | 'cluster-ca'
  /** etcd's own CA (/etc/kubernetes/pki/etcd/ca.crt). */
  | 'etcd-ca'
  /** A CA generated in memory at start-up and sent along in the chain (kube-controller-manager, kube-scheduler). */
  | 'self-signed';

/** A TLS-only listener: its certificate, and whether it insists on a client certificate. */
export interface TlsListener {
  issuer: CertIssuer;
  /** The certificate's subject alternative names (DNS names and IP addresses). */
  names?: string[];
  /** etcd's --client-cert-auth: a client without a certificate is refused after the handshake. */
  clientCertRequired?: boolean;
}

/** A TLS client's side of the handshake. */
export interface TlsHello {
  /** The peer's certificate is not verified (curl -k; busybox wget never verifies). */
  insecure: boolean;
  /** The CAs the client trusts besides the public ones (which sign nothing in the cluster). */
  trusted: CertIssuer[];
  /** The host name the client asked for (SNI and the host-name check). */
  serverName: string;
  /** The client offers HTTP/2 by ALPN (curl does, busybox wget does not). */
  alpn: boolean;
  /** The client presents a certificate (curl --cert). */
  clientCert: boolean;
}

/** Why a TLS connection did not carry the request. */
export type TlsFailure =
  /** The port does not speak TLS: its plain-text answer to the ClientHello is not a TLS record. */
  | { kind: 'not-tls' }
  /** Certificate verification failed (OpenSSL's X509_verify_cert_error_string). */
  | { kind: 'untrusted'; reason: 'unable to get local issuer certificate' | 'self-signed certificate in certificate chain' }
  /** The certificate does not name the host asked for. */
  | { kind: 'name-mismatch'; host: string }
  /** The server wanted a client certificate (TLS 1.3 alert 116, certificate required). */
  | { kind: 'client-cert-required' };

/** An application's answer. */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
  /** The protocol version on the wire: HTTP/1.1 unless said (Go's HTTP/1.0 400, HTTP/2 over TLS with ALPN). */
  httpVersion?: '1.0' | '1.1' | '2';
  /** Set instead of an answer when the TLS handshake failed (status 0, nothing else meaningful). */
  tlsFailure?: TlsFailure;
}

/** The outcome of an outgoing connection attempt from a container. */
export type HttpOutcome =
  | { ok: true; response: HttpResponse; ip: string; port: number }
  | { ok: false; error: 'resolve' | 'refused' | 'timeout' | 'unreachable'; ip?: string; port?: number; detail?: string };

/** A DNS answer as a stub resolver sees it. */
export type DnsAnswer =
  | { ok: true; name: string; addresses: string[] }
  | { ok: false; error: 'NXDOMAIN' | 'timeout'; server?: string };

/** How programs inside containers reach the network; the network part supplies the real one. */
export interface PodNetwork {
  /** Resolves a name as the container's resolver would (search path applied). */
  resolve(from: ContainerContext, name: string): DnsAnswer;
  /** Sends an HTTP request to host:port (host may be a name or an IP). */
  http(from: ContainerContext, host: string, port: number, req: Omit<HttpRequest, 'clientIP' | 'port' | 'host'>): HttpOutcome;
  /** The DNS server the container uses (nameserver line of resolv.conf). */
  dnsServer(from: ContainerContext): string;
}

/** HTTP status texts used by the simulated apps. */
export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Builds a response with the usual status text. */
export function respond(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, statusText: STATUS_TEXT[status] ?? '', headers: { 'Content-Length': String(utf8Length(body)), ...headers }, body };
}

/** Byte length of a string in UTF-8. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
