/**
 * The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount/admission.go), on pod
 * create: the service account defaults to `default` and must exist; unless automounting is off
 * (the pod's automountServiceAccountToken wins over the account's), a projected volume
 * `kube-api-access-<5 random chars>` with the token, the cluster CA and the namespace is added and
 * mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount in every init container and
 * container that does not already mount something there. Mirror pods are left alone but may not
 * reference service accounts or secrets.
 */
import type { KObject } from '../../api/types';
import type { StrategyContext } from '../store';
import { DEFAULT_VOLUME_MODE } from '../../api/defaults/core';
import { forbiddenFor } from './errors';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

/** Where the token, ca.crt and namespace files appear in a container. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The generated volume's name prefix. */
export const SERVICE_ACCOUNT_VOLUME_PREFIX = 'kube-api-access-';
/**
 * serviceaccount.WarnOnlyBoundTokenExpirationSeconds: one hour and seven seconds. The odd 7 s lets
 * the API server recognise tokens that the kubelet requested for an admission-made volume.
 */
export const TOKEN_EXPIRATION_SECONDS = 3607;
/** The annotation that marks a mirror (static) pod. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** TokenVolumeSource: the projected source of the kube-api-access volume. */
export function tokenVolumeSource(): Obj {
  return {
    defaultMode: DEFAULT_VOLUME_MODE,
    sources: [
      { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
    ],
  };
}

function secretNames(spec: Obj): boolean {
  const containers: Obj[] = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  if ((spec.imagePullSecrets ?? []).length) return true;
  for (const v of spec.volumes ?? []) {
    if (v.secret) return true;
    for (const s of v.projected?.sources ?? []) if (s.secret) return true;
  }
  for (const c of containers) {
    for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) return true;
    for (const e of c.envFrom ?? []) if (e.secretRef) return true;
  }
  return false;
}

/** Admits a pod being created (mutates it); throws the plugin's Forbidden errors. */
export function admitServiceAccount(pod: KObject, ctx: StrategyContext): void {
  const spec: Obj = pod.spec;
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
    if (spec.serviceAccountName) throw forbiddenFor(pod, 'a mirror pod may not reference service accounts');
    if (secretNames(spec)) throw forbiddenFor(pod, 'a mirror pod may not reference secrets');
    for (const v of spec.volumes ?? [])
      for (const s of v.projected?.sources ?? [])
        if (s.serviceAccountToken) throw forbiddenFor(pod, 'a mirror pod may not use ServiceAccountToken volume projections');
    return;
  }
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const ns = pod.metadata.namespace!;
  const sa = ctx.store.get('ServiceAccount', ns, spec.serviceAccountName);
  // The service-account controller creates `default` in every namespace within milliseconds, and
  // the plugin retries for it; Podium treats a missing `default` as present.
  if (!sa && spec.serviceAccountName !== 'default')
    throw forbiddenFor(pod, `error looking up service account ${ns}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`);
  const automount = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
  if (automount) mountServiceAccountToken(spec, ctx);
  if (!(spec.imagePullSecrets ?? []).length && (sa?.imagePullSecrets ?? []).length)
    spec.imagePullSecrets = sa!.imagePullSecrets.map((s: Obj) => ({ name: s.name }));
}

function mountServiceAccountToken(spec: Obj, ctx: StrategyContext): void {
  const volumes: Obj[] = spec.volumes ?? [];
  const existing = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX));
  const name = existing?.name ?? SERVICE_ACCOUNT_VOLUME_PREFIX + ctx.runtime.rng.nameSuffix(5);
  let needed = false;
  for (const kind of ['initContainers', 'containers']) {
    for (const c of (spec[kind] ?? []) as Obj[]) {
      const mounts: Obj[] = c.volumeMounts ?? [];
      if (mounts.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
      c.volumeMounts = [...mounts, { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
      needed = true;
    }
  }
  if (!existing && needed) spec.volumes = [...volumes, { name, projected: tokenVolumeSource() }];
}
