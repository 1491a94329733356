/**
 * `kubectl run NAME --image=IMAGE [-- COMMAND/ARGS]` (kubernetes/kubectl pkg/cmd/run/run.go): creates
 * one pod (`pod/web created`), `--expose` a service for it. With `-i`/`--attach` it waits for the
 * pod to run (or finish), shows its output, waits for it to end when its restart policy is Never or
 * OnFailure, and with `--rm` deletes it afterwards (`pod "tmp" deleted`):
 *
 *   $ kubectl run tmp --rm -i --restart=Never --image=busybox -- wget -qO- http://web
 *   <html>...
 *   pod "tmp" deleted
 *
 * The seed's pre-1.18 `kubectl run NAME --image=httpd --replicas=2` gets kubectl 1.32's error,
 * followed by one line of Podium's pointing to `kubectl create deployment`.
 */
import { isApiError } from '../../engine/api/errors';
import { mustKind } from '../../engine/api/registry';
import type { KObject, NewObject } from '../../engine/api/types';
import { applyPatch, type PatchType } from '../../engine/api/patch';
import type { KubectlContext } from '../context';
import { KubectlError, RequiredFlagError } from '../errors';
import { parseGoDuration, type FlagValues, type Parsed } from '../flags';
import { createObject, createOrUpdateLastApplied, dryRunStrategy, OutcomePrinter, reportErrors } from '../manifest';
import { generatePod, parsePairs, parseRunEnvs, parseRunLabels } from '../generators/index';
import type { Verb } from '../registry';
import { cascadingStrategy, deleteTargets } from './delete';
import { kubelets } from './logs';
import { recordedFlags, recordedVerb } from './write-help';
import { usageError } from './create';

/** Flags kubectl run had before 1.18; kubectl 1.32 rejects them as unknown. */
const REMOVED_FLAGS = ['generator', 'replicas'];

/** The ONE line Podium adds after kubectl's error for the old `run --replicas` syntax. */
export function removedFlagHint(name: string, image: string, replicas: string | undefined): string {
  // The seed itself writes `kubectl run httpd-ken1--generator=run-pod/v1 ...` (a space lost): the
  // name kubectl sees then carries the glued flag, which is no valid name to suggest.
  const glued = /^(.+?)--[a-z][a-z-]*=/.exec(name);
  const n = (glued ? glued[1] : name) || 'NAME';
  const img = image || 'IMAGE';
  return `podium: since kubectl 1.18 "kubectl run" creates a single pod; for a deployment use: kubectl create deployment ${n} --image=${img}${replicas ? ` --replicas=${replicas}` : ''}\n`;
}

