/**
 * The seed tutorial (../shared/seed/k8s-core-pod-deployment-service.zh.txt), every command outside
 * its Service part, run in order on one cluster through cluster.kubectl, with what kubectl 1.32
 * prints against a 1.32 kubeadm/kind cluster with containerd.
 *
 * The cluster is seeded, so the outputs are exact. Each expected text was checked against real
 * kubectl 1.32 rather than copied from Podium: the client-side ones (`run`'s flag errors,
 * `create deployment --dry-run=client -o yaml`) were printed by kubectl v1.32.5 on this machine;
 * the server-side ones follow kubectl's describe.go, get's table printers, rollout_status.go and
 * history.go (1.32) line by line: column sets, the tabwriter alignment (the describe-pod `IPs:` and
 * `Controlled By:` lines share a section), 1.32 event wording (`Scaled up replica set X from 0 to 2`,
 * `Successfully pulled image "nginx" in 2.491s (2.491s including waiting). Image size: ...`), the
 * events sorted as SortableEvents does (the scheduler's events.k8s.io eventTime has microseconds,
 * the kubelet's lastTimestamp whole seconds), `op=Exists` in tolerations, containerd IDs, the
 * projected `kube-api-access-*` token volume that replaced the seed's `default-token-*` secret.
 * Where the seed (a 2019 cluster) differs, the 1.32 form is expected: `docker://` IDs become
 * `containerd://`, `pulling image` becomes `Pulling image`, `kubelet, host1` becomes `kubelet`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/index';
import { runScenario } from '../../src/cli/main';
import type { KubectlResult } from '../../src/index';

/**
 * One command's output as its golden file holds it: the command, stdout, stderr (if any) and the
 * exit code. The goldens (test/seed/golden/) are the regression net; after a deliberate change,
 * `npx vitest run test/seed -u` rewrites them and `git diff` shows exactly what moved.
 */
function show(line: string, r: KubectlResult): string {
  return `$ kubectl ${line}\n${r.stdout}${r.stderr ? `--- stderr\n${r.stderr}` : ''}--- exit ${r.exitCode}\n`;
}

