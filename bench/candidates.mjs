// @ts-check
// What the benchmark measures: every node-curand backend found at run time (backendInfo()), each with
// the algorithms asked for; the JavaScript peers (devDependencies, skipped with the reason when
// missing, as in an installed node-curand); Math.random and crypto.randomFillSync; and the machine's
// write bandwidth as the ceiling.
// Main thread and worker threads build their fills from the same ids through loadCandidate().

import { randomFillSync } from 'node:crypto';

/** @typedef {typeof import('../src/index.js')} Library */
/** @typedef {keyof typeof DISTS} BenchDist */
/** @typedef {Float32Array | Float64Array | Uint32Array} BenchArray */
/**
 * node-curand: a node-curand backend; curand-host: cuRAND's own host generators (through node-curand);
 * peer: a JavaScript generator (the libraries and Math.random), what "× best peer" compares with;
 * reference: crypto.randomFillSync (the OS's CSPRNG, not a seedable generator); baseline: the write bandwidth.
 * @typedef {'node-curand' | 'curand-host' | 'peer' | 'reference' | 'baseline'} CandidateGroup
 */
/**
 * @typedef {object} CandidateInfo
 * @property {string} id stable key, e.g. 'node-curand:ts:philox4x32-10', 'seedrandom-xorwow'
 * @property {string} label what the tables and the chart show
 * @property {CandidateGroup} group
 * @property {readonly BenchDist[]} dists the distributions it can produce
 * @property {string | null} backend node-curand backend name, or null
 * @property {string | null} algorithm node-curand algorithm, or the peer's generator
 * @property {string | null} detail g.backendDetail (which kernel or library computes), or how a peer is called
 * @property {boolean} [autoKernel] node-curand: whether this is what the backend runs with kernel 'auto' (false
 *   only for the kernels measured one by one that 'auto' does not pick here)
 */
/**
 * @typedef {object} LoadedCandidate
 * @property {(dist: BenchDist, out: BenchArray) => () => void} fill one synchronous fill of all of `out`
 * @property {((dist: BenchDist, out: BenchArray) => () => Promise<unknown>) | null} fillAsync
 *   node-curand's `…Async` call, threaded as the backend itself chooses; null for the others
 * @property {() => void} release frees what the fills made so far (node-curand generators)
 */

// The library's types name arrays over an ArrayBuffer; arrays over a SharedArrayBuffer (the
// multi-threaded runs) are accepted the same at run time.
const float32 = (/** @type {BenchArray} */ out) => /** @type {Float32Array<ArrayBuffer>} */ (out);
const float64 = (/** @type {BenchArray} */ out) => /** @type {Float64Array<ArrayBuffer>} */ (out);
const uint32 = (/** @type {BenchArray} */ out) => /** @type {Uint32Array<ArrayBuffer>} */ (out);

/** @typedef {import('../src/index.js').Generator} NodeCurandGenerator */
/**
 * @typedef {object} DistSpec
 * @property {'float32' | 'float64' | 'uint32'} type the output's elements, as cuRAND writes them
 * @property {(g: NodeCurandGenerator, out: BenchArray) => unknown} fill
 * @property {(g: NodeCurandGenerator, out: BenchArray) => Promise<unknown>} fillAsync
 */
/**
 * What the benchmark measures: each distribution's output and the node-curand call filling it,
 * synchronous and `…Async`. Poisson at λ = 10 and 1000 takes the table methods of every generator
 * (MTGP32's cumulative table at 1000; docs/poisson.md).
 */
