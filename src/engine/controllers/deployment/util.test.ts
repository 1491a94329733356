// Tables from upstream's pkg/controller/deployment/util/deployment_util_test.go (v1.32), re-expressed.
import { describe, expect, it } from 'vitest';
import {
  semanticDeepEqual,
  DefaultDeploymentUniqueLabelKey,
  DesiredReplicasAnnotation,
  MaxInt32,
  MaxReplicasAnnotation,
  NewRSAvailableReason,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  computeHash,
  deploymentComplete,
  deploymentProgressing,
  deploymentRolledBackTo,
  deploymentTimedOut,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getDeploymentCondition,
  getProportion,
  getReplicaSetFraction,
  isSaturated,
  lastRevision,
  maxRevision,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  removeDeploymentCondition,
  replicasAnnotationsNeedUpdate,
  resolveFenceposts,
  revisionHistory,
  safeEncodeString,
  setDeploymentCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  type DeploymentCondition,
  type IntOrString,
} from './util';
import { newDeployment, rs } from './testing';
import type { KObject } from '../../api/types';

function deploymentWith(replicas: number, surge: IntOrString, unavailable: IntOrString, type = 'RollingUpdate'): KObject {
  const d = newDeployment('foo', replicas);
  d.spec.strategy = type === 'RollingUpdate' ? { type, rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } : { type };
  return d;
}

describe('ResolveFenceposts (TestResolveFenceposts)', () => {
  it.each([
    ['0%', '0%', 0, 0, 1],
    ['39%', '39%', 10, 4, 3],
    [null, '39%', 10, 0, 3],
    ['39%', null, 10, 4, 0],
    [null, null, 10, 0, 1],
    // Podium's own: the 25% defaults on the replica counts kubectl users meet.
    ['25%', '25%', 1, 1, 0],
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 10, 3, 2],
    [1, '1%', 10, 1, 0],
    [0, '1%', 10, 0, 1],
  ])('surge %s unavailable %s of %d -> [%d, %d]', (surge, unavailable, desired, es, eu) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual([es, eu]);
  });

  it.each([
    ['oops', '39%'],
    ['55%', 'urg'],
  ])('rejects %s / %s', (surge, unavailable) => {
    expect(() => resolveFenceposts(surge, unavailable, 10)).toThrow(/invalid value for IntOrString/);
  });
});

describe('MaxUnavailable (TestMaxUnavailable) and MinAvailable (TestMinAvailable)', () => {
  it.each([
    ['less than replicas', 10, 5, 5],
    ['equal replicas', 10, 10, 10],
    ['greater than replicas', 5, 10, 5],
    ['replicas is 0', 0, 10, 0],
    ['less than replicas with percents', 10, '50%', 5],
    ['equal replicas with percents', 10, '100%', 10],
    ['greater than replicas with percents', 5, '100%', 5],
  ])('maxUnavailable %s', (_name, replicas, unavailable, expected) => {
    expect(maxUnavailable(deploymentWith(replicas, 1, unavailable))).toBe(expected);
  });

  it('is 0 for Recreate', () => {
    expect(maxUnavailable(deploymentWith(10, 1, 5, 'Recreate'))).toBe(0);
    expect(maxSurge(deploymentWith(10, 1, 5, 'Recreate'))).toBe(0);
  });

  it.each([
    ['replicas greater than maxUnavailable', 10, 5, 5],
    ['replicas equal maxUnavailable', 10, 10, 0],
    ['replicas less than maxUnavailable', 5, 10, 0],
    ['replicas is 0', 0, 10, 0],
    ['replicas greater than maxUnavailable with percents', 10, '60%', 4],
    ['replicas equal maxUnavailable with percents', 10, '100%', 0],
    ['replicas less than maxUnavailable with percents', 5, '100%', 0],
  ])('minAvailable %s', (_name, replicas, unavailable, expected) => {
    expect(minAvailable(deploymentWith(replicas, 1, unavailable))).toBe(expected);
  });

  it('minAvailable is 0 for Recreate', () => {
    expect(minAvailable(deploymentWith(10, 1, 5, 'Recreate'))).toBe(0);
  });

  it('defaults a missing rollingUpdate to 25%/25% as the API server does', () => {
    const d = newDeployment('foo', 10);
    d.spec.strategy = {};
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([3, 2]);
  });
});

