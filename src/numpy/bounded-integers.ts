/**
 * NumPy's bounded integers where node-curand's draws (src/draws/integers.ts, which give NumPy's
 * Generator its 32- and 64-bit dtypes) choose otherwise: the legacy masked rejection of
 * RandomState.randint, and the 16-, 8- and 1-bit dtypes, whose values are cut from a buffered 32-bit
 * word. Facts from numpy/random/src/distributions/distributions.c (random_bounded_uint64_fill,
 * random_bounded_uint16_fill, random_bounded_uint8_fill, random_bounded_bool_fill and the functions
 * they call): every value is off + v for v in [0, rng]; rng 0 reads nothing; the full span of a type
 * takes the draw as is; otherwise masked rejection (the smallest all-ones mask ≥ rng, redrawn while
 * v > rng) or Lemire's method in the type's width.
 */

/** What these draws read: a bit generator's next_uint32 (and, for 64-bit spans, next_uint64). */
export interface WordSource {
  nextUint32(): number;
}

export interface WideWordSource extends WordSource {
  nextUint64(): bigint;
}

type NumberTarget = { length: number; [i: number]: number };

/**
 * NumPy's buffered_uint16, buffered_uint8 and the bool draw's bit buffer: a 32-bit word taken when
 * the buffer is empty, its low `bits` given first, then the next ones. The buffer lives for one
 * call (one fill), so a call never starts with another's leftover bits.
 */
class WordParts {
  #buf = 0;
  #left = 0;
  readonly #mask: number;

  constructor(
    private readonly src: WordSource,
    private readonly bits: 16 | 8 | 1,
  ) {
    this.#mask = 2 ** bits - 1;
  }

  next(): number {
    if (this.#left === 0) {
      this.#buf = this.src.nextUint32();
      this.#left = 32 / this.bits - 1;
    } else {
      this.#buf >>>= this.bits;
      this.#left--;
    }
    return this.#buf & this.#mask;
  }
}

/** The smallest all-ones mask ≥ r, for r < 2^32 (gen_mask). */
function mask32(r: number): number {
  return r === 0 ? 0 : 2 ** (32 - Math.clz32(r)) - 1;
}

/** A value in [0, rng] by masked rejection, each part of the buffered word one attempt (buffered_bounded_masked_uint<bits>). */
function maskedPart(parts: WordParts, rng: number, mask: number): number {
  let v: number;
  do v = parts.next() & mask;
  while (v > rng);
  return v;
}

/**
 * A value in [0, rng] by Lemire's method in `bits`-bit arithmetic (buffered_bounded_lemire_uint<bits>):
 * m = part·(rng + 1) (below 2^32, exact), accepted when its low `bits` are at least
 * (2^bits − 1 − rng) mod (rng + 1); the value is its high part.
 */
function lemirePart(parts: WordParts, radix: number, rng: number, threshold: number): number {
  const excl = rng + 1;
  let m = parts.next() * excl;
  while (m % radix < threshold) m = parts.next() * excl;
  return Math.floor(m / radix);
}

/**
 * Fills `target` with off + v, v in [0, rng], for a 16- or 8-bit dtype (rng < 2^bits): masked
 * rejection (RandomState) or Lemire's method (Generator).
 */
function fillBoundedNarrow(src: WordSource, bits: 16 | 8, off: number, rng: number, masked: boolean, target: NumberTarget): void {
  const n = target.length;
  const parts = new WordParts(src, bits);
  const full = 2 ** bits - 1;
  if (rng === 0) {
    for (let i = 0; i < n; i++) target[i] = off;
  } else if (rng === full) {
    for (let i = 0; i < n; i++) target[i] = off + parts.next();
  } else if (masked) {
    const mask = mask32(rng);
    for (let i = 0; i < n; i++) target[i] = off + maskedPart(parts, rng, mask);
  } else {
    const threshold = (full - rng) % (rng + 1);
    for (let i = 0; i < n; i++) target[i] = off + lemirePart(parts, full + 1, rng, threshold);
  }
}

/**
 * One call's draws of 16-, 8- or 1-bit values whose range changes from value to value, on one
 * buffered word (random_buffered_bounded_uint16, _uint8 and _bool, as NumPy's broadcast loop calls
 * them): the values the fills give, value by value.
 */
export class BufferedBounded {
  readonly #parts: WordParts;
  readonly #full: number;

  constructor(
    src: WordSource,
    bits: 16 | 8 | 1,
    private readonly masked: boolean,
  ) {
    this.#parts = new WordParts(src, bits);
    this.#full = 2 ** bits - 1;
  }

  /** off + v, v in [0, rng] (rng < 2^bits). */
  next(off: number, rng: number): number {
    if (rng === 0) return off;
    if (rng === this.#full) return off + this.#parts.next();
    if (this.masked) return off + maskedPart(this.#parts, rng, mask32(rng));
    return off + lemirePart(this.#parts, this.#full + 1, rng, (this.#full - rng) % (rng + 1));
  }
}

/** Fills `target` with bool values: off for rng 0, else one bit of the buffered word each (random_bounded_bool_fill). */
function fillBoundedBool(src: WordSource, off: number, rng: number, target: NumberTarget): void {
  const parts = new WordParts(src, 1);
  for (let i = 0; i < target.length; i++) target[i] = rng === 0 ? off : parts.next();
}

/** fillBoundedNarrow, or fillBoundedBool for 1 bit (bool ignores `masked`: NumPy draws its bits either way). */
export function fillBoundedSmall(src: WordSource, bits: 16 | 8 | 1, off: number, rng: number, masked: boolean, target: NumberTarget): void {
  if (bits === 1) fillBoundedBool(src, off, rng, target);
  else fillBoundedNarrow(src, bits, off, rng, masked, target);
}

/**
 * The masked draw of one value in [0, rng] for rng < 2^64 (random_bounded_uint64_fill's masked path,
 * RandomState's for its 32- and 64-bit dtypes): one word per attempt below 2^32 − 1, that word as is
 * at 2^32 − 1, else 64-bit words (first word high for MT19937), next_uint64 as is at 2^64 − 1.
 * Returns a number below 2^32, else a bigint. rng is a bigint, or a safe integer as a number.
 */
export function maskedDraw(src: WideWordSource, rng: bigint | number): () => number | bigint {
  if (typeof rng === 'bigint' && rng < 0xffffffffn) rng = Number(rng);
  if (typeof rng === 'number') {
    // Spans below 2^32 − 1 without bigints.
    if (rng === 0) return () => 0;
    if (rng < 0xffffffff) {
      const r = rng;
      const mask = mask32(r);
      return () => {
        let v: number;
        do v = (src.nextUint32() & mask) >>> 0;
        while (v > r);
        return v;
      };
    }
    rng = BigInt(rng);
  }
  if (rng === 0xffffffffn) return () => src.nextUint32();
  if (rng === 0xffffffffffffffffn) return () => src.nextUint64();
  const mask = (1n << BigInt(rng.toString(2).length)) - 1n;
  return () => {
    let v: bigint;
    do v = src.nextUint64() & mask;
    while (v > rng);
    return v;
  };
}
