// Records `kubectl <command> --help` of the real kubectl v1.32 for the network verbs (expose and
// the create service sub-commands) into network-help.json (run by hand: node
// src/kubectl/verbs/network-help.record.mjs). network-verbs.ts builds their Verb definitions from
// it, and network-verbs.test.ts checks that `--help` renders the recorded text exactly.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COMMANDS = ['expose', 'create service', 'create service clusterip', 'create service nodeport', 'create service loadbalancer', 'create service externalname'];

function parse(text) {
  const cut = (from, to) => {
    const i = text.indexOf(from);
    if (i < 0) return undefined;
    const rest = text.slice(i + from.length);
    const j = to.map((t) => rest.indexOf(t)).filter((k) => k >= 0).sort((a, b) => a - b)[0];
    return j === undefined ? rest : rest.slice(0, j);
  };
  const firstSection = ['\nExamples:\n', '\nAvailable Commands:\n', '\nOptions:\n', '\nUsage:\n'].map((s) => text.indexOf(s)).filter((i) => i >= 0).sort((a, b) => a - b)[0];
  const long = text.slice(0, firstSection).replace(/\n$/, '');
  const examples = cut('\nExamples:\n', ['\n\nAvailable Commands:\n', '\n\nOptions:\n', '\n\nUsage:\n']);
  const usage = cut('\nUsage:\n  ', ['\n']);
  const options = cut('\nOptions:\n', ['\nUsage:\n']) ?? '';
  const flags = [];
  for (const m of options.matchAll(/^ {4}(?:-(\S), )?--([a-z0-9-]+)=(.*):\n\t(.*)\n/gm)) {
    const [, shorthand, name, def, usageText] = m;
    let type = 'string';
    let value = def.replace(/^'|'$/g, '');
    if (def === 'true' || def === 'false') [type, value] = ['bool', def === 'true'];
    else if (/^-?\d+$/.test(def)) [type, value] = ['int', Number(def)];
    else if (def.startsWith('[')) [type, value] = ['stringSlice', def === '[]' ? [] : def.slice(1, -1).split(',')];
    flags.push([name, shorthand ?? '', type, value, usageText]);
  }
  return { short: '', long, ...(examples !== undefined ? { examples } : {}), usage, flags, text };
}

const out = { source: 'kubectl v1.32 --help, recorded for Podium (the network verbs)', verbs: {} };
for (const c of COMMANDS) {
  const text = execFileSync('kubectl', [...c.split(' '), '--help'], { env: { ...process.env, KUBECONFIG: '/dev/null', HOME: '/root' } }).toString();
  out.verbs[c] = parse(text);
}
// The one-line descriptions the parent command lists.
const parent = out.verbs['create service'].text;
for (const m of parent.matchAll(/^ {2}(\S+) +(.+)$/gm)) {
  const key = `create service ${m[1]}`;
  if (out.verbs[key]) out.verbs[key].short = m[2];
}
out.verbs['create service'].short = 'Create a service using a specified subcommand';
out.verbs.expose.short = 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service';
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'network-help.json'), JSON.stringify(out, null, 1) + '\n');