/** A simplified docker reference check (distribution/reference ReferenceRegexp). */
export function validImageReference(image: string): boolean {
  const component = '[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*';
  const domain = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?';
  const re = new RegExp(`^${domain}${component}(?:/${component})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);
  return re.test(image);
}

const phaseOf = (p: KObject | undefined) => p?.status?.phase as string | undefined;

function podReady(p: KObject): boolean {
  return ((p.status?.conditions ?? []) as Array<{ type: string; status: string }>).some((c) => c.type === 'Ready' && c.status === 'True');
}

async function runRun(ctx: KubectlContext, args: string[], flags: FlagValues, parsed: Parsed): Promise<number> {
  const removed = [...parsed.changed].find((f) => REMOVED_FLAGS.includes(f));
  if (removed) {
    ctx.err(`error: unknown flag: --${removed}\nSee 'kubectl run --help' for usage.\n`);
    ctx.err(removedFlagHint(args[0] ?? '', String(flags.image ?? ''), flags.replicas ? String(flags.replicas) : undefined));
    return 1;
  }
  if (!parsed.changed.has('image')) throw new RequiredFlagError('image');
  if (!args.length) throw usageError('run', 'NAME is required for run');
  const name = args[0];
  const commandArgs = [...args.slice(1), ...(parsed.afterDash ?? [])];
  const image = String(flags.image);
  const annotations = parsePairs((flags.annotations as string[]) ?? [], 'annotation');
  const labels = parseRunLabels(String(flags.labels ?? ''));
  const env = parseRunEnvs((flags.env as string[]) ?? []);
  const stdin = !!flags.stdin;
  const tty = !!flags.tty;
  const restart = String(flags.restart ?? 'Always');
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw usageError('run', `invalid restart policy: ${restart}`);
  const pullPolicy = String(flags['image-pull-policy'] ?? '');
  if (pullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) throw usageError('run', `invalid image pull policy: ${pullPolicy}`);
  const attach = parsed.changed.has('attach') ? !!flags.attach : stdin;
  const dryRun = dryRunStrategy(ctx, flags);
  if (!validImageReference(image)) throw new KubectlError(`Invalid image name ${JSON.stringify(image)}: invalid reference format`);
  if (tty && !stdin) throw usageError('run', '-i/--stdin is required for containers with -t/--tty=true');
  const portText = String(flags.port ?? '');
  const expose = !!flags.expose;
  if (expose && !portText) throw usageError('run', '--port must be set when exposing a service');
  let port: number | undefined;
  if (portText) {
    if (!/^[+-]?\d+$/.test(portText)) throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(portText)}: invalid syntax`);
    port = Number(portText);
  }
  if (!attach && flags.rm) throw usageError('run', '--rm should only be used for attached containers');
  if (attach && dryRun !== 'none') throw usageError('run', "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");

  let pod: NewObject = generatePod({
    name,
    image,
    // run.go sets the namespace on a client dry run only when -n was given.
    namespace: dryRun === 'client' && ctx.explicitNamespace ? ctx.namespace : undefined,
    labels,
    annotations,
    env,
    port,
    args: commandArgs,
    command: !!flags.command,
    restartPolicy: restart,
    imagePullPolicy: pullPolicy || undefined,
    privileged: !!flags.privileged,
    stdin,
    stdinOnce: !flags['leave-stdin-open'] && stdin,
    tty,
  });
  const overrides = String(flags.overrides ?? '');
  if (overrides) {
    let patch: unknown;
    try {
      patch = JSON.parse(overrides);
    } catch (e) {
      throw new KubectlError(`error: unable to parse overrides: ${(e as Error).message}`);
    }
    const type = String(flags['override-type'] ?? 'merge') as PatchType;
    pod = applyPatch(pod as KObject, type, patch, mustKind('Pod'));
  }
  const service: NewObject | undefined = expose
    ? {
        kind: 'Service',
        apiVersion: 'v1',
        metadata: { name, ...(labels ? { labels } : {}), creationTimestamp: null } as unknown as NewObject['metadata'],
        spec: { ports: [{ protocol: 'TCP', port, targetPort: port }], selector: labels ?? { run: name } },
        status: { loadBalancer: {} },
      }
    : undefined;

  const printer = new OutcomePrinter(ctx, flags.output, dryRun, dryRun === 'client');
  const created: Array<{ obj: KObject | NewObject; kind: string }> = [];
  const nsd = (o: NewObject): NewObject => ({ ...o, metadata: { ...o.metadata, namespace: ctx.namespace } });
  for (const [obj, kind] of [[pod, 'Pod'], ...(service ? [[service, 'Service']] : [])] as Array<[NewObject, string]>) {
    if (dryRun === 'client') {
      created.push({ obj, kind });
      continue;
    }
    const toSend = createOrUpdateLastApplied(!!flags['save-config'], nsd(obj));
    try {
      created.push({ obj: createObject(ctx, toSend, { dryRun, validation: 'Strict' }), kind });
    } catch (e) {
      if (kind === 'Pod') throw e;
      return reportErrors(ctx, [e]);
    }
  }
  if (!attach) {
    for (const c of created) printer.print(c.obj, mustKind(c.kind), 'created');
    return 0;
  }
  return attachToPod(ctx, name, restart, flags, created.map((c) => c.kind));
}

/**
 * The attach part of `run -i`/`--attach` (run.go handleAttachPod and what follows): wait for the
 * pod to run or finish, show its output, wait for its end (Never/OnFailure), then `--rm`.
 */
