import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kitEngine, kubectl } from '../testing/kit';
import type { KObject } from '../../engine/api/types';
import { camelSplit, smartLabelFor } from './describers';
import { formatQ, parseQ, addQ } from './quantity';

/** Real kubectl 1.32 output recorded against fixtures/cluster.mjs's objects (fixtures/record.mjs). */
const recorded = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'recorded.json'), 'utf8')) as {
  objects: KObject[];
  cases: Array<{ cmd: string; at: number; stdout: string; stderr: string; exit: number }>;
};

const describeCases = recorded.cases.filter((c) => c.cmd.startsWith('describe'));

describe('kubectl describe matches real kubectl 1.32 byte for byte', () => {
  it.each(describeCases.map((c) => [c.cmd, c] as const))('%s', async (_cmd, c) => {
    const engine = kitEngine(recorded.objects, c.at);
    const r = await kubectl(engine, c.cmd);
    expect(r.stdout).toBe(c.stdout);
    // Real kubectl prints "Error from server (NotFound)" via its own client; so does Podium.
    expect(r.stderr).toBe(c.stderr);
    expect(r.exitCode).toBe(c.exit);
  });
});

describe('describe helpers', () => {
  it.each([
    ['leaseDurationSeconds', 'Lease Duration Seconds'],
    ['apiVersion', 'API Version'],
    ['uid', 'UID'],
    ['podCIDRs', 'Pod CID Rs'],
    ['holderIdentity', 'Holder Identity'],
    ['x-y', 'X - Y'],
    ['a.b', 'a.b'],
  ])('smartLabelFor(%s) = %s', (f, want) => {
    expect(smartLabelFor(f)).toBe(want);
  });

  it('splits camel case as fatih/camelcase does', () => {
    expect(camelSplit('PDFLoader')).toEqual(['PDF', 'Loader']);
    expect(camelSplit('GL11Version')).toEqual(['GL', '11', 'Version']);
  });

  it.each([
    ['4', '4'],
    ['250m', '250m'],
    ['0.5', '500m'],
    ['1500m', '1500m'],
    ['2000m', '2'],
    ['1000', '1k'],
    ['128Mi', '128Mi'],
    ['8131080Ki', '8131080Ki'],
    ['1024Mi', '1Gi'],
    ['1500', '1500'],
    ['1G', '1G'],
    ['0', '0'],
  ])('Quantity(%s).String() = %s', (q, want) => {
    expect(formatQ(parseQ(q))).toBe(want);
  });

  it('keeps the first term format when adding', () => {
    expect(formatQ(addQ(parseQ('70Mi'), parseQ('100Mi')))).toBe('170Mi');
    expect(formatQ(addQ(parseQ('100m'), parseQ('250m')))).toBe('350m');
  });
});
