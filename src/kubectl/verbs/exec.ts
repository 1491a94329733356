/**
 * `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]` (kubernetes/kubectl
 * pkg/cmd/exec/exec.go): runs the command in a container through the kubelet (engine.kubelets);
 * its output is printed, and a non-zero exit status ends with `command terminated with exit code N`
 * and that exit code.
 */
import type { KubectlContext } from '../context';
import { KubectlError } from '../errors';
import type { FlagValues, Parsed } from '../flags';
import type { Verb } from '../registry';
import { defaultContainer, kubelets, podForObject } from './logs';
import { recordedVerb } from './write-help';

async function runExec(ctx: KubectlContext, args: string[], flags: FlagValues, parsed: Parsed): Promise<number> {
  if (!args.length) throw new KubectlError("pod or type/name must be specified\nSee 'kubectl exec -h' for help and examples");
  const command = parsed.afterDash ?? [];
  if (args.length > 1)
    throw new KubectlError("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
  if (!command.length) throw new KubectlError('you must specify at least one command for the container');
  if (flags.tty && !flags.stdin) ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  const k = kubelets(ctx);
  const pod = podForObject(ctx, args[0]);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new KubectlError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  let container = String(flags.container ?? '');
  if (container) {
    const spec = pod.spec ?? {};
    const known = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].some((c: { name: string }) => c.name === container);
    if (!known) throw new KubectlError(`container ${container} not found in pod ${pod.metadata.name}`);
  } else container = defaultContainer(ctx, pod, !!flags.quiet);
  const res = k.exec({
    namespace: pod.metadata.namespace!,
    pod: pod.metadata.name,
    container,
    command,
    stdin: flags.stdin ? (ctx.options.stdin ?? '') : undefined,
  });
  ctx.out(res.stdout);
  ctx.err(res.stderr);
  ctx.settle();
  if (res.exitCode !== 0) {
    ctx.err(`command terminated with exit code ${res.exitCode}\n`);
    return res.exitCode;
  }
  return 0;
}

/** `kubectl exec`. */
export const execVerb: Verb = recordedVerb('exec', {
  name: 'exec',
  group: 'Troubleshooting and Debugging Commands',
  unsupported: ['filename'],
  run: runExec,
});
