/**
 * `kubectl config` (kubectl pkg/cmd/config): view, get-contexts, current-context, use-context,
 * set-context (including `--current --namespace=...`), get-clusters, get-users. The kubeconfig
 * is the one kind writes for a cluster named `podium`; it lives in the engine's client state
 * (context.ts) so that it survives snapshots. Credentials print as kubectl prints them without
 * --raw (`DATA+OMITTED`); Podium has no real certificates, so --raw and --flatten are not
 * supported.
 */
import type { Verb } from '../registry';
import type { Engine } from '../../engine/cluster';
import { editKubeconfig, kubeconfig, type KubeconfigState } from '../context';
import { KubectlError } from '../errors';
import { CLUSTER_NAME } from '../../engine/cluster';
import { fnv1a32Number } from '../../engine/sim/hash';
import { alignTable } from '../printers/tabwriter';
import { formatObjects, parseOutputFormat, GENERIC_OUTPUT_FORMATS } from '../printers/output';
import { toYaml } from '../printers/yaml';
import { goJson } from '../printers/json';
import { executeJsonPath } from '../printers/jsonpath';
import { defaultSubCommandRun, flagsOfRecordedHelp, recordedHelp, renderHelp } from '../help';

/** The name kind gives the cluster, user and context: `kind-podium`. */
export const KIND_CONTEXT = `kind-${CLUSTER_NAME}`;

/**
 * The API server URL in the kubeconfig: kind publishes the API server on 127.0.0.1 at a port
 * Docker picks; Podium derives a stable one from the seed (between 32768 and 60999, Linux's
 * ephemeral port range).
 */
export function apiServerURL(engine: Engine): string {
  const port = 32768 + (fnv1a32Number(`podium-apiserver-${engine.options.seed}`) % (61000 - 32768));
  return `https://127.0.0.1:${port}`;
}

/** The kubeconfig as `kubectl config view` builds it (clientcmdapi v1 Config, typed field order). */
export function kubeconfigObject(engine: Engine, cfg: KubeconfigState, minify = false): Record<string, unknown> {
  const contexts = minify ? cfg.contexts.filter((c) => c.name === cfg.currentContext) : cfg.contexts;
  const clusters = [{ name: KIND_CONTEXT, cluster: { server: apiServerURL(engine), 'certificate-authority-data': 'DATA+OMITTED' } }];
  const users = [{ name: KIND_CONTEXT, user: { 'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED' } }];
  const used = (kind: 'cluster' | 'user') => new Set(contexts.map((c) => c[kind]));
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: minify ? clusters.filter((c) => used('cluster').has(c.name)) : clusters,
    users: minify ? users.filter((u) => used('user').has(u.name)) : users,
    contexts: contexts.map((c) => ({
      name: c.name,
      context: { cluster: c.cluster, ...(c.user ? { user: c.user } : {}), ...(c.namespace ? { namespace: c.namespace } : {}) },
    })),
    'current-context': cfg.currentContext,
  };
}

const OUTPUT_FLAG = {
  name: 'output',
  shorthand: 'o',
  type: 'string' as const,
  default: 'yaml',
  usage: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
};

