// Cases of upstream's rollback.go (TestReentrantRollback and the rollback events), re-expressed.
import { describe, expect, it } from 'vitest';
import { rollback } from './rollback';
import { FakeDeploymentContext, newDeployment, rs } from './testing';
import { DefaultDeploymentUniqueLabelKey, DeprecatedRollbackTo, RevisionAnnotation } from './util';
import type { KObject } from '../../api/types';

function setup(rollbackTo: string) {
  const d = newDeployment('foo', 1, undefined, undefined, undefined, { foo: 'bar' });
  d.metadata.annotations = { [RevisionAnnotation]: '2', [DeprecatedRollbackTo]: rollbackTo };
  const rs1 = rs('deploymentrs-old', 0, { foo: 'bar', [DefaultDeploymentUniqueLabelKey]: 'hash' }, '2016-05-20T00:00:00Z');
  rs1.metadata.annotations = { [RevisionAnnotation]: '1', 'kubernetes.io/change-cause': 'one' };
  rs1.spec.template = JSON.parse(JSON.stringify(d.spec.template));
  rs1.spec.template.spec.terminationGracePeriodSeconds = 1;
  const rs2 = rs('deploymentrs-new', 1, { foo: 'bar', [DefaultDeploymentUniqueLabelKey]: 'hash' }, '2016-05-20T01:00:00Z');
  rs2.metadata.annotations = { [RevisionAnnotation]: '2' };
  rs2.spec.template = JSON.parse(JSON.stringify(d.spec.template));
  return { d, list: [rs1, rs2] as KObject[] };
}

describe('rollback', () => {
  it('rolls back to the last revision by updating the deployment only (TestReentrantRollback)', () => {
    const { d, list } = setup('0');
    const dc = new FakeDeploymentContext();
    rollback(dc, d, list);
    expect(dc.actions.map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''}`)).toEqual(['update deployments']);
    const updated = dc.actions[0].object;
    expect(updated.spec.template.spec.terminationGracePeriodSeconds).toBe(1);
    expect(updated.metadata.annotations).toEqual({ [RevisionAnnotation]: '2', 'kubernetes.io/change-cause': 'one' });
    expect(dc.events).toEqual([{ type: 'Normal', reason: 'DeploymentRollback', message: 'Rolled back deployment "foo" to revision 1' }]);
  });

  it.each([
    ['a revision that does not exist', '7', 'Warning DeploymentRollbackRevisionNotFound Unable to find the revision to rollback to.'],
    ['the current template', '2', 'Warning DeploymentRollbackTemplateUnchanged The rollback revision contains the same template as current deployment "foo"'],
  ])('gives up on %s and clears the request', (_name, to, event) => {
    const { d, list } = setup(to);
    const dc = new FakeDeploymentContext();
    rollback(dc, d, list);
    expect(dc.events.map((e) => `${e.type} ${e.reason} ${e.message}`)).toEqual([event]);
    const update = dc.actions.find((a) => a.resource === 'deployments' && !a.subresource)!;
    expect(update.object.metadata.annotations![DeprecatedRollbackTo]).toBeUndefined();
    expect(update.object.spec.template.spec.terminationGracePeriodSeconds).toBeUndefined();
  });

  it('with no previous revision says so', () => {
    const { d, list } = setup('0');
    const dc = new FakeDeploymentContext();
    rollback(dc, d, [list[1]]);
    expect(dc.events.map((e) => e.message)).toEqual(['Unable to find last revision.']);
  });
});
