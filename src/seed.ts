/**
 * Seeds: what a seed may be given as, how child and worker seeds are derived from it, and where a
 * process finds its rank. Pure functions plus the spawn bookkeeping of each Generator; the
 * process-wide seeding (seedEverything, default generators) is in default-generator.ts.
 *
 * Seed derivation is NumPy's SeedSequence, exactly: deriveSeed(seed, ...path) equals
 * `np.random.SeedSequence(seed, spawn_key=path).generate_state(1, np.uint64)[0]`, so that seeds
 * can be reproduced in Python. The algorithm and its constants are those of NumPy's
 * `numpy/random/bit_generator.pyx` (Melissa O'Neill's seed_seq_fe design, "Developing a
 * seed_seq Alternative", pcg-random.org, 2015): a 4-word pool filled by a multiplicative hash,
 * cross-mixed, and read out through a second hash.
 */

import { createHash, getRandomValues } from 'node:crypto';
import { UINT64_LIMIT, toInteger, toUint64 } from './validate.js';

/** A seed as the public API accepts it: a 64-bit integer, or a string hashed by {@link hashSeedString}. */
export type SeedInput = bigint | number | string;

// NumPy bit_generator.pyx: pool size and hash constants.
const POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;

/**
 * A string seed as a 64-bit integer: the first 8 bytes, big-endian, of the SHA-256 digest of the
 * string's UTF-8 bytes. (Python: `int.from_bytes(hashlib.sha256(s.encode()).digest()[:8], 'big')`.)
 */
