import { describe, expect, it } from 'vitest';
import helpTexts from './helptext/help.json';
import writeHelp from './helptext/fixtures/write-verbs-help.json';
import { kubectlCommandNames, renderHelp, unknownCommandMessage } from './help';
import type { FlagSpec } from './flags';
import type { Verb } from './registry';
import { VERBS } from './verbs';
import { GLOBAL_FLAGS } from './global';
import { kitEngine, kubectl } from './testing/kit';

const RECORDED = helpTexts as Record<string, string>;
const WRITE = writeHelp as Record<string, string>;

/** The verb of a command path in the registry. */
function verbAt(path: string[]): Verb | undefined {
  let list = VERBS;
  let v: Verb | undefined;
  for (const p of path) {
    v = list.find((x) => x.name === p || x.aliases?.includes(p));
    if (!v) return undefined;
    list = v.subcommands ?? [];
  }
  return v;
}

/** The `--name` flags an Options block of a recorded help lists. */
function optionNames(text: string): string[] {
  const opts = text.split('\nOptions:\n')[1]?.split('\nUsage:\n')[0] ?? '';
  return [...opts.matchAll(/^ {4}(?:-\S, )?--([a-z0-9-]+)=/gm)].map((m) => m[1]);
}

const readVerbPaths = Object.keys(RECORDED).filter((k) => k !== '__root__' && verbAt(k.split(' '))?.run);

describe('recorded kubectl 1.32 help texts', () => {
  const engine = kitEngine([]);
  it.each(readVerbPaths)('kubectl %s --help prints the recorded text', async (path) => {
    const r = await kubectl(engine, `${path} --help`);
    expect([r.stdout, r.stderr, r.exitCode]).toEqual([RECORDED[path], '', 0]);
  });

  it.each([['kubectl'], ['kubectl --help'], ['kubectl help']])('%s prints the root help', async (line) => {
    const r = await kubectl(engine, line.replace(/^kubectl ?/, ''));
    expect(r.stdout).toBe(RECORDED['__root__']);
    expect(r.exitCode).toBe(0);
  });

  it.each(readVerbPaths)('%s declares every flag real kubectl lists', (path) => {
    const declared = new Set(verbAt(path.split(' '))!.flags.map((f) => f.name));
    expect(optionNames(RECORDED[path]).filter((n) => !declared.has(n))).toEqual([]);
  });

  it('kubectl options lists exactly the global flags Podium declares', () => {
    const declared = GLOBAL_FLAGS.filter((f) => !f.hidden).map((f) => f.name).sort();
    expect(optionNames(`\nOptions:\n${RECORDED.options.replace(/^[\s\S]*?\n\n/, '')}\nUsage:\n`).sort()).toEqual(declared);
  });

  it('lists the command names in kubectl --help order', () => {
    const names = kubectlCommandNames();
    expect(names.slice(0, 4)).toEqual(['create', 'expose', 'run', 'set']);
    expect(names).toContain('api-resources');
    expect(names.indexOf('get')).toBeLessThan(names.indexOf('describe'));
  });
});

/** Rebuilds a Verb from a recorded help text (the inverse of the layout renderHelp produces). */
function verbFromHelp(name: string, text: string): Verb {
  const [head, usagePart] = text.split('\nUsage:\n');
  const usage = usagePart.split('\n')[0].replace(/^ {2}/, '');
  let rest = `${head}\n`;
  const take = (title: string): string | undefined => {
    const at = rest.indexOf(`\n${title}:\n`);
    if (at < 0) return undefined;
    const body = rest.slice(at + title.length + 3);
    rest = rest.slice(0, at + 1);
    return body;
  };
  const options = take('Options');
  const commands = take('Available Commands');
  const examples = take('Examples');
  const flags: FlagSpec[] = [];
  for (const m of (options ?? '').matchAll(/^ {4}(?:-(\S), )?--([a-z0-9-]+)=(.*):\n\t(.*)\n/gm)) {
    const [, shorthand, flag, def, usageText] = m;
    const f: FlagSpec = { name: flag, type: 'string', usage: usageText, ...(shorthand ? { shorthand } : {}) };
    if (def === 'true' || def === 'false') Object.assign(f, { type: 'bool', default: def === 'true' });
    else if (/^-?\d+$/.test(def)) Object.assign(f, { type: 'int', default: Number(def) });
    else if (/^\d+(ms|s|m|h)/.test(def)) Object.assign(f, { type: 'duration', default: def });
    else if (def.startsWith('[')) Object.assign(f, { type: 'stringArray', default: def === '[]' ? [] : def.slice(1, -1).split(',') });
    else Object.assign(f, { default: def.slice(1, -1) });
    flags.push(f);
  }
  const subcommands = [...(commands ?? '').matchAll(/^ {2}(\S+) +(.*)$/gm)].map(([, n, s]) => ({ name: n, short: s, usage: '', flags: [] }));
  return {
    name,
    short: '',
    long: rest.replace(/\n+$/, ''),
    ...(examples ? { examples: examples.replace(/\n+$/, '') } : {}),
    usage,
    flags,
    ...(subcommands.length ? { subcommands } : {}),
  };
}

