/**
 * Object types. The Kubernetes types come from `kubernetes-types` (the OpenAPI models, type-only);
 * KObject is the shape every stored object has.
 */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';

export type { ObjectMeta, OwnerReference, LabelSelector, Time } from 'kubernetes-types/meta/v1';
export type {
  Pod,
  PodSpec,
  PodStatus,
  PodTemplateSpec,
  Container,
  ContainerStatus,
  ContainerState,
  Probe,
  Node,
  NodeSpec,
  NodeStatus,
  NodeCondition,
  Taint,
  Toleration,
  Namespace,
  Service,
  ServicePort,
  Endpoints,
  EndpointSubset,
  EndpointAddress,
  Event,
  ObjectReference,
  ReplicationController,
  ConfigMap,
  Secret,
  ServiceAccount,
  PodCondition,
  ResourceRequirements,
  Volume,
} from 'kubernetes-types/core/v1';
export type { Deployment, DeploymentSpec, DeploymentStatus, DeploymentCondition, ReplicaSet, ReplicaSetSpec, ReplicaSetStatus, DaemonSet } from 'kubernetes-types/apps/v1';
export type { EndpointSlice } from 'kubernetes-types/discovery/v1';
export type { Lease } from 'kubernetes-types/coordination/v1';

/** Removes `readonly` from the properties of T (system fields are written by the API server). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** ObjectMeta as the store handles it: writable, with the fields every stored object has. */
export type Meta = Mutable<ObjectMeta> & { name: string; uid: string; resourceVersion: string; creationTimestamp: string };

/** Any stored API object: apiVersion, kind and metadata are always set. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** An object as a user or controller submits it (metadata partly filled). */
export interface NewObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** The store key of an object: `Kind/namespace/name` (namespace empty for cluster-scoped kinds). */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** The controller owner reference (controller: true), if any. */
export function controllerRef(obj: { metadata?: ObjectMeta }): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller);
}
