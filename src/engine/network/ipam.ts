/**
 * Address arithmetic and the API server's bitmap allocators for Service cluster IPs and node
 * ports (pkg/registry/core/service/allocator/bitmap.go, ipallocator/bitmap.go,
 * portallocator/allocator.go of v1.32). The bitmap itself is not kept: which offsets are taken is
 * read from the stored Services (an index), so nothing can leak when a request fails half-way and
 * nothing needs to go into a snapshot. The choice among free offsets is upstream's: a random start
 * in the upper ("dynamic") band, scanning forward with wrap-around, and the lower ("static") band
 * only when the upper one is full, so that addresses users pick by hand from the static band
 * rarely collide with automatic ones.
 */

/** An IPv4 address as a 32-bit unsigned integer. */
export function ipToInt(ip: string): number {
  const p = ip.split('.');
  return (((Number(p[0]) << 24) >>> 0) + (Number(p[1]) << 16) + (Number(p[2]) << 8) + Number(p[3])) >>> 0;
}

/** The dotted form of a 32-bit unsigned integer. */
export function intToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Whether a string is a dotted-quad IPv4 address (no leading zeros, each part 0-255). */
export function isIPv4(s: string): boolean {
  const p = s.split('.');
  return p.length === 4 && p.every((x) => /^(0|[1-9]\d{0,2})$/.test(x) && Number(x) <= 255);
}

/** A CIDR block: its base address and prefix length. */
export interface Cidr {
  text: string;
  base: number;
  bits: number;
}

/** Parses `10.96.0.0/12`. */
export function parseCidr(text: string): Cidr {
  const [ip, bits] = text.split('/');
  const b = Number(bits);
  const mask = b === 0 ? 0 : (0xffffffff << (32 - b)) >>> 0;
  return { text, base: (ipToInt(ip) & mask) >>> 0, bits: b };
}

/** Whether an address lies inside a CIDR block. */
export function cidrContains(c: Cidr, ip: number): boolean {
  const mask = c.bits === 0 ? 0 : (0xffffffff << (32 - c.bits)) >>> 0;
  return ((ip & mask) >>> 0) === c.base;
}

/**
 * calculateRangeOffset of ipallocator/bitmap.go: the size of the static band,
 * min(max(16, size/16), 256). For 10.96.0.0/12 (1,048,576 addresses) 65,536 is capped to 256, so
 * 10.96.0.1-10.96.1.0 form the static band and automatic addresses start at 10.96.1.1.
 */
export function ipRangeOffset(cidrSize: number): number {
  if (cidrSize <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(cidrSize / 16)), 256);
}

/**
 * calculateRangeOffset of portallocator/allocator.go: min(max(16, size/32), 128). For
 * 30000-32767 (2,768 ports) that is 86, so 30000-30085 form the static band.
 */
export function portRangeOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}

/** The random source the scan needs (the runtime's Rng satisfies it). */
export interface IntSource {
  int(n: number): number;
}

/**
 * randomScanStrategyWithOffset.AllocateBit: a free offset in [0, max), trying the upper band
 * [offset, max) from a random start first, then the lower band [0, offset) from a random start.
 * Returns undefined when every offset is taken ("range is full").
 */
export function allocateBit(max: number, offset: number, taken: (i: number) => boolean, rng: IntSource, count?: number): number | undefined {
  if (count !== undefined && count >= max) return undefined;
  const upper = max - offset;
  if (upper > 0) {
    const start = rng.int(upper);
    for (let i = 0; i < upper; i++) {
      const at = offset + ((start + i) % upper);
      if (!taken(at)) return at;
    }
  }
  if (offset > 0) {
    const start = rng.int(offset);
    for (let i = 0; i < offset; i++) {
      const at = (start + i) % offset;
      if (!taken(at)) return at;
    }
  }
  return undefined;
}

/** An allocatable range of service IPs (ipallocator.Range): the CIDR minus network and broadcast. */
export class ServiceIPRange {
  readonly cidr: Cidr;
  /** First usable address (the CIDR base + 1), bitmap offset 0. */
  readonly first: number;
  /** Number of usable addresses. */
  readonly max: number;
  /** Size of the static band at the bottom of the range. */
  readonly offset: number;

  /** A range over a CIDR such as `10.96.0.0/12`. */
  constructor(cidrText: string) {
    this.cidr = parseCidr(cidrText);
    const size = 2 ** (32 - this.cidr.bits);
    this.first = this.cidr.base + 1;
    this.max = Math.max(0, size - 2);
    this.offset = ipRangeOffset(size);
  }

  /** The bitmap offset of an address, or undefined when it is outside the usable range. */
  offsetOf(ip: string): number | undefined {
    if (!isIPv4(ip)) return undefined;
    const n = ipToInt(ip);
    if (!cidrContains(this.cidr, n)) return undefined;
    const off = n - this.first;
    return off >= 0 && off < this.max ? off : undefined;
  }

  /** The address at a bitmap offset. */
  ipAt(offset: number): string {
    return intToIp(this.first + offset);
  }
}

/** The node port range (`--service-node-port-range`, 30000-32767 by default). */
export class PortRange {
  /** Size of the static band at the bottom of the range. */
  readonly offset: number;

  /** A range of `size` ports starting at `base`. */
  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    this.offset = portRangeOffset(size);
  }

  /** Whether a port lies in the range. */
  contains(port: number): boolean {
    return port >= this.base && port < this.base + this.size;
  }

  /** `30000-32767`, as the error messages print the range. */
  toString(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }
}

/** kubeadm's (and kind's) `--service-cluster-ip-range`. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/12';
/** The API server's default `--service-node-port-range`. */
export const NODE_PORT_RANGE = new PortRange(30000, 2768);