describe('help layout for verbs without a recorded text', () => {
  // Real kubectl 1.32 help of the write-side verbs (helptext/fixtures): rebuilt into Verb
  // definitions, the renderer must print them back byte for byte.
  it.each(Object.keys(WRITE))('kubectl %s --help layout', (path) => {
    const text = WRITE[path];
    const verb = verbFromHelp(path.split(' ').pop()!, text);
    expect(renderHelp(verb, path.split(' '))).toBe(text);
  });
});

describe('unknown commands', () => {
  // Suggestions come in kubectl --help order (recorded with kubectl 1.32: `kubectl gett`, `kubectl ro`).
  it.each([
    ['gett', 'unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n'],
    ['ro', 'unknown command "ro" for "kubectl"\n\nDid you mean this?\n\trun\n\trollout\n\ttop\n\tcp\n'],
    ['xyzzy', 'unknown command "xyzzy" for "kubectl"'],
    ['descibe', 'unknown command "descibe" for "kubectl"\n\nDid you mean this?\n\tdescribe\n'],
  ])('%s', (typed, message) => {
    expect(unknownCommandMessage(typed)).toBe(message);
  });
});

describe('kubectl help TOPIC', () => {
  const engine = kitEngine([]);
  it('prints a verb help for a known topic', async () => {
    const r = await kubectl(engine, 'help get');
    expect([r.stdout, r.exitCode]).toEqual([RECORDED.get, 0]);
  });

  it('an unknown topic prints the root usage on stderr (recorded: kubectl help nope)', async () => {
    const r = await kubectl(engine, 'help nope');
    const usage = RECORDED.__root__.slice(RECORDED.__root__.indexOf('Basic Commands (Beginner):'));
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['', `Unknown help topic [\`nope\`]\n\n\n${usage}`, 0]);
  });
});

describe('parent commands and flag errors (recorded with kubectl 1.32)', () => {
  const engine = kitEngine([]);
  it('prints a parent command help with exit 1: rollout on stdout, set, config and create secret on stderr', async () => {
    const rollout = await kubectl(engine, 'rollout');
    expect(rollout.exitCode).toBe(1);
    expect(rollout.stdout).toMatch(/^Manage the rollout of one or many resources\./);
    for (const line of ['set', 'config', 'create secret', 'create service']) {
      const r = await kubectl(engine, line);
      expect([line, r.exitCode, r.stdout]).toEqual([line, 1, '']);
      expect(r.stderr.length).toBeGreaterThan(100);
    }
  });

  it('quotes every word of an unknown sub-command together', async () => {
    expect((await kubectl(engine, 'rollout foo deploy/web')).stderr).toBe(`error: unknown command "foo deploy/web"\nSee 'kubectl rollout -h' for help and examples\n`);
    expect((await kubectl(engine, 'config foo')).stderr).toBe(`error: unknown command "foo"\nSee 'kubectl config -h' for help and examples\n`);
    expect((await kubectl(engine, 'set foo')).stderr).toBe(`error: unknown command "foo"\nSee 'kubectl set -h' for help and examples\n`);
  });

  // kubectl's main prints cobra's errors through CheckErr ("error: "); Google Cloud SDK's kubectl
  // dispatcher prints them with cobra's "Error: " and an extra blank line instead.
  it("prints cobra's flag and command errors as kubectl's CheckErr does", async () => {
    expect((await kubectl(engine, 'get pods -o')).stderr).toBe(`error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.\n`);
    expect((await kubectl(engine, 'get pods --bogus')).stderr).toBe(`error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n`);
    expect((await kubectl(engine, 'foo')).stderr).toBe('error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n');
    expect((await kubectl(engine, 'zzzzz')).stderr).toBe('error: unknown command "zzzzz" for "kubectl"\n');
    expect((await kubectl(engine, 'create deployment x')).stderr).toBe('error: required flag(s) "image" not set\n');
  });

  it('ignores extra words after cluster-info, as kubectl does', async () => {
    expect((await kubectl(engine, 'cluster-info foo')).exitCode).toBe(0);
  });
});
