/**
 * The objects kubectl's imperative commands build (`create deployment|namespace|configmap|secret
 * generic|serviceaccount`, `run`), field for field and in the Go structs' field order, so that
 * `--dry-run=client -o json|yaml` prints what kubectl 1.32 prints (the fixtures in
 * generators.test.ts were recorded from it). Sources: kubernetes/kubectl pkg/cmd/create/*.go and
 * pkg/cmd/run/run.go.
 */
import type { NewObject } from '../../engine/api/types';
import { KubectlError } from '../errors';

/** What `create deployment` needs. */
export interface DeploymentOptions {
  name: string;
  images: string[];
  /** Only set when -n was given (EnforceNamespace). */
  namespace?: string;
  replicas: number;
  /** -1 when --port is not given. */
  port: number;
  command: string[];
  /** Random suffix source for sanitized container names (`my_app` -> `my-app-x7k2q`). */
  randomSuffix: () => string;
}

/**
 * A container name from an image, as create_deployment.go's buildPodSpec derives it: the last path
 * segment without tag or digest; names with `_` or `.` are made DNS-safe and get a random suffix.
 * `registry.k8s.io/e2e-test-images/agnhost:2.39` -> `agnhost`; `busybox@sha256:abc` -> `busybox`.
 */
export function containerNameFromImage(image: string, randomSuffix: () => string): string {
  const parts = image.split('/');
  let name = parts[parts.length - 1];
  if (name.includes(':')) name = name.split(':')[0];
  if (name.includes('@')) name = name.split('@')[0];
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, '-')}-${randomSuffix()}`;
  return name;
}

/** The Deployment `kubectl create deployment NAME --image=...` builds. */
export function generateDeployment(o: DeploymentOptions): NewObject {
  if (o.images.length > 1 && o.command.length) throw new KubectlError('cannot specify multiple --image options and command');
  const labels = () => ({ app: o.name });
  const containers = o.images.map((image, i) => {
    const c: Record<string, unknown> = { name: containerNameFromImage(image, o.randomSuffix), image };
    if (o.command.length) c.command = [...o.command];
    if (i === 0 && o.port >= 0) c.ports = [{ containerPort: o.port }];
    c.resources = {};
    return c;
  });
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), creationTimestamp: null, labels: labels() } as unknown as NewObject["metadata"],
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: labels() },
      template: { metadata: { creationTimestamp: null, labels: labels() }, spec: { containers } },
      strategy: {},
    },
    status: {},
  };
}

/** The Namespace `kubectl create namespace NAME` builds. */
export function generateNamespace(name: string): NewObject {
  return { kind: 'Namespace', apiVersion: 'v1', metadata: { name, creationTimestamp: null } as unknown as NewObject["metadata"], spec: {}, status: {} };
}

function meta(name: string, namespace: string | undefined): NewObject['metadata'] {
  return { name, ...(namespace ? { namespace } : {}), creationTimestamp: null } as unknown as NewObject["metadata"];
}

/**
 * Parses `--from-literal=key=value` pairs (create_configmap.go: the key must be a valid ConfigMap
 * key and may not repeat).
 */
export function parseLiterals(literals: string[], what: 'configmap' | 'secret', name: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const l of literals) {
    const i = l.indexOf('=');
    if (i <= 0) throw new KubectlError(`invalid literal source ${l}, expected key=value`);
    const key = l.slice(0, i);
    const value = l.slice(i + 1);
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) throw new KubectlError(`"${key}" is not a valid key name for a ${what === 'configmap' ? 'ConfigMap' : 'Secret'}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
    if (out.some(([k]) => k === key))
      throw new KubectlError(`cannot add key "${key}", another key by that name already exists in Data for ${what === 'configmap' ? 'ConfigMap' : 'Secret'} "${name}"`);
    out.push([key, value]);
  }
  return out;
}

/** The ConfigMap `kubectl create configmap NAME --from-literal=k=v` builds. */
export function generateConfigMap(name: string, namespace: string | undefined, data: Array<[string, string]>): NewObject {
  const obj: NewObject = { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(name, namespace) };
  if (data.length) obj.data = Object.fromEntries(data);
  return obj;
}

/** Base64 of a UTF-8 string (Secret data). */
export function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The Secret `kubectl create secret generic NAME --from-literal=k=v [--type=T]` builds. */
export function generateSecret(name: string, namespace: string | undefined, data: Array<[string, string]>, type?: string): NewObject {
  const obj: NewObject = { kind: 'Secret', apiVersion: 'v1', metadata: meta(name, namespace) };
  if (data.length) obj.data = Object.fromEntries(data.map(([k, v]) => [k, base64(v)]));
  if (type) obj.type = type;
  return obj;
}

/** The ServiceAccount `kubectl create serviceaccount NAME` builds. */
export function generateServiceAccount(name: string, namespace: string | undefined): NewObject {
  return { kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(name, namespace) };
}

/** What `kubectl run` needs. */
export interface PodOptions {
  name: string;
  image: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  env: Array<{ name: string; value: string }>;
  port?: number;
  args: string[];
  command: boolean;
  restartPolicy: string;
  imagePullPolicy?: string;
  privileged: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
}

/** The Pod `kubectl run NAME --image=...` builds (run.go createPod). */
export function generatePod(o: PodOptions): NewObject {
  const c: Record<string, unknown> = { name: o.name, image: o.image };
  if (o.args.length) c[o.command ? 'command' : 'args'] = [...o.args];
  if (o.port !== undefined) c.ports = [{ containerPort: o.port }];
  if (o.env.length) c.env = o.env.map((e) => ({ ...e }));
  c.resources = {};
  if (o.imagePullPolicy) c.imagePullPolicy = o.imagePullPolicy;
  if (o.privileged) c.securityContext = { privileged: true };
  if (o.stdin) c.stdin = true;
  if (o.stdinOnce) c.stdinOnce = true;
  if (o.tty) c.tty = true;
  const metadata: Record<string, unknown> = { name: o.name };
  if (o.namespace) metadata.namespace = o.namespace;
  metadata.creationTimestamp = null;
  metadata.labels = o.labels && Object.keys(o.labels).length ? { ...o.labels } : { run: o.name };
  if (o.annotations && Object.keys(o.annotations).length) metadata.annotations = { ...o.annotations };
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: metadata as unknown as NewObject["metadata"],
    spec: { containers: [c], restartPolicy: o.restartPolicy, dnsPolicy: 'ClusterFirst' },
    status: {},
  };
}

/** run.go parseLabels: `a=b,c=d`; `unexpected label spec: X` otherwise. */
export function parseRunLabels(s: string): Record<string, string> | undefined {
  if (!s) return undefined;
  const out: Record<string, string> = {};
  for (const spec of s.split(',')) {
    const kv = spec.split('=');
    if (kv.length !== 2) throw new KubectlError(`unexpected label spec: ${spec}`);
    if (!kv[0]) throw new KubectlError('unexpected empty label key');
    out[kv[0]] = kv[1];
  }
  return out;
}

/** run.go parseEnvs: `NAME=value` with a C-identifier-like name; `invalid env: X` otherwise. */
export function parseRunEnvs(envs: string[]): Array<{ name: string; value: string }> {
  return envs.map((e) => {
    const i = e.indexOf('=');
    const name = i < 0 ? '' : e.slice(0, i);
    if (i < 0 || !name || !/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) throw new KubectlError(`invalid env: ${e}`);
    return { name, value: e.slice(i + 1) };
  });
}

/** cmdutil.ParsePairs for `--annotations=k=v` (repeatable). */
export function parsePairs(pairs: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new KubectlError(`invalid ${what}: ${p}`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}