export const DISTS = /** @satisfies {Record<string, DistSpec>} */ ({
  uniform: { type: 'float32', fill: (g, out) => g.uniform(float32(out)), fillAsync: (g, out) => g.uniformAsync(float32(out)) },
  uniformDouble: { type: 'float64', fill: (g, out) => g.uniformDouble(float64(out)), fillAsync: (g, out) => g.uniformDoubleAsync(float64(out)) },
  normal: { type: 'float32', fill: (g, out) => g.normal(float32(out)), fillAsync: (g, out) => g.normalAsync(float32(out)) },
  uint32: { type: 'uint32', fill: (g, out) => g.uint32(uint32(out)), fillAsync: (g, out) => g.uint32Async(uint32(out)) },
  normalDouble: { type: 'float64', fill: (g, out) => g.normalDouble(float64(out)), fillAsync: (g, out) => g.normalDoubleAsync(float64(out)) },
  'poisson-10': { type: 'uint32', fill: (g, out) => g.poisson(uint32(out), 10), fillAsync: (g, out) => g.poissonAsync(uint32(out), 10) },
  'poisson-1000': { type: 'uint32', fill: (g, out) => g.poisson(uint32(out), 1000), fillAsync: (g, out) => g.poissonAsync(uint32(out), 1000) },
});
export const BENCH_DISTS = /** @type {BenchDist[]} */ (Object.keys(DISTS));
/** Measured unless --dists says otherwise: the three distributions the JavaScript peers have too. */
export const DEFAULT_DISTS = /** @type {BenchDist[]} */ (['uniform', 'uniformDouble', 'normal']);
/** The algorithms measured unless --algorithms says otherwise. */
export const DEFAULT_ALGORITHMS = ['philox4x32-10', 'mtgp32'];
const SEED = 42;
const UNIFORMS = /** @type {const} */ (['uniform', 'uniformDouble']);
const ARRAYS = { float32: Float32Array, float64: Float64Array, uint32: Uint32Array };

/** Bytes of one value of a distribution (as cuRAND writes it). */
export function bytesPerValue(/** @type {BenchDist} */ dist) {
  return ARRAYS[DISTS[dist].type].BYTES_PER_ELEMENT;
}

/** The element type's name for the tables: float32, float64 or uint32. */
export function elementType(/** @type {BenchDist} */ dist) {
  return DISTS[dist].type;
}

/**
 * An output of `dist` over `buffer` (fresh when absent), from element `start`, `n` elements.
 * @param {BenchDist} dist @param {number} n @param {ArrayBuffer | SharedArrayBuffer} [buffer] @param {number} [start]
 * @returns {BenchArray}
 */
export function arrayOver(dist, n, buffer, start = 0) {
  const Type = ARRAYS[DISTS[dist].type];
  return new Type(/** @type {ArrayBuffer} */ (buffer ?? new ArrayBuffer(n * Type.BYTES_PER_ELEMENT)), start * Type.BYTES_PER_ELEMENT, n);
}

export function newArray(/** @type {BenchDist} */ dist, /** @type {number} */ n, shared = false) {
  return arrayOver(dist, n, shared ? new SharedArrayBuffer(n * bytesPerValue(dist)) : undefined);
}

/**
 * `out[i] = next()` for all of out, compiled on its own for each `tag` (candidate and distribution):
 * V8 keeps type feedback per function, and caches `new Function` code by its source text, so one
 * shared loop — or one source — would see every peer's `next`, stop inlining them and slow the
 * fastest peers down several times (measured here: seedrandom xorwow 490 → 95 M values/s).
 * @param {string} tag
 * @param {() => number} next
 * @param {BenchArray} out
 * @returns {() => void}
 */
function ownLoop(tag, next, out) {
  const source = `// ${tag.replace(/[\r\n]/g, ' ')}\nreturn function fill() { const n = out.length; for (let i = 0; i < n; i++) out[i] = next(); };`;
  return new Function('next', 'out', source)(next, out);
}

/**
 * crypto.randomFillSync into the output's own bytes, then each value made in place from its bytes:
 * float32 from the top 24 bits of one word, float64 from 53 bits of two words (the usual exact
 * conversions to [0, 1)). Reads of an element's words come before its write, so in place is safe.
 * @param {BenchDist} dist
 * @param {BenchArray} out
 */
