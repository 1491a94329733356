/**
 * Workload validation: apps/v1 Deployment, ReplicaSet and DaemonSet
 * (pkg/apis/apps/validation/validation.go, plus the selector immutability the apps/v1 registry
 * strategies add in ValidateUpdate) and core/v1 ReplicationController
 * (ValidateReplicationControllerSpec, whose selector stays mutable).
 */
import { field, type FieldError, GoValue } from '../errors';
import { fromLabelSelector, fromMap, matches } from '../labels';
import { goIntOrString, goLabelSelector, goStringMap } from './gofmt';
import { percent } from './names';
import { nonNegative, validatePodTemplateSpec } from './pod';
import { selectorConvertible, validateLabelSelector } from './selector';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;
type Errs = FieldError[];
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Podium's own ceiling on replicas: far below int32, it keeps a classroom browser tab alive. */
export const PODIUM_MAX_REPLICAS = 100_000;

/** Replicas: not negative (upstream), not above Podium's limit (said as such). */
export function validateReplicas(replicas: unknown, path: string): Errs {
  const errs = nonNegative(replicas, path);
  if (typeof replicas === 'number' && replicas > PODIUM_MAX_REPLICAS)
    errs.push(
      field.invalid(path, replicas, `must be less than or equal to ${PODIUM_MAX_REPLICAS} (a Podium limit; Kubernetes allows up to 2147483647)`),
    );
  return errs;
}

/** Workload kinds whose template checks differ only by name. */
type TemplateOwner = 'ReplicaSet' | 'DaemonSet' | 'ReplicationController';

/** The restart policy and activeDeadlineSeconds rules every workload template shares. */
function templateRules(template: Obj, path: string, owner: TemplateOwner): Errs {
  const spec: Obj = isObj(template.spec) ? template.spec : {};
  const errs: Errs = [];
  if (spec.restartPolicy !== 'Always') errs.push(field.notSupported(`${path}.spec.restartPolicy`, spec.restartPolicy ?? '', ['Always']));
  if (spec.activeDeadlineSeconds != null)
    errs.push(field.forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${owner} is not Supported`));
  return errs;
}

/**
 * ValidatePodTemplateSpecForReplicaSet. A missing selector converts to "nothing", which matches no
 * labels: upstream then reports both the required selector and the label mismatch.
 */
function templateForSelector(template: Obj, selector: Obj | undefined, path: string, owner: TemplateOwner): Errs {
  const errs: Errs = [];
  const labels = template.metadata?.labels;
  const empty = selector != null && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
  if (!empty && (selector == null || !matches(fromLabelSelector(selector as never), labels)))
    errs.push(field.invalid(`${path}.metadata.labels`, goStringMap(labels), '`selector` does not match template `labels`'));
  errs.push(...validatePodTemplateSpec(template, path));
  errs.push(...templateRules(template, path, owner));
  return errs;
}

/** The selector rules of Deployments and ReplicaSets (both say "for deployment", as upstream). */
function workloadSelector(spec: Obj, template: Obj, owner: TemplateOwner): Errs {
  const errs: Errs = [];
  const sel = spec.selector;
  if (sel == null) errs.push(field.required('spec.selector', ''));
  else {
    errs.push(...validateLabelSelector(sel, 'spec.selector'));
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0)
      errs.push(field.invalid('spec.selector', goLabelSelector(sel), 'empty selector is invalid for deployment'));
  }
  if (!selectorConvertible(sel)) errs.push(field.invalid('spec.selector', goLabelSelector(sel), 'invalid label selector'));
  else errs.push(...templateForSelector(template, sel ?? undefined, 'spec.template', owner));
  return errs;
}

function intOrPercentValue(v: unknown): number {
  if (typeof v === 'string') return percent(v).length ? 0 : parseInt(v, 10);
  return typeof v === 'number' ? v : 0;
}

/** ValidatePositiveIntOrPercent. */
function positiveIntOrPercent(v: unknown, path: string): Errs {
  if (typeof v === 'string') return percent(v).map((m) => field.invalid(path, goIntOrString(v), m));
  if (typeof v === 'number') return nonNegative(v, path);
  return [];
}

/** IsNotMoreThan100Percent. */
function notMoreThan100Percent(v: unknown, path: string): Errs {
  if (typeof v !== 'string' || percent(v).length || parseInt(v, 10) <= 100) return [];
  return [field.invalid(path, goIntOrString(v), 'must not be greater than 100%')];
}

function deploymentStrategy(strategy: Obj | undefined, path: string): Errs {
  const s: Obj = strategy ?? {};
  const errs: Errs = [];
  switch (s.type) {
    case 'Recreate':
      if (s.rollingUpdate != null) errs.push(field.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case 'RollingUpdate': {
      const ru = s.rollingUpdate;
      if (!isObj(ru)) {
        errs.push(field.required(`${path}.rollingUpdate`, 'this should be defaulted and never be nil'));
        break;
      }
      const rp = `${path}.rollingUpdate`;
      errs.push(...positiveIntOrPercent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      errs.push(...positiveIntOrPercent(ru.maxSurge, `${rp}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push(field.invalid(`${rp}.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      break;
    }
    default: {
      const ru = s.rollingUpdate == null ? '(*apps.RollingUpdateDeployment)(nil)' : '(*apps.RollingUpdateDeployment)(0xc000a2c0f0)';
      errs.push(field.notSupported(path, new GoValue(`apps.DeploymentStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:${ru}}`), ['Recreate', 'RollingUpdate']));
    }
  }
  return errs;
}

/** ValidateDeploymentSpec (with Podium's replica limit next to the non-negative check). */
export function validateDeployment(d: Obj): Errs {
  const spec: Obj = isObj(d.spec) ? d.spec : {};
  const template: Obj = isObj(spec.template) ? spec.template : {};
  const errs = validateReplicas(spec.replicas, 'spec.replicas');
  errs.push(...workloadSelector(spec, template, 'ReplicaSet'));
  errs.push(...deploymentStrategy(spec.strategy, 'spec.strategy'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (spec.revisionHistoryLimit != null) errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds != null) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
      errs.push(field.invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSet(rs: Obj): Errs {
  const spec: Obj = isObj(rs.spec) ? rs.spec : {};
  const template: Obj = isObj(spec.template) ? spec.template : {};
  const errs = validateReplicas(spec.replicas, 'spec.replicas');
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...workloadSelector(spec, template, 'ReplicaSet'));
  return errs;
}

function daemonSetStrategy(strategy: Obj | undefined, path: string): Errs {
  const s: Obj = strategy ?? {};
  const errs: Errs = [];
  switch (s.type) {
    case 'OnDelete':
      break;
    case 'RollingUpdate': {
      const ru = s.rollingUpdate;
      if (!isObj(ru)) return [field.required(`${path}.rollingUpdate`, '')];
      const rp = `${path}.rollingUpdate`;
      errs.push(...positiveIntOrPercent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      errs.push(...positiveIntOrPercent(ru.maxSurge, `${rp}.maxSurge`));
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      errs.push(...notMoreThan100Percent(ru.maxSurge, `${rp}.maxSurge`));
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) errs.push(field.invalid(`${rp}.maxSurge`, goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
      else if (!hasUnavailable && !hasSurge) errs.push(field.required(`${rp}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
      break;
    }
    default: {
      const ru = s.rollingUpdate == null ? '(*apps.RollingUpdateDaemonSet)(nil)' : '(*apps.RollingUpdateDaemonSet)(0xc000a2c0f0)';
      errs.push(field.notSupported(path, new GoValue(`apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:${ru}}`), ['RollingUpdate', 'OnDelete']));
    }
  }
  return errs;
}

