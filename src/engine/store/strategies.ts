/**
 * The per-kind strategies of the simulated API server: for each kind, the defaulting of its
 * decoder (api/defaults), the REST strategy's PrepareForCreate/PrepareForUpdate, its validation
 * (api/validation), the default mutating admission plugins (store/admission) and, for pods,
 * graceful deletion. The order inside a write is the API server's: defaulting, mutating
 * admission, PrepareForCreate/Update, validation (pkg/registry/.../strategy.go for each kind).
 *
 * Layering: a part that adds behaviour to a kind it does not own uses store.extendStrategy. The
 * Service strategy leaves `prepareForCreate` and `admit` free for the network part's clusterIP and
 * nodePort allocation (like allocClusterIPs, an allocator sets both `clusterIP` and `clusterIPs`,
 * which validation requires to agree); it keeps allocated values on update in `prepareForUpdate`
 * (patchAllocatedValues), which an extension replacing that hook should call first. The Pod
 * strategy runs its admission plugins in `prepareForCreate`, so `admit` is free too.
 */
import type { KindStrategy, StrategyContext } from './store';
import type { KObject } from '../api/types';
import { type FieldError, invalid } from '../api/errors';
import { mustKind } from '../api/registry';
import { deepEqual } from '../sim/dev';
import {
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  defaultEndpoints,
  defaultEndpointSlice,
  defaultNamespace,
  defaultNode,
  defaultPod,
  defaultReplicationController,
  defaultSecret,
  defaultService,
} from '../api/defaults/core';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet } from '../api/defaults/apps';
import { dropTypeDependentFields, normalizeClusterIPs, patchAllocatedValues, serviceIPFamilies } from '../api/defaults/service';
import { computePodQOS } from '../api/defaults/qos';
import { validatePod, validatePodCreateOnly, validatePodStatusUpdate, validatePodUpdate } from '../api/validation/pod';
import {
  validateDaemonSet,
  validateDeployment,
  validateReplicaSet,
  validateReplicationController,
  validateSelectorImmutable,
} from '../api/validation/apps';
import { validateService, validateServiceUpdate } from '../api/validation/service';
import {
  validateConfigMap,
  validateEndpoints,
  validateEndpointSlice,
  validateEndpointSliceUpdate,
  validateEvent,
  validateImmutableData,
  validateLease,
  validateNamespace,
  validateNode,
  validateNodeUpdate,
  validateSecret,
  validateSecretUpdate,
} from '../api/validation/core';
import { nonNegative } from '../api/validation/pod';
import { field } from '../api/errors';
import { admitPodCreate } from './admission';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

const isStatus = (ctx: StrategyContext) => ctx.subresource === 'status';

// ------------------------------------------------------------------------------------------------
// Status validation of the workloads (ValidateDeploymentStatus, ValidateReplicaSetStatus, ...)

function replicaStatusErrors(status: Obj | undefined, fields: string[]): FieldError[] {
  const s: Obj = status ?? {};
  const errs: FieldError[] = [];
  for (const f of fields) errs.push(...nonNegative(s[f], `status.${f}`));
  if (s.collisionCount != null) errs.push(...nonNegative(s.collisionCount, 'status.collisionCount'));
  const msg = 'cannot be greater than status.replicas';
  for (const f of ['updatedReplicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'])
    if (fields.includes(f) && (s[f] ?? 0) > (s.replicas ?? 0)) errs.push(field.invalid(`status.${f}`, s[f], msg));
  if ((s.availableReplicas ?? 0) > (s.readyReplicas ?? 0)) errs.push(field.invalid('status.availableReplicas', s.availableReplicas, 'cannot be greater than readyReplicas'));
  return errs;
}

function collisionCountNotDecremented(obj: KObject, old: KObject): FieldError[] {
  const now = obj.status?.collisionCount;
  const before = old.status?.collisionCount;
  if (before == null || (now != null && now >= before)) return [];
  return [field.invalid('status.collisionCount', now ?? 0, 'cannot be decremented')];
}

const DEPLOYMENT_STATUS_FIELDS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'];
const REPLICA_SET_STATUS_FIELDS = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'];
const DAEMON_SET_STATUS_FIELDS = [
  'currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration',
  'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable',
];

// ------------------------------------------------------------------------------------------------
// Pods

/**
 * Graceful deletion of a pod (pod strategy CheckGracefulDelete): the requested grace period, else
 * the pod's terminationGracePeriodSeconds (30 when absent); 0 (delete at once) for a pod that was
 * never scheduled or that has finished; a negative value becomes 1.
 */