function cryptoFill(dist, out) {
  const words = new Uint32Array(out.buffer, out.byteOffset, out.byteLength / 4);
  // randomFillSync takes at most 2^31 - 1 bytes per call.
  const maxWords = 1 << 28;
  const random = () => {
    for (let start = 0; start < words.length; start += maxWords) randomFillSync(words.subarray(start, start + maxWords));
  };
  if (dist === 'uniformDouble') {
    return () => {
      random();
      for (let i = 0; i < out.length; i++) {
        out[i] = ((words[2 * i] >>> 5) * 67108864 + (words[2 * i + 1] >>> 6)) * 2 ** -53;
      }
    };
  }
  return () => {
    random();
    for (let i = 0; i < out.length; i++) out[i] = (words[i] >>> 8) * 2 ** -24;
  };
}

/**
 * Whether import() failed because the package is not installed: the peers, the progress bar and the
 * chart's libraries are the repository's devDependencies, which an installed node-curand lacks.
 * @param {unknown} error
 */
export function notInstalled(error) {
  return /** @type {{ code?: unknown } | null} */ (error)?.code === 'ERR_MODULE_NOT_FOUND';
}

/**
 * seedrandom's default generator (ARC4) or its xorwow, called as the library documents.
 * @param {string} label
 * @param {'arc4' | 'xorwow'} algorithm
 */
function seedrandomPeer(label, algorithm) {
  return {
    label,
    algorithm,
    package: 'seedrandom',
    detail: `${algorithm === 'xorwow' ? 'seedrandom.xorwow' : 'seedrandom'}(seed)(), .double()`,
    dists: UNIFORMS,
    load: async (/** @type {number} */ seed) => {
      const { default: seedrandom } = await import('seedrandom');
      const rng = algorithm === 'xorwow' ? seedrandom.xorwow(String(seed)) : seedrandom(String(seed));
      return { uniform: rng, uniformDouble: rng.double };
    },
  };
}

/**
 * The peers: id → label, generator, the npm package it comes from (null: built in), distributions,
 * and a loader returning `next` per distribution.
 * @type {Record<string, { label: string, algorithm: string, package: string | null, detail: string, dists: readonly BenchDist[], load: (seed: number) => Promise<Partial<Record<BenchDist, () => number>>> }>}
 */
const PEERS = {
  'seedrandom-arc4': seedrandomPeer('seedrandom (ARC4, default)', 'arc4'),
  'seedrandom-xorwow': seedrandomPeer('seedrandom xorwow', 'xorwow'),
  'pure-rand-xoroshiro128plus': {
    label: 'pure-rand xoroshiro128+',
    algorithm: 'xoroshiro128plus',
    package: 'pure-rand',
    detail: 'uniformFloat32 / uniformFloat64 (unsafe, in place)',
    dists: UNIFORMS,
    load: async (seed) => {
      const { xoroshiro128plus } = await import('pure-rand/generator/xoroshiro128plus');
      const { uniformFloat32 } = await import('pure-rand/distribution/uniformFloat32');
      const { uniformFloat64 } = await import('pure-rand/distribution/uniformFloat64');
      const rng = xoroshiro128plus(seed);
      return { uniform: () => uniformFloat32(rng), uniformDouble: () => uniformFloat64(rng) };
    },
  },
  'stdlib-randu': {
    label: '@stdlib randu (MT19937)',
    algorithm: 'mt19937',
    package: '@stdlib/random-base-randu',
    detail: '@stdlib/random-base-randu factory({ seed })',
    dists: UNIFORMS,
    load: async (seed) => {
      const { default: randu } = await import('@stdlib/random-base-randu');
      const rng = randu.factory({ seed });
      return { uniform: rng, uniformDouble: rng };
    },
  },
  'stdlib-improved-ziggurat': {
    label: '@stdlib improved ziggurat',
    algorithm: 'improved-ziggurat',
    package: '@stdlib/random-base-improved-ziggurat',
    detail: '@stdlib/random-base-improved-ziggurat factory({ seed })',
    dists: ['normal'],
    load: async (seed) => {
      const { default: ziggurat } = await import('@stdlib/random-base-improved-ziggurat');
      return { normal: ziggurat.factory({ seed }) };
    },
  },
  'random-js-mt19937': {
    label: 'random-js (MT19937)',
    algorithm: 'mt19937',
    package: 'random-js',
    detail: 'realZeroToOneExclusive(MersenneTwister19937.seed(seed))',
    dists: UNIFORMS,
    load: async (seed) => {
      const { MersenneTwister19937, realZeroToOneExclusive } = await import('random-js');
      const engine = MersenneTwister19937.seed(seed);
      const next = () => realZeroToOneExclusive(engine);
      return { uniform: next, uniformDouble: next };
    },
  },
  'math-random': {
    label: 'Math.random',
    algorithm: 'xorshift128+ (V8)',
    package: null,
    detail: 'Math.random() (not seedable)',
    dists: UNIFORMS,
    load: async () => ({ uniform: Math.random, uniformDouble: Math.random }),
  },
};

