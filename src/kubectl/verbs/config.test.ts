import { describe, expect, it } from 'vitest';
import recorded from './fixtures/config-recorded.json';
import { kitEngine, kubectl } from '../testing/kit';
import { apiServerURL } from './config';

// Real kubectl v1.32 on a kubeconfig shaped like Podium's (fixtures/record-config.mjs). The
// commands run in order against one engine, so each sees the earlier changes.
describe('kubectl config matches real kubectl 1.32', () => {
  const engine = kitEngine([]);
  const server = apiServerURL(engine);
  const fix = (s: string) => s.replaceAll(recorded.server, server);
  it.each(recorded.cases.map((c, i) => [`${i + 1}: ${c.cmd}`, c] as const))('%s', async (_n, c) => {
    const r = await kubectl(engine, c.cmd);
    expect({ stdout: r.stdout, stderr: r.stderr, exit: r.exitCode }).toEqual({ stdout: fix(c.stdout), stderr: fix(c.stderr), exit: c.exit });
  });
});

describe('the kubeconfig in the client state', () => {
  // Regression: the first kubectl command stored kind's default kubeconfig, so that even a failing
  // command changed the cluster's snapshot.
  it('is stored only by a command that changes it', async () => {
    const engine = kitEngine([]);
    await kubectl(engine, 'get pods');
    await kubectl(engine, 'config use-context nope');
    await kubectl(engine, 'config set-context');
    expect(engine.clientState).toEqual({});
    await kubectl(engine, 'config set-context --current --namespace=kube-system');
    expect(engine.clientState).toMatchObject({ kubeconfig: { currentContext: 'kind-podium', contexts: [{ name: 'kind-podium', namespace: 'kube-system' }] } });
  });
});
