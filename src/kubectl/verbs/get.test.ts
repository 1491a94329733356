import { describe, expect, it } from 'vitest';
import { ago, kitEngine, kubectl, ns, runningPod } from '../testing/kit';
import type { KObject } from '../../engine/api/types';

const deployment = (name: string, replicas: number, ready: number): KObject =>
  ({
    kind: 'Deployment',
    metadata: { name, namespace: 'default', creationTimestamp: ago(600), labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    },
    status: { replicas, updatedReplicas: replicas, readyReplicas: ready, availableReplicas: ready },
  }) as unknown as KObject;

const base = () => [ns('default'), ns('kube-system'), runningPod('web-1', { ageSeconds: 120 }), runningPod('web-22', { ageSeconds: 3700, ip: '10.244.2.7', node: 'podium-worker2' })];

describe('kubectl get', () => {
  it('prints a pod table with kubectl column widths', async () => {
    const r = await kubectl(kitEngine(base()), 'get pods');
    expect(r).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: 'NAME     READY   STATUS    RESTARTS   AGE\nweb-1    1/1     Running   0          2m\nweb-22   1/1     Running   0          61m\n',
    });
  });

  it('prints wide columns with -o wide', async () => {
    const r = await kubectl(kitEngine(base()), 'get po -o wide');
    expect(r.stdout).toBe(
      'NAME     READY   STATUS    RESTARTS   AGE   IP           NODE             NOMINATED NODE   READINESS GATES\n' +
        'web-1    1/1     Running   0          2m    10.244.1.5   podium-worker    <none>           <none>\n' +
        'web-22   1/1     Running   0          61m   10.244.2.7   podium-worker2   <none>           <none>\n',
    );
  });

  it('says "No resources found in NS namespace." on stderr', async () => {
    const r = await kubectl(kitEngine(base()), 'get pods -n kube-system');
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: 'No resources found in kube-system namespace.\n' });
  });

  it('prints several kinds with kind-prefixed names and a blank line between tables', async () => {
    const r = await kubectl(kitEngine([...base(), deployment('web', 2, 2)]), 'get deploy,pods');
    expect(r.stdout).toBe(
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/web   2/2     2            2           10m\n\n' +
        'NAME         READY   STATUS    RESTARTS   AGE\npod/web-1    1/1     Running   0          2m\npod/web-22   1/1     Running   0          61m\n',
    );
  });

  it('reports a missing name while printing the others', async () => {
    const r = await kubectl(kitEngine(base()), 'get pod web-1 nope');
    expect(r.stdout).toBe('NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          2m\n');
    expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(r.exitCode).toBe(1);
  });

  it('adds NAMESPACE with -A and LABELS with --show-labels', async () => {
    const r = await kubectl(kitEngine(base()), 'get pods -A --show-labels');
    expect(r.stdout.split('\n')[0]).toBe('NAMESPACE   NAME     READY   STATUS    RESTARTS   AGE   LABELS');
    expect(r.stdout.split('\n')[1]).toBe('default     web-1    1/1     Running   0          2m    app=web');
  });

  it('adds label columns with -L', async () => {
    const r = await kubectl(kitEngine(base()), 'get pods -L app,app.kubernetes.io/name');
    expect(r.stdout.split('\n')[0]).toBe('NAME     READY   STATUS    RESTARTS   AGE   APP   NAME');
  });

  it('filters with label and field selectors', async () => {
    const e = kitEngine(base());
    expect((await kubectl(e, 'get pods -l app!=web')).stderr).toBe('No resources found in default namespace.\n');
    expect((await kubectl(e, 'get pods --field-selector spec.nodeName=podium-worker2 -o name')).stdout).toBe('pod/web-22\n');
    const bad = await kubectl(e, 'get pods --field-selector foo=bar');
    expect(bad.stderr).toBe(
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo\n',
    );
    const dep = await kubectl(e, 'get deploy --field-selector status.phase=x');
    expect(dep.stderr).toBe(
      'Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match label selector "", field selector "status.phase=x": "status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"\n',
    );
  });

  it('sorts with --sort-by', async () => {
    const r = await kubectl(kitEngine(base()), 'get pods --sort-by=.metadata.creationTimestamp -o name');
    expect(r.stdout).toBe('pod/web-22\npod/web-1\n');
  });

  it('prints a named object as YAML and a list as kind: List', async () => {
    const e = kitEngine(base());
    const one = await kubectl(e, 'get pod web-1 -o yaml');
    expect(one.stdout.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: "2025-03-03T09:58:00Z"\n')).toBe(true);
    const list = await kubectl(e, 'get pods -l app=none -o yaml');
    expect(list.stdout).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });

  it('prints jsonpath and custom columns', async () => {
    const e = kitEngine(base());
    expect((await kubectl(e, "get pods -o jsonpath='{.items[*].metadata.name}'")).stdout).toBe('web-1 web-22');
    expect((await kubectl(e, 'get pods -o custom-columns=NAME:.metadata.name,IP:.status.podIP')).stdout).toBe('NAME     IP\nweb-1    10.244.1.5\nweb-22   10.244.2.7\n');
  });

  it('rejects unknown types and output formats as kubectl does', async () => {
    const e = kitEngine(base());
    expect((await kubectl(e, 'get foo')).stderr).toBe('error: the server doesn\'t have a resource type "foo"\n');
    expect((await kubectl(e, 'get statefulsets')).stderr).toBe(
      'error: the server doesn\'t have a resource type "statefulsets"\npodium: StatefulSet (apps/v1) exists in Kubernetes but Podium does not simulate it yet.\n',
    );
    expect((await kubectl(e, 'get pods -o foo')).stderr).toBe(
      'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    );
  });

  it('asks for a resource type when none is given', async () => {
    const r = await kubectl(kitEngine(base()), 'get');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n',
    );
  });
});