const CRYPTO_ID = 'crypto-randomfill';
export const WRITE_ID = 'write';

/**
 * Everything that can run here, and what cannot with the reason.
 * @param {Library} lib
 * @param {{ algorithms: readonly string[], filter: RegExp | null, kernels: readonly string[] }} options
 *   kernels: the 'simd' backend's selectable kernels (measured one by one), empty when it has none
 * @returns {Promise<{ candidates: CandidateInfo[], skipped: { id: string, reason: string }[] }>}
 */
export async function discoverCandidates(lib, options) {
  /** @type {CandidateInfo[]} */
  const candidates = [
    {
      id: WRITE_ID,
      label: 'write bandwidth (TypedArray fill)',
      group: 'baseline',
      dists: BENCH_DISTS,
      backend: null,
      algorithm: null,
      detail: 'out.fill(0.5): the same bytes written without computing anything',
    },
  ];
  /** @type {{ id: string, reason: string }[]} */
  const skipped = [];
  for (const [backend, status] of Object.entries(lib.backendInfo().backends)) {
    for (const algorithm of options.algorithms) {
      // The CPU kernels are Philox kernels: the other generators run the same code whichever is chosen.
      const kernels = backend === 'simd' && algorithm === 'philox4x32-10' && options.kernels.length > 0 ? options.kernels : [null];
      for (const kernel of kernels) {
        const id = `node-curand:${backend}:${algorithm}${kernel === null ? '' : `:${kernel}`}`;
        if (!status.available) {
          skipped.push({ id, reason: status.reason ?? 'unavailable' });
          continue;
        }
        let detail;
        let autoKernel = true;
        try {
          const g = nodeCurandGenerator(lib, id, 0, 1);
          detail = g.backendDetail;
          g.dispose();
          if (kernel !== null) {
            const auto = nodeCurandGenerator(lib, `node-curand:${backend}:${algorithm}`, 0, 1);
            autoKernel = auto.backendDetail === detail;
            auto.dispose();
          }
        } catch (error) {
          skipped.push({ id, reason: /** @type {Error} */ (error).message });
          continue;
        }
        const host = backend === 'curand-host';
        candidates.push({
          id,
          label: `${host ? 'cuRAND host' : `node-curand ${backend}`} ${algorithm === 'philox4x32-10' ? 'Philox' : algorithm}${kernel === null ? '' : ` (${kernel})`}`,
          group: host ? 'curand-host' : 'node-curand',
          dists: BENCH_DISTS,
          backend,
          algorithm,
          detail,
          autoKernel,
        });
      }
    }
  }
  for (const [id, peer] of Object.entries(PEERS)) {
    try {
      await peer.load(SEED);
    } catch (error) {
      const reason = notInstalled(error) ? `not installed (npm install ${peer.package} measures it too)` : /** @type {Error} */ (error).message;
      skipped.push({ id, reason });
      continue;
    }
    candidates.push({ id, label: peer.label, group: 'peer', dists: peer.dists, backend: null, algorithm: peer.algorithm, detail: peer.detail });
  }
  candidates.push({
    id: CRYPTO_ID,
    label: 'crypto.randomFillSync',
    group: 'reference',
    dists: UNIFORMS,
    backend: null,
    algorithm: 'OS CSPRNG (OpenSSL)',
    detail: 'randomFillSync into the output, then float32 = (w >>> 8)·2^-24, float64 = 53 bits of two words·2^-53',
  });
  const filter = options.filter;
  return {
    candidates: filter === null ? candidates : candidates.filter((c) => c.id === WRITE_ID || filter.test(c.id)),
    skipped,
  };
}