/** The seed's pod.yaml: a pod named `web`. */
const POD_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: 80
`;

/** A ReplicationController for the seed's `kubectl delete rc NAME`. */
const RC_YAML = `apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  selector:
    app: nginx
  template:
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
`;

const T0 = Date.parse('2025-03-03T09:00:00Z');

describe('the seed walk-through, in order, on one cluster', () => {
  let cluster: Cluster;
  const files: Record<string, string> = { 'pod.yaml': POD_YAML, 'rc.yaml': RC_YAML };
  const kubectl = (line: string) => cluster.kubectl(line, { files });
  /** Seconds since the cluster's start time. */
  const elapsed = () => (cluster.now() - T0) / 1000;

  beforeAll(() => {
    cluster = createCluster({ strict: true });
  });

  it('lists pods: none in default; the kubeadm system pods in kube-system', async () => {
    expect(cluster.now()).toBe(T0);
    await expect(show('get pod', await kubectl('get pod'))).toMatchFileSnapshot('golden/01-get-pod.txt');
    await expect(show('get pod -n kube-system', await kubectl('get pod -n kube-system'))).toMatchFileSnapshot('golden/02-get-pod-n-kube-system.txt');
  });

  it('create -f pod.yaml works once; the second time gives AlreadyExists as kubectl prints it', async () => {
    await expect(show('create -f pod.yaml', await kubectl('create -f pod.yaml'))).toMatchFileSnapshot('golden/03-create-f-pod-yaml.txt');
    await expect(show('create -f pod.yaml', await kubectl('create -f pod.yaml'))).toMatchFileSnapshot('golden/04-create-f-pod-yaml.txt');
  });

  it('get pod -o wide shows the pod IP from the node\'s 10.244.N.0/24 and the node', async () => {
    cluster.advance(60_000);
    await expect(show('get pod -o wide', await kubectl('get pod -o wide'))).toMatchFileSnapshot('golden/05-get-pod-o-wide.txt');
    expect(elapsed()).toBe(60);
  });

  it('describe node shows the node the pod runs on', async () => {
    await expect(show('describe node podium-worker', await kubectl('describe node podium-worker'))).toMatchFileSnapshot('golden/06-describe-node-podium-worker.txt');
  });

  it('apply -f pod.yaml may be repeated (the first over a created object warns and patches the annotation)', async () => {
    await expect(show('apply -f pod.yaml', await kubectl('apply -f pod.yaml'))).toMatchFileSnapshot('golden/07-apply-f-pod-yaml.txt');
    await expect(show('apply -f pod.yaml', await kubectl('apply -f pod.yaml'))).toMatchFileSnapshot('golden/08-apply-f-pod-yaml.txt');
    const pod = cluster.engine.store.get('Pod', 'default', 'web')!;
    expect(pod.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"name":"web"');
  });

  it('describe pod web', async () => {
    await expect(show('describe pod web', await kubectl('describe pod web'))).toMatchFileSnapshot('golden/09-describe-pod-web.txt');
  });

  it('delete pod --all, delete -f FILE, delete pod NAME (and NotFound the second time)', async () => {
    await expect(show('delete pod --all', await kubectl('delete pod --all'))).toMatchFileSnapshot('golden/10-delete-pod-all.txt');
    await expect(show('get pod', await kubectl('get pod'))).toMatchFileSnapshot('golden/11-get-pod.txt');
    await expect(show('apply -f pod.yaml', await kubectl('apply -f pod.yaml'))).toMatchFileSnapshot('golden/12-apply-f-pod-yaml.txt');
    await expect(show('run web2 --image=nginx', await kubectl('run web2 --image=nginx'))).toMatchFileSnapshot('golden/13-run-web2-image-nginx.txt');
    cluster.advance(10_000);
    await expect(show('get pod', await kubectl('get pod'))).toMatchFileSnapshot('golden/14-get-pod.txt');
    await expect(show('delete -f pod.yaml', await kubectl('delete -f pod.yaml'))).toMatchFileSnapshot('golden/15-delete-f-pod-yaml.txt');
    await expect(show('delete -f pod.yaml', await kubectl('delete -f pod.yaml'))).toMatchFileSnapshot('golden/16-delete-f-pod-yaml.txt');
    await expect(show('delete pod web2', await kubectl('delete pod web2'))).toMatchFileSnapshot('golden/17-delete-pod-web2.txt');
    await expect(show('delete pod web2', await kubectl('delete pod web2'))).toMatchFileSnapshot('golden/18-delete-pod-web2.txt');
  });

  it('delete rc NAME: the controller goes at once, its pods terminate and are replaced by nothing', async () => {
    await expect(show('create -f rc.yaml', await kubectl('create -f rc.yaml'))).toMatchFileSnapshot('golden/19-create-f-rc-yaml.txt');
    cluster.advance(20_000);
    await expect(show('get rc', await kubectl('get rc'))).toMatchFileSnapshot('golden/20-get-rc.txt');
    await expect(show('get pod -o wide', await kubectl('get pod -o wide'))).toMatchFileSnapshot('golden/21-get-pod-o-wide.txt');
    await expect(show('delete rc nginx', await kubectl('delete rc nginx'))).toMatchFileSnapshot('golden/22-delete-rc-nginx.txt');
    await expect(show('get pod', await kubectl('get pod'))).toMatchFileSnapshot('golden/23-get-pod.txt');
    cluster.advance(60_000);
    await expect(show('get pod', await kubectl('get pod'))).toMatchFileSnapshot('golden/24-get-pod.txt');
  });

  it("the seed's old `kubectl run NAME --generator=run-pod/v1 --replicas=2`: kubectl 1.32's error and one Podium line", async () => {
    // Start the Deployment part on a whole minute, as the seed's transcript would.
    cluster.advance(60_000 - (cluster.now() % 60_000));
    expect(elapsed()).toBe(180);
    await expect(show('run httpd-ken1 --generator=run-pod/v1 --image=httpd --replicas=2', await kubectl('run httpd-ken1 --generator=run-pod/v1 --image=httpd --replicas=2'))).toMatchFileSnapshot('golden/25-run-httpd-ken1-generator-run-pod-v1-image-httpd-replicas-2.txt');
    expect(cluster.engine.store.list('Pod', { namespace: 'default' })).toEqual([]);
    expect(cluster.engine.store.list('Deployment', { namespace: 'default' })).toEqual([]);
  });

  it('create deployment (the dry run is the manifest kept for later editing), then rollout status', async () => {
    await expect(show('create deployment httpd-ken --image=httpd --replicas=2 --dry-run=client -o yaml', await kubectl('create deployment httpd-ken --image=httpd --replicas=2 --dry-run=client -o yaml'))).toMatchFileSnapshot('golden/26-create-deployment-httpd-ken-image-httpd-replicas-2-dry-run-c.txt');
    files['httpd-ken.yaml'] = (await kubectl('create deployment httpd-ken --image=httpd --replicas=2 --dry-run=client -o yaml')).stdout;
    await expect(show('create deployment httpd-ken --image=httpd --replicas=2', await kubectl('create deployment httpd-ken --image=httpd --replicas=2'))).toMatchFileSnapshot('golden/27-create-deployment-httpd-ken-image-httpd-replicas-2.txt');
    await expect(show('rollout status deployment/httpd-ken', await kubectl('rollout status deployment/httpd-ken'))).toMatchFileSnapshot('golden/28-rollout-status-deployment-httpd-ken.txt');
  });

  it('get deployment and describe deployment', async () => {
    cluster.advance(60_000);
    await expect(show('get deployment', await kubectl('get deployment'))).toMatchFileSnapshot('golden/29-get-deployment.txt');
    await expect(show('describe deployment httpd-ken', await kubectl('describe deployment httpd-ken'))).toMatchFileSnapshot('golden/30-describe-deployment-httpd-ken.txt');
  });

  it('get replicaset and describe replicaset', async () => {
    await expect(show('get replicaset', await kubectl('get replicaset'))).toMatchFileSnapshot('golden/31-get-replicaset.txt');
    await expect(show('describe replicaset', await kubectl('describe replicaset'))).toMatchFileSnapshot('golden/32-describe-replicaset.txt');
  });

  it('get pod and describe pod (every pod of the namespace)', async () => {
    await expect(show('get pod', await kubectl('get pod'))).toMatchFileSnapshot('golden/33-get-pod.txt');
    await expect(show('describe pod', await kubectl('describe pod'))).toMatchFileSnapshot('golden/34-describe-pod.txt');
  });

  it('editing the image in the YAML and applying it starts a rolling update; rollout status follows it to the end', async () => {
    files['httpd-ken.yaml'] = files['httpd-ken.yaml'].replace('- image: httpd\n', '- image: httpd:2.4-alpine\n');
    expect(files['httpd-ken.yaml']).toContain('- image: httpd:2.4-alpine\n');
    await expect(show('apply -f httpd-ken.yaml', await kubectl('apply -f httpd-ken.yaml'))).toMatchFileSnapshot('golden/35-apply-f-httpd-ken-yaml.txt');
    await expect(show('rollout status deployment/httpd-ken', await kubectl('rollout status deployment/httpd-ken'))).toMatchFileSnapshot('golden/36-rollout-status-deployment-httpd-ken.txt');
    await expect(show('get replicaset', await kubectl('get replicaset'))).toMatchFileSnapshot('golden/37-get-replicaset.txt');
    await expect(show('get pod', await kubectl('get pod'))).toMatchFileSnapshot('golden/38-get-pod.txt');
    await expect(show('rollout history deployment/httpd-ken', await kubectl('rollout history deployment/httpd-ken'))).toMatchFileSnapshot('golden/39-rollout-history-deployment-httpd-ken.txt');
    cluster.advance(60_000);
    await expect(show('describe deployment httpd-ken', await kubectl('describe deployment httpd-ken'))).toMatchFileSnapshot('golden/40-describe-deployment-httpd-ken.txt');
  });

  it('delete deployment NAME takes its ReplicaSets and pods with it', async () => {
    await expect(show('delete deployment httpd-ken', await kubectl('delete deployment httpd-ken'))).toMatchFileSnapshot('golden/41-delete-deployment-httpd-ken.txt');
    cluster.advance(60_000);
    await expect(show('get deployment,replicaset,pod', await kubectl('get deployment,replicaset,pod'))).toMatchFileSnapshot('golden/42-get-deployment-replicaset-pod.txt');
    expect(cluster.engine.store.list('ReplicaSet', { namespace: 'default' })).toEqual([]);
  });
});

describe('the seed walk-through as a `podium run` script', () => {
  // The same script runs unchanged under bash against a real cluster: `|| true` keeps the second
  // create from stopping `set -e`, and the seed's own (typo'd) `kubectl run` line stops it.
  const SCRIPT = `#!/bin/bash
