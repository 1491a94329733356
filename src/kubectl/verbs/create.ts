/**
 * `kubectl create -f FILE` and the generators `create deployment|namespace|configmap|secret
 * generic|serviceaccount` (kubernetes/kubectl pkg/cmd/create). Each object of a manifest is created
 * on its own; failures are reported per object with their file (`Error from server
 * (AlreadyExists): error when creating "pod.yaml": pods "web" already exists`) and make the exit
 * code 1.
 */
import { isApiError } from '../../engine/api/errors';
import { mustKind, type KindInfo } from '../../engine/api/registry';
import type { NewObject } from '../../engine/api/types';
import type { KubectlContext } from '../context';
import { addSourceToErr, KubectlError, RequiredFlagError } from '../errors';
import { defaultSubCommandRun, renderHelp } from '../help';
import type { FlagValues, Parsed } from '../flags';
import {
  createObject,
  createOrUpdateLastApplied,
  dryRunStrategy,
  fieldValidation,
  filenames,
  OutcomePrinter,
  placeInNamespace,
  readFilenames,
  reportErrors,
} from '../manifest';
import {
  generateConfigMap,
  generateDeployment,
  generateNamespace,
  generateSecret,
  generateServiceAccount,
  parseLiterals,
} from '../generators/index';
import type { Verb } from '../registry';
import { recordedVerb } from './write-help';
import { createServiceVerb } from './create-service';

/** `create` sub-commands of real kubectl that make kinds Podium does not simulate. */
const UNSIMULATED: Record<string, string> = {
  clusterrole: 'ClusterRoles',
  clusterrolebinding: 'ClusterRoleBindings',
  cronjob: 'CronJobs',
  cj: 'CronJobs',
  ingress: 'Ingresses',
  ing: 'Ingresses',
  job: 'Jobs',
  poddisruptionbudget: 'PodDisruptionBudgets',
  pdb: 'PodDisruptionBudgets',
  priorityclass: 'PriorityClasses',
  pc: 'PriorityClasses',
  quota: 'ResourceQuotas',
  resourcequota: 'ResourceQuotas',
  role: 'Roles',
  rolebinding: 'RoleBindings',
  token: 'service account tokens',
};

/** Usage errors end with the hint cmdutil.UsageErrorf adds. */
export function usageError(path: string, msg: string): KubectlError {
  return new KubectlError(`${msg}\nSee 'kubectl ${path} -h' for help and examples`);
}

async function runCreate(ctx: KubectlContext, args: string[], flags: FlagValues): Promise<number> {
  if (args.length) {
    const what = UNSIMULATED[args[0]];
    if (what) throw new KubectlError(`podium: "kubectl create ${args[0]}" is not supported: Podium does not simulate ${what}.`);
    throw usageError('create', `Unexpected args: [${args.join(' ')}]`);
  }
  const files = filenames(flags);
  if (!files.length) throw new KubectlError('must specify one of -f and -k');
  const dryRun = dryRunStrategy(ctx, flags);
  const printer = new OutcomePrinter(ctx, flags.output, dryRun);
  const validation = fieldValidation(flags);
  const { objects, errors } = readFilenames(ctx, files);
  if (!objects.length && !errors.length) throw new KubectlError('no objects passed to create');
  const errs: unknown[] = [...errors];
  for (const m of objects) {
    try {
      const obj = createOrUpdateLastApplied(!!flags['save-config'], placeInNamespace(ctx, m));
      if (dryRun === 'client') {
        printer.print(obj, m.info, 'created');
        continue;
      }
      printer.print(createObject(ctx, obj, { dryRun, validation }), m.info, 'created');
    } catch (e) {
      errs.push(isApiError(e) ? addSourceToErr('creating', m.source, e) : e);
    }
  }
  return reportErrors(ctx, errs);
}

/**
 * Creates (or, with --dry-run=client, only prints) an object a generator built, as the create
 * sub-commands do; `wrap` words a server error as that sub-command does.
 */
