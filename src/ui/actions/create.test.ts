import { describe, expect, it } from 'vitest';
import { validateDeploymentForm } from './create';

const ok = { name: 'web', image: 'nginx', replicas: 3, port: 80, namespace: 'default' };

describe('validateDeploymentForm', () => {
  it('accepts a normal form', () => expect(validateDeploymentForm(ok, { port: 80, type: 'ClusterIP' })).toEqual({}));
  it.each([
    [{ ...ok, name: ' ' }, 'name'],
    [{ ...ok, image: '' }, 'image'],
    [{ ...ok, replicas: -1 }, 'replicas'],
    [{ ...ok, replicas: 1.5 }, 'replicas'],
    [{ ...ok, port: 70000 }, 'port'],
  ])('flags %j', (f, field) => expect(Object.keys(validateDeploymentForm(f, null))).toEqual([field]));
  it('checks the service port', () => expect(validateDeploymentForm(ok, { port: 0, type: 'NodePort' })).toHaveProperty('servicePort'));
});