const viewVerb: Verb = {
  name: 'view',
  short: 'Display merged kubeconfig settings or a specified kubeconfig file',
  usage: 'kubectl config view [flags] [options]',
  flags: [
    { name: 'allow-missing-template-keys', type: 'bool', default: true, usage: 'If true, ignore any errors in templates when a field or map key is missing in the template.' },
    { name: 'flatten', type: 'bool', default: false, usage: 'Flatten the resulting kubeconfig file into self-contained output', unsupported: true },
    { name: 'merge', type: 'bool', default: true, usage: 'Merge the full hierarchy of kubeconfig files' },
    { name: 'minify', type: 'bool', default: false, usage: 'Remove all information not used by current-context from the output' },
    OUTPUT_FLAG,
    { name: 'raw', type: 'bool', default: false, usage: 'Display raw byte data and sensitive data', unsupported: true },
    { name: 'show-managed-fields', type: 'bool', default: false, usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
    { name: 'template', type: 'string', default: '', usage: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' },
  ],
  run(ctx, args, flags) {
    if (args.length) throw new KubectlError(`unexpected arguments: [${args.join(' ')}]`);
    const fmt = parseOutputFormat(String(flags.output || 'yaml'), GENERIC_OUTPUT_FORMATS, (flags.template as string) || undefined);
    const cfg = kubeconfig(ctx.engine);
    const minify = !!flags.minify;
    if (minify && !cfg.contexts.some((c) => c.name === cfg.currentContext))
      throw new KubectlError(`cannot locate context ${cfg.currentContext}`);
    const obj = kubeconfigObject(ctx.engine, cfg, minify);
    switch (fmt.kind) {
      case 'yaml':
        ctx.out(toYaml(obj));
        break;
      case 'json':
        ctx.out(goJson(obj, '    ', false) + '\n');
        break;
      case 'jsonpath':
      case 'jsonpath-as-json':
        ctx.out(executeJsonPath(fmt.arg!, obj, { outputJson: fmt.kind === 'jsonpath-as-json', allowMissingKeys: flags['allow-missing-template-keys'] !== false }));
        break;
      default:
        ctx.out(formatObjects([obj as never], String(flags.output)));
    }
    return 0;
  },
};

const getContextsVerb: Verb = {
  name: 'get-contexts',
  short: 'Describe one or many contexts',
  usage: 'kubectl config get-contexts [(-o|--output=)name)] [options]',
  flags: [
    { name: 'no-headers', type: 'bool', default: false, usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
    { name: 'output', shorthand: 'o', type: 'string', default: '', usage: 'Output format. One of: (name).' },
  ],
  run(ctx, args, flags) {
    const output = String(flags.output ?? '');
    // kubectl pkg/cmd/config/get_contexts.go: only '' and 'name' are supported.
    if (output !== '' && output !== 'name') throw new KubectlError(`--output ${output} is not available in kubectl config get-contexts; resetting to default output format`);
    const cfg = kubeconfig(ctx.engine);
    const wanted = args.length ? args : cfg.contexts.map((c) => c.name).sort();
    let text = '';
    if (!flags['no-headers'] && output !== 'name') text += 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n';
    const missing: string[] = [];
    for (const name of wanted) {
      const c = cfg.contexts.find((x) => x.name === name);
      if (!c) {
        missing.push(name);
        continue;
      }
      if (output === 'name') text += `${c.name}\n`;
      else text += `${c.name === cfg.currentContext ? '*' : ''}\t${c.name}\t${c.cluster}\t${c.user ?? ''}\t${c.namespace ?? ''}\n`;
    }
    ctx.out(output === 'name' ? text : alignTable(text));
    if (missing.length) throw new KubectlError(missing.map((m) => `context ${m} not found`).join('\nerror: '));
    return 0;
  },
};

const currentContextVerb: Verb = {
  name: 'current-context',
  short: 'Display the current-context',
  usage: 'kubectl config current-context [flags] [options]',
  flags: [],
  run(ctx) {
    const cfg = kubeconfig(ctx.engine);
    if (!cfg.currentContext) throw new KubectlError('current-context is not set');
    ctx.out(`${cfg.currentContext}\n`);
    return 0;
  },
};

const useContextVerb: Verb = {
  name: 'use-context',
  aliases: ['use'],
  short: 'Set the current-context in a kubeconfig file',
  usage: 'kubectl config use-context CONTEXT_NAME [options]',
  flags: [],
  run(ctx, args) {
    if (args.length !== 1) {
      // kubectl prints the command's help, then the error.
      ctx.out(recordedHelp(['config', 'use-context']) ?? '');
      throw new KubectlError(`Unexpected args: [${args.join(' ')}]`);
    }
    if (!kubeconfig(ctx.engine).contexts.some((c) => c.name === args[0])) throw new KubectlError(`no context exists with the name: "${args[0]}"`);
    editKubeconfig(ctx.engine).currentContext = args[0];
    ctx.out(`Switched to context "${args[0]}".\n`);
    return 0;
  },
};

const setContextVerb: Verb = {
  name: 'set-context',
  short: 'Set a context entry in kubeconfig',
  usage: 'kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]',
  flags: [
    { name: 'cluster', type: 'string', default: '', usage: 'cluster for the context entry in kubeconfig' },
    { name: 'current', type: 'bool', default: false, usage: 'Modify the current context' },
    { name: 'namespace', type: 'string', default: '', usage: 'namespace for the context entry in kubeconfig' },
    { name: 'user', type: 'string', default: '', usage: 'user for the context entry in kubeconfig' },
  ],
  run(ctx, args, flags, parsed) {
    if (args.length > 1) {
      // kubectl pkg/cmd/config/set_context.go: helpErrorf prints the command's help, then the error.
      ctx.out(recordedHelp(['config', 'set-context']) ?? '');
      throw new KubectlError(`Unexpected args: [${args.join(' ')}]`);
    }
    const read = kubeconfig(ctx.engine);
    let name: string;
    if (flags.current) {
      if (args.length) throw new KubectlError('you cannot specify both a context name and --current');
      if (!read.currentContext) throw new KubectlError('no current context is set');
      name = read.currentContext;
    } else {
      if (args.length !== 1 || !args[0]) throw new KubectlError('you must specify a non-empty context name or --current');
      name = args[0];
    }
    const cfg = editKubeconfig(ctx.engine);
    let c = cfg.contexts.find((x) => x.name === name);
    const created = !c;
    if (!c) {
      c = { name, cluster: '', user: '' };
      cfg.contexts.push(c);
    }
    if (parsed.changed.has('cluster')) c.cluster = String(flags.cluster);
    if (parsed.changed.has('user')) c.user = String(flags.user);
    if (parsed.changed.has('namespace')) {
      const ns = String(flags.namespace);
      if (ns) c.namespace = ns;
      else delete c.namespace;
    }
    ctx.out(`Context "${name}" ${created ? 'created' : 'modified'}.\n`);
    return 0;
  },
};

const getClustersVerb: Verb = {
  name: 'get-clusters',
  short: 'Display clusters defined in the kubeconfig',
  usage: 'kubectl config get-clusters [flags] [options]',
  flags: [],
  run(ctx) {
    ctx.out(`NAME\n${KIND_CONTEXT}\n`);
    return 0;
  },
};

const getUsersVerb: Verb = {
  name: 'get-users',
  short: 'Display users defined in the kubeconfig',
  usage: 'kubectl config get-users [flags] [options]',
  flags: [],
  run(ctx) {
    ctx.out(`NAME\n${KIND_CONTEXT}\n`);
    return 0;
  },
};

/** Sub-commands real kubectl has that change clusters and credentials, which Podium keeps fixed. */
function notSimulated(name: string, short: string): Verb {
  return {
    name,
    short,
    usage: `kubectl config ${name} [options]`,
    // Real kubectl's flags are accepted so that the command explains itself.
    flags: flagsOfRecordedHelp(['config', name]),
    interspersed: false,
    run() {
      throw new KubectlError(`podium: "kubectl config ${name}" is not simulated: Podium's kubeconfig has one cluster and one user (kind-podium).`, 1, true);
    },
  };
}

/** `kubectl config`. */
export const configVerb: Verb = {
  name: 'config',
  group: 'Other Commands',
  short: 'Modify kubeconfig files',
  usage: 'kubectl config SUBCOMMAND [options]',
  flags: [],
  subcommands: [
    currentContextVerb,
    notSimulated('delete-cluster', 'Delete the specified cluster from the kubeconfig'),
    notSimulated('delete-context', 'Delete the specified context from the kubeconfig'),
    notSimulated('delete-user', 'Delete the specified user from the kubeconfig'),
    getClustersVerb,
    getContextsVerb,
    getUsersVerb,
    notSimulated('rename-context', 'Rename a context from the kubeconfig file'),
    notSimulated('set', 'Set an individual value in a kubeconfig file'),
    notSimulated('set-cluster', 'Set a cluster entry in kubeconfig'),
    setContextVerb,
    notSimulated('set-credentials', 'Set a user entry in kubeconfig'),
    notSimulated('unset', 'Unset an individual value in a kubeconfig file'),
    useContextVerb,
    viewVerb,
  ],
  run: (ctx, args) => defaultSubCommandRun(ctx, 'config', args, 'err', () => renderHelp(configVerb, ['config'])),
};