set -e
kubectl create -f pod.yaml
kubectl create -f pod.yaml || true
kubectl apply -f pod.yaml
kubectl apply -f pod.yaml
kubectl wait --for=condition=Ready pod/web --timeout=60s
kubectl get pod web -o jsonpath='{.status.podIP}{"\\n"}'
kubectl delete pod --all
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpd-ken
spec:
  replicas: 2
  selector:
    matchLabels:
      run: httpd-ken
  template:
    metadata:
      labels:
        run: httpd-ken
    spec:
      containers:
      - name: httpd-ken
        image: httpd
EOF
kubectl rollout status deployment/httpd-ken
sleep 60
kubectl get deployment
kubectl run httpd-ken1--generator=run-pod/v1 --image=httpd --replicas=2
echo not reached
`;

  it('prints the transcript and exits as bash would', async () => {
    const r = await runScenario(SCRIPT, { files: { 'pod.yaml': POD_YAML } });
    expect(r.exitCode).toBe(1);
    expect(r.transcript).toBe(`$ set -e
$ kubectl create -f pod.yaml
pod/web created
$ kubectl create -f pod.yaml || true
Error from server (AlreadyExists): error when creating "pod.yaml": pods "web" already exists
$ kubectl apply -f pod.yaml
Warning: resource pods/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.
pod/web configured
$ kubectl apply -f pod.yaml
pod/web unchanged
$ kubectl wait --for=condition=Ready pod/web --timeout=60s
pod/web condition met
$ kubectl get pod web -o jsonpath='{.status.podIP}{"\\n"}'
10.244.1.2
$ kubectl delete pod --all
pod "web" deleted
$ kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpd-ken
spec:
  replicas: 2
  selector:
    matchLabels:
      run: httpd-ken
  template:
    metadata:
      labels:
        run: httpd-ken
    spec:
      containers:
      - name: httpd-ken
        image: httpd
EOF
deployment.apps/httpd-ken created
$ kubectl rollout status deployment/httpd-ken
Waiting for deployment "httpd-ken" rollout to finish: 0 of 2 updated replicas are available...
deployment "httpd-ken" successfully rolled out
$ sleep 60
$ kubectl get deployment
NAME        READY   UP-TO-DATE   AVAILABLE   AGE
httpd-ken   2/2     2            2           63s
$ kubectl run httpd-ken1--generator=run-pod/v1 --image=httpd --replicas=2
error: unknown flag: --replicas
See 'kubectl run --help' for usage.
podium: since kubectl 1.18 "kubectl run" creates a single pod; for a deployment use: kubectl create deployment httpd-ken1 --image=httpd --replicas=2
`);
  });
});
