import { describe, expect, it } from 'vitest';
import { dashedIP, lookupHosts, parseResolvConf, reverseName, searchCandidates } from './dns';

const POD_CONF = parseResolvConf('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');

describe('stub resolver', () => {
  it('reads resolv.conf as the kubelet writes it', () => {
    expect(POD_CONF).toEqual({ nameservers: ['10.96.0.10'], search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], ndots: 5 });
    expect(parseResolvConf('nameserver 172.18.0.1\noptions edns0 ndots:0\n')).toEqual({ nameservers: ['172.18.0.1'], search: [], ndots: 0 });
    expect(parseResolvConf('# empty\n')).toEqual({ nameservers: ['127.0.0.1'], search: [], ndots: 1 });
  });

  it.each([
    ['web', ['web.default.svc.cluster.local', 'web.svc.cluster.local', 'web.cluster.local', 'web']],
    // 4 dots < ndots:5: the search domains are tried first, the full name last.
    [
      'nginx-service.default.svc.cluster.local',
      [
        'nginx-service.default.svc.cluster.local.default.svc.cluster.local',
        'nginx-service.default.svc.cluster.local.svc.cluster.local',
        'nginx-service.default.svc.cluster.local.cluster.local',
        'nginx-service.default.svc.cluster.local',
      ],
    ],
    ['a.b.c.d.e.f', ['a.b.c.d.e.f', 'a.b.c.d.e.f.default.svc.cluster.local', 'a.b.c.d.e.f.svc.cluster.local', 'a.b.c.d.e.f.cluster.local']],
    ['web.default.svc.cluster.local.', ['web.default.svc.cluster.local']],
  ])('searchCandidates(%s) with ndots:5', (name, want) => expect(searchCandidates(name, POD_CONF)).toEqual(want));

  it('with ndots:0 (a kind node) tries the name as given first', () => {
    expect(searchCandidates('podium-worker', { nameservers: [], search: ['example.org'], ndots: 0 })).toEqual(['podium-worker', 'podium-worker.example.org']);
  });

  it('looks names up in /etc/hosts', () => {
    const hosts = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n10.244.1.5\tweb-0.web.default.svc.cluster.local\tweb-0\n';
    expect(lookupHosts(hosts, 'web-0')).toBe('10.244.1.5');
    expect(lookupHosts(hosts, 'localhost')).toBe('127.0.0.1');
    expect(lookupHosts(hosts, 'web-1')).toBeUndefined();
  });

  it.each([
    ['10.244.1.5', '10-244-1-5', '5.1.244.10.in-addr.arpa'],
    ['10.96.0.10', '10-96-0-10', '10.0.96.10.in-addr.arpa'],
  ])('%s -> %s, %s', (ip, dashed, rev) => {
    expect(dashedIP(ip)).toBe(dashed);
    expect(reverseName(ip)).toBe(rev);
  });
});
