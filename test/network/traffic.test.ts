/**
 * Traffic through the simulated network, as on a kind cluster with kube-proxy in iptables mode:
 * node ports on every node, load-balancer addresses, load balancing, DNS through CoreDNS pods,
 * kube-proxy's rules outliving their writer, and what a client sees when pieces are missing.
 */
import { describe, expect, it } from 'vitest';
import { netCluster, type NetCluster } from './helpers';
import { runOnHost } from '../../src/engine/network/host';
import { Engine } from '../../src/engine/cluster';
import { clusterNetwork } from '../../src/engine/network/install';

const ECHO = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo
spec:
  replicas: 3
  selector:
    matchLabels:
      app: echo
  template:
    metadata:
      labels:
        app: echo
    spec:
      containers:
      - name: echo
        image: registry.k8s.io/e2e-test-images/agnhost:2.39
        args: ["serve-hostname", "--port", "8080"]
        ports:
        - name: http
          containerPort: 8080
`;

async function withEcho(type = 'ClusterIP', extra = ''): Promise<NetCluster> {
  const c = netCluster();
  const r = await c.sh(
    `kubectl apply -f - <<EOF\n${ECHO}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: echo\nspec:\n  type: ${type}\n  selector:\n    app: echo\n  ports:\n  - port: 80\n    targetPort: http${extra}\nEOF\nkubectl rollout status deployment/echo\nsleep 2\n`,
  );
  expect(r.exitCode).toBe(0);
  return c;
}

const hostCurl = (c: NetCluster, url: string, node?: string) => runOnHost(c.engine, ['curl', '-sS', url], { node });

describe('ClusterIP', () => {
  it('spreads requests over the ready endpoints at random, as the iptables statistic chain does', async () => {
    const c = await withEcho();
    const ip = c.clusterIP('echo');
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const name = hostCurl(c, ip).stdout;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(c.pods('app=echo'));
    // 300 requests over 3 pods: each gets 100 on average; at random, never a perfect round robin.
    for (const n of counts.values()) expect(n).toBeGreaterThan(60);
    expect([...counts.values()].every((n) => n === 100)).toBe(false);
  });

  it('pins a client to one pod with sessionAffinity: ClientIP', async () => {
    const c = await withEcho('ClusterIP', '\n  sessionAffinity: ClientIP');
    const ip = c.clusterIP('echo');
    const answers = new Set(Array.from({ length: 20 }, () => hostCurl(c, ip).stdout));
    expect(answers.size).toBe(1);
  });

  it('takes a pod out of rotation when it stops being ready', async () => {
    const c = await withEcho();
    const [first] = c.pods('app=echo');
    await c.kubectl(`delete pod ${first} --wait=false`);
    const answers = new Set(Array.from({ length: 50 }, () => hostCurl(c, c.clusterIP('echo')).stdout));
    expect(answers.has(first)).toBe(false);
  });

  it('a wrong port on the ClusterIP has no rule: the connection times out', async () => {
    const c = await withEcho();
    const r = hostCurl(c, `${c.clusterIP('echo')}:8080`);
    expect(r.stderr).toBe(`curl: (28) Failed to connect to ${c.clusterIP('echo')} port 8080 after 127000 ms: Couldn't connect to server\n`);
    expect(r.waitedMs).toBe(127000);
  });
});

