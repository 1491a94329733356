/**
 * `kubectl` alone (and `kubectl --help`), `kubectl options` and `kubectl help [command]`: their
 * texts are the ones real kubectl v1.32 prints (helptext/help.json).
 */
import type { Verb } from '../registry';
import { recordedHelp, renderHelp } from '../help';

/** `kubectl` with no command: the command list (same as `kubectl --help`, exit code 0). */
export const rootVerb: Verb = {
  name: '__root__',
  short: 'kubectl controls the Kubernetes cluster manager',
  usage: 'kubectl [flags] [options]',
  flags: [],
  run(ctx) {
    ctx.out(recordedHelp([]) ?? 'kubectl controls the Kubernetes cluster manager.\n');
    return 0;
  },
};

/** `kubectl options`: the global flags. */
export const optionsVerb: Verb = {
  name: 'options',
  short: 'Print the list of flags inherited by all commands',
  usage: 'kubectl options [flags] [options]',
  flags: [],
  run(ctx, args) {
    // Like kubectl, extra words are ignored.
    ctx.out(recordedHelp(['options'])!);
    return 0;
  },
};

/** `kubectl help [command]`: cobra's help command. */
export const helpVerb: Verb = {
  name: 'help',
  short: 'Help about any command',
  usage: 'kubectl help [command] [options]',
  flags: [],
  async run(ctx, args) {
    // Imported lazily: the registry imports this file.
    const { VERBS } = await import('./index');
    if (!args.length) {
      ctx.out(recordedHelp([])!);
      return 0;
    }
    let verbs = VERBS;
    const path: string[] = [];
    let verb: Verb | undefined;
    for (const a of args) {
      const next = verbs.find((v) => v.name === a || v.aliases?.includes(a));
      if (!next) break;
      verb = next;
      path.push(next.name);
      verbs = next.subcommands ?? [];
    }
    if (!verb || verb.name === '__root__') {
      // cobra's help command: "Unknown help topic [...]" and the root's usage (its help without the
      // description), both on stderr, exit status 0 (recorded with kubectl 1.32: `kubectl help nope`).
      ctx.err(`Unknown help topic [${args.map((a) => `\`${a}\``).join(' ')}]\n`);
      ctx.err(`\n\n${recordedHelp([])!.replace(/^[\s\S]*?\n\n(?=Basic Commands)/, '')}`);
      return 0;
    }
    ctx.out(renderHelp(verb, path));
    return 0;
  },
};
