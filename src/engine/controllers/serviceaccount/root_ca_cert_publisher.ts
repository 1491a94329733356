/**
 * The root CA certificate publisher (pkg/controller/certificates/rootcacertpublisher/
 * publisher.go, v1.32): every namespace has a ConfigMap `kube-root-ca.crt` holding the cluster
 * CA under `ca.crt`, with the `kubernetes.io/description` annotation; it is recreated when
 * deleted and repaired when its data or annotation is changed.
 *
 * The CA is a deterministic, PEM-encoded, X.509-shaped certificate for `CN=kubernetes` drawn from
 * the runtime's RNG (valid ten years from the cluster's bootstrap, as kubeadm issues it). It is
 * never used to verify anything; it only has to look like what a kubeadm cluster publishes.
 */
import { Controller, type ControllerContext } from '../../client/controller';
import type { Rng } from '../../sim/rng';
import { isApiError } from '../../api/errors';
import { deepEqual, clone } from '../../sim/dev';
import { namespaceTerminating } from '../controller_utils';

/** RootCACertConfigMapName. */
export const ROOT_CA_CONFIGMAP_NAME = 'kube-root-ca.crt';
/** DescriptionAnnotation. */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
/** Description: the annotation's text. */
export const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

// ------------------------------------------------------------------------------------------------
// A PEM-looking CA

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n >>>= 8;
  }
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, ...parts: number[][]): number[] {
  const body = parts.flat();
  return [tag, ...derLength(body.length), ...body];
}

const seq = (...parts: number[][]) => tlv(0x30, ...parts);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const SHA256_WITH_RSA = seq([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b], [0x05, 0x00]);
const RSA_ENCRYPTION = seq([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01], [0x05, 0x00]);
const CN_KUBERNETES = seq(tlv(0x31, seq([0x06, 0x03, 0x55, 0x04, 0x03], tlv(0x13, ascii('kubernetes')))));

function utcTime(ms: number): number[] {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, ascii(s));
}

function randomBytes(rng: Rng, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(rng.int(256));
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with padding) of bytes. */
export function base64(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/**
 * A kubeadm-style CA certificate in PEM: X.509 v3, serial, sha256WithRSAEncryption, issuer and
 * subject CN=kubernetes, validity from `notBeforeMs` for ten years, a 2048-bit RSA public key,
 * CA key usage and basic constraints; the key and signature bytes are random, so the
 * certificate parses but does not verify.
 */
export function generateRootCA(rng: Rng, notBeforeMs: number): string {
  const serial = randomBytes(rng, 8);
  serial[0] &= 0x7f;
  const modulus = [0x00, ...randomBytes(rng, 256)];
  modulus[1] |= 0x80;
  const spki = seq(RSA_ENCRYPTION, tlv(0x03, [0x00], seq(tlv(0x02, modulus), [0x02, 0x03, 0x01, 0x00, 0x01])));
  const notAfter = notBeforeMs + 10 * 365 * 24 * 3600_000;
  const extensions = tlv(
    0xa3,
    seq(
      seq([0x06, 0x03, 0x55, 0x1d, 0x0f], [0x01, 0x01, 0xff], tlv(0x04, [0x03, 0x02, 0x02, 0xa4])),
      seq([0x06, 0x03, 0x55, 0x1d, 0x13], [0x01, 0x01, 0xff], tlv(0x04, seq([0x01, 0x01, 0xff]))),
      seq([0x06, 0x03, 0x55, 0x1d, 0x0e], tlv(0x04, tlv(0x04, randomBytes(rng, 20)))),
      seq([0x06, 0x03, 0x55, 0x1d, 0x11], tlv(0x04, seq(tlv(0x82, ascii('kubernetes'))))),
    ),
  );
  const tbs = seq([0xa0, 0x03, 0x02, 0x01, 0x02], tlv(0x02, serial), SHA256_WITH_RSA, CN_KUBERNETES, seq(utcTime(notBeforeMs), utcTime(notAfter)), CN_KUBERNETES, spki, extensions);
  const cert = seq(tbs, SHA256_WITH_RSA, tlv(0x03, [0x00], randomBytes(rng, 256)));
  const b64 = base64(cert);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

// ------------------------------------------------------------------------------------------------

/** The state the publisher puts in snapshots. */
export interface RootCAState {
  rootCA: string;
}

/** The root CA certificate publisher. */
export class RootCACertPublisher extends Controller {
  /** The PEM the ConfigMaps carry. */
  rootCA: string;

  /** Creates the publisher; the CA is drawn from the runtime's RNG at construction. */
  constructor(ctx: ControllerContext) {
    super('root-ca-cert-publisher', ctx);
    this.rootCA = generateRootCA(this.runtime.rng, this.runtime.now);
    this.store.watch('Namespace', (ev) => {
      if (ev.type === 'ADDED' || (ev.type === 'MODIFIED' && ev.object.status?.phase === 'Active')) this.queue.add(ev.object.metadata.name);
    });
    this.store.watch('ConfigMap', (ev) => {
      if (ev.type !== 'ADDED' && ev.object.metadata.name === ROOT_CA_CONFIGMAP_NAME) this.queue.add(ev.object.metadata.namespace!);
    });
  }

  /** syncNamespace: creates or repairs the namespace's `kube-root-ca.crt`. */
  protected sync(namespace: string): void {
    const data = { 'ca.crt': this.rootCA };
    const cm = this.store.get('ConfigMap', namespace, ROOT_CA_CONFIGMAP_NAME);
    if (!cm) {
      try {
        this.store.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: ROOT_CA_CONFIGMAP_NAME, namespace, annotations: { [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION } },
          data,
        });
      } catch (e) {
        // No retry when the namespace is gone or terminating.
        if (isApiError(e, 'NotFound') || (isApiError(e) && namespaceTerminating(this.store, namespace))) return;
        throw e;
      }
      return;
    }
    if (deepEqual(cm.data, data) && cm.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return;
    const upd = clone(cm);
    upd.data = data;
    upd.metadata.annotations = { ...(upd.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION };
    this.store.update(upd);
  }

  /** Snapshot state: the CA. */
  save(): RootCAState {
    return { rootCA: this.rootCA };
  }

  /** Restores what save() produced. */
  load(raw: unknown): void {
    const s = raw as RootCAState | undefined;
    if (s?.rootCA) this.rootCA = s.rootCA;
  }
}