async function createGenerated(ctx: KubectlContext, flags: FlagValues, obj: NewObject, info: KindInfo, wrap: (e: unknown) => unknown): Promise<number> {
  const dryRun = dryRunStrategy(ctx, flags);
  const printer = new OutcomePrinter(ctx, flags.output, dryRun, dryRun === 'client');
  const validation = fieldValidation(flags);
  let toSend = createOrUpdateLastApplied(!!flags['save-config'], obj);
  if (dryRun === 'client') {
    printer.print(toSend, info, 'created');
    return 0;
  }
  if (info.namespaced) toSend = { ...toSend, metadata: { ...toSend.metadata, namespace: ctx.namespace } };
  try {
    printer.print(createObject(ctx, toSend, { dryRun, validation }), info, 'created');
  } catch (e) {
    throw wrap(e);
  }
  return 0;
}

/** Wraps a server error as `fmt.Errorf("failed to create deployment: %v", err)` does. */
function failedTo(prefix: string): (e: unknown) => unknown {
  return (e) => new KubectlError(`${prefix}${e instanceof Error ? e.message : String(e)}`);
}

/** NameFromCommandArgs: exactly one NAME before `--`. */
function oneName(path: string, args: string[]): string {
  if (args.length !== 1) throw usageError(path, `exactly one NAME is required, got ${args.length}`);
  return args[0];
}

function requireFlag(parsed: Parsed, name: string): void {
  if (!parsed.changed.has(name)) throw new RequiredFlagError(name);
}

const GENERATOR_UNSUPPORTED = ['template', 'edit'];

const createDeployment = recordedVerb('create deployment', {
  name: 'deployment',
  aliases: ['deploy'],
  unsupported: GENERATOR_UNSUPPORTED,
  run: (ctx, args, flags, parsed) => {
    requireFlag(parsed, 'image');
    const name = oneName('create deployment', args);
    const images = flags.image as string[];
    const obj = generateDeployment({
      name,
      images,
      namespace: ctx.explicitNamespace ? ctx.namespace : undefined,
      replicas: flags.replicas as number,
      port: parsed.changed.has('port') ? (flags.port as number) : -1,
      command: parsed.afterDash ?? [],
      randomSuffix: () => ctx.engine.runtime.rng.nameSuffix(5),
    });
    return createGenerated(ctx, flags, obj, mustKind('Deployment'), failedTo('failed to create deployment: '));
  },
});

const createNamespace = recordedVerb('create namespace', {
  name: 'namespace',
  aliases: ['ns'],
  unsupported: GENERATOR_UNSUPPORTED,
  run: (ctx, args, flags) => createGenerated(ctx, flags, generateNamespace(oneName('create namespace', args)), mustKind('Namespace'), (e) => e),
});

/** `--from-file=[key=]path`: the files come from options.files. */
function fromFiles(ctx: KubectlContext, specs: string[]): Array<[string, string]> {
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const path = eq >= 0 ? spec.slice(eq + 1) : spec;
    const key = eq >= 0 ? spec.slice(0, eq) : path.split('/').pop()!;
    return [key, ctx.readFile(path)];
  });
}

const createConfigMap = recordedVerb('create configmap', {
  name: 'configmap',
  aliases: ['cm'],
  unsupported: [...GENERATOR_UNSUPPORTED, 'from-env-file', 'append-hash'],
  types: { 'from-literal': 'stringArray', 'from-file': 'stringSlice' },
  run: (ctx, args, flags) => {
    const name = oneName('create configmap', args);
    const data = [...parseLiterals((flags['from-literal'] as string[]) ?? [], 'configmap', name), ...fromFiles(ctx, (flags['from-file'] as string[]) ?? [])];
    const obj = generateConfigMap(name, ctx.explicitNamespace ? ctx.namespace : undefined, data);
    return createGenerated(ctx, flags, obj, mustKind('ConfigMap'), failedTo('failed to create configmap: '));
  },
});