async function attachToPod(ctx: KubectlContext, name: string, restart: string, flags: FlagValues, kinds: string[]): Promise<number> {
  const ns = ctx.namespace;
  const timeoutMs = parseGoDuration(String(flags['pod-running-timeout'] ?? '1m0s'));
  const get = () => {
    const p = ctx.store.get('Pod', ns, name);
    return p ? ctx.store.present(p) : undefined;
  };
  const finished = (p: KObject | undefined) => phaseOf(p) === 'Succeeded' || phaseOf(p) === 'Failed';
  const remove = async () => {
    if (!flags.rm) return [];
    const targets = kinds.map((k) => ({ info: mustKind(k), namespace: ns, name }));
    return deleteTargets(ctx, targets, {
      gracePeriod: -1,
      propagation: cascadingStrategy(ctx, String(flags.cascade ?? 'background')),
      dryRun: 'none',
      ignoreNotFound: true,
      wait: false,
      timeoutMs: 0,
      output: '',
      warnClusterScope: false,
      quiet: !!flags.quiet,
    });
  };
  try {
    const k = kubelets(ctx);
    // waitForPod(podRunningAndReady): running and ready, or already completed.
    const started = await ctx.waitUntil(() => {
      const p = get();
      return !p || finished(p) || (phaseOf(p) === 'Running' && podReady(p));
    }, ctx.now + timeoutMs);
    let pod = get();
    if (!pod) throw new KubectlError(`pods "${name}" not found`);
    if (!started) throw new KubectlError('timed out waiting for the condition');
    const container = pod.spec?.containers?.[0]?.name ?? name;
    let since = ctx.now;
    if (finished(pod)) {
      ctx.out(k.logs(ns, name, { container }));
    } else {
      // Attached: whatever the container printed so far, then its output as it comes.
      if (!flags.quiet) ctx.err("If you don't see a command prompt, try pressing enter.\n");
      ctx.out(k.logs(ns, name, { container }));
      since = ctx.now;
      const restarts = (p: KObject | undefined) => ((p?.status?.containerStatuses ?? []) as Array<{ restartCount?: number }>)[0]?.restartCount ?? 0;
      const initialRestarts = restarts(pod);
      const stopped = (p: KObject | undefined) => {
        if (!p || finished(p)) return true;
        const st = ((p.status?.containerStatuses ?? []) as Array<{ state?: { terminated?: unknown } }>)[0];
        return !!st?.state?.terminated || restarts(p) !== initialRestarts;
      };
      const pump = () => {
        if (!k.logsSince) return;
        const now = ctx.now;
        const chunk = k.logsSince(ns, name, container, since);
        if (chunk) ctx.out(chunk);
        since = now;
      };
      await ctx.waitUntil(() => stopped(get()), Infinity, pump);
      pump();
    }
    if (restart === 'Never' || restart === 'OnFailure') {
      const exitCondition = restart === 'OnFailure' ? (p: KObject | undefined) => phaseOf(p) === 'Succeeded' : finished;
      const ended = await ctx.waitUntil(() => exitCondition(get()), ctx.now + timeoutMs);
      pod = get();
      if (!ended || !pod) throw new KubectlError('timed out waiting for the condition');
      if (phaseOf(pod) === 'Failed') {
        const st = ((pod.status?.containerStatuses ?? []) as Array<{ state?: { terminated?: { exitCode?: number; reason?: string; message?: string } } }>)[0];
        const term = st?.state?.terminated;
        if (!term || !term.exitCode) throw new KubectlError(`pod ${ns}/${name} failed with unknown exit code`);
        const errs = await remove();
        void errs;
        // uexec.CodeExitError: kubectl prints the message as is and exits with the container's code.
        ctx.err(`pod ${ns}/${name} terminated (${term.reason ?? 'Error'})\n${term.message ?? ''}\n`);
        return term.exitCode;
      }
    }
  } catch (e) {
    const errs = await remove();
    return reportErrors(ctx, [e, ...errs]);
  }
  const errs = await remove();
  return reportErrors(ctx, errs.filter((e) => !isApiError(e, 'NotFound')));
}

/** `kubectl run`. */
export const runVerb: Verb = {
  ...recordedVerb('run', {
    name: 'run',
    group: 'Basic Commands (Beginner)',
    unsupported: ['kustomize', 'filename', 'recursive', 'template', 'force', 'grace-period', 'timeout', 'wait'],
    types: { env: 'stringArray', annotations: 'stringArray' },
    run: runRun,
  }),
};
// The removed pre-1.18 flags are accepted by the parser only so that run() can add its hint.
runVerb.flags = [
  ...recordedFlags('run', { unsupported: ['kustomize', 'filename', 'recursive', 'template', 'force', 'grace-period', 'timeout', 'wait'], types: { env: 'stringArray', annotations: 'stringArray' } }),
  ...REMOVED_FLAGS.map((n) => ({ name: n, type: 'string' as const, usage: '', hidden: true })),
];
