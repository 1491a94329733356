import { describe, expect, it } from 'vitest';
import { newHarness } from '../testing';
import { clone } from '../../sim/dev';
import { Rng } from '../../sim/rng';
import { ROOT_CA_DESCRIPTION, base64, generateRootCA } from './root_ca_cert_publisher';

describe('service account and root CA publishers', () => {
  it('give every namespace a default ServiceAccount and kube-root-ca.crt', () => {
    const h = newHarness();
    h.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    for (const ns of ['default', 'kube-system', 'shop']) {
      const sa = h.store.mustGet('ServiceAccount', ns, 'default');
      expect(Object.keys(sa).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
      const cm = h.store.mustGet('ConfigMap', ns, 'kube-root-ca.crt');
      expect(cm.metadata.annotations).toEqual({ 'kubernetes.io/description': ROOT_CA_DESCRIPTION });
      expect(cm.data['ca.crt']).toBe(h.controllers.rootCACertPublisher.rootCA);
    }
  });

  it('recreate them when deleted and repair edited CA data', () => {
    const h = newHarness();
    const sa = h.store.mustGet('ServiceAccount', 'default', 'default');
    h.store.delete('ServiceAccount', 'default', 'default');
    h.store.delete('ConfigMap', 'default', 'kube-root-ca.crt');
    h.settle();
    const again = h.store.mustGet('ServiceAccount', 'default', 'default');
    expect(again.metadata.uid).not.toBe(sa.metadata.uid);
    const cm = clone(h.store.mustGet('ConfigMap', 'default', 'kube-root-ca.crt'));
    cm.data['ca.crt'] = 'tampered';
    delete cm.metadata.annotations;
    h.store.update(cm);
    h.settle();
    const fixed = h.store.mustGet('ConfigMap', 'default', 'kube-root-ca.crt');
    expect(fixed.data['ca.crt']).toBe(h.controllers.rootCACertPublisher.rootCA);
    expect(fixed.metadata.annotations!['kubernetes.io/description']).toBe(ROOT_CA_DESCRIPTION);
  });

  it('draws a PEM certificate deterministically from the RNG', () => {
    const t = Date.parse('2025-03-03T08:55:00Z');
    const a = generateRootCA(new Rng(1), t);
    expect(a).toBe(generateRootCA(new Rng(1), t));
    expect(a).not.toBe(generateRootCA(new Rng(2), t));
    const lines = a.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('-----END CERTIFICATE-----');
    expect(lines.slice(1, -2).every((l) => l.length === 64)).toBe(true);
    // DER SEQUENCE of 773 bytes, then a TBSCertificate with version v3: "MIIDBTCCAe2gAwIBAgI".
    expect(lines[1].startsWith('MIIDBTCCAe2gAwIBAgI')).toBe(true);
    // CN=kubernetes and the validity from 2025-03-03 08:55:00 for ten years are in there.
    const body = atob(lines.slice(1, -1).join(''));
    expect(body).toContain('kubernetes');
    expect(body).toContain('250303085500Z');
    expect(body).toContain('350301085500Z');
  });

  it.each([
    [[], ''],
    [[0x66], 'Zg=='],
    [[0x66, 0x6f], 'Zm8='],
    [[0x66, 0x6f, 0x6f], 'Zm9v'],
    [[0xff, 0xfe, 0xfd, 0xfc], '//79/A=='],
  ])('base64(%j) = %j', (bytes, out) => {
    expect(base64(bytes)).toBe(out);
  });
});
