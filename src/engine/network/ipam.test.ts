import { describe, expect, it } from 'vitest';
import { allocateBit, cidrContains, intToIp, ipRangeOffset, ipToInt, isIPv4, parseCidr, portRangeOffset, ServiceIPRange } from './ipam';

describe('address arithmetic', () => {
  it.each([
    ['10.96.0.1', 174063617],
    ['0.0.0.0', 0],
    ['255.255.255.255', 4294967295],
    ['172.18.255.200', 2886926280],
  ])('%s <-> %i', (ip, n) => {
    expect(ipToInt(ip)).toBe(n);
    expect(intToIp(n)).toBe(ip);
  });

  it.each([
    ['10.96.0.1', true],
    ['10.96.0', false],
    ['10.96.0.256', false],
    ['10.096.0.1', false],
    ['a.b.c.d', false],
    ['None', false],
  ])('isIPv4(%s) = %s', (s, ok) => expect(isIPv4(s)).toBe(ok));

  it('checks CIDR membership', () => {
    const c = parseCidr('10.96.0.0/12');
    expect(cidrContains(c, ipToInt('10.111.255.255'))).toBe(true);
    expect(cidrContains(c, ipToInt('10.112.0.0'))).toBe(false);
    expect(cidrContains(c, ipToInt('10.95.255.255'))).toBe(false);
  });
});

describe('static band sizes (calculateRangeOffset)', () => {
  it.each([
    [2 ** 20, 256], // 10.96.0.0/12: 65,536 capped at 256
    [4096, 256],
    [2048, 128],
    [256, 16],
    [16, 0],
  ])('IP range of %i addresses -> %i', (size, off) => expect(ipRangeOffset(size)).toBe(off));

  it.each([
    [2768, 86], // 30000-32767
    [1000, 31],
    [100, 16],
    [16, 0],
    [10000, 128],
  ])('port range of %i ports -> %i', (size, off) => expect(portRangeOffset(size)).toBe(off));

  it('puts 10.96.0.1-10.96.1.0 in the static band of the service range', () => {
    const r = new ServiceIPRange('10.96.0.0/12');
    expect(r.max).toBe(2 ** 20 - 2);
    expect(r.offsetOf('10.96.0.1')).toBe(0);
    expect(r.ipAt(r.offset)).toBe('10.96.1.1');
    expect(r.offsetOf('10.96.0.0')).toBeUndefined();
    expect(r.offsetOf('10.111.255.255')).toBeUndefined();
    expect(r.offsetOf('10.111.255.254')).toBe(r.max - 1);
  });
});

describe('allocateBit (randomScanStrategyWithOffset)', () => {
  const fixed = (...values: number[]) => ({ int: () => values.shift() ?? 0 });

  it('starts at a random place in the upper band', () => {
    expect(allocateBit(10, 3, () => false, fixed(4))).toBe(7);
  });
  it('scans forward with wrap-around inside the upper band', () => {
    const taken = new Set([8, 9]);
    expect(allocateBit(10, 3, (i) => taken.has(i), fixed(5))).toBe(3);
  });
  it('falls back to the lower band when the upper one is full', () => {
    expect(allocateBit(10, 3, (i) => i >= 3 || i === 1, fixed(0, 1))).toBe(2);
  });
  it('reports a full range', () => {
    expect(allocateBit(10, 3, () => true, fixed(0, 0))).toBeUndefined();
  });
});
