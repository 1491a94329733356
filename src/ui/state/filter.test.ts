import { describe, expect, it } from 'vitest';
import { compileLabelFilter, filterObjects, byNamespaceName } from './filter';
import type { KObject } from '../../protocol/batch';

const o = (ns: string, name: string, labels: Record<string, string> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels, uid: `${ns}/${name}`, resourceVersion: '1', creationTimestamp: '' },
});
const objs = [
  o('default', 'web-2', { app: 'web', tier: 'front' }),
  o('default', 'web-10', { app: 'web' }),
  o('kube-system', 'coredns-1', { 'k8s-app': 'kube-dns' }),
  o('default', 'api-1', { app: 'api', legacy: 'yes' }),
];
const names = (xs: KObject[]) => xs.map((x) => x.metadata.name);
const text = (x: KObject) => `${x.metadata.namespace}\u0000${x.metadata.name}`.toLowerCase();
const q = (over: object) => ({ namespace: null, namespaced: true, labels: { selector: null }, text: '', ...over });

describe('label filter (kubectl -l)', () => {
  it.each([
    ['app=web', ['web-10', 'web-2']],
    ['app!=web', ['api-1', 'coredns-1']],
    ['app in (web,api)', ['api-1', 'web-10', 'web-2']],
    ['!legacy', ['web-10', 'web-2', 'coredns-1']],
    ['app,tier', ['web-2']],
    ['', ['api-1', 'web-10', 'web-2', 'coredns-1']],
  ])('%s', (sel, expected) => expect(names(filterObjects(objs, q({ labels: compileLabelFilter(sel) }), text))).toEqual(expected));

  it('reports a syntax error and then filters nothing', () => {
    const f = compileLabelFilter('app in (web');
    expect(f.error).toBeTruthy();
    expect(filterObjects(objs, q({ labels: f }), text)).toHaveLength(4);
  });
});

describe('filterObjects', () => {
  it('filters by namespace unless cluster-scoped', () => {
    expect(names(filterObjects(objs, q({ namespace: 'kube-system' }), text))).toEqual(['coredns-1']);
    expect(filterObjects(objs, q({ namespace: 'kube-system', namespaced: false }), text)).toHaveLength(4);
  });
  it('filters by text, case-insensitively', () => {
    expect(names(filterObjects(objs, q({ text: 'WEB' }), text))).toEqual(['web-10', 'web-2']);
    expect(names(filterObjects(objs, q({ text: 'kube-sys' }), text))).toEqual(['coredns-1']);
  });
  it('orders by namespace, then name as kubectl does', () => {
    expect([...objs].sort(byNamespaceName).map((x) => `${x.metadata.namespace}/${x.metadata.name}`)).toEqual([
      'default/api-1',
      'default/web-10',
      'default/web-2',
      'kube-system/coredns-1',
    ]);
  });
});
