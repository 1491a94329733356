/** `--help` output in kubectl's layout. */
import type { Verb } from './registry';
import { GLOBAL_FLAGS } from './global';

/** The help text of a verb (`path` is e.g. ['rollout', 'status']). */
export function renderHelp(verb: Verb, path: string[]): string {
  const lines: string[] = [];
  if (verb.long) lines.push(verb.long.trimEnd(), '');
  if (verb.examples) lines.push('Examples:', verb.examples.trimEnd(), '');
  if (verb.subcommands?.length) {
    lines.push('Available Commands:');
    const w = Math.max(...verb.subcommands.map((s) => s.name.length));
    for (const s of verb.subcommands) lines.push(`  ${s.name.padEnd(w)}   ${s.short}`);
    lines.push('');
  }
  const visible = verb.flags.filter((f) => !f.hidden && !f.unsupported);
  if (visible.length) {
    lines.push('Options:');
    for (const f of visible) {
      const short = f.shorthand ? `-${f.shorthand}, ` : '';
      const def = f.default !== undefined && f.default !== '' && !(Array.isArray(f.default) && !f.default.length) ? `=${Array.isArray(f.default) ? `[${f.default.join(',')}]` : f.default}` : '';
      lines.push(`    ${short}--${f.name}${def}:`, `\t${f.usage}`, '');
    }
  }
  lines.push('Usage:', `  ${verb.usage}`, '');
  lines.push(`Use "kubectl options" for a list of global command-line options (applies to all commands).`);
  void path;
  void GLOBAL_FLAGS;
  return lines.join('\n') + '\n';
}
