/**
 * The seed's Service part, end to end: its `my-service` and `nginx-service` manifests with what
 * the seed leaves implicit (pods labelled app: MyApp serving on 9376, an nginx Deployment
 * labelled app: nginx, of the 2019 era the seed was written in, so that its welcome page is the
 * one the seed prints), then the seed's commands: `kubectl describe ep/my-service`,
 * `kubectl get svc nginx-service -o wide`, `curl CLUSTER-IP` from the node and from a pod, and
 * `curl nginx-service.default.svc.cluster.local` from a pod.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { netCluster, type NetCluster } from './helpers';
import { NGINX_WELCOME_OLD } from '../../src/engine/kubelet/apps/servers';
import { runOnHost } from '../../src/engine/network/host';

const IMPLICIT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.16
        ports:
        - containerPort: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp
spec:
  replicas: 2
  selector:
    matchLabels:
      app: MyApp
  template:
    metadata:
      labels:
        app: MyApp
    spec:
      containers:
      - name: serve-hostname
        image: registry.k8s.io/e2e-test-images/agnhost:2.39
        args: ["serve-hostname", "--port", "9376"]
        ports:
        - containerPort: 9376
`;

const SEED_SERVICES = `apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: MyApp
  ports:
    - protocol: TCP
      port: 80
      targetPort: 9376
---
apiVersion: v1
kind: Service
metadata:
  name: nginx-service
spec:
  selector:
    app: nginx
  ports:
  - protocol: TCP
    port: 80
    targetPort: 80
`;

describe("the seed's Service walk-through", () => {
  let c: NetCluster;
  beforeAll(async () => {
    c = netCluster();
    const r = await c.sh(`kubectl apply -f - <<EOF\n${IMPLICIT}EOF\nkubectl apply -f - <<EOF\n${SEED_SERVICES}EOF\nkubectl rollout status deployment/nginx\nkubectl rollout status deployment/myapp\nsleep 5\n`);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('service/my-service created\nservice/nginx-service created\n');
  });

  it('kubectl describe ep/my-service lists the MyApp pods under Subsets: Addresses', async () => {
    const ips = c
      .pods('app=MyApp')
      .map((p) => c.get('Pod', p)!.status.podIP as string)
      .sort();
    expect(ips.every((ip) => /^10\.244\.[12]\.\d+$/.test(ip))).toBe(true);
    // The last change was the second pod turning ready.
    const trigger = c
      .pods('app=MyApp')
      .map((p) => c.get('Pod', p)!.status.conditions.find((x: { type: string }) => x.type === 'Ready').lastTransitionTime as string)
      .sort()
      .pop();
    const r = await c.kubectl('describe ep/my-service');
    expect(r.stdout).toBe(
      [
        'Name:         my-service',
        'Namespace:    default',
        'Labels:       <none>',
        `Annotations:  endpoints.kubernetes.io/last-change-trigger-time: ${trigger}`,
        'Subsets:',
        `  Addresses:          ${ips.join(',')}`,
        '  NotReadyAddresses:  <none>',
        '  Ports:',
        '    Name     Port  Protocol',
        '    ----     ----  --------',
        '    <unset>  9376  TCP',
        '',
        'Events:  <none>',
        '',
      ].join('\n'),
    );
  });

  it('kubectl get svc nginx-service -o wide shows the ClusterIP from 10.96.0.0/12 and the selector', async () => {
    const ip = c.clusterIP('nginx-service');
    expect(ip).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    const r = await c.kubectl('get svc nginx-service -o wide');
    const pad = (s: string, n: number) => s.padEnd(n);
    const w = Math.max('CLUSTER-IP'.length, ip.length) + 3;
    const ageS = `${Math.floor((c.engine.runtime.now - Date.parse(c.get('Service', 'nginx-service')!.metadata.creationTimestamp)) / 1000)}s`;
    expect(r.stdout).toBe(`NAME            TYPE        ${pad('CLUSTER-IP', w)}EXTERNAL-IP   PORT(S)   AGE   SELECTOR\nnginx-service   ClusterIP   ${pad(ip, w)}<none>        80/TCP    ${pad(ageS, 6)}app=nginx\n`);
  });

  it('curl CLUSTER-IP from the node returns the welcome page the seed shows', async () => {
    const r = await c.sh(`curl ${c.clusterIP('nginx-service')}`);
    expect(r.stdout).toBe(`$ curl ${c.clusterIP('nginx-service')}\n${NGINX_WELCOME_OLD}`);
    expect(r.stderr).toBe('');
  });

  it('curl CLUSTER-IP and curl nginx-service.default.svc.cluster.local from inside a pod return it too', async () => {
    const pod = c.pods('app=MyApp')[0];
    const byIP = await c.kubectl(`exec ${pod} -- curl -s ${c.clusterIP('nginx-service')}`);
    expect(byIP.stdout).toBe(NGINX_WELCOME_OLD);
    const byName = await c.kubectl(`exec ${pod} -- curl -s nginx-service.default.svc.cluster.local`);
    expect(byName.stdout).toBe(NGINX_WELCOME_OLD);
    expect(byName.exitCode).toBe(0);
  });

  it('a throw-away curl pod reaches it by name as well', async () => {
    const r = await c.kubectl('run curl --rm -i --restart=Never --image=curlimages/curl -- curl -s nginx-service.default.svc.cluster.local');
    expect(r.stdout).toBe(`${NGINX_WELCOME_OLD}pod "curl" deleted\n`);
  });

  it("nginx writes the requests to its access log, with the client's address", async () => {
    const pod = c.pods('app=MyApp')[0];
    const podIP = c.get('Pod', pod)!.status.podIP;
    await c.kubectl(`exec ${pod} -- curl -s nginx-service`);
    const logs = (await Promise.all(c.pods('app=nginx').map((p) => c.kubectl(`logs ${p}`)))).map((r) => r.stdout).join('');
    expect(logs).toMatch(new RegExp(`^${podIP.replace(/\./g, '\\.')} - - \\[03/Mar/2025:09:0\\d:\\d\\d \\+0000\\] "GET / HTTP/1.1" 200 612 "-" "curl/8.12.1" "-"$`, 'm'));
  });

  it('my-service balances across both MyApp pods (serve-hostname names the pod that answered)', async () => {
    const ip = c.clusterIP('my-service');
    const answers = Array.from({ length: 20 }, () => runOnHost(c.engine, ['curl', '-s', ip]).stdout);
    expect(answers).toHaveLength(20);
    expect(new Set(answers)).toEqual(new Set(c.pods('app=MyApp')));
  });

  it('the Endpoints follow a rolling update of the nginx Deployment', async () => {
    const before = new Set(c.pods('app=nginx'));
    const r = await c.sh('kubectl set image deployment/nginx nginx=nginx:1.27\nkubectl rollout status deployment/nginx\nsleep 5');
    expect(r.exitCode).toBe(0);
    const after = c.pods('app=nginx');
    expect(after.some((p) => before.has(p))).toBe(false);
    const ep = c.get('Endpoints', 'nginx-service')!;
    const ips = ep.subsets[0].addresses.map((a: { targetRef: { name: string } }) => a.targetRef.name).sort();
    expect(ips).toEqual(after);
    const page = await c.sh(`curl -s ${c.clusterIP('nginx-service')}`);
    expect(page.stdout).toContain('html { color-scheme: light dark; }');
  });
});
