/**
 * The kubectl command lines behind every dashboard action, built as pure functions with every
 * user-supplied word shell-quoted (quoteShell), so a name like `a b` or `$(x)` stays one literal
 * argument. Running them goes through the same kubectl code path a user's console line takes.
 */
import { quoteShell as q } from '../../kubectl/shell';

/** A namespaced or cluster-scoped object reference. */
export interface ObjectRef {
  /** kubectl resource name (`deployment`, `pod`, `node`). */
  resource: string;
  name: string;
  /** Omitted for cluster-scoped objects. */
  namespace?: string | null;
}

const nsFlag = (ns: string | null | undefined) => (ns ? ` -n ${q(ns)}` : '');
const ref = (r: ObjectRef) => `${r.resource}/${q(r.name)}`;

/** The create-deployment form's fields. */
export interface DeploymentForm {
  name: string;
  image: string;
  replicas: number;
  /** Container port; 0 or absent for none. */
  port?: number;
  namespace: string;
}

/** `kubectl create deployment NAME --image=IMAGE --replicas=N [--port=P] -n NS`. */
export function createDeploymentCmd(f: DeploymentForm): string {
  const port = f.port && f.port > 0 ? ` --port=${Math.trunc(f.port)}` : '';
  return `kubectl create deployment ${q(f.name)} --image=${q(f.image)} --replicas=${Math.trunc(f.replicas)}${port}${nsFlag(f.namespace)}`;
}

/** `kubectl expose deployment NAME --port=P [--type=T] -n NS`. */
export function exposeCmd(f: { name: string; port: number; type?: string; namespace: string }): string {
  const type = f.type && f.type !== 'ClusterIP' ? ` --type=${q(f.type)}` : '';
  return `kubectl expose deployment ${q(f.name)} --port=${Math.trunc(f.port)}${type}${nsFlag(f.namespace)}`;
}

/** `kubectl scale deployment/NAME --replicas=N -n NS`. */
export function scaleCmd(r: ObjectRef, replicas: number): string {
  return `kubectl scale ${ref(r)} --replicas=${Math.trunc(replicas)}${nsFlag(r.namespace)}`;
}

/** `kubectl set image deployment/NAME CONTAINER=IMAGE -n NS`. */
export function setImageCmd(r: ObjectRef, container: string, image: string): string {
  return `kubectl set image ${ref(r)} ${q(`${container}=${image}`)}${nsFlag(r.namespace)}`;
}

/** `kubectl delete RESOURCE NAME -n NS`. */
export function deleteCmd(r: ObjectRef): string {
  return `kubectl delete ${r.resource} ${q(r.name)}${nsFlag(r.namespace)}`;
}

/** `kubectl rollout restart deployment/NAME -n NS`. */
export function rolloutRestartCmd(r: ObjectRef): string {
  return `kubectl rollout restart ${ref(r)}${nsFlag(r.namespace)}`;
}

/** `kubectl rollout undo deployment/NAME [--to-revision=N] -n NS`. */
export function rolloutUndoCmd(r: ObjectRef, toRevision?: number): string {
  const rev = toRevision ? ` --to-revision=${Math.trunc(toRevision)}` : '';
  return `kubectl rollout undo ${ref(r)}${rev}${nsFlag(r.namespace)}`;
}

/** `kubectl rollout history deployment/NAME -n NS`. */
export function rolloutHistoryCmd(r: ObjectRef): string {
  return `kubectl rollout history ${ref(r)}${nsFlag(r.namespace)}`;
}

/** `kubectl cordon NODE` / `kubectl uncordon NODE`. */
export function cordonCmd(node: string, cordon: boolean): string {
  return `kubectl ${cordon ? 'cordon' : 'uncordon'} ${q(node)}`;
}

/** `kubectl drain NODE --ignore-daemonsets --delete-emptydir-data`. */
export function drainCmd(node: string): string {
  return `kubectl drain ${q(node)} --ignore-daemonsets --delete-emptydir-data`;
}

/** `kubectl describe RESOURCE NAME -n NS`. */
export function describeCmd(r: ObjectRef): string {
  return `kubectl describe ${r.resource} ${q(r.name)}${nsFlag(r.namespace)}`;
}

/** `kubectl get RESOURCE NAME -n NS -o yaml`. */
export function getYamlCmd(r: ObjectRef): string {
  return `kubectl get ${r.resource} ${q(r.name)}${nsFlag(r.namespace)} -o yaml`;
}

/**
 * Logs of one pod (all containers), or of every pod a workload selects (`-l SELECTOR --prefix`,
 * which real kubectl and Podium both support; `--all-pods` is newer and Podium lacks it).
 */
export function logsCmd(r: ObjectRef, opts: { tail?: number; previous?: boolean; selector?: string } = {}): string {
  const tail = opts.tail ? ` --tail=${Math.trunc(opts.tail)}` : '';
  const prev = opts.previous ? ' --previous' : '';
  if (r.resource === 'pod') return `kubectl logs ${q(r.name)}${nsFlag(r.namespace)} --all-containers=true${tail}${prev}`;
  if (opts.selector) return `kubectl logs -l ${q(opts.selector)}${nsFlag(r.namespace)} --prefix --all-containers=true${tail}${prev}`;
  return `kubectl logs ${ref(r)}${nsFlag(r.namespace)} --all-containers=true${tail}${prev}`;
}

/**
 * Every kind the export contains, in an order that applies cleanly: namespaces, then what
 * workloads refer to (config maps, secrets, service accounts), then the workloads and services.
 * Every kind a user can create in Podium is here; what the cluster makes itself (Events,
 * EndpointSlices, Leases, Nodes) is not, and the import leaves out the rest of what it made.
 */
export const EXPORT_RESOURCES = ['namespaces', 'configmaps', 'secrets', 'serviceaccounts', 'deployments', 'daemonsets', 'replicasets', 'replicationcontrollers', 'pods', 'services', 'endpoints'];

/** `kubectl get namespaces,deployments,... -A -o yaml`: the whole cluster as one YAML list. */
export function exportAllCmd(): string {
  return `kubectl get ${EXPORT_RESOURCES.join(',')} -A -o yaml`;
}

/** `kubectl apply -f -` (the manifest comes as stdin). */
export const APPLY_STDIN_CMD = 'kubectl apply -f -';

/** Whether a console line is a read-only kubectl command (allowed in a read-only follower tab). */
export function isReadOnlyCommand(line: string): boolean {
  const words = line.trim().split(/\s+/);
  if (words[0] === 'kubectl') words.shift();
  const verb = words.find((w) => !w.startsWith('-'));
  if (!verb) return true;
  if (['get', 'describe', 'logs', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'top', 'events'].includes(verb)) return true;
  if (verb === 'rollout') return words.includes('history') || words.includes('status');
  if (verb === 'config') return words.includes('view') || words.includes('get-contexts') || words.includes('current-context');
  return words.includes('--help') || words.includes('-h') || words.includes('--dry-run=client');
}
