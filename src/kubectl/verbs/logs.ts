/**
 * `kubectl logs` (kubernetes/kubectl pkg/cmd/logs and polymorphichelpers/logsforobject.go) over the
 * kubelets' log API (engine.kubelets, contracts.ts): POD or TYPE/NAME (a workload picks one pod,
 * `Found 3 pods, using pod/web-7d4b9c6f5-x2x9q`), `-l` for every matching pod, `-c`,
 * `--all-containers`, `--previous`, `--tail`, `--timestamps`, `--prefix`, and `-f`.
 *
 * `-f` follows on the simulated clock until the followed containers have terminated. In the
 * advance mode (scripts, tests) it cannot wait for a person to press Ctrl-C, so it also stops after
 * `--request-timeout` of simulated time, 60 s when that flag is not given (the FOLLOW_LIMIT rule).
 */
import type { KubeletApi } from '../../engine/contracts';
import type { KObject } from '../../engine/api/types';
import { fromLabelSelector } from '../../engine/api/labels';
import { isPodReady } from '../../engine/api/podutil';
import { mustKind } from '../../engine/api/registry';
import { notFound } from '../../engine/api/errors';
import type { KubectlContext } from '../context';
import { KubectlError } from '../errors';
import { parseGoDuration, type FlagValues } from '../flags';
import { parseSelectorOrThrow, reportErrors } from '../manifest';
import { parseResourceArgs } from '../resources';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

/** How long `logs -f` follows in advance mode without --request-timeout (simulated ms). */
export const FOLLOW_LIMIT_MS = 60_000;

/** The kubelets, or kubectl's answer when no container runtime is simulated. */
export function kubelets(ctx: KubectlContext): KubeletApi {
  const k = ctx.engine.kubelets;
  if (!k) throw new KubectlError('podium: the kubelets are not running in this cluster, so containers have no logs and cannot run commands');
  return k;
}

/** podcmd.AllContainerNames: containers, then ephemeral (ephem), then init (init). */
export function allContainerNames(pod: KObject): string {
  const spec = pod.spec ?? {};
  return [
    ...(spec.containers ?? []).map((c: { name: string }) => c.name),
    ...(spec.ephemeralContainers ?? []).map((c: { name: string }) => `${c.name} (ephem)`),
    ...(spec.initContainers ?? []).map((c: { name: string }) => `${c.name} (init)`),
  ].join(', ');
}

/**
 * The container a command uses when none is named (podcmd.FindOrDefaultContainerByName): the
 * kubectl.kubernetes.io/default-container annotation, else the first container, announced on
 * stderr when the pod has others.
 */
export function defaultContainer(ctx: KubectlContext, pod: KObject, quiet = false): string {
  const spec = pod.spec ?? {};
  const all = [...(spec.containers ?? []), ...(spec.ephemeralContainers ?? []), ...(spec.initContainers ?? [])] as Array<{ name: string }>;
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && all.some((c) => c.name === annotated)) return annotated;
  const first = (spec.containers ?? [])[0]?.name ?? '';
  if (!quiet && ((spec.containers ?? []).length > 1 || (spec.initContainers ?? []).length > 0 || (spec.ephemeralContainers ?? []).length > 0))
    ctx.err(`Defaulted container ${JSON.stringify(first)} out of: ${allContainerNames(pod)}\n`);
  return first;
}

/** podutils.ByLogging: the pod `logs deploy/x` and `exec deploy/x` choose (assigned, running, ready, restarts, older). */
export function byLogging(a: KObject, b: KObject): number {
  const assigned = (p: KObject) => (p.spec?.nodeName ? 0 : 1);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phaseRank = (p: KObject) => ({ Running: 0, Unknown: 1, Pending: 2 })[p.status?.phase as string] ?? 3;
  if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
  const ready = (p: KObject) => (isPodReady(p) ? 0 : 1);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  const restarts = (p: KObject) => ((p.status?.containerStatuses ?? []) as Array<{ restartCount?: number }>).reduce((n, c) => Math.max(n, c.restartCount ?? 0), 0);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (p: KObject) => (p.metadata.creationTimestamp ? Date.parse(p.metadata.creationTimestamp) : Infinity);
  return created(a) - created(b);
}

/**
 * The pod behind `POD` or `TYPE/NAME`: a workload's first pod by ByLogging. Only `logs`
 * (logsforobject.go) reports `Found 3 pods, using pod/x` when it has several (`announce`);
 * AttachablePodForObject, which exec uses, discards GetFirstPod's count and says nothing.
 */
