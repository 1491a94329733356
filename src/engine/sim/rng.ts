/**
 * Seeded pseudo-random numbers for the engine. The engine never calls Math.random: every random
 * choice (pod name suffixes, uids, tie-breaks in the scheduler, pull-time jitter) comes from one Rng
 * whose whole state is four 32-bit words, so a snapshot can carry it and a restore continues the
 * very same sequence.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG): 128 bits of state, passes
 * PractRand, and needs only 32-bit integer arithmetic, which JavaScript does exactly.
 */

/** The alphabet Kubernetes uses for generated name suffixes: no vowels, no 0/1/3 (apimachinery rand). */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The serialisable state of an Rng. */
export type RngState = [number, number, number, number];

/** A deterministic random number generator (sfc32) with Kubernetes-flavoured helpers. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the generator from a number; equal seeds give equal sequences. */
  constructor(seed: number | RngState) {
    if (Array.isArray(seed)) {
      [this.a, this.b, this.c, this.d] = seed.map((x) => x >>> 0) as RngState;
      return;
    }
    // Spread the seed over the four words with splitmix32, then discard a few outputs so that
    // nearby seeds (1, 2, 3) do not start with correlated values.
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The state to put in a snapshot. */
  state(): RngState {
    // Unsigned, as the constructor stores a restored state: `b ^ (b >>> 9)` can leave a word
    // negative, and a snapshot must read the same before and after a restore.
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  /** Rewinds the generator to a state that state() returned (a write that did not happen). */
  rewind(state: RngState): void {
    [this.a, this.b, this.c, this.d] = state.map((x) => x >>> 0) as RngState;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (n <= 0) return 0;
    return Math.floor(this.float() * n);
  }

  /** An integer in [min, max] inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** n characters from the Kubernetes name alphabet, as the API server's generateName does (5 chars). */
  nameSuffix(n = 5): string {
    let out = '';
    for (let i = 0; i < n; i++) out += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
    return out;
  }

  /** n lowercase hex digits (container IDs are 64, image digests 64, event name suffixes 16). */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += this.nextUint32().toString(16).padStart(8, '0');
    return out.slice(0, n);
  }

  /** A version-4 UUID in the form the API server gives metadata.uid. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16], 16) & 3];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}
