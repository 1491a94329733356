// Records `kubectl <command> --help` of the real kubectl v1.32 for the commands Podium implements
// (run by hand: node src/kubectl/helptext/record.mjs). help.ts prints these texts verbatim, and
// help.test.ts checks that every flag they list is declared by the verb (supported or not).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COMMANDS = [
  '', 'options',
  'get', 'describe', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'cluster-info dump',
  'config', 'config view', 'config get-contexts', 'config current-context', 'config use-context', 'config set-context',
  'config get-clusters', 'config get-users', 'config set', 'config unset', 'config rename-context', 'config delete-context',
  'config delete-cluster', 'config delete-user', 'config set-cluster', 'config set-credentials',
];
// The write-side verbs build their help from their Verb definitions; their real help is recorded
// as a test fixture only, to check that help.ts renders kubectl's layout exactly.
const FIXTURE_COMMANDS = [
  'create', 'create deployment', 'create namespace', 'create configmap', 'create secret', 'create secret generic', 'create service',
  'create service clusterip', 'create service nodeport', 'create serviceaccount', 'run', 'expose', 'apply', 'replace', 'patch', 'delete',
  'edit', 'scale', 'set', 'set image', 'rollout', 'rollout status', 'rollout history', 'rollout undo', 'rollout pause',
  'rollout resume', 'rollout restart', 'wait', 'label', 'annotate', 'logs', 'exec', 'cordon', 'uncordon', 'drain', 'taint',
];
function record(commands, file) {
  const out = {};
  for (const c of commands) {
    const args = c ? [...c.split(' '), '--help'] : ['--help'];
    if (c === 'options') args.pop();
    out[c || '__root__'] = execFileSync('kubectl', args, { env: { ...process.env, KUBECONFIG: '/dev/null', HOME: '/root' } }).toString();
  }
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), file), JSON.stringify(out, null, 1) + '\n');
}
record(COMMANDS, 'help.json');
record(FIXTURE_COMMANDS, 'fixtures/write-verbs-help.json');
