import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kitEngine, kubectl } from '../testing/kit';
import type { KObject } from '../../engine/api/types';
import { apiServerURL } from './config';

/**
 * Real kubectl 1.32 output for read-only commands, recorded against describe/fixtures/cluster.mjs's
 * objects served by a stand-in API server (describe/fixtures/record.mjs).
 */
const recorded = JSON.parse(readFileSync(join(__dirname, '..', 'describe', 'fixtures', 'recorded.json'), 'utf8')) as {
  objects: KObject[];
  serverURL: string;
  cases: Array<{ cmd: string; at: number; stdout: string; stderr: string; exit: number }>;
};

const cases = recorded.cases.filter((c) => !c.cmd.startsWith('describe'));
// The stand-in server does not build Tables, so real kubectl fell back to NAME/AGE columns for
// these; only the order of the rows is compared for them.
const isTable = (cmd: string) => cmd.startsWith('get') && !/ -o[ =]?(yaml|json|name|jsonpath|custom-columns|'jsonpath)/.test(cmd);

describe('read-only kubectl commands match real kubectl 1.32', () => {
  it.each(cases.map((c) => [c.cmd, c] as const))('%s', async (_cmd, c) => {
    const engine = kitEngine(recorded.objects, c.at);
    const r = await kubectl(engine, c.cmd);
    if (isTable(c.cmd)) {
      const names = (s: string) => s.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]);
      expect(names(r.stdout)).toEqual(names(c.stdout));
      return;
    }
    const expected = c.stdout.split(recorded.serverURL).join(apiServerURL(engine));
    expect(r.stdout).toBe(expected);
    expect(r.stderr).toBe(c.stderr);
    expect(r.exitCode).toBe(c.exit);
  });
});