/**
 * The write bandwidth: `fill` over the same number of bytes. V8 fills arrays over a SharedArrayBuffer
 * (the multi-threaded runs) on a slow path, 3–5 times slower here than over an ArrayBuffer, so there
 * each thread fills a private array the size of its part: the ceiling is the fastest way to write
 * those bytes.
 * @param {BenchDist} dist
 * @param {BenchArray} out
 */
function writeFill(dist, out) {
  const target = out.buffer instanceof SharedArrayBuffer ? newArray(dist, out.length) : out;
  return () => void target.fill(0.5);
}

/**
 * A generator of the node-curand candidate `id` ('node-curand:backend:algorithm[:kernel]').
 * @param {Library} lib
 * @param {string} id
 * @param {number} share seeds each thread's part apart
 * @param {number} threads for the `…Async` calls of backends that split them (the others ignore it)
 */
export function nodeCurandGenerator(lib, id, share, threads) {
  const [, backend, algorithm, kernel] = id.split(':');
  return new lib.Generator({
    backend: /** @type {import('../src/index.js').BackendName} */ (backend),
    algorithm: /** @type {import('../src/index.js').Algorithm} */ (algorithm),
    seed: SEED + share,
    threads,
    ...(kernel === undefined ? {} : { kernel: /** @type {import('../src/index.js').GeneratorOptions['kernel']} */ (kernel) }),
  });
}

/**
 * The fills of one candidate in this thread, seeded for `share` (the thread's part of a
 * multi-threaded fill) so that no two parts repeat each other's numbers.
 * @param {string} id
 * @param {Library} lib
 * @param {number} share
 * @param {number} threads what node-curand's `…Async` calls may use (its synchronous calls get one:
 *   the CPU kernels split large synchronous calls over `threads` threads too, so a one-thread
 *   measurement must not give them more)
 * @returns {Promise<LoadedCandidate>}
 */
export async function loadCandidate(id, lib, share, threads) {
  const nothing = () => {};
  if (id === WRITE_ID) return { fill: writeFill, fillAsync: null, release: nothing };
  if (id === CRYPTO_ID) return { fill: cryptoFill, fillAsync: null, release: nothing };
  if (id.startsWith('node-curand:')) {
    /** @type {import('../src/index.js').Generator[]} */
    const made = [];
    /** @param {number} count */
    const make = (count) => {
      const g = nodeCurandGenerator(lib, id, share, count);
      made.push(g);
      return g;
    };
    return {
      release: () => {
        for (const g of made.splice(0)) g.dispose();
      },
      fill: (dist, out) => {
        const g = make(1);
        const { fill } = DISTS[dist];
        return () => void fill(g, out);
      },
      fillAsync: (dist, out) => {
        const g = make(threads);
        const { fillAsync } = DISTS[dist];
        return () => fillAsync(g, out);
      },
    };
  }
  const peer = PEERS[id];
  if (peer === undefined) throw new Error(`unknown benchmark candidate '${id}'`);
  const nexts = await peer.load(SEED + share);
  return {
    fill: (dist, out) => {
      const next = nexts[dist];
      if (next === undefined) throw new Error(`${id} has no ${dist}`);
      return ownLoop(`${id} ${dist}`, next, out);
    },
    fillAsync: null,
    release: nothing,
  };
}
