/**
 * `kubectl wait --for=delete|condition=NAME[=VALUE]|jsonpath='{...}'[=VALUE] (TYPE NAME | -l ...)`
 * (kubernetes/kubectl pkg/cmd/wait/wait.go): waits on the simulated clock, object after object,
 * within one `--timeout` (default 30s; 0 checks once; negative means a week). Each met condition
 * prints `pod/web condition met`; a timeout is `error: timed out waiting for the condition on
 * pods/web`.
 */
import type { KObject } from '../../engine/api/types';
import { isApiError, notFound as apiNotFound } from '../../engine/api/errors';
import type { KubectlContext } from '../context';
import { KubectlError } from '../errors';
import { parseGoDuration, type FlagValues } from '../flags';
import { filenames, objectRef, reportErrors, resolveTargets, type Target } from '../manifest';
import { findResults, parseJsonPath, relaxedJsonPath } from '../printers/jsonpath';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';

/** A parsed --for: how to tell, from the object as it is now (or its absence), that it is met. */
export interface WaitCondition {
  forDelete: boolean;
  /** Whether the condition holds for this object (undefined when it does not exist). */
  met(obj: KObject | undefined, uid: string | undefined): boolean;
}

/** Go's strings.EqualFold for the ASCII values conditions use. */
const equalFold = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** conditionFuncFor: parses --for. */
export function parseWaitCondition(spec: string): WaitCondition {
  if (spec.toLowerCase() === 'delete') return { forDelete: true, met: (obj, uid) => !obj || (uid !== undefined && obj.metadata.uid !== uid) };
  if (spec.startsWith('condition=')) {
    let name = spec.slice('condition='.length);
    let value = 'true';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return {
      forDelete: false,
      met: (obj) => {
        if (!obj) return false;
        for (const c of (obj.status?.conditions ?? []) as Array<{ type?: string; status?: string; observedGeneration?: number }>) {
          if (!c.type || !equalFold(c.type, name) || c.status === undefined) continue;
          const generation = obj.metadata.generation;
          const observed = c.observedGeneration ?? obj.status?.observedGeneration;
          if (generation !== undefined && observed !== undefined && observed < generation) return false;
          return equalFold(c.status, value);
        }
        return false;
      },
    };
  }
  if (spec.startsWith('jsonpath=')) {
    const parts = spec.split('=').slice(1);
    if (parts.length > 2) throw new KubectlError("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'");
    let expr: string;
    try {
      expr = relaxedJsonPath(parts[0]);
    } catch (e) {
      throw new KubectlError((e as Error).message);
    }
    if (!expr) throw new KubectlError('jsonpath expression cannot be empty');
    let value = '';
    if (parts.length > 1) {
      if (parts[1] === '') throw new KubectlError('jsonpath wait value cannot be empty');
      value = parts[1].replace(/^['"]+|['"]+$/g, '');
    }
    let root: ReturnType<typeof parseJsonPath>;
    try {
      root = parseJsonPath(expr);
    } catch (e) {
      throw new KubectlError((e as Error).message);
    }
    return {
      forDelete: false,
      met: (obj) => {
        if (!obj) return false;
        const sets = findResults(root, obj as never, true);
        const found = sets.flat();
        if (!found.length) return false;
        if (found.length > 1) throw new KubectlError('given jsonpath expression matches more than one value');
        if (value === '') return true;
        const v = found[0] as unknown;
        if (v !== null && typeof v === 'object') throw new KubectlError('jsonpath leads to a nested object or list which is not supported');
        return String(v) === value;
      },
    };
  }
  throw new KubectlError(`unrecognized condition: ${JSON.stringify(spec)}`);
}

async function runWait(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  const cond = parseWaitCondition(String(flags.for ?? ''));
  let timeoutMs = parseGoDuration(String(flags.timeout ?? '30s'));
  if (timeoutMs < 0) timeoutMs = 168 * 3_600_000;
  const { targets, errors } = resolveTargets(ctx, args, {
    filenames: filenames(flags),
    selector: String(flags.selector ?? ''),
    all: !!flags.all,
    allNamespaces: !!flags['all-namespaces'],
    latest: true,
  });
  const errs: unknown[] = cond.forDelete ? errors.filter((e) => !isApiError(e, 'NotFound')) : [...errors];
  if (!targets.length && !errors.length && !cond.forDelete) throw new KubectlError('no matching resources found');
  const deadline = ctx.now + timeoutMs;
  for (const t of targets) {
    try {
      await waitOne(ctx, t, cond, timeoutMs, deadline);
      ctx.out(`${objectRef(t.info, t.name)} condition met\n`);
    } catch (e) {
      errs.push(e);
      // The shared deadline has passed: later objects time out at once too.
    }
  }
  return reportErrors(ctx, errs);
}

async function waitOne(ctx: KubectlContext, t: Target, cond: WaitCondition, timeoutMs: number, deadline: number): Promise<void> {
  const uid = t.live?.metadata.uid;
  const current = () => {
    const o = ctx.store.get(t.info.kind, t.namespace, t.name);
    return o ? ctx.store.present(o) : undefined;
  };
  if (timeoutMs === 0) {
    if (!cond.met(current(), uid)) throw new KubectlError(`condition not met for ${t.info.resource}/${t.name}`);
    return;
  }
  let failure: unknown;
  const check = () => {
    try {
      const obj = current();
      // A watched object that disappears ends a condition wait with NotFound (preconditionFunc).
      if (!obj && !cond.forDelete) {
        failure = apiNotFound(t.info, t.name);
        return true;
      }
      return cond.met(obj, uid);
    } catch (e) {
      failure = e;
      return true;
    }
  };
  const ok = await ctx.waitUntil(check, deadline);
  if (failure) throw failure;
  if (!ok) throw new KubectlError(`timed out waiting for the condition on ${t.info.resource}/${t.name}`);
}

/** `kubectl wait`. */
export const waitVerb: Verb = recordedVerb('wait', {
  name: 'wait',
  group: 'Advanced Commands',
  unsupported: ['field-selector', 'local', 'template', 'output'],
  run: runWait,
});
