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

/** Character codes of the lowercase hex digits. */
const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));

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
    // Eight digits per 32-bit word, most significant first, the last word cut to length; built
    // from character codes so that the result is one flat string (a concatenation would keep a
    // rope of pieces alive in every uid and container ID the store holds).
    const codes = new Array<number>(n);
    for (let i = 0; i < n; ) {
      const w = this.nextUint32();
      for (let shift = 28; shift >= 0 && i < n; shift -= 4) codes[i++] = HEX_CODES[(w >>> shift) & 15];
    }
    return String.fromCharCode.apply(null, codes);
  }

  /** A version-4 UUID in the form the API server gives metadata.uid. */
  uuid(): string {
    // 32 random hex digits (four words) with the version nibble 4 at digit 12 and the variant
    // 8, 9, a or b at digit 16 (from that digit's low two bits), dashed 8-4-4-4-12.
    const codes = new Array<number>(36);
    let j = 0;
    for (let word = 0; word < 4; word++) {
      const w = this.nextUint32();
      for (let shift = 28; shift >= 0; shift -= 4) {
        const digit = j - (j > 23 ? 4 : j > 18 ? 3 : j > 13 ? 2 : j > 8 ? 1 : 0);
        let v = (w >>> shift) & 15;
        if (digit === 12) v = 4;
        else if (digit === 16) v = 8 + (v & 3);
        codes[j++] = HEX_CODES[v];
        if (j === 8 || j === 13 || j === 18 || j === 23) codes[j++] = 45; // '-'
      }
    }
    return String.fromCharCode.apply(null, codes);
  }
}