export function hashSeedString(text: string): bigint {
  if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${typeof text}`);
  return createHash('sha256').update(text, 'utf8').digest().readBigUInt64BE(0);
}

/** A seed argument as a 64-bit integer: bigint or safe integer in [0, 2^64), or a string (hashed). */
export function toSeed(seed: unknown, name = 'seed'): bigint {
  if (typeof seed === 'string') return hashSeedString(seed);
  if (typeof seed === 'bigint' || typeof seed === 'number') return toUint64(seed, name);
  throw new TypeError(`${name} must be a bigint, a safe integer in [0, 2^64) or a string, got ${seed === null ? 'null' : typeof seed}`);
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * A seed written in the environment (NODE_CURAND_SEED): a decimal integer below 2^64 is that
 * integer, anything else is a string seed and hashed. seedEverything() exports the decimal form,
 * so a child process gets the very seed of its parent.
 */
export function parseSeedText(text: string): bigint {
  if (DECIMAL.test(text)) {
    const value = BigInt(text);
    if (value < UINT64_LIMIT) return value;
  }
  return hashSeedString(text);
}

/** A fresh 64-bit seed from the operating system's entropy source. */
export function osSeed(): bigint {
  const words = getRandomValues(new Uint32Array(2));
  return (BigInt(words[1]) << 32n) | BigInt(words[0]);
}

/** NumPy's `_int_to_uint32_array`: little-endian 32-bit words, at least one. */
function uint32Words(value: bigint): number[] {
  if (value === 0n) return [0];
  const words: number[] = [];
  for (let v = value; v > 0n; v >>= 32n) words.push(Number(v & 0xffffffffn));
  return words;
}

/**
 * NumPy's SeedSequence(entropy, spawn_key).generate_state(1, np.uint64)[0] for a 64-bit entropy.
 * With a spawn key, the entropy words are padded with zeros to the pool size first (NumPy ≥ 1.19,
 * gh-16539), so that a key can never be mistaken for more entropy.
 */
function seedSequenceUint64(entropy: bigint, key: readonly bigint[]): bigint {
  const run = uint32Words(entropy);
  if (key.length > 0) while (run.length < POOL_SIZE) run.push(0);
  const words = [...run, ...key.flatMap(uint32Words)];

  let hashConst = INIT_A;
  const hashmix = (value: number): number => {
    let v = (value ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    v = Math.imul(v, hashConst) >>> 0;
    return (v ^ (v >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> XSHIFT)) >>> 0;
  };

  const pool = new Array<number>(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < words.length ? words[i] : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
  }
  for (let src = POOL_SIZE; src < words.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(words[src]));
  }

  // generate_state: two 32-bit words, read as one little-endian 64-bit integer.
  let outConst = INIT_B;
  const out = [0, 0];
  for (let i = 0; i < 2; i++) {
    let v = (pool[i % POOL_SIZE] ^ outConst) >>> 0;
    outConst = Math.imul(outConst, MULT_B) >>> 0;
    v = Math.imul(v, outConst) >>> 0;
    out[i] = (v ^ (v >>> XSHIFT)) >>> 0;
  }
  return (BigInt(out[1]) << 32n) | BigInt(out[0]);
}

function toPathElement(value: unknown, index: number): bigint {
  const name = `path[${index}]`;
  if (typeof value === 'bigint' || typeof value === 'number') return toUint64(value, name);
  throw new TypeError(`${name} must be a bigint or a safe integer in [0, 2^64), got ${value === null ? 'null' : typeof value}`);
}

/**
 * The seed of stream `path` of the job seeded with `seed`: NumPy's
 * `SeedSequence(seed, spawn_key=path).generate_state(1, np.uint64)[0]`. Distinct paths give
 * unrelated seeds; the same path always gives the same seed, however many workers compute what.
 * Path elements above 2^32 − 1 are split into 32-bit words as NumPy does, so keep them below
 * 2^32 for paths that cannot be confused ((2^32 + 5) and (5, 1) are the same key in NumPy).
 */
export function deriveSeed(seed: SeedInput, ...path: (bigint | number)[]): bigint {
  return seedSequenceUint64(toSeed(seed), path.map(toPathElement));
}

/**
 * The branch of a job's key space that worker seeds live in: worker r of a job seeded with s is
 * seeded with deriveSeed(s, WORKER_BRANCH, r) (one more key element per nested level), so worker
 * streams never coincide with the streams deriveSeed(s, k) / spawn() give to work items, as long
 * as item keys stay below 2^32 − 1.
 */
export const WORKER_BRANCH = 0xffffffff;

/** The seed of the worker at `rank` in the job seeded with `seed`. */
export function rankSeed(seed: bigint, rank: WorkerRank): bigint {
  return seedSequenceUint64(seed, [BigInt(WORKER_BRANCH), ...rank.path.map(BigInt)]);
}

/** Where a generator's seed came from in a spawn tree: the root seed and the key below it. */
interface Lineage {
  /** The generator's seed when this was recorded; a later setSeed to another value starts a new tree. */
  seed: bigint;
  root: bigint;
  key: readonly bigint[];
  /** Children spawned so far (NumPy's n_children_spawned). */
  spawned: number;
}

/** Spawn bookkeeping per generator, kept out of the Generator class (and collected with it). */
const lineages = new WeakMap<object, Lineage>();

/** The most children one spawn() call makes. */
export const MAX_SPAWN = 1 << 20;

/**
 * The next `n` children of `parent`, as NumPy's SeedSequence.spawn makes them: child i of a
 * generator seeded with s (and not itself spawned) has seed deriveSeed(s, i); a child of a child
 * extends the key (deriveSeed(s, i, j)). Repeated calls continue the count. `create` builds one
 * child from its seed; if any creation fails, the children made so far are disposed and the count
 * is unchanged.
 */
export function spawnChildren<T extends { readonly seed: bigint; dispose(): void }>(parent: T, count: unknown, create: (seed: bigint) => T): T[] {
  const n = toInteger(count, 'n', 0, MAX_SPAWN);
  const known = lineages.get(parent);
  const lineage: Lineage =
    known !== undefined && known.seed === parent.seed ? known : { seed: parent.seed, root: parent.seed, key: [], spawned: 0 };
  const children: T[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const key = [...lineage.key, BigInt(lineage.spawned + i)];
      const seed = seedSequenceUint64(lineage.root, key);
      const child = create(seed);
      children.push(child);
      lineages.set(child, { seed, root: lineage.root, key, spawned: 0 });
    }
  } catch (error) {
    for (const child of children) child.dispose();
    throw error;
  }
  lineages.set(parent, { ...lineage, spawned: lineage.spawned + n });
  return children;
}

/** Where this thread sits in a job: a path of ranks under the job seed, outermost first. */
export interface WorkerRank {
  path: number[];
  /** Where each element of `path` came from (an environment variable, 'cluster.worker.id', 'workerData.nodeCurandRank'). */
  sources: string[];
}

/**
 * Launcher variables holding a process's global rank, in the order they are trusted: torchrun
 * (RANK), Slurm, Open MPI, MPICH/Intel MPI (PMI), Kubernetes indexed jobs, and torchrun's
 * per-node LOCAL_RANK only when nothing global is set.
 */
export const LAUNCHER_RANK_VARIABLES = ['RANK', 'SLURM_PROCID', 'OMPI_COMM_WORLD_RANK', 'PMI_RANK', 'JOB_COMPLETION_INDEX', 'LOCAL_RANK'] as const;

/** Set by a program for the child processes it starts itself (child_process, cluster.fork). */
export const RANK_VARIABLE = 'NODE_CURAND_RANK';

/** The workerData key a parent sets for each worker thread. */
export const WORKER_RANK_KEY = 'nodeCurandRank';

export interface RankContext {
  env: NodeJS.ProcessEnv;
  isMainThread: boolean;
  workerData: unknown;
  /** cluster.worker.id in a cluster worker, else null. */
  clusterWorkerId: number | null;
}

function rankValue(value: unknown, source: string): number {
  if (typeof value === 'number' ? Number.isSafeInteger(value) && value >= 0 : typeof value === 'string' && DECIMAL.test(value) && Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  throw new RangeError(`${source} must be a non-negative integer (the rank), got ${JSON.stringify(value)}`);
}

/**
 * This thread's rank path, or null in a process that is not a worker of anything. Each level a
 * worker can be started at adds one element, so ranks stay distinct when levels are nested:
 * launcher rank (LAUNCHER_RANK_VARIABLES), NODE_CURAND_RANK, cluster worker (id − 1), worker thread
 * (workerData.nodeCurandRank). A worker thread must be given its rank: thread ids follow start
 * order, which is not reproducible.
 */
export function findRank(context: RankContext): WorkerRank | null {
  const path: number[] = [];
  const sources: string[] = [];
  const add = (value: unknown, source: string) => {
    path.push(rankValue(value, source));
    sources.push(source);
  };
  const launcher = LAUNCHER_RANK_VARIABLES.find((name) => (context.env[name] ?? '') !== '');
  if (launcher !== undefined) add(context.env[launcher], launcher);
  if ((context.env[RANK_VARIABLE] ?? '') !== '') add(context.env[RANK_VARIABLE], RANK_VARIABLE);
  if (context.clusterWorkerId !== null) add(context.clusterWorkerId - 1, 'cluster.worker.id');
  if (!context.isMainThread) {
    const data = context.workerData as Record<string, unknown> | null | undefined;
    const value = typeof data === 'object' && data !== null ? data[WORKER_RANK_KEY] : undefined;
    if (value === undefined) {
      throw new TypeError(
        `this worker thread has no rank: start it with new Worker(file, { workerData: { ${WORKER_RANK_KEY}: k } }) ` +
          `(k = 0, 1, … in an order that does not depend on timing); thread ids cannot be used because they follow start order`,
      );
    }
    add(value, `workerData.${WORKER_RANK_KEY}`);
  }
  return path.length === 0 ? null : { path, sources };
}