export function podForObject(ctx: KubectlContext, arg: string, announce = false): KObject {
  const refs = arg.includes('/') ? parseResourceArgs([arg]) : [{ info: mustKind('Pod'), name: arg }];
  const { info, name } = refs[0];
  const ns = info.namespaced ? ctx.namespace : undefined;
  const obj = ctx.store.get(info.kind, ns, name!);
  if (!obj) throw notFound(info, name!);
  if (info.kind === 'Pod') return ctx.store.present(obj);
  if (!['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet'].includes(info.kind))
    throw new KubectlError(`cannot attach to ${info.kind}${info.group ? `.${info.group}` : ''}: not implemented`);
  const selector = info.kind === 'ReplicationController' ? Object.entries(obj.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') : undefined;
  const sel = selector !== undefined ? parseSelectorOrThrow(selector) : fromLabelSelector(obj.spec?.selector);
  const pods = ctx.store.list('Pod', { namespace: ns, selector: sel }).map((p) => ctx.store.present(p));
  if (!pods.length) throw new KubectlError(`timed out waiting for the condition`);
  pods.sort(byLogging);
  if (announce && pods.length > 1) ctx.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return pods[0];
}

function containerExists(pod: KObject, name: string): boolean {
  const spec = pod.spec ?? {};
  return [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].some((c: { name: string }) => c.name === name);
}

interface LogRequest {
  pod: KObject;
  container: string;
}

async function runLogs(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const selector = String(flags.selector ?? '');
  if (!args.length && !selector)
    throw new KubectlError(
      "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
    );
  if (selector && args.length) throw new KubectlError("only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples");
  if (args.length > 2) throw new KubectlError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nSee 'kubectl logs -h' for help and examples");
  let container = String(flags.container ?? '');
  if (args.length === 2) {
    if (container) throw new KubectlError("only one of -c or an inline [CONTAINER] arg is allowed\nSee 'kubectl logs -h' for help and examples");
    container = args[1];
  }
  const allContainers = !!flags['all-containers'];
  if (allContainers && container) throw new KubectlError("--all-containers=true should not be specified with container name " + container);
  const follow = !!flags.follow;
  const previous = !!flags.previous;
  if (follow && previous) throw new KubectlError('only one of follow (-f) or previous (-p) is allowed');
  // With a selector kubectl shows the last 10 lines unless --tail says otherwise (logs.go).
  let tail = flags.tail as number;
  if (selector && tail === -1) tail = 10;
  const timestamps = !!flags.timestamps;
  const prefix = !!flags.prefix;
  const k = kubelets(ctx);

  let pods: KObject[];
  if (selector) {
    pods = ctx.store.list('Pod', { namespace: ctx.namespace, selector: parseSelectorOrThrow(selector) }).map((p) => ctx.store.present(p));
    if (!pods.length) {
      ctx.err(`No resources found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    const maxRequests = flags['max-log-requests'] as number;
    if (follow && pods.length > maxRequests)
      throw new KubectlError(
        `you are attempting to follow ${pods.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit`,
      );
  } else pods = [podForObject(ctx, args[0], true)];

  const requests: LogRequest[] = [];
  for (const pod of pods) {
    if (allContainers) {
      const spec = pod.spec ?? {};
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) requests.push({ pod, container: c.name });
    } else if (container) {
      if (!containerExists(pod, container)) throw new KubectlError(`container ${container} is not valid for pod ${pod.metadata.name}`);
      requests.push({ pod, container });
    } else requests.push({ pod, container: defaultContainer(ctx, pod, selector !== '') });
  }

  const withPrefix = (r: LogRequest, text: string) => {
    const p = prefix ? `[pod/${r.pod.metadata.name}/${r.container}] ` : '';
    if (!p || !text) return text;
    return text
      .split('\n')
      .map((l, i, arr) => (i === arr.length - 1 && l === '' ? '' : p + l))
      .join('\n');
  };
  const errs: unknown[] = [];
  const sinceSeconds = flags.since ? parseGoDuration(String(flags.since)) / 1000 : undefined;
  for (const r of requests) {
    try {
      const text = k.logs(r.pod.metadata.namespace!, r.pod.metadata.name, {
        container: r.container,
        previous,
        tail: tail >= 0 ? tail : undefined,
        timestamps,
        sinceSeconds: sinceSeconds || undefined,
      });
      ctx.out(withPrefix(r, text));
    } catch (e) {
      if (flags['ignore-errors'] && selector) continue;
      errs.push(e);
    }
  }
  if (!follow || errs.length) return reportErrors(ctx, errs);

  // Follow: stream what the containers write until they stop (or the advance-mode limit).
  if (!k.logsSince) throw new KubectlError('podium: this kubelet cannot stream logs (logs -f)');
  let requestTimeoutMs = 0;
  try {
    requestTimeoutMs = parseGoDuration(String(flags['request-timeout'] ?? '0'));
  } catch {
    requestTimeoutMs = Number(flags['request-timeout']) * 1000 || 0;
  }
  const limitMs = requestTimeoutMs > 0 ? ctx.now + requestTimeoutMs : ctx.options.wait === 'realtime' ? Infinity : ctx.now + FOLLOW_LIMIT_MS;
  let since = ctx.now;
  const terminated = (r: LogRequest) => {
    const pod = ctx.store.get('Pod', r.pod.metadata.namespace, r.pod.metadata.name);
    if (!pod) return true;
    const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])] as Array<{ name: string; state?: { terminated?: unknown } }>;
    const st = statuses.find((s) => s.name === r.container);
    const phase = pod.status?.phase;
    return !!st?.state?.terminated && (pod.spec?.restartPolicy === 'Never' || phase === 'Succeeded' || phase === 'Failed');
  };
  const pump = () => {
    const now = ctx.now;
    for (const r of requests) {
      const chunk = k.logsSince!(r.pod.metadata.namespace!, r.pod.metadata.name, r.container, since);
      if (chunk) ctx.out(withPrefix(r, chunk));
    }
    since = now;
  };
  await ctx.waitUntil(() => requests.every(terminated), limitMs, pump);
  pump();
  return 0;
}

/** `kubectl logs`. */
export const logsVerb: Verb = recordedVerb('logs', {
  name: 'logs',
  group: 'Troubleshooting and Debugging Commands',
  unsupported: ['all-pods', 'insecure-skip-tls-verify-backend', 'limit-bytes', 'since-time'],
  run: runLogs,
});
