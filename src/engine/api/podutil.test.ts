import { describe, expect, it } from 'vitest';
import type { KObject } from './types';
import { podFieldPathValue } from './podutil';

describe('podFieldPathValue (fieldpath.ExtractFieldPathAsString)', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'team', uid: 'u1', labels: { app: 'web' }, annotations: { 'a/b': 'x' } },
    spec: { nodeName: 'podium-worker', serviceAccountName: 'builder' },
    status: { podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], hostIP: '172.18.0.3', hostIPs: [{ ip: '172.18.0.3' }] },
  } as unknown as KObject;
  it.each([
    ['metadata.name', 'web'],
    ['metadata.namespace', 'team'],
    ["metadata.labels['app']", 'web'],
    ["metadata.annotations['a/b']", 'x'],
    ["metadata.labels['missing']", ''],
    ['spec.nodeName', 'podium-worker'],
    ['spec.serviceAccountName', 'builder'],
    ['status.podIPs', '10.244.1.5'],
    ['status.hostIP', '172.18.0.3'],
    ['spec.unknown', ''],
  ])('%s', (path, want) => expect(podFieldPathValue(pod, path)).toBe(want));
});