describe('kubectl get: messages for empty results, unknown types and unsupported formats', () => {
  const engine = kitEngine([ns('default'), ns('kube-system'), runningPod('web-1'), runningPod('dns', { namespace: 'kube-system', labels: { k8s: 'dns' } })]);
  it.each<[string, string, string, number]>([
    ['get all -A', 'NAMESPACE     NAME        READY   STATUS    RESTARTS   AGE\ndefault       pod/web-1   1/1     Running   0          5m\nkube-system   pod/dns     1/1     Running   0          5m\n', '', 0],
    ['get svc -A', '', 'No resources found\n', 0],
    ['get nodes', '', 'No resources found\n', 0],
    ['get pods -n nope', '', 'No resources found in nope namespace.\n', 0],
    ['get pods --field-selector=status.phase!=Running', '', 'No resources found in default namespace.\n', 0],
    ['get pods -l !app -A', 'NAMESPACE     NAME   READY   STATUS    RESTARTS   AGE\nkube-system   dns    1/1     Running   0          5m\n', '', 0],
    ['get pods -l app in (web,db) -o name', 'pod/web-1\n', '', 0],
    ['get foo', '', 'error: the server doesn\'t have a resource type "foo"\n', 1],
    [
      'get ingress',
      '',
      'error: the server doesn\'t have a resource type "ingress"\npodium: Ingress (networking.k8s.io/v1) exists in Kubernetes but Podium does not simulate it yet.\n',
      1,
    ],
    [
      'get pods --field-selector=spec.foo=bar',
      '',
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo\n',
      1,
    ],
    [
      'get deploy --field-selector=status.phase=Running',
      '',
      'Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match label selector "", field selector "status.phase=Running": "status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"\n',
      1,
    ],
    ['get pods -o go-template={{.metadata.name}}', '', 'error: output format "go-template" (Go templates) is not supported by Podium; use -o jsonpath=... or -o custom-columns=... instead\n', 1],
    ['get pods -o custom-columns-file=x', '', 'error: output format "custom-columns-file" (reading a local file) is not supported by Podium; pass the template inline with -o custom-columns=...\n', 1],
  ])('%s', async (line, stdout, stderr, exit) => {
    const r = await kubectl(engine, line.replace(/-l (.*?)( -|$)/, (_m, sel, rest) => `-l '${sel}'${rest}`));
    expect([r.stdout, r.stderr, r.exitCode]).toEqual([stdout, stderr, exit]);
  });
});