const createSecretGeneric = recordedVerb('create secret generic', {
  name: 'generic',
  unsupported: [...GENERATOR_UNSUPPORTED, 'from-env-file', 'append-hash'],
  types: { 'from-literal': 'stringArray', 'from-file': 'stringSlice' },
  run: (ctx, args, flags) => {
    const name = oneName('create secret generic', args);
    const data = [...parseLiterals((flags['from-literal'] as string[]) ?? [], 'secret', name), ...fromFiles(ctx, (flags['from-file'] as string[]) ?? [])];
    const obj = generateSecret(name, ctx.explicitNamespace ? ctx.namespace : undefined, data, (flags.type as string) || undefined);
    return createGenerated(ctx, flags, obj, mustKind('Secret'), failedTo('failed to create secret '));
  },
});

const createSecret = recordedVerb('create secret', {
  name: 'secret',
  subcommands: [createSecretGeneric],
  run: (_ctx, args) => {
    if (args[0] === 'docker-registry' || args[0] === 'tls')
      throw new KubectlError(`podium: "kubectl create secret ${args[0]}" is not supported yet; use "kubectl create secret generic".`);
    return defaultSubCommandRun(_ctx, 'create secret', args, 'err', () => renderHelp(createSecret, ['create', 'secret']));
  },
});

const createServiceAccount = recordedVerb('create serviceaccount', {
  name: 'serviceaccount',
  aliases: ['sa'],
  unsupported: GENERATOR_UNSUPPORTED,
  run: (ctx, args, flags) => {
    const obj = generateServiceAccount(oneName('create serviceaccount', args), ctx.explicitNamespace ? ctx.namespace : undefined);
    return createGenerated(ctx, flags, obj, mustKind('ServiceAccount'), failedTo('failed to create serviceaccount: '));
  },
});

/** kubectl 1.32's descriptions of the `create` sub-commands Podium does not simulate. */
const UNSIMULATED_SHORT: Record<string, string> = {
  clusterrole: 'Create a cluster role',
  clusterrolebinding: 'Create a cluster role binding for a particular cluster role',
  cronjob: 'Create a cron job with the specified name',
  ingress: 'Create an ingress with the specified name',
  job: 'Create a job with the specified name',
  poddisruptionbudget: 'Create a pod disruption budget with the specified name',
  priorityclass: 'Create a priority class with the specified name',
  quota: 'Create a quota with the specified name',
  role: 'Create a role with single rule',
  rolebinding: 'Create a role binding for a particular role or cluster role',
  token: 'Request a service account token',
};

/**
 * Sub-commands of real kubectl for kinds Podium does not serve: they answer with a clear message
 * (flags after the name are taken as arguments, so `create job x --image=busybox` reaches it).
 */
const unsimulatedCreates: Verb[] = [...new Set(Object.values(UNSIMULATED))].map((what) => {
  const names = Object.keys(UNSIMULATED).filter((k) => UNSIMULATED[k] === what);
  return {
    name: names[0],
    aliases: names.slice(1),
    // kubectl's own line in `kubectl create --help` (a student compares it with the real one);
    // running the sub-command says that Podium does not simulate the kind.
    short: UNSIMULATED_SHORT[names[0]] ?? `Create ${what}`,
    usage: `kubectl create ${names[0]} NAME [options]`,
    flags: [],
    interspersed: false,
    run: () => {
      throw new KubectlError(`podium: "kubectl create ${names[0]}" is not supported: Podium does not simulate ${what}.`);
    },
  };
});

/** `kubectl create`. */
export const createVerb: Verb = recordedVerb('create', {
  name: 'create',
  group: 'Basic Commands (Beginner)',
  unsupported: ['edit', 'raw', 'kustomize', 'windows-line-endings', 'template'],
  subcommands: [createConfigMap, createDeployment, createNamespace, createSecret, createServiceVerb, createServiceAccount, ...unsimulatedCreates].sort((a, b) => (a.name < b.name ? -1 : 1)),
  run: runCreate,
});