/** ValidateDaemonSetSpec. A DaemonSet's selector is not "required": a missing one only mismatches. */
export function validateDaemonSet(ds: Obj): Errs {
  const spec: Obj = isObj(ds.spec) ? ds.spec : {};
  const template: Obj = isObj(spec.template) ? spec.template : {};
  const sel = spec.selector;
  const errs = validateLabelSelector(sel, 'spec.selector');
  const empty = sel != null && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
  if (selectorConvertible(sel) && !empty && (sel == null || !matches(fromLabelSelector(sel), template.metadata?.labels)))
    errs.push(field.invalid('spec.template.metadata.labels', goStringMap(template.metadata?.labels), '`selector` does not match template `labels`'));
  if (empty) errs.push(field.invalid('spec.selector', goLabelSelector(sel), 'empty selector is invalid for daemonset'));
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...templateRules(template, 'spec.template', 'DaemonSet'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...daemonSetStrategy(spec.updateStrategy, 'spec.updateStrategy'));
  if (spec.revisionHistoryLimit != null) errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** ValidateReplicationControllerSpec: equality selector, required and non-empty. */
export function validateReplicationController(rc: Obj): Errs {
  const spec: Obj = isObj(rc.spec) ? rc.spec : {};
  const errs = nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
  const selector: Obj | undefined = isObj(spec.selector) ? spec.selector : undefined;
  const hasSelector = !!selector && Object.keys(selector).length > 0;
  if (!hasSelector) errs.push(field.required('spec.selector', ''));
  errs.push(...validateReplicas(spec.replicas, 'spec.replicas'));
  const template = spec.template;
  if (!isObj(template)) {
    errs.push(field.required('spec.template', ''));
    return errs;
  }
  if (hasSelector && !matches(fromMap(selector), template.metadata?.labels))
    errs.push(field.invalid('spec.template.metadata.labels', goStringMap(template.metadata?.labels), '`selector` does not match template `labels`'));
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...templateRules(template, 'spec.template', 'ReplicationController'));
  return errs;
}

/** Equality as apiequality.Semantic sees selectors: absent, null and empty collections are equal. */
function semanticSelector(ls: Obj | undefined | null): string {
  if (ls == null) return 'nil';
  const labels = Object.entries(ls.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const exprs = (ls.matchExpressions ?? []).map((e: Obj) => [e.key, e.operator, e.values ?? []]);
  return JSON.stringify([labels, exprs]);
}

/** The apps/v1 strategies' ValidateUpdate addition: `spec.selector` is immutable. */
export function validateSelectorImmutable(obj: Obj, old: Obj): Errs {
  const now = obj.spec?.selector;
  if (semanticSelector(now) === semanticSelector(old.spec?.selector)) return [];
  return [field.invalid('spec.selector', now == null ? 'null' : goLabelSelector(now), 'field is immutable')];
}
