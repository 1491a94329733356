/**
 * Defaulting of apps/v1 kinds (pkg/apis/apps/v1/defaults.go, with the pod template defaults that
 * zz_generated.defaults.go applies to `spec.template`).
 */
import type { KObject } from '../types';
import { defaultPodTemplate } from './core';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** The default history kept by Deployments and DaemonSets. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
/** The default progress deadline of a Deployment: ten minutes. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/**
 * SetDefaults_Deployment: replicas 1, strategy RollingUpdate with maxUnavailable and maxSurge 25%
 * (only when the type is RollingUpdate: a Recreate deployment keeps no rollingUpdate),
 * revisionHistoryLimit 10, progressDeadlineSeconds 600.
 */
export function defaultDeployment(d: KObject): void {
  if (!isObj(d.spec)) d.spec = {};
  const spec = d.spec;
  if (spec.replicas == null) spec.replicas = 1;
  if (!isObj(spec.strategy)) spec.strategy = {};
  const strategy = spec.strategy;
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    if (strategy.rollingUpdate.maxUnavailable == null) strategy.rollingUpdate.maxUnavailable = '25%';
    if (strategy.rollingUpdate.maxSurge == null) strategy.rollingUpdate.maxSurge = '25%';
  }
  if (spec.revisionHistoryLimit == null) spec.revisionHistoryLimit = DEFAULT_REVISION_HISTORY_LIMIT;
  if (spec.progressDeadlineSeconds == null) spec.progressDeadlineSeconds = DEFAULT_PROGRESS_DEADLINE_SECONDS;
  defaultPodTemplate(spec.template ?? (spec.template = {}));
}

/** SetDefaults_ReplicaSet: replicas 1. */
export function defaultReplicaSet(rs: KObject): void {
  if (!isObj(rs.spec)) rs.spec = {};
  if (rs.spec.replicas == null) rs.spec.replicas = 1;
  defaultPodTemplate(rs.spec.template ?? (rs.spec.template = {}));
}

/**
 * SetDefaults_DaemonSet: updateStrategy RollingUpdate with maxUnavailable 1 and maxSurge 0 (both
 * integers), revisionHistoryLimit 10.
 */
export function defaultDaemonSet(ds: KObject): void {
  if (!isObj(ds.spec)) ds.spec = {};
  const spec = ds.spec;
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy;
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    if (!isObj(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    if (strategy.rollingUpdate.maxUnavailable == null) strategy.rollingUpdate.maxUnavailable = 1;
    if (strategy.rollingUpdate.maxSurge == null) strategy.rollingUpdate.maxSurge = 0;
  }
  if (spec.revisionHistoryLimit == null) spec.revisionHistoryLimit = DEFAULT_REVISION_HISTORY_LIMIT;
  defaultPodTemplate(spec.template ?? (spec.template = {}));
}
