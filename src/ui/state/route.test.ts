import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, formatRoute, parseRoute, type Route } from './route';

describe('routes', () => {
  it.each([
    ['', DEFAULT_ROUTE],
    ['#/pods', { ...DEFAULT_ROUTE, view: 'pods' }],
    ['#/pods?ns=kube-system&l=tier%3Dcontrol-plane&q=etcd&wide=1', { ...DEFAULT_ROUTE, view: 'pods', namespace: 'kube-system', labels: 'tier=control-plane', q: 'etcd', wide: true }],
    ['#/pods/kube-system/etcd-podium-control-plane?tab=yaml', { ...DEFAULT_ROUTE, view: 'pods', selected: { namespace: 'kube-system', name: 'etcd-podium-control-plane' }, tab: 'yaml' }],
    ['#/nodes/podium-worker?tab=describe', { ...DEFAULT_ROUTE, view: 'nodes', selected: { namespace: null, name: 'podium-worker' }, tab: 'describe' }],
    ['#/bogus/x', DEFAULT_ROUTE],
    ['#/pods?tab=nonsense', { ...DEFAULT_ROUTE, view: 'pods' }],
    ['#/pods/onlyns', { ...DEFAULT_ROUTE, view: 'pods' }],
  ] as Array<[string, Route]>)('parses %j', (hash, route) => expect(parseRoute(hash)).toEqual(route));

  it.each([
    { ...DEFAULT_ROUTE, view: 'deployments', namespace: 'default', labels: 'app in (web,api),!legacy', q: 'a b&c' },
    { ...DEFAULT_ROUTE, view: 'pods', selected: { namespace: 'default', name: 'web-7c5ddbdf54-2xk8p' }, tab: 'logs' },
    { ...DEFAULT_ROUTE, view: 'nodes', selected: { namespace: null, name: 'podium-worker2' }, tab: 'describe', wide: true },
    { ...DEFAULT_ROUTE, view: 'events' },
  ] as Route[])('round-trips %j', (r) => expect(parseRoute(formatRoute(r))).toEqual(r));

  it('drops the tab from list routes', () => {
    expect(formatRoute({ ...DEFAULT_ROUTE, view: 'pods', tab: 'yaml' })).toBe('#/pods');
  });
});
