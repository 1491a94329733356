import { describe, expect, it } from 'vitest';
import recorded from './fixtures/explain-recorded.json';
import { kitEngine, kubectl } from '../testing/kit';

// Real kubectl v1.32 rendering of OpenAPI v3 documents built from Podium's schema
// (see fixtures/record-explain.mjs): our explain must print the same bytes.
describe('kubectl explain matches real kubectl 1.32', () => {
  const engine = kitEngine([]);
  it.each(recorded.cases.map((c) => [c.cmd, c] as const))('%s', async (cmd, c) => {
    const r = await kubectl(engine, cmd);
    expect({ stdout: r.stdout, stderr: r.stderr.replace(/^Error:/, 'error:'), exit: r.exitCode }).toEqual({
      stdout: c.stdout,
      stderr: c.stderr.replace(/^Error:/, 'error:'),
      exit: c.exit,
    });
  });
});

describe('kubectl explain argument errors (recorded from kubectl 1.32 without a cluster)', () => {
  const engine = kitEngine([]);
  it.each([
    ['explain', 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n'],
    ['explain a b', 'error: We accept only this format: explain RESOURCE\n'],
    // pkg/explain/v2/generator.go and explain.go (upstream messages; needs a cluster to record).
    ['explain pods -o json', 'error: unrecognized format: json\n'],
    ['explain pods --api-version=apps/v1', 'error: couldn\'t find resource for "apps/v1, Resource=pods"\n'],
    ['explain deploy --api-version=v2', 'error: couldn\'t find resource for "/v2, Resource=deployments"\n'],
  ])('%s', async (cmd, stderr) => {
    const r = await kubectl(engine, cmd);
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['', stderr, 1]);
  });
});
