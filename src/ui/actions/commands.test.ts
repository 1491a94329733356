import { describe, expect, it } from 'vitest';
import * as cmd from './commands';
import { splitShell } from '../../kubectl/shell';

const dep = { resource: 'deployment', name: 'web', namespace: 'default' };

describe('kubectl command builders', () => {
  it.each([
    [cmd.createDeploymentCmd({ name: 'web', image: 'nginx:1.27', replicas: 3, port: 80, namespace: 'default' }), 'kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=80 -n default'],
    [cmd.createDeploymentCmd({ name: 'web', image: 'nginx', replicas: 1, namespace: 'default' }), 'kubectl create deployment web --image=nginx --replicas=1 -n default'],
    [cmd.exposeCmd({ name: 'web', port: 80, type: 'NodePort', namespace: 'default' }), 'kubectl expose deployment web --port=80 --type=NodePort -n default'],
    [cmd.scaleCmd(dep, 5), 'kubectl scale deployment/web --replicas=5 -n default'],
    [cmd.setImageCmd(dep, 'nginx', 'nginx:1.28'), 'kubectl set image deployment/web nginx=nginx:1.28 -n default'],
    [cmd.deleteCmd({ resource: 'node', name: 'podium-worker' }), 'kubectl delete node podium-worker'],
    [cmd.rolloutRestartCmd(dep), 'kubectl rollout restart deployment/web -n default'],
    [cmd.rolloutUndoCmd(dep), 'kubectl rollout undo deployment/web -n default'],
    [cmd.rolloutUndoCmd(dep, 2), 'kubectl rollout undo deployment/web --to-revision=2 -n default'],
    [cmd.cordonCmd('podium-worker', true), 'kubectl cordon podium-worker'],
    [cmd.cordonCmd('podium-worker', false), 'kubectl uncordon podium-worker'],
    [cmd.describeCmd({ resource: 'pod', name: 'p', namespace: 'kube-system' }), 'kubectl describe pod p -n kube-system'],
    [cmd.getYamlCmd({ resource: 'node', name: 'n' }), 'kubectl get node n -o yaml'],
    [cmd.logsCmd({ resource: 'pod', name: 'p', namespace: 'default' }), 'kubectl logs p -n default --all-containers=true'],
    [cmd.logsCmd(dep, { tail: 100, selector: 'app=web' }), 'kubectl logs -l app=web -n default --prefix --all-containers=true --tail=100'],
    [cmd.logsCmd(dep, { selector: 'app in (a,b)' }), "kubectl logs -l 'app in (a,b)' -n default --prefix --all-containers=true"],
    [cmd.logsCmd(dep), 'kubectl logs deployment/web -n default --all-containers=true'],
    [cmd.exportAllCmd(), 'kubectl get namespaces,configmaps,secrets,serviceaccounts,deployments,daemonsets,replicasets,replicationcontrollers,pods,services,endpoints -A -o yaml'],
  ])('%s', (got, expected) => expect(got).toBe(expected));

  it.each(["it's", 'a b', '$(rm -rf /)', '<b>x</b>', 'semi;colon'])('keeps %j one literal argument', (evil) => {
    const line = cmd.createDeploymentCmd({ name: evil, image: evil, replicas: 1, namespace: evil });
    const argv = splitShell(line);
    expect(argv[3]).toBe(evil);
    expect(argv[4]).toBe(`--image=${evil}`);
    expect(argv[argv.length - 1]).toBe(evil);
    expect(splitShell(cmd.setImageCmd({ ...dep, name: evil }, 'c', evil))).toEqual(['kubectl', 'set', 'image', `deployment/${evil}`, `c=${evil}`, '-n', 'default']);
  });

  it.each([
    ['kubectl get pods', true],
    ['get pods -A', true],
    ['kubectl describe node x', true],
    ['kubectl rollout history deploy/web', true],
    ['kubectl rollout undo deploy/web', false],
    ['kubectl delete pod x', false],
    ['kubectl create deployment x --image=nginx --dry-run=client -o yaml', true],
    ['kubectl scale deploy/web --replicas=3', false],
    ['', true],
  ])('isReadOnlyCommand(%j) = %s', (line, yes) => expect(cmd.isReadOnlyCommand(line)).toBe(yes));
});