export function podGracePeriod(pod: KObject, requested: number | undefined): number {
  let period = requested ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  if (!pod.spec?.nodeName) period = 0;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') period = 0;
  if (period < 0) period = 1;
  return period;
}

/** The Pod strategy (pkg/registry/core/pod/strategy.go) with the pod admission plugins. */
export const podStrategy: KindStrategy = {
  default(obj, ctx) {
    if (ctx.subresource === 'binding') return;
    if (isStatus(ctx)) {
      // podStatusStrategy.PrepareForUpdate backfills the QoS class an old kubelet may drop.
      if (!obj.status?.qosClass) {
        const stored = ctx.store.get('Pod', obj.metadata.namespace, obj.metadata.name);
        if (stored?.status?.qosClass) obj.status = { ...(obj.status ?? {}), qosClass: stored.status.qosClass };
      }
      return;
    }
    defaultPod(obj);
  },
  prepareForCreate(obj, ctx) {
    admitPodCreate(obj, ctx);
    const status: Obj = { phase: 'Pending', qosClass: computePodQOS(obj.spec) };
    if ((obj.spec.schedulingGates ?? []).length)
      status.conditions = [
        { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: null, reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' },
      ];
    obj.status = status;
  },
  validate(obj, ctx) {
    if (ctx.subresource) return [];
    const errs = validatePod(obj);
    if (ctx.operation === 'create') errs.push(...validatePodCreateOnly(obj));
    return errs;
  },
  validateUpdate(obj, old, ctx) {
    if (ctx.subresource === 'binding') return [];
    if (isStatus(ctx)) return validatePodStatusUpdate(obj, old);
    return validatePodUpdate(obj, old);
  },
  gracePeriod: podGracePeriod,
};

// ------------------------------------------------------------------------------------------------
// Workloads

/** The annotation apps/v1 DaemonSets carry their template generation in (DeprecatedTemplateGeneration). */
export const DAEMONSET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** The Deployment strategy: annotation changes bump the generation too (they are copied to ReplicaSets). */
export const deploymentStrategy: KindStrategy = {
  default(obj, ctx) {
    if (!isStatus(ctx)) defaultDeployment(obj);
  },
  prepareForCreate(obj) {
    obj.status = {};
  },
  prepareForUpdate(obj, old) {
    if (!deepEqual(obj.metadata.annotations ?? {}, old.metadata.annotations ?? {})) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
  },
  prepareForStatusUpdate(obj, input) {
    // deploymentStatusStrategy resets only spec and labels: the controller sets the revision
    // annotation through deployments/status, without bumping the generation.
    const annotations = input.metadata?.annotations;
    if (annotations && Object.keys(annotations).length) obj.metadata.annotations = { ...annotations };
    else delete obj.metadata.annotations;
  },
  validate(obj, ctx) {
    return isStatus(ctx) ? replicaStatusErrors(obj.status, DEPLOYMENT_STATUS_FIELDS) : validateDeployment(obj);
  },
  validateUpdate(obj, old, ctx) {
    return isStatus(ctx) ? collisionCountNotDecremented(obj, old) : validateSelectorImmutable(obj, old);
  },
};

/** The ReplicaSet strategy. */
export const replicaSetStrategy: KindStrategy = {
  default(obj, ctx) {
    if (!isStatus(ctx)) defaultReplicaSet(obj);
  },
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate(obj, ctx) {
    return isStatus(ctx) ? replicaStatusErrors(obj.status, REPLICA_SET_STATUS_FIELDS) : validateReplicaSet(obj);
  },
  validateUpdate(obj, old, ctx) {
    return isStatus(ctx) ? [] : validateSelectorImmutable(obj, old);
  },
};

/** The ReplicationController strategy (its selector stays mutable). */
export const replicationControllerStrategy: KindStrategy = {
  default(obj, ctx) {
    if (!isStatus(ctx)) defaultReplicationController(obj);
  },
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate(obj, ctx) {
    return isStatus(ctx) ? replicaStatusErrors(obj.status, REPLICA_SET_STATUS_FIELDS) : validateReplicationController(obj);
  },
};

/**
 * The DaemonSet strategy: the template generation starts at 1 and grows with every template
 * change; apps/v1 shows it as the `deprecated.daemonset.template.generation` annotation.
 */
export const daemonSetStrategy: KindStrategy = {
  default(obj, ctx) {
    if (!isStatus(ctx)) defaultDaemonSet(obj);
  },
  prepareForCreate(obj) {
    obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    const gen = Number(obj.metadata.annotations?.[DAEMONSET_TEMPLATE_GENERATION] ?? 0);
    obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [DAEMONSET_TEMPLATE_GENERATION]: String(gen >= 1 ? gen : 1) };
  },
  prepareForUpdate(obj, old) {
    const before = Number(old.metadata.annotations?.[DAEMONSET_TEMPLATE_GENERATION] ?? 1);
    const requested = obj.metadata.annotations?.[DAEMONSET_TEMPLATE_GENERATION];
    const gen = !deepEqual(obj.spec?.template, old.spec?.template) ? before + 1 : requested !== undefined ? Number(requested) : before;
    obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [DAEMONSET_TEMPLATE_GENERATION]: String(gen) };
  },
  validate(obj, ctx) {
    return isStatus(ctx) ? replicaStatusErrors(obj.status, DAEMON_SET_STATUS_FIELDS) : validateDaemonSet(obj);
  },
  validateUpdate(obj, old, ctx) {
    return isStatus(ctx) ? collisionCountNotDecremented(obj, old) : validateSelectorImmutable(obj, old);
  },
};

