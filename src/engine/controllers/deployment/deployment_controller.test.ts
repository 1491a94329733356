// Controller-level tests: the real Deployment controller on a real store, with FakePodDriver
// standing in for the ReplicaSet controller, scheduler and kubelets (see testing.ts).
import { describe, expect, it } from 'vitest';
import { availablePods, deploymentFixture, newHarness, nonTerminating, type Harness } from './testing';
import {
  DefaultDeploymentUniqueLabelKey,
  DeprecatedRollbackTo,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  computeHash,
  getDeploymentCondition,
  maxSurge,
  maxUnavailable,
  revision,
} from './util';
import { controllerRef, type KObject } from '../../api/types';

const image = (d: KObject) => d.spec.template.spec.containers[0].image;
const setImage = (img: string) => (d: KObject) => {
  d.spec.template.spec.containers[0].image = img;
};
const sizes = (h: Harness, name: string) => h.replicaSets(name).map((r) => `${image(r)}:${r.spec.replicas}`);
const cond = (h: Harness, name: string, type: string) => getDeploymentCondition(h.deployment(name).status, type);

describe('DeploymentController', () => {
  it('creates <name>-<hash> with pod-template-hash, revision 1, the event and a complete status', () => {
    const h = newHarness();
    const created = h.createDeployment(deploymentFixture('web', { replicas: 3 }));
    expect(created.spec.template).toEqual(h.deployment('web').spec.template);
    h.advance(10_000);
    const [rs] = h.replicaSets('web');
    const hash = computeHash(created.spec.template);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: 'web', [DefaultDeploymentUniqueLabelKey]: hash });
    expect(rs.spec.selector).toEqual({ matchLabels: { app: 'web', [DefaultDeploymentUniqueLabelKey]: hash } });
    expect(rs.spec.template.metadata.labels).toEqual({ app: 'web', [DefaultDeploymentUniqueLabelKey]: hash });
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      [RevisionAnnotation]: '1',
    });
    expect(controllerRef(rs)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true });
    const d = h.deployment('web');
    expect(d.metadata.annotations).toEqual({ [RevisionAnnotation]: '1' });
    expect(d.metadata.generation).toBe(1);
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status.unavailableReplicas).toBeUndefined();
    expect(d.status.conditions.map((c: KObject) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`],
    ]);
    expect(h.events('web')).toEqual([`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`]);
    // What is left is the progress check queued while the rollout was under way (at its deadline,
    // 600 s + 1 s after the last progress); after it nothing more is scheduled.
    expect(h.runtime.nextEventAt()).toBe(Date.parse('2025-03-03T09:10:01Z'));
    h.advance(3_600_000);
    expect(h.runtime.nextEventAt()).toBeUndefined();
    expect(h.deployment('web').status).toEqual(d.status);
  });

  describe('RollingUpdate keeps the bounds throughout a rollout from a steady state', () => {
    it.each([
      // replicas, maxSurge, maxUnavailable, minReadySeconds
      [3, '25%', '25%', 0],
      [10, '25%', '25%', 0],
      [10, 3, 2, 0],
      [10, 0, 1, 0],
      [10, 2, 0, 0],
      [4, '50%', '50%', 0],
      [1, 1, 0, 0],
      [1, 0, 1, 0],
      [10, '0%', '1%', 0],
      [5, 1, 0, 5],
      [7, '30%', '10%', 3],
    ])('replicas %d, maxSurge %s, maxUnavailable %s, minReadySeconds %d', (replicas, surge, unavailable, minReadySeconds) => {
      const h = newHarness({ readyDelayMs: 1500, terminationDelayMs: 2500 });
      h.createDeployment(deploymentFixture('web', { replicas, maxSurge: surge, maxUnavailable: unavailable, minReadySeconds }));
      h.advance(60_000);
      const steady = h.deployment('web');
      expect(steady.status.availableReplicas).toBe(replicas);
      const upper = replicas + maxSurge(steady);
      const lower = replicas - maxUnavailable(steady);
      let checks = 0;
      let peak = 0;
      let trough = Infinity;
      h.store.watch('Pod', () => {
        const pods = h.pods('web');
        const running = nonTerminating(pods).length;
        const available = availablePods(pods, minReadySeconds, h.runtime.now).length;
        peak = Math.max(peak, running);
        trough = Math.min(trough, available);
        checks++;
        expect(running).toBeLessThanOrEqual(upper);
        expect(available).toBeGreaterThanOrEqual(lower);
      });
      h.updateDeployment('web', setImage('nginx:1.28'));
      h.advance(10 * 60_000);
      expect(checks).toBeGreaterThan(replicas);
      // The bounds are reached, not merely respected.
      expect(peak).toBe(upper);
      expect(trough).toBeGreaterThanOrEqual(lower);
      const rss = h.replicaSets('web');
      expect(sizes(h, 'web')).toEqual([`nginx:1.27:0`, `nginx:1.28:${replicas}`]);
      expect(rss.map((r) => revision(r))).toEqual([1, 2]);
      expect(nonTerminating(h.pods('web')).every((p) => p.spec.containers[0].image === 'nginx:1.28')).toBe(true);
      const d = h.deployment('web');
      expect(d.metadata.annotations![RevisionAnnotation]).toBe('2');
      expect(d.status).toMatchObject({ observedGeneration: 2, replicas, updatedReplicas: replicas, availableReplicas: replicas });
      expect(cond(h, 'web', 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rss[1].metadata.name}" has successfully progressed.` });
      h.advance(3_600_000);
      expect(h.runtime.nextEventAt()).toBeUndefined();
    });
  });

  it('records the rollout as a real cluster does: scale ups and downs, in 1.32 wording', () => {
    const h = newHarness();
    h.createDeployment(deploymentFixture('web', { replicas: 3 }));
    h.advance(30_000);
    h.updateDeployment('web', setImage('nginx:1.28'));
    h.advance(60_000);
    const [oldRS, newRS] = h.replicaSets('web').map((r) => r.metadata.name);
    expect(h.events('web')).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${oldRS} from 0 to 3`,
      `ScalingReplicaSet: Scaled up replica set ${newRS} from 0 to 1`,
      `ScalingReplicaSet: Scaled down replica set ${oldRS} from 3 to 2`,
      `ScalingReplicaSet: Scaled up replica set ${newRS} from 1 to 2`,
      `ScalingReplicaSet: Scaled down replica set ${oldRS} from 2 to 1`,
      `ScalingReplicaSet: Scaled up replica set ${newRS} from 2 to 3`,
      `ScalingReplicaSet: Scaled down replica set ${oldRS} from 1 to 0`,
    ]);
  });

  it('Recreate scales the old replica set to 0 and creates the new one only when its pods are gone', () => {
    const h = newHarness({ terminationDelayMs: 5000 });
    h.createDeployment(deploymentFixture('web', { replicas: 3, strategy: 'Recreate' }));
    h.advance(30_000);
    let mixed = false;
    h.store.watch('Pod', () => {
      const images = new Set(h.pods('web').map((p) => p.spec.containers[0].image));
      if (images.size > 1) mixed = true;
    });
    h.updateDeployment('web', setImage('nginx:1.28'));
    h.advance(1000);
    expect(sizes(h, 'web')).toEqual(['nginx:1.27:0']);
    expect(h.pods('web').length).toBe(3); // terminating
    h.advance(3999);
    expect(h.replicaSets('web')).toHaveLength(1);
    h.advance(1); // the old pods are gone 5 s after their deletion
    expect(h.pods('web').every((p) => p.spec.containers[0].image === 'nginx:1.28')).toBe(true);
    expect(sizes(h, 'web')).toEqual(['nginx:1.27:0', 'nginx:1.28:3']);
    h.advance(30_000);
    expect(mixed).toBe(false);
    expect(h.deployment('web').status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    const [oldRS, newRS] = h.replicaSets('web').map((r) => r.metadata.name);
    expect(h.events('web').slice(1)).toEqual([`ScalingReplicaSet: Scaled down replica set ${oldRS} from 3 to 0`, `ScalingReplicaSet: Scaled up replica set ${newRS} from 0 to 3`]);
  });

  it.each([
    ['Recreate', 1],
    ['RollingUpdate', 0],
  ])('the deletion of the last pod of a %s deployment queues it (TestPodDeletionEnqueuesRecreateDeployment)', (strategy, queued) => {
    const h = newHarness();
    h.createDeployment(deploymentFixture('web', { replicas: 2, strategy: strategy as 'Recreate' | 'RollingUpdate' }));
    h.advance(30_000);
    const [a, b] = h.pods('web');
    const remove = (p: KObject) => {
      h.store.delete('Pod', 'default', p.metadata.name);
      const copy = JSON.parse(JSON.stringify(h.store.mustGet('Pod', 'default', p.metadata.name)));
      delete copy.metadata.finalizers;
      h.store.update(copy);
    };
    remove(a);
    expect(h.controller.queue.length).toBe(0); // another pod is left
    remove(b);
    expect(h.controller.queue.length).toBe(queued);
  });

  it('scales proportionally when the replicas change mid-rollout, and times out at the progress deadline', () => {
    const h = newHarness({ neverReady: (t) => t?.spec?.containers?.[0]?.image === 'nginx:broken' });
    h.createDeployment(deploymentFixture('web', { replicas: 10, progressDeadlineSeconds: 60 }));
    h.advance(30_000);
    h.updateDeployment('web', setImage('nginx:broken'));
    h.advance(5_000);
    // 10 replicas, surge 3, unavailable 2: old 10 -> 8, new 0 -> 3 -> 5; then stuck (13 - 8 - 5 = 0).
    expect(sizes(h, 'web')).toEqual(['nginx:1.27:8', 'nginx:broken:5']);
    h.updateDeployment('web', (d) => {
      d.spec.replicas = 20;
    });
    h.advance(1_000);
    // 20 replicas, surge 5: 25 allowed, 12 to add. Both sized for 13: old 8*25/13 = 15.4 -> 15,
    // new 5*25/13 = 9.6 -> 10.
    expect(sizes(h, 'web')).toEqual(['nginx:1.27:15', 'nginx:broken:10']);
    expect(h.events('web').slice(-2)).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${h.replicaSets('web')[0].metadata.name} from 8 to 15`,
      `ScalingReplicaSet: Scaled up replica set ${h.replicaSets('web')[1].metadata.name} from 5 to 10`,
    ]);
    expect(cond(h, 'web', 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    // Nothing moves any more: the deployment is requeued for its deadline, and times out then.
    const last = Date.parse(cond(h, 'web', 'Progressing')!.lastUpdateTime!);
    h.advance(last + 60_000 - h.runtime.now);
    expect(cond(h, 'web', 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    h.advance(1_000);
    expect(cond(h, 'web', 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${h.replicaSets('web')[1].metadata.name}" has timed out progressing.`,
    });
    expect(cond(h, 'web', 'Available')?.status).toBe('True');
    // Timed out: no further progress checks are queued.
    expect(h.runtime.timers.save().timers.filter((t) => t.owner === 'deployment.queue')).toEqual([]);
  });

  it('a paused deployment does not roll out but still scales; resume rolls out', () => {
    const h = newHarness();
    h.createDeployment(deploymentFixture('web', { replicas: 3 }));
    h.advance(30_000);
    h.updateDeployment('web', (d) => {
      d.spec.paused = true;
    });
    expect(cond(h, 'web', 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    h.updateDeployment('web', setImage('nginx:1.28'));
    h.updateDeployment('web', (d) => {
      d.spec.replicas = 5;
    });
    h.advance(30_000);
    expect(sizes(h, 'web')).toEqual(['nginx:1.27:5']);
    expect(h.deployment('web').status).toMatchObject({ observedGeneration: 4, replicas: 5, availableReplicas: 5 });
    h.updateDeployment('web', (d) => {
      d.spec.paused = false;
    });
    expect(cond(h, 'web', 'Progressing')?.reason).not.toBe('DeploymentPaused');
    h.advance(60_000);
    expect(sizes(h, 'web')).toEqual(['nginx:1.27:0', 'nginx:1.28:5']);
    expect(cond(h, 'web', 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('keeps revisionHistoryLimit old replica sets, deleting the lowest revisions once the rollout completes', () => {
    const h = newHarness();
    h.createDeployment(deploymentFixture('web', { replicas: 2, revisionHistoryLimit: 2 }));
    h.advance(30_000);
    for (const v of ['1.28', '1.29', '1.30', '1.31']) {
      h.updateDeployment('web', setImage(`nginx:${v}`));
      h.advance(60_000);
    }
    expect(h.replicaSets('web').map((r) => `${image(r)}@${revision(r)}:${r.spec.replicas}`)).toEqual(['nginx:1.29@3:0', 'nginx:1.30@4:0', 'nginx:1.31@5:2']);
  });

  it('rolls back through the deprecated rollbackTo annotation, keeping the revision history', () => {
    const h = newHarness();
    h.createDeployment(deploymentFixture('web', { replicas: 2, annotations: { 'kubernetes.io/change-cause': 'v1' } }));
    h.advance(30_000);
    h.updateDeployment('web', (d) => {
      setImage('nginx:1.28')(d);
      d.metadata.annotations!['kubernetes.io/change-cause'] = 'v2';
    });
    h.advance(60_000);
    h.updateDeployment('web', (d) => {
      d.metadata.annotations![DeprecatedRollbackTo] = '0';
    });
    h.advance(60_000);
    const d = h.deployment('web');
    expect(image(d)).toBe('nginx:1.27');
    expect(d.metadata.annotations![DeprecatedRollbackTo]).toBeUndefined();
    expect(d.metadata.annotations!['kubernetes.io/change-cause']).toBe('v1');
    const [first, second] = h.replicaSets('web');
    expect([revision(first), first.metadata.annotations![RevisionHistoryAnnotation], first.spec.replicas]).toEqual([3, '1', 2]);
    expect([revision(second), second.spec.replicas]).toEqual([2, 0]);
    expect(h.events('web')).toContain('DeploymentRollback: Rolled back deployment "web" to revision 1');
  });

  it('adopts a matching orphan replica set instead of creating one, and releases one that stops matching', () => {
    const h = newHarness();
    // Created without letting the controller run, to make the orphan from the defaulted template.
    const d = h.store.create(deploymentFixture('web', { replicas: 2 }));
    const hash = computeHash(d.spec.template);
    const template = JSON.parse(JSON.stringify(d.spec.template));
    template.metadata.labels[DefaultDeploymentUniqueLabelKey] = hash;
    h.store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'orphan', namespace: 'default', labels: { app: 'web', [DefaultDeploymentUniqueLabelKey]: hash } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web', [DefaultDeploymentUniqueLabelKey]: hash } }, template },
    });
    h.advance(30_000);
    const rss = h.replicaSets('web');
    expect(rss.map((r) => r.metadata.name)).toEqual(['orphan']);
    expect(controllerRef(rss[0])?.name).toBe('web');
    expect(rss[0].metadata.annotations![RevisionAnnotation]).toBe('1');
    expect(cond(h, 'web', 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    // Relabelled out of the selector: released (no owner), and a new replica set takes over.
    const copy = JSON.parse(JSON.stringify(h.store.mustGet('ReplicaSet', 'default', 'orphan')));
    copy.metadata.labels = { app: 'other' };
    h.store.update(copy);
    h.advance(30_000);
    expect(h.store.mustGet('ReplicaSet', 'default', 'orphan').metadata.ownerReferences).toBeUndefined();
    expect(h.replicaSets('web').map((r) => r.metadata.name)).toEqual([`web-${hash}`]);
  });

  it('leaves a deployment being deleted to the garbage collector: status only', () => {
    const h = newHarness();
    h.createDeployment(deploymentFixture('web', { replicas: 2 }));
    h.advance(30_000);
    h.store.delete('Deployment', 'default', 'web', { propagationPolicy: 'Foreground' });
    h.updateDeployment('web', setImage('nginx:1.28'));
    h.advance(30_000);
    expect(h.deployment('web').metadata.deletionTimestamp).toBeDefined();
    expect(sizes(h, 'web')).toEqual(['nginx:1.27:2']);
  });

  it('bumps collisionCount when its replica set name is taken, and uses the next hash', () => {
    const h = newHarness();
    const d = h.store.create(deploymentFixture('web', { replicas: 1 }));
    const hash = computeHash(d.spec.template);
    h.store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `web-${hash}`, namespace: 'default', labels: { app: 'squatter' } },
      spec: { replicas: 0, selector: { matchLabels: { app: 'squatter' } }, template: { metadata: { labels: { app: 'squatter' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    h.advance(30_000);
    const after = h.deployment('web');
    expect(after.status.collisionCount).toBe(1);
    expect(h.replicaSets('web').map((r) => r.metadata.name)).toEqual([`web-${computeHash(d.spec.template, 1)}`]);
    expect(after.status.availableReplicas).toBe(1);
  });

  it('is deterministic and survives a snapshot taken mid-rollout', () => {
    const run = (cut?: number) => {
      let h = newHarness({ readyDelayMs: 1200, terminationDelayMs: 3100 });
      h.createDeployment(deploymentFixture('web', { replicas: 6, minReadySeconds: 2, maxSurge: 2, maxUnavailable: 1 }));
      h.advance(30_000);
      h.updateDeployment('web', setImage('nginx:1.28'));
      if (cut !== undefined) {
        h.advance(cut);
        const state = JSON.parse(JSON.stringify({ runtime: h.runtime.save(), recorder: h.recorder.save() }));
        const fresh = newHarness({ readyDelayMs: 1200, terminationDelayMs: 3100 });
        fresh.runtime.load(state.runtime);
        fresh.recorder.load(state.recorder);
        h = fresh;
        h.advance(60_000 - cut);
      } else h.advance(60_000);
      return JSON.stringify(h.store.all());
    };
    const straight = run();
    expect(run()).toBe(straight);
    expect(run(4_321)).toBe(straight);
  });
});
