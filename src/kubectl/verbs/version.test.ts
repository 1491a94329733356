import { describe, expect, it } from 'vitest';
import { kitEngine, kubectl } from '../testing/kit';

// Layouts recorded from kubectl v1.32 (`kubectl version --client [-o yaml|json]`), with the
// v1.32.2 build facts Podium reports for both client and server.
const INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.2',
  gitCommit: '67a30c0adcf52bd3f56ff0893ce19966be12991f',
  gitTreeState: 'clean',
  buildDate: '2025-02-12T21:26:09Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};
const YAML_INFO = `  buildDate: "2025-02-12T21:26:09Z"
  compiler: gc
  gitCommit: 67a30c0adcf52bd3f56ff0893ce19966be12991f
  gitTreeState: clean
  gitVersion: v1.32.2
  goVersion: go1.23.6
  major: "1"
  minor: "32"
  platform: linux/amd64
`;

describe('kubectl version', () => {
  const engine = kitEngine([]);
  it.each([
    ['version', 'Client Version: v1.32.2\nKustomize Version: v5.5.0\nServer Version: v1.32.2\n'],
    ['version --client', 'Client Version: v1.32.2\nKustomize Version: v5.5.0\n'],
    ['version --client -o yaml', `clientVersion:\n${YAML_INFO}kustomizeVersion: v5.5.0\n\n`],
    ['version -o yaml', `clientVersion:\n${YAML_INFO}kustomizeVersion: v5.5.0\nserverVersion:\n${YAML_INFO}\n`],
    ['version --client -o json', `${JSON.stringify({ clientVersion: INFO, kustomizeVersion: 'v5.5.0' }, null, 2)}\n`],
    ['version -o json', `${JSON.stringify({ clientVersion: INFO, kustomizeVersion: 'v5.5.0', serverVersion: INFO }, null, 2)}\n`],
  ])('%s', async (line, stdout) => {
    const r = await kubectl(engine, line);
    expect([r.stdout, r.stderr, r.exitCode]).toEqual([stdout, '', 0]);
  });

  it('rejects other output formats as kubectl does', async () => {
    const r = await kubectl(engine, 'version -o wide');
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['', "error: --output must be 'yaml' or 'json'\n", 1]);
  });
});
