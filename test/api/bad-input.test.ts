/**
 * Bad input (issue 2): each gets a clear error, as kubectl 1.32 and the API server word it, and
 * leaves the cluster exactly as it was. "Exactly" is checked on the whole snapshot (objects,
 * resourceVersion counter, RNG, timers, queues): no simulated time passes during a rejected
 * command, so nothing may differ at all, not even the RNG a rejected create might have drawn on.
 *
 * The client-side messages were recorded with kubectl v1.32.5 (flag errors, YAML errors); the
 * server-side ones follow the API server (apps validation, the strategies' immutability checks,
 * the Conflict of a stale resourceVersion) and kubectl's CheckErr/AddSourceToErr wrapping.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type KubectlResult } from '../../src/index';
import { diffPaths } from '../support';

const DEPLOYMENT = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${extra}spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: nginx
`;

/** A "billion laughs" document: 9 levels of 9 aliases, 387,420,489 strings once expanded. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\ndata:\n  ${lines.join('\n  ')}\n`;
}

const FILES: Record<string, string> = {
  // Line 5 is indented one space too far: go-yaml stops at its `:`.
  'pod-bad-indent.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n   labels: x\nspec: {}\n',
  'pod-tab.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: web\n',
  'pod-unclosed.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n',
  'bomb.yaml': aliasBomb(),
  'widget.yaml': 'apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n',
  'apps-v2.yaml': DEPLOYMENT('w').replace('apps/v1', 'apps/v2'),
  'no-kind.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n',
  'unknown-field.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: c\n    image: nginx\n    imagee: x\n',
  'invalid.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: Bad_Name
spec:
  replicas: -1
  selector:
    matchLabels:
      app: a
  template:
    metadata:
      labels:
        app: b
    spec:
      containers:
      - name: c
        image: nginx
      - name: c
        image: nginx
`,
  'big.yaml': DEPLOYMENT('big').replace('replicas: 2', 'replicas: 100001'),
  'stale-apply.yaml': DEPLOYMENT('web', '  resourceVersion: "5"\n'),
};

const DNS1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('bad input: a clear error, and the cluster exactly as it was', () => {
  let cluster: Cluster;
  const files: Record<string, string> = { ...FILES };

  beforeAll(async () => {
    cluster = createCluster({ strict: true });
    // Something to update, scale and conflict with.
    expect((await cluster.kubectl('create deployment web --image=nginx --replicas=2')).exitCode).toBe(0);
    cluster.advance(30_000);
    files['stale-replace.yaml'] = (await cluster.kubectl('get deployment web -o yaml')).stdout;
    expect((await cluster.kubectl('scale deployment web --replicas=3')).exitCode).toBe(0);
    cluster.advance(30_000);
  });

  /** Runs a command that must fail, checking that the whole cluster state is byte-identical after it. */
  async function rejected(line: string): Promise<KubectlResult> {
    const before = cluster.snapshot();
    const t = cluster.now();
    const r = await cluster.kubectl(line, { files });
    expect(cluster.now()).toBe(t);
    expect(diffPaths(before, cluster.snapshot())).toEqual([]);
    return r;
  }

  it.each([
    // go-yaml (sigs.k8s.io/yaml) names the line only; see the report on the column.
    ['apply -f pod-bad-indent.yaml', 'error: error parsing pod-bad-indent.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\npodium: the YAML problem is at line 5, column 10 of pod-bad-indent.yaml\n'],
    ['create -f pod-bad-indent.yaml', 'error: error parsing pod-bad-indent.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\npodium: the YAML problem is at line 5, column 10 of pod-bad-indent.yaml\n'],
    ['apply -f pod-tab.yaml', 'error: error parsing pod-tab.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\npodium: the YAML problem is at line 4, column 1 of pod-tab.yaml\n'],
    ['apply -f pod-unclosed.yaml', "error: error parsing pod-unclosed.yaml: error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'\npodium: the YAML problem is at line 4, column 3 of pod-unclosed.yaml\n"],
  ])('malformed YAML: %s', async (line, stderr) => {
    expect(await rejected(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  it('an alias bomb is refused without expanding it', async () => {
    expect(await rejected('apply -f bomb.yaml')).toEqual({
      stdout: '',
      stderr: 'error: error parsing bomb.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing\n',
      exitCode: 1,
    });
    // The same through stdin and `create`.
    const r = await cluster.kubectl('create -f -', { stdin: files['bomb.yaml'] });
    expect(r.stderr).toContain('yaml: document contains excessive aliasing');
    expect(cluster.engine.store.get('ConfigMap', 'default', 'laughs')).toBeUndefined();
  });

  it.each([
    ['apply -f widget.yaml', 'error: resource mapping not found for name: "w" namespace: "" from "widget.yaml": no matches for kind "Widget" in version "v1"\nensure CRDs are installed first\n'],
    ['create -f widget.yaml', 'error: resource mapping not found for name: "w" namespace: "" from "widget.yaml": no matches for kind "Widget" in version "v1"\nensure CRDs are installed first\n'],
    ['apply -f apps-v2.yaml', 'error: resource mapping not found for name: "w" namespace: "" from "apps-v2.yaml": no matches for kind "Deployment" in version "apps/v2"\nensure CRDs are installed first\n'],
    ['apply -f no-kind.yaml', `error: unable to decode "no-kind.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'\n`],
    ['get widgets', 'error: the server doesn\'t have a resource type "widgets"\n'],
    ['delete widgets w', 'error: the server doesn\'t have a resource type "widgets"\n'],
  ])('unknown kind or apiVersion: %s', async (line, stderr) => {
    expect(await rejected(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  it('an invalid object: every error listed as the API server lists them', async () => {
    expect(await rejected('apply -f invalid.yaml')).toEqual({
      stdout: '',
      stderr:
        'The Deployment "Bad_Name" is invalid: \n' +
        `* metadata.name: Invalid value: "Bad_Name": ${DNS1123}\n` +
        '* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n' +
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`\n' +
        '* spec.template.spec.containers[1].name: Duplicate value: "c"\n',
      exitCode: 1,
    });
    expect(await rejected('apply -f unknown-field.yaml')).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): error when creating "unknown-field.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"\n',
      exitCode: 1,
    });
    expect(await rejected('create deployment Bad_Name --image=nginx')).toEqual({
      stdout: '',
      stderr: `error: failed to create deployment: Deployment.apps "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${DNS1123}\n`,
      exitCode: 1,
    });
    expect(await rejected(`patch deployment web -p '{"spec":{"selector":{"matchLabels":{"app":"other"}}}}'`)).toEqual({
      stdout: '',
      stderr:
        'The Deployment "web" is invalid: \n' +
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`\n' +
        '* spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n',
      exitCode: 1,
    });
    expect(await rejected(`patch deployment web -p '{"spec":{"replicas":"x"}}'`)).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n',
      exitCode: 1,
    });
  });

  it('a stale update gets the API server\'s Conflict', async () => {
    // The YAML was read before the scale: its resourceVersion is stale.
    expect(files['stale-replace.yaml']).toContain('replicas: 2');
    expect(await rejected('replace -f stale-replace.yaml')).toEqual({
      stdout: '',
      stderr:
        'Error from server (Conflict): error when replacing "stale-replace.yaml": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
      exitCode: 1,
    });
    const apply = await rejected('apply -f stale-apply.yaml');
    expect(apply.exitCode).toBe(1);
    expect(apply.stderr).toMatch(/^Warning: resource deployments\/web is missing the kubectl.kubernetes.io\/last-applied-configuration annotation/);
    expect(apply.stderr).toContain('Error from server (Conflict): error when applying patch:\n');
    expect(apply.stderr).toMatch(
      /for: "stale-apply.yaml": error when patching "stale-apply.yaml": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n$/,
    );
    const rv = cluster.engine.store.get('Deployment', 'default', 'web')!.metadata.resourceVersion;
    expect(await rejected('scale deployment web --replicas=4 --resource-version=1')).toEqual({
      stdout: '',
      stderr: `error: Expected resource version to be 1, was ${rv}\n`,
      exitCode: 1,
    });
    // The store itself: a conditional update with a stale resourceVersion.
    const { store } = cluster.engine;
    const cur = store.get('Deployment', 'default', 'web')!;
    const before = cluster.snapshot();
    expect(() => store.update({ ...cur, metadata: { ...cur.metadata, resourceVersion: '1' }, spec: { ...cur.spec, replicas: 9 } })).toThrow(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(diffPaths(before, cluster.snapshot())).toEqual([]);
  });

  it.each([
    ['delete pod nope', 'Error from server (NotFound): pods "nope" not found\n'],
    ['delete deployment nope', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['delete rc nope', 'Error from server (NotFound): replicationcontrollers "nope" not found\n'],
    ['delete pod nope -n kube-public', 'Error from server (NotFound): pods "nope" not found\n'],
    ['delete -f widget.yaml', 'error: resource mapping not found for name: "w" namespace: "" from "widget.yaml": no matches for kind "Widget" in version "v1"\nensure CRDs are installed first\n'],
    ['label pod nope a=b', 'Error from server (NotFound): pods "nope" not found\n'],
  ])('deleting what does not exist: %s', async (line, stderr) => {
    expect(await rejected(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  it('deleting by a selector that matches nothing says so and succeeds', async () => {
    expect(await rejected('delete pod -l app=nope')).toEqual({ stdout: 'No resources found\n', stderr: '', exitCode: 0 });
  });

  it("more than 100,000 replicas: Podium's own limit, said as such", async () => {
    const limit = 'Invalid value: 100001: must be less than or equal to 100000 (a Podium limit; Kubernetes allows up to 2147483647)';
    expect(await rejected('apply -f big.yaml')).toEqual({ stdout: '', stderr: `The Deployment "big" is invalid: spec.replicas: ${limit}\n`, exitCode: 1 });
    expect(await rejected('scale deployment web --replicas=100001')).toEqual({ stdout: '', stderr: `The Deployment "web" is invalid: spec.replicas: ${limit}\n`, exitCode: 1 });
    expect(await rejected('create deployment big --image=nginx --replicas=100001')).toEqual({
      stdout: '',
      stderr: `error: failed to create deployment: Deployment.apps "big" is invalid: spec.replicas: ${limit}\n`,
      exitCode: 1,
    });
    expect((await rejected(`patch deployment web -p '{"spec":{"replicas":2147483647}}'`)).stderr).toContain('a Podium limit');
  });

  it("kubectl's own client-side checks (recorded with kubectl v1.32.5)", async () => {
    expect(await rejected('scale deployment web --replicas=-1')).toEqual({
      stdout: '',
      stderr: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n',
      exitCode: 1,
    });
    expect(await rejected('scale deployment web --replicas=abc')).toEqual({
      stdout: '',
      stderr: 'error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee \'kubectl scale --help\' for usage.\n',
      exitCode: 1,
    });
  });

  it('a manifest of several documents applies the good ones and reports each failure, in kubectl\'s order', async () => {
    const multi = `${files['widget.yaml']}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\ndata:\n  a: b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad\n`;
    const r = await cluster.kubectl('apply -f multi.yaml', { files: { 'multi.yaml': multi } });
    expect(r).toEqual({
      stdout: 'configmap/good created\n',
      stderr:
        'resource mapping not found for name: "w" namespace: "" from "multi.yaml": no matches for kind "Widget" in version "v1"\nensure CRDs are installed first\n' +
        `Error from server (Invalid): error when creating "multi.yaml": ConfigMap "Bad" is invalid: metadata.name: Invalid value: "Bad": ${DNS1123}\n`,
      exitCode: 1,
    });
    expect(cluster.engine.store.get('ConfigMap', 'default', 'good')?.data).toEqual({ a: 'b' });
  });

  it('the cluster still works after all that', async () => {
    expect((await cluster.kubectl('scale deployment web --replicas=2')).exitCode).toBe(0);
    expect((await cluster.kubectl('rollout status deployment/web --timeout=5m')).stdout).toContain('successfully rolled out');
    expect(cluster.engine.runtime.errors).toEqual([]);
  });
});