describe('NodePort and LoadBalancer', () => {
  it('answers on the node port of every node, and on localhost of the node', async () => {
    const c = await withEcho('NodePort');
    const port = c.get('Service', 'echo')!.spec.ports[0].nodePort;
    const pods = new Set(c.pods('app=echo'));
    for (const node of ['172.18.0.2', '172.18.0.3', '172.18.0.4', 'localhost']) expect(pods.has(hostCurl(c, `${node}:${port}`).stdout)).toBe(true);
    // A node port nobody uses: nothing listens on the node, the kernel answers RST.
    expect(hostCurl(c, `172.18.0.3:${port === 32000 ? 32001 : 32000}`).stderr).toMatch(/^curl: \(7\) Failed to connect to 172\.18\.0\.3 port 320\d\d after 1 ms: Couldn't connect to server\n$/);
  });

  it('reaches a LoadBalancer Service on its EXTERNAL-IP once the cloud has provisioned it', async () => {
    const c = await withEcho('LoadBalancer');
    const r = await c.kubectl('get svc echo');
    expect(r.stdout).toMatch(/echo\s+LoadBalancer\s+10\.\S+\s+172\.18\.255\.200\s+80:3\d{4}\/TCP/);
    expect(new Set(c.pods('app=echo')).has(hostCurl(c, '172.18.255.200').stdout)).toBe(true);
  });

  it('shows <pending> until then', async () => {
    const c = netCluster();
    await c.kubectl('create service loadbalancer lb --tcp=80:8080');
    expect((await c.kubectl('get svc lb')).stdout).toMatch(/lb\s+LoadBalancer\s+10\.\S+\s+<pending>\s+80:3\d{4}\/TCP\s+0s/);
  });
});

describe('DNS', () => {
  it('answers only through CoreDNS pods: scaled to zero, lookups fail as resolvers report it', async () => {
    const c = await withEcho();
    const r = await c.sh('kubectl scale deployment coredns -n kube-system --replicas=0\nsleep 40\nkubectl get ep kube-dns -n kube-system');
    expect(r.stdout).toMatch(/kube-dns\s+<none>/);
    const nslookup = await c.kubectl('run dns --rm -i --restart=Never --image=busybox -- nslookup echo');
    expect(nslookup.stdout).toContain(';; connection timed out; no servers could be reached\n');
    const curl = await c.kubectl('run c --rm -i --restart=Never --image=curlimages/curl -- curl -sS echo');
    expect(curl.stdout + curl.stderr).toContain('curl: (6) Could not resolve host: echo');
    await c.sh('kubectl scale deployment coredns -n kube-system --replicas=2\nkubectl rollout status deployment/coredns -n kube-system');
    const back = await c.kubectl('run dns2 --rm -i --restart=Never --image=busybox -- nslookup echo.default.svc.cluster.local');
    expect(back.stdout).toContain(`Name:\techo.default.svc.cluster.local\nAddress: ${c.clusterIP('echo')}\n`);
  });

  it('resolves short names through the search path and pod names under pod.cluster.local', async () => {
    const c = await withEcho();
    const pod = c.pods('app=echo')[0];
    const other = c.get('Pod', c.pods('app=echo')[1])!.status.podIP as string;
    const short = await c.kubectl(`exec ${pod} -- nslookup echo`);
    expect(short.stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\techo.default.svc.cluster.local\nAddress: ${c.clusterIP('echo')}\n\n`);
    const podName = await c.kubectl(`exec ${pod} -- nslookup ${other.replace(/\./g, '-')}.default.pod.cluster.local`);
    expect(podName.stdout).toContain(`Address: ${other}\n`);
    const ns = await c.kubectl(`exec ${pod} -- nslookup kube-dns.kube-system`);
    expect(ns.stdout).toContain('Name:\tkube-dns.kube-system.svc.cluster.local\nAddress: 10.96.0.10\n');
  });

  it('gives headless Services the ready pod IPs and ExternalName Services a CNAME', async () => {
    const c = await withEcho('ClusterIP', '\n  clusterIP: None');
    await c.kubectl('create service externalname ext --external-name podium-worker');
    const ips = c
      .pods('app=echo')
      .map((p) => c.get('Pod', p)!.status.podIP as string)
      .sort();
    const r = await c.kubectl('run dns --rm -i --restart=Never --image=busybox:1.28 -- nslookup echo');
    for (const ip of ips) expect(r.stdout).toContain(`${ip} ${ip.replace(/\./g, '-')}.echo.default.svc.cluster.local`);
    const ext = await c.kubectl(`exec ${c.pods('app=echo')[0]} -- nslookup ext`);
    expect(ext.stdout).toContain('ext.default.svc.cluster.local\tcanonical name = podium-worker\nName:\tpodium-worker\nAddress: 172.18.0.3\n');
  });

  it('cluster names do not resolve on a node, whose resolver is Docker’s', async () => {
    const c = await withEcho();
    expect(hostCurl(c, 'echo.default.svc.cluster.local').stderr).toBe('curl: (6) Could not resolve host: echo.default.svc.cluster.local\n');
    const viaCoreDNS = runOnHost(c.engine, ['nslookup', 'echo.default.svc.cluster.local', '10.96.0.10']);
    expect(viaCoreDNS.stdout).toContain(`Address: ${c.clusterIP('echo')}\n`);
  });
});

describe('kube-proxy', () => {
  it('a node whose kube-proxy is gone keeps its last rules: new Services fail there, removed pods are still targeted', async () => {
    const c = await withEcho();
    await c.sh('kubectl delete daemonset kube-proxy -n kube-system\nsleep 40');
    await c.kubectl('create service clusterip late --tcp=80:8080');
    expect(hostCurl(c, c.clusterIP('late')).stderr).toContain('after 127000 ms');
    expect(new Set(c.pods('app=echo')).has(hostCurl(c, c.clusterIP('echo')).stdout)).toBe(true);
    await c.sh('kubectl scale deployment echo --replicas=0\nsleep 40');
    expect(c.pods('app=echo')).toEqual([]);
    // The stale rules DNAT to pod IPs nobody holds any more.
    expect(hostCurl(c, c.clusterIP('echo')).stderr).toBe(`curl: (7) Failed to connect to ${c.clusterIP('echo')} port 80 after 3070 ms: Couldn't connect to server\n`);
  });

  it('a restored snapshot keeps the frozen rules and continues identically', async () => {
    const c = await withEcho();
    await c.sh('kubectl delete pod -n kube-system -l k8s-app=kube-proxy --wait=false');
    const snap = c.engine.snapshot();
    const copy = Engine.restore(snap, { strict: true });
    const a = clusterNetwork(c.engine);
    const b = clusterNetwork(copy);
    expect(JSON.stringify(b.save())).toBe(JSON.stringify(a.save()));
    for (const e of [c.engine, copy]) {
      for (let i = 0; i < 10; i++) runOnHost(e, ['curl', '-s', c.clusterIP('echo')]);
      e.runtime.advance(60_000);
    }
    expect(JSON.stringify(copy.snapshot())).toBe(JSON.stringify(c.engine.snapshot()));
  });
});