describe('NewRSNewReplicas (TestNewRSNewReplicas)', () => {
  it.each([
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
    // Podium's own: 10 replicas, maxSurge 2, old RS 5 (+ new 0): 12 - 5 = 7.
    ['surge limited', 'RollingUpdate', 10, 0, 2, 2],
  ])('%s', (_name, type, depReplicas, newRSReplicas, surge, expected) => {
    const d = deploymentWith(depReplicas, surge, 1, type);
    if (type === 'Recreate') d.spec.strategy.rollingUpdate = { maxSurge: surge, maxUnavailable: 1 };
    const newRS = rs('new', newRSReplicas, undefined, '');
    const rs5 = rs('rs5', 5, undefined, '');
    const all = _name === 'surge limited' ? [rs('old', 10, undefined, ''), newRS] : [rs5];
    expect(newRSNewReplicas(d, all, newRS)).toBe(expected);
  });
});

describe('DeploymentComplete (TestDeploymentComplete)', () => {
  const d = (desired: number, current: number, updated: number, available: number, unavailable: number, surge: number) => {
    const x = deploymentWith(desired, surge, unavailable);
    x.status = { replicas: current, updatedReplicas: updated, availableReplicas: available, observedGeneration: 1 };
    return x;
  };
  it.each([
    ['not complete: min but not all pods become available', d(5, 5, 5, 4, 1, 0), false],
    ['not complete: min availability is not honored', d(5, 5, 5, 3, 1, 0), false],
    ['complete', d(5, 5, 5, 5, 0, 0), true],
    ['not complete: all pods are available but not updated', d(5, 5, 4, 5, 0, 0), false],
    ['not complete: still running old pods', d(1, 2, 1, 1, 0, 1), false],
    ['not complete: one replica deployment never comes up', d(1, 1, 1, 0, 1, 1), false],
  ])('%s', (_name, x, expected) => {
    expect(deploymentComplete(x, x.status)).toBe(expected);
  });

  it('is not complete before the generation is observed', () => {
    const x = d(5, 5, 5, 5, 0, 0);
    x.metadata.generation = 2;
    expect(deploymentComplete(x, x.status)).toBe(false);
  });
});

describe('DeploymentProgressing (TestDeploymentProgressing)', () => {
  const s = (replicas: number, updatedReplicas: number, readyReplicas: number, availableReplicas: number) => ({ replicas, updatedReplicas, readyReplicas, availableReplicas });
  it.each([
    ['progressing: updated pods', s(10, 4, 4, 4), s(10, 6, 4, 4), true],
    ['not progressing', s(10, 4, 4, 4), s(10, 4, 4, 4), false],
    ['progressing: old pods removed', s(10, 4, 6, 6), s(8, 4, 6, 6), true],
    ['not progressing: less new pods', s(10, 7, 3, 3), s(10, 6, 3, 3), false],
    ['progressing: less overall but more new pods', s(10, 4, 7, 7), s(8, 8, 5, 5), true],
    ['progressing: more ready pods', s(10, 10, 9, 8), s(10, 10, 10, 8), true],
    ['progressing: more available pods', s(10, 10, 10, 9), s(10, 10, 10, 10), true],
  ])('%s', (_name, old, next, expected) => {
    const d = newDeployment('foo', 10);
    d.status = old;
    expect(deploymentProgressing(d, next)).toBe(expected);
  });
});

