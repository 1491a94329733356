/**
 * Issue 3's bad input: a selector that matches nothing, a port out of range, a duplicate port
 * name, a targetPort name no container declares, DNS names that do not exist, taken or foreign
 * addresses, a client a container does not have. Each gets the real words and leaves the
 * cluster working.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { netCluster, type NetCluster } from './helpers';
import { runOnHost } from '../../src/engine/network/host';

const svc = (name: string, spec: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

describe('bad input', () => {
  let c: NetCluster;
  beforeAll(async () => {
    c = netCluster();
    const r = await c.sh('kubectl create deployment web --image=nginx --port=80 --replicas=2\nkubectl rollout status deployment/web\nsleep 2');
    expect(r.exitCode).toBe(0);
  });

  it('a selector that matches nothing: no endpoints, and requests are rejected by kube-proxy', async () => {
    await c.kubectl('apply -f -', svc('nothing', '  selector:\n    app: nothing\n  ports:\n  - port: 80\n'));
    c.engine.runtime.settle();
    expect((await c.kubectl('get ep nothing')).stdout).toMatch(/^NAME\s+ENDPOINTS\s+AGE\nnothing\s+<none>\s+0s\n$/);
    const ip = c.clusterIP('nothing');
    expect(runOnHost(c.engine, ['curl', ip]).stderr).toBe(`curl: (7) Failed to connect to ${ip} port 80 after 0 ms: Couldn't connect to server\n`);
    const pod = c.pods('app=web')[0];
    const r = await c.kubectl(`run w --rm -i --restart=Never --image=busybox -- wget -qO- http://nothing`);
    expect(r.stdout).toContain(`wget: can't connect to remote host (${ip}): Connection refused\n`);
    const fromPod = await c.kubectl(`exec ${pod} -- curl -sS nothing`);
    expect(fromPod.stderr).toBe("curl: (7) Failed to connect to nothing port 80 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n");
    expect(fromPod.exitCode).toBe(7);
  });

  it('a port out of range', async () => {
    const r = await c.kubectl('apply -f -', svc('big', '  selector:\n    app: web\n  ports:\n  - port: 70000\n'));
    // targetPort defaults to the port, so both are out of range; kubectl lists several causes as bullets.
    expect(r.stderr).toBe(
      'The Service "big" is invalid: \n* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive\n',
    );
    expect(r.exitCode).toBe(1);
  });

  it('a duplicate port name, and unnamed ports among several', async () => {
    const dup = await c.kubectl('apply -f -', svc('dup', '  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n  - name: http\n    port: 81\n'));
    expect(dup.stderr).toBe('The Service "dup" is invalid: spec.ports[1].name: Duplicate value: "http"\n');
    const unnamed = await c.kubectl('apply -f -', svc('unnamed', '  selector:\n    app: web\n  ports:\n  - port: 80\n  - port: 81\n'));
    expect(unnamed.stderr).toBe('The Service "unnamed" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value\n');
  });

  it('a targetPort name no container declares: the pods get no endpoint, requests are rejected', async () => {
    await c.kubectl('apply -f -', svc('named', '  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: http\n'));
    c.engine.runtime.settle();
    const ep = c.get('Endpoints', 'named')!;
    expect(ep.subsets).toBeUndefined();
    expect(runOnHost(c.engine, ['curl', '-sS', c.clusterIP('named')]).stderr).toContain("Couldn't connect to server");
  });

  it('a targetPort nothing listens on: the pod answers RST, connection refused', async () => {
    await c.kubectl('apply -f -', svc('wrongport', '  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n'));
    c.engine.runtime.settle();
    expect(c.get('Endpoints', 'wrongport')!.subsets[0].addresses).toHaveLength(2);
    const ip = c.clusterIP('wrongport');
    expect(runOnHost(c.engine, ['curl', ip]).stderr).toMatch(new RegExp(`^curl: \\(7\\) Failed to connect to ${ip.replace(/\./g, '\\.')} port 80 after [01] ms: Couldn't connect to server\\n$`));
  });

  it('names that do not exist: NXDOMAIN from nslookup, the clients own words elsewhere', async () => {
    const pod = c.pods('app=web')[0];
    const ns = await c.kubectl('run n --rm -i --restart=Never --image=busybox -- nslookup nosuch');
    expect(ns.stdout).toBe(
      [
        'Server:\t\t10.96.0.10',
        'Address:\t10.96.0.10:53',
        '',
        "** server can't find nosuch.default.svc.cluster.local: NXDOMAIN",
        '',
        "** server can't find nosuch.svc.cluster.local: NXDOMAIN",
        '',
        "** server can't find nosuch.cluster.local: NXDOMAIN",
        '',
        "** server can't find nosuch.default.svc.cluster.local: NXDOMAIN",
        '',
        "** server can't find nosuch.svc.cluster.local: NXDOMAIN",
        '',
        "** server can't find nosuch.cluster.local: NXDOMAIN",
        '',
        'pod "n" deleted',
        '',
      ].join('\n'),
    );
    // busybox only searches names without a dot: `web.default` is asked as is.
    const dotted = await c.kubectl('run n2 --rm -i --restart=Never --image=busybox -- nslookup web.default');
    expect(dotted.stdout).toContain("** server can't find web.default: NXDOMAIN\n");
    expect((await c.kubectl(`exec ${pod} -- curl -sS nosuch`)).stderr).toBe('curl: (6) Could not resolve host: nosuch\ncommand terminated with exit code 6\n');
    const wget = await c.kubectl('run w2 --rm -i --restart=Never --image=busybox -- wget -qO- http://nosuch:8080/');
    expect(wget.stdout).toContain("wget: bad address 'nosuch:8080'\n");
    expect(runOnHost(c.engine, ['curl', 'http://web']).stderr).toBe('curl: (6) Could not resolve host: web\n');
  });

  it('a requested ClusterIP that is taken or outside 10.96.0.0/12, and node ports likewise', async () => {
    const taken = await c.kubectl('create service clusterip dns --tcp=53 --clusterip=10.96.0.10');
    expect(taken.stderr).toBe(
      'error: failed to create ClusterIP service: Service "dns" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated\n',
    );
    const outside = await c.kubectl('apply -f -', svc('outside', '  clusterIP: 192.168.1.1\n  selector:\n    app: web\n  ports:\n  - port: 80\n'));
    expect(outside.stderr).toBe(
      'The Service "outside" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.1.1"}: failed to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12\n',
    );
    await c.kubectl('create service nodeport np --tcp=80 --node-port=30080');
    const np = await c.kubectl('apply -f -', svc('np2', '  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80\n    nodePort: 30080\n'));
    expect(np.stderr).toBe('The Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
  });

  it('a client the image does not have fails as the container runtime reports it', async () => {
    const r = await c.kubectl(`exec ${c.pods('app=web')[0]} -- wget -qO- web`);
    expect(r.stderr).toContain('exec: "wget": executable file not found in $PATH');
    expect(r.exitCode).not.toBe(0);
  });

  it('the cluster still serves afterwards', async () => {
    await c.kubectl('expose deployment web --port=80');
    expect(runOnHost(c.engine, ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', c.clusterIP('web')]).stdout).toBe('200');
  });
});