// ------------------------------------------------------------------------------------------------
// Services

/**
 * The Service strategy plus what its REST storage does before validation: IP families and
 * clusterIPs kept in step on create; on update, allocated values kept (patchAllocatedValues),
 * clusterIPs normalized and fields of an abandoned type dropped. Allocation itself is layered on
 * by the network part (prepareForCreate / admit).
 */
export const serviceStrategy: KindStrategy = {
  default(obj, ctx) {
    if (isStatus(ctx)) {
      // SetDefaults_Service also runs on status writes: LoadBalancer ingress IPs get ipMode VIP.
      if (obj.spec?.type === 'LoadBalancer')
        for (const ing of obj.status?.loadBalancer?.ingress ?? []) if (ing.ip && ing.ipMode == null) ing.ipMode = 'VIP';
      return;
    }
    defaultService(obj);
    if (ctx.operation === 'create') normalizeClusterIPs(obj);
    const errs = serviceIPFamilies(obj);
    if (errs.length) throw invalid(mustKind('Service'), obj.metadata.name ?? '', errs);
  },
  prepareForUpdate(obj, old) {
    patchAllocatedValues(obj, old);
    normalizeClusterIPs(obj, old);
    dropTypeDependentFields(obj, old);
  },
  validate(obj, ctx) {
    // On update ValidateServiceUpdate lists its own rules first; validateUpdate does both.
    if (isStatus(ctx) || ctx.operation === 'update') return [];
    return validateService(obj);
  },
  validateUpdate(obj, old, ctx) {
    if (isStatus(ctx)) return [];
    return [...validateServiceUpdate(obj, old), ...validateService(obj)];
  },
};

// ------------------------------------------------------------------------------------------------
// The rest

/** The Namespace strategy: phase Active and the `kubernetes` finalizer on create. */
export const namespaceStrategy: KindStrategy = {
  default(obj) {
    defaultNamespace(obj);
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    const finalizers: string[] = obj.spec?.finalizers ?? [];
    obj.spec = { ...(obj.spec ?? {}), finalizers: finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'] };
  },
  validate(obj, ctx) {
    return isStatus(ctx) ? [] : validateNamespace(obj);
  },
  pendingFinalizers: (obj) => obj.spec?.finalizers?.length ?? 0,
  beginDelete(obj) {
    obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
  },
};

/** Per-kind strategies, by Kind. */
export const strategies: Record<string, KindStrategy> = {
  Pod: podStrategy,
  Deployment: deploymentStrategy,
  ReplicaSet: replicaSetStrategy,
  ReplicationController: replicationControllerStrategy,
  DaemonSet: daemonSetStrategy,
  Service: serviceStrategy,
  Namespace: namespaceStrategy,
  Node: {
    default: defaultNode,
    validate: validateNode,
    validateUpdate: validateNodeUpdate,
  },
  ConfigMap: {
    validate: validateConfigMap,
    validateUpdate: (obj, old) => validateImmutableData(obj, old, ['data', 'binaryData']),
  },
  Secret: {
    default: defaultSecret,
    validate: validateSecret,
    validateUpdate: validateSecretUpdate,
  },
  ServiceAccount: {},
  Endpoints: {
    default: defaultEndpoints,
    validate: validateEndpoints,
  },
  EndpointSlice: {
    default: defaultEndpointSlice,
    validate: validateEndpointSlice,
    validateUpdate: validateEndpointSliceUpdate,
  },
  Event: {
    validate: validateEvent,
  },
  Lease: {
    validate: validateLease,
  },
};