describe('DeploymentTimedOut (TestDeploymentTimedOut)', () => {
  const at = (min: number, sec: number) => Date.UTC(2016, 0, 1, 0, min, sec);
  const d = (pds: number | undefined, reason: string, from: number) => {
    const x = newDeployment('foo', 1);
    if (pds === undefined) delete x.spec.progressDeadlineSeconds;
    else x.spec.progressDeadlineSeconds = pds;
    x.status = { conditions: [{ type: 'Progressing', status: 'True', reason, lastUpdateTime: new Date(from).toISOString().replace('.000Z', 'Z') }] };
    return x;
  };
  it.each([
    ['infinite progressDeadlineSeconds specified - no timeout', d(MaxInt32, '', at(1, 9)), at(1, 20), false],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s', d(10, '', at(1, 9)), at(1, 20), true],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s', d(10, '', at(1, 11)), at(1, 20), false],
    ['exactly at the deadline is not yet timed out (strictly before)', d(10, '', at(1, 10)), at(1, 20), false],
    ['previous status was a complete deployment', d(10, NewRSAvailableReason, 0), at(1, 20), false],
    ['already timed out', d(10, 'ProgressDeadlineExceeded', at(1, 19)), at(1, 20), true],
  ])('%s', (_name, x, now, expected) => {
    expect(deploymentTimedOut(x, x.status, now)).toBe(expected);
  });
});

describe('getReplicaSetFraction (TestGetReplicaSetFraction) and GetProportion', () => {
  it.each([
    ['empty deployment always scales to 0', 0, 0, 0, 10, undefined, -10],
    ['unsynced deployment does not scale when max-replicas annotation is missing', 10, 0, 0, 5, undefined, 0],
    ['unsynced deployment does not scale when max-replicas annotation is 0', 10, 0, 0, 5, '0', 0],
    ['scale up by 1/5 when max-replicas annotation is missing', 120, 100, 0, 50, undefined, 10],
    ['scale up by 1/5 when max-replicas annotation is 0', 120, 100, 0, 50, '0', 10],
    ['scale up by 1/5 should increase RS replicas by 1/5', 120, 0, 0, 50, '100', 10],
    ['scale up with maxSurge by 1/5 should increase RS replicas approximately by 1/5', 120, 0, 10, 50, '110', 9],
    ['scale down by 1/6 should decrease RS replicas by 1/6', 10, 0, 0, 6, '12', -1],
    ['scale down with maxSurge by 1/6 should decrease RS replicas approximately by 1/6', 100, 0, 10, 50, '130', -8],
  ])('%s', (_name, replicas, statusReplicas, surge, rsReplicas, annotation, expected) => {
    const d = deploymentWith(replicas, surge, 1);
    d.status = { replicas: statusReplicas };
    const r = rs('r', rsReplicas, undefined, '');
    if (annotation !== undefined) r.metadata.annotations = { [MaxReplicasAnnotation]: annotation };
    expect(getReplicaSetFraction(r, d)).toBe(expected);
  });

  it('GetProportion never hands out more than is left', () => {
    const d = deploymentWith(10, 0, 1);
    const r = rs('r', 6, undefined, '');
    r.metadata.annotations = { [MaxReplicasAnnotation]: '5' }; // fraction 6*10/5 - 6 = +6
    expect(getProportion(r, d, 5, 2)).toBe(3);
    expect(getProportion(r, d, 5, 5)).toBe(0);
    expect(getProportion(rs('z', 0, undefined, ''), d, 5, 0)).toBe(0);
    const down = deploymentWith(2, 0, 1);
    expect(getProportion(r, down, -3, -1)).toBe(-2); // fraction 6*2/5 = 2.4 -> 2 -> -4, limited to -2
  });
});

describe('EqualIgnoreHash (TestEqualIgnoreHash)', () => {
  const t = (name: string, node: string, annotations: Record<string, string>, labels: Record<string, string>) => ({
    metadata: { name, annotations, labels },
    spec: { nodeName: node },
  });
  const H = DefaultDeploymentUniqueLabelKey;
  it.each([
    ['Same spec, same labels', t('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), t('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), true],
    ['Same spec, only pod-template-hash label value is different', t('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), t('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }), true],
    ["Same spec, the former doesn't have pod-template-hash label", t('foo', 'foo-node', {}, { something: 'else' }), t('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }), true],
    ["Same spec, the label is different, the former doesn't have pod-template-hash label, same number of labels", t('foo', 'foo-node', {}, { something: 'else' }), t('foo', 'foo-node', {}, { [H]: 'value-2' }), false],
    ["Same spec, the label is different, the latter doesn't have pod-template-hash label, same number of labels", t('foo', 'foo-node', {}, { [H]: 'value-1' }), t('foo', 'foo-node', {}, { something: 'else' }), false],
    ['Same spec, the label is different, and the pod-template-hash label value is the same', t('foo', 'foo-node', {}, { [H]: 'value-1' }), t('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), false],
    ['Different spec, same labels', t('foo', 'foo-node', { former: 'value' }, { [H]: 'value-1', something: 'else' }), t('foo', 'foo-node', { latter: 'value' }, { [H]: 'value-1', something: 'else' }), false],
    ['Different spec, different pod-template-hash label value', t('foo-1', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), t('foo-2', 'foo-node', {}, { [H]: 'value-2', something: 'else' }), false],
    ["Different spec, the former doesn't have pod-template-hash label", t('foo-1', 'foo-node-1', {}, { something: 'else' }), t('foo-2', 'foo-node-2', {}, { [H]: 'value-2', something: 'else' }), false],
    ['Different spec, different labels', t('foo', 'foo-node-1', {}, { something: 'else' }), t('foo', 'foo-node-2', {}, { nothing: 'else' }), false],
    ['Only the hash label vs no labels (empty map equals absent)', { metadata: {}, spec: {} }, { metadata: { labels: { [H]: 'x' } }, spec: {} }, true],
  ])('%s', (_name, a, b, expected) => {
    expect(equalIgnoreHash(a, b)).toBe(expected);
    expect(equalIgnoreHash(b, a)).toBe(expected);
    expect(a.metadata).toBeDefined(); // inputs are not modified
  });
});

describe('FindNewReplicaSet / FindOldReplicaSets (TestFindNewReplicaSet, TestFindOldReplicaSets)', () => {
  const deployment = newDeployment('nginx', 1, undefined, undefined, undefined, { name: 'nginx' });
  const fromDeployment = (name: string, replicas: number, hash: string, ts: string, containerName?: string) => {
    const r = rs(name, replicas, { name: 'nginx' }, ts);
    r.spec.template = JSON.parse(JSON.stringify(deployment.spec.template));
    r.spec.template.metadata.labels[DefaultDeploymentUniqueLabelKey] = hash;
    if (containerName) r.spec.template.spec.containers[0].name = containerName;
    return r;
  };
  const now = '2016-05-20T01:00:00Z';
  const later = '2016-05-20T01:01:00Z';
  const before = '2016-05-20T00:59:00Z';
  const newRS = fromDeployment('new', 1, 'hash', later);
  const newRSDup = fromDeployment('new-dup', 0, 'different-hash', now);
  const oldRS = fromDeployment('old', 0, 'old-hash', before, 'nginx-old-1');

  it.each([
    ['Get new ReplicaSet with the same template as Deployment spec but different pod-template-hash value', [newRS, oldRS], 'new'],
    ['Get the oldest new ReplicaSet when there are more than one ReplicaSet with the same template', [newRS, oldRS, newRSDup], 'new-dup'],
    ['Get nil new ReplicaSet', [oldRS], undefined],
  ])('%s', (_name, list, expected) => {
    expect(findNewReplicaSet(deployment, [...list])?.metadata.name).toBe(expected);
  });

  it.each([
    ['Get old ReplicaSets', [newRS, oldRS], ['old'], []],
    ['Get old ReplicaSets with no new ReplicaSet', [oldRS], ['old'], []],
    ['Get old ReplicaSets with two new ReplicaSets, only the oldest new ReplicaSet is seen as new ReplicaSet', [oldRS, newRS, newRSDup], ['old', 'new'], ['new']],
    ['Get empty old ReplicaSets', [newRS], [], []],
  ])('%s', (_name, list, all, required) => {
    const [req, allOld] = findOldReplicaSets(deployment, [...list]);
    expect(allOld.map((r) => r.metadata.name)).toEqual(all);
    expect(req.map((r) => r.metadata.name)).toEqual(required);
  });

  it('FindActiveOrLatest: the only active one, the newest when none, none when several', () => {
    const a = rs('a', 0, undefined, before);
    const b = rs('b', 0, undefined, now);
    const c = rs('c', 2, undefined, later);
    expect(findActiveOrLatest(undefined, [a, b])?.metadata.name).toBe('b');
    expect(findActiveOrLatest(c, [a, b])?.metadata.name).toBe('c');
    expect(findActiveOrLatest(c, [rs('d', 1, undefined, now)])).toBeUndefined();
    expect(findActiveOrLatest(undefined, [])).toBeUndefined();
  });
});

describe('annotations (TestAnnotationUtils, TestReplicasAnnotationsNeedUpdate)', () => {
  it('SetNewReplicaSetAnnotations raises the revision and keeps a trimmed revision-history', () => {
    const d = newDeployment('nginx', 1);
    d.metadata.annotations = { [RevisionAnnotation]: '1', 'kubernetes.io/change-cause': 'kubectl set image', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    const r = rs('nginx-1', 0, undefined, '');
    for (let i = 10; i < 20; i++) {
      const next = String(i + 1);
      setNewReplicaSetAnnotations(d, r, next, true, 5);
      if (i >= 12) expect(r.metadata.annotations![RevisionHistoryAnnotation]).toBe(`${i - 1},${i}`);
      expect(r.metadata.annotations![RevisionAnnotation]).toBe(next);
    }
    expect(r.metadata.annotations!['kubernetes.io/change-cause']).toBe('kubectl set image');
    expect(r.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
  });

  it('SetNewReplicaSetAnnotations never lowers a revision and sets the replica annotations on creation', () => {
    const d = deploymentWith(10, '25%', '25%');
    const r = rs('x', 0, undefined, '');
    r.metadata.annotations = { [RevisionAnnotation]: '7' };
    expect(setNewReplicaSetAnnotations(d, r, '3', true, 2000)).toBe(false);
    expect(r.metadata.annotations![RevisionAnnotation]).toBe('7');
    const fresh = rs('y', 0, undefined, '');
    expect(setNewReplicaSetAnnotations(d, fresh, '4', false, 2000)).toBe(true);
    expect(fresh.metadata.annotations).toEqual({ [RevisionAnnotation]: '4', [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '13' });
  });

  it('SetReplicasAnnotations and IsSaturated', () => {
    const d = newDeployment('nginx', 1);
    const r = rs('r', 1, undefined, '');
    expect(setReplicasAnnotations(r, 10, 11)).toBe(true);
    expect(r.metadata.annotations).toMatchObject({ [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '11' });
    expect(setReplicasAnnotations(r, 10, 11)).toBe(false);
    r.metadata.annotations![DesiredReplicasAnnotation] = '1';
    r.status = { availableReplicas: 1 };
    expect(isSaturated(d, r)).toBe(true);
    r.status = { availableReplicas: 0 };
    expect(isSaturated(d, r)).toBe(false);
  });

  it.each([
    ['test Annotations nil', undefined, true],
    ['test desiredReplicas update', { [DesiredReplicasAnnotation]: '8', [MaxReplicasAnnotation]: '20' }, true],
    ['test maxReplicas update', { [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '16' }, true],
    ["test needn't update", { [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '20' }, false],
  ])('ReplicasAnnotationsNeedUpdate: %s', (_name, annotations, expected) => {
    const r = rs('hello', 1, { foo: 'bar' }, '');
    if (annotations) r.metadata.annotations = annotations;
    expect(replicasAnnotationsNeedUpdate(r, 10, 20)).toBe(expected);
  });

  it('MaxRevision, LastRevision and revisionHistory skip malformed revisions', () => {
    const withRev = (name: string, v?: string) => {
      const r = rs(name, 0, undefined, '');
      if (v !== undefined) r.metadata.annotations = { [RevisionAnnotation]: v };
      return r;
    };
    const list = [withRev('a', '3'), withRev('b', 'x'), withRev('c', '5'), withRev('d'), withRev('e', '4')];
    expect(maxRevision(list)).toBe(5);
    expect(lastRevision(list)).toBe(4);
    expect(revisionHistory(list).map((h) => h.revision)).toEqual([3, 4, 5]);
  });
});

describe('conditions (TestGetCondition, TestSetCondition, TestRemoveCondition)', () => {
  const progressing = (): DeploymentCondition => ({ type: 'Progressing', status: 'False', reason: 'ForSomeReason' });
  const progressing2 = (): DeploymentCondition => ({ type: 'Progressing', status: 'True', reason: 'BecauseItIs' });
  const available = (): DeploymentCondition => ({ type: 'Available', status: 'True', reason: 'AwesomeController' });

  it('gets, sets (moving the type last) and removes', () => {
    const s: Record<string, unknown> = { conditions: [progressing(), available()] };
    expect(getDeploymentCondition(s, 'Available')?.reason).toBe('AwesomeController');
    expect(getDeploymentCondition(s, 'ReplicaFailure')).toBeUndefined();
    const first: Record<string, unknown> = {};
    setDeploymentCondition(first, available());
    expect(first).toEqual({ conditions: [available()] });
    const simple: Record<string, unknown> = { conditions: [progressing()] };
    setDeploymentCondition(simple, available());
    expect(simple).toEqual({ conditions: [progressing(), available()] });
    const overwrite: Record<string, unknown> = { conditions: [progressing(), available()] };
    setDeploymentCondition(overwrite, progressing2());
    expect(overwrite).toEqual({ conditions: [available(), progressing2()] });
    removeDeploymentCondition(overwrite, 'Progressing');
    expect(overwrite).toEqual({ conditions: [available()] });
    removeDeploymentCondition(overwrite, 'Available');
    expect(overwrite).toEqual({});
  });

  it('keeps lastTransitionTime when the status does not change, and ignores same status and reason', () => {
    const s: Record<string, unknown> = { conditions: [{ ...progressing2(), lastTransitionTime: 'T0', lastUpdateTime: 'T0' }] };
    setDeploymentCondition(s, { ...progressing2(), lastTransitionTime: 'T1', lastUpdateTime: 'T1' });
    expect((s.conditions as DeploymentCondition[])[0].lastUpdateTime).toBe('T0');
    setDeploymentCondition(s, { type: 'Progressing', status: 'True', reason: 'Other', lastTransitionTime: 'T2', lastUpdateTime: 'T2' });
    expect((s.conditions as DeploymentCondition[])[0]).toMatchObject({ reason: 'Other', lastTransitionTime: 'T0', lastUpdateTime: 'T2' });
  });
});

describe('ComputeHash and SafeEncodeString', () => {
  it.each([
    ['0123456789', '456789bcdf'],
    ['4294967295', '86f8fbc6f9'],
  ])('SafeEncodeString(%s) = %s', (input, expected) => {
    expect(safeEncodeString(input)).toBe(expected);
  });

  it('hashes a template to a stable, safe-encoded decimal, key order aside, changed by collisionCount', () => {
    const t1 = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };
    const t2 = { spec: { containers: [{ image: 'nginx:1.27', name: 'nginx' }] }, metadata: { labels: { app: 'web' } } };
    const h = computeHash(t1);
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash(t2)).toBe(h);
    expect(computeHash(t1, 0)).not.toBe(h);
    expect(computeHash(t1, 1)).not.toBe(computeHash(t1, 0));
    expect(computeHash({ ...t1, spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } })).not.toBe(h);
  });
});

describe('rollout undo helpers', () => {
  it('deploymentRolledBackTo takes the template (without pod-template-hash) and the annotations but the skipped ones', () => {
    const d = newDeployment('web', 3, undefined, undefined, undefined, { app: 'web' });
    d.metadata.annotations = { [RevisionAnnotation]: '2', 'kubernetes.io/change-cause': 'v2' };
    const old = rs('web-abc', 0, { app: 'web' }, '');
    old.spec.template = { metadata: { labels: { app: 'web', [DefaultDeploymentUniqueLabelKey]: 'abc' } }, spec: { containers: [{ name: 'foo', image: 'foo/old' }] } };
    old.metadata.annotations = { [RevisionAnnotation]: '1', 'kubernetes.io/change-cause': 'v1', [DesiredReplicasAnnotation]: '3' };
    const out = deploymentRolledBackTo(d, old);
    expect(out.spec.template).toEqual({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'foo', image: 'foo/old' }] } });
    expect(out.metadata.annotations).toEqual({ [RevisionAnnotation]: '2', 'kubernetes.io/change-cause': 'v1' });
    expect(d.spec.template.spec.containers[0].image).toBe('foo/bar');
  });
});

describe('semanticDeepEqual', () => {
  // The definition it must agree with: equal when both are empty (absent, null, [], or objects
  // of empty fields); otherwise objects field by field and lists element by element.
  function isEmpty(v: unknown): boolean {
    if (v === undefined || v === null) return true;
    if (Array.isArray(v)) return v.length === 0;
    if (typeof v !== 'object') return false;
    return Object.values(v as object).every(isEmpty);
  }
  function reference(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    const ea = isEmpty(a);
    const eb = isEmpty(b);
    if (ea || eb) return ea && eb;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => reference(x, (b as unknown[])[i]));
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    return Object.keys(ao).every((k) => reference(ao[k], bo[k])) && Object.keys(bo).every((k) => k in ao || isEmpty(bo[k]));
  }
  let x = 12345;
  const rand = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  function value(depth: number): unknown {
    switch (rand(depth > 2 ? 5 : 8)) {
      case 0:
        return undefined;
      case 1:
        return null;
      case 2:
        return ['', 'a', 0, 1, false][rand(5)];
      case 3:
        return [];
      case 4:
        return {};
      case 5:
        return Array.from({ length: rand(3) }, () => value(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = rand(3); i > 0; i--) o[['a', 'b', 'c'][rand(3)]] = value(depth + 1);
        return o;
      }
    }
  }

  it('agrees with its definition on random values', () => {
    for (let i = 0; i < 20000; i++) {
      const a = value(0);
      const b = rand(3) ? value(0) : a;
      expect([i, semanticDeepEqual(a, b)]).toEqual([i, reference(a, b)]);
    }
  });
});

describe('equalIgnoreHash', () => {
  // The definition: semantic equality of the templates with the pod-template-hash label removed.
  function strip(t: any): unknown {
    if (!t?.metadata?.labels || !(DefaultDeploymentUniqueLabelKey in t.metadata.labels)) return t;
    const labels = { ...t.metadata.labels };
    delete labels[DefaultDeploymentUniqueLabelKey];
    return { ...t, metadata: { ...t.metadata, labels } };
  }
  let x = 777;
  const rand = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const pick = <T,>(xs: T[]): T => xs[rand(xs.length)];
  function labels(): unknown {
    return pick([undefined, {}, { app: 'web' }, { app: 'web', [DefaultDeploymentUniqueLabelKey]: 'abc' }, { [DefaultDeploymentUniqueLabelKey]: 'abc' }, { app: '' }, { app: 'db', [DefaultDeploymentUniqueLabelKey]: 'x' }]);
  }
  function template(): unknown {
    const t: Record<string, unknown> = {};
    if (rand(4)) t.metadata = pick([{}, { labels: labels() }, { labels: labels(), annotations: pick([undefined, {}, { a: 'b' }]) }, { annotations: {} }]);
    if (rand(3)) t.spec = pick([{}, { containers: [] }, { containers: [{ name: 'n', image: pick(['a', 'b']) }] }]);
    return t;
  }
  it('agrees with comparing copies without the hash label', () => {
    for (let i = 0; i < 5000; i++) {
      const a = template();
      const b = rand(3) ? template() : a;
      expect([i, equalIgnoreHash(a as KObject['spec'], b as KObject['spec'])]).toEqual([i, semanticDeepEqual(strip(a), strip(b))]);
    }
  });
});
