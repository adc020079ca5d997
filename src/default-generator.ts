/**
 * The process-wide side of seeding: one default generator per device, seedEverything(), scoped
 * defaults (withGenerator), worker seeds and the seeded Math.random.
 *
 * Process-wide state, which is what this module is: the job seed, the default generators (one per
 * device, created on first use), and Math.random's original while it is replaced. Scopes live in
 * an AsyncLocalStorage, so concurrent async tasks each see their own.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import cluster from 'node:cluster';
import { isMainThread, workerData } from 'node:worker_threads';
import {
  areDeterministicAlgorithmsEnabled,
  checkSeeded,
  configureDeterminism,
  DETERMINISM_VARIABLES,
  isDeterministicAlgorithmsWarnOnlyEnabled,
  parseDeterministicEnv,
  parseEnvSwitch,
  type DeterministicMode,
} from './determinism.js';
import { Generator } from './generator.js';
import { STATE_FORMAT, parseState, type GeneratorState } from './state.js';
import { findRank, osSeed, parseSeedText, rankSeed, toSeed, type SeedInput, type WorkerRank } from './seed.js';
import { checkOptionKeys, toDevice } from './validate.js';

/** Where the job seed came from: the argument (a number or a hashed string), NODE_CURAND_SEED, or the OS. */
export type SeedSource = 'argument' | 'string' | 'environment' | 'os';

/** The job seed and what this thread's default generators are seeded with. */
export interface ProcessSeed {
  /** The job seed (exported as NODE_CURAND_SEED). */
  seed: bigint;
  source: SeedSource;
  /** This thread's rank when worker seeding is on and one was found, else null. */
  rank: WorkerRank | null;
  /** The default generators' seed: `seed`, or rankSeed(seed, rank) = deriveSeed(seed, WORKER_BRANCH, ...rank.path) for a worker. */
  generatorSeed: bigint;
}

/** A device a default generator lives on: 'cpu' (an exact CPU backend) or a CUDA device ('cuda' is 'cuda:0'). */
export type DefaultDevice = 'cpu' | 'cuda' | `cuda:${number}`;

/** The environment variables that mirror seedEverything's arguments; exported for child processes and workers. */
export const SEED_VARIABLES = {
  seed: 'NODE_CURAND_SEED',
  deterministic: 'NODE_CURAND_DETERMINISTIC',
  workers: 'NODE_CURAND_WORKERS',
  mathRandom: 'NODE_CURAND_MATH_RANDOM',
} as const;

let processSeed: ProcessSeed | null = null;
const defaults = new Map<string, Generator>();

function rankContext() {
  return { env: process.env, isMainThread, workerData: workerData as unknown, clusterWorkerId: cluster.worker?.id ?? null };
}

function envFlag(name: string): boolean | undefined {
  return parseEnvSwitch(name, process.env[name]) as boolean | undefined;
}

function makeProcessSeed(seed: bigint, source: SeedSource, workers: boolean): ProcessSeed {
  const rank = workers ? findRank(rankContext()) : null;
  return { seed, source, rank, generatorSeed: rank === null ? seed : rankSeed(seed, rank) };
}

/** The job seed from NODE_CURAND_SEED (and NODE_CURAND_WORKERS), or null when it is unset. */
function seedFromEnvironment(): ProcessSeed | null {
  const text = process.env[SEED_VARIABLES.seed];
  if (text === undefined || text === '') return null;
  return makeProcessSeed(parseSeedText(text), 'environment', envFlag(SEED_VARIABLES.workers) ?? false);
}

/** The job seed as it stands: set by seedEverything, or from the environment; null if neither (no OS draw). */
export function currentSeed(): ProcessSeed | null {
  processSeed ??= seedFromEnvironment();
  return processSeed;
}

function resolvedSeed(): ProcessSeed {
  processSeed ??= seedFromEnvironment() ?? makeProcessSeed(osSeed(), 'os', false);
  return processSeed;
}

/**
 * The seed the default generators start from (torch.initial_seed): set by seedEverything, else
 * NODE_CURAND_SEED, else drawn once from the OS (then deterministic mode refuses the default generators).
 */
export function initialSeed(): bigint {
  return resolvedSeed().generatorSeed;
}

function deviceKey(device: unknown): string {
  const { kind, index } = toDevice(device, 'device', ['cpu', 'cuda']);
  return kind === 'cpu' ? 'cpu' : `cuda:${index ?? 0}`;
}

/**
 * Placement of a default generator: on the CPU the fastest exact CPU backend ('auto' with device
 * 'cpu': simd, wasm or ts, which all write the same bits), on a GPU the cuda backend.
 */
function placement(key: string): { backend?: 'cuda'; device: DefaultDevice } {
  return key === 'cpu' ? { device: 'cpu' } : { backend: 'cuda', device: key as DefaultDevice };
}

/** A scope of withGenerator: its own default generator per device, made on first use and disposed at the end. */
class Scope {
  readonly generators = new Map<string, Generator>();
  readonly owned: Generator[] = [];
  readonly seed: bigint | null = null;
  readonly state: GeneratorState | null = null;

  constructor(source: unknown) {
    if (source instanceof Generator) {
      this.generators.set(source.device, source);
      this.state = source.getState();
    } else if (typeof source === 'object' && source !== null && (source as { format?: unknown }).format === STATE_FORMAT) {
      parseState(source);
      this.state = source as GeneratorState;
    } else if (typeof source === 'bigint' || typeof source === 'number' || typeof source === 'string') {
      this.seed = toSeed(source, 'source');
    } else {
      throw new TypeError(`withGenerator() takes a seed (bigint, safe integer or string), a state from getState(), or a Generator; got ${source === null ? 'null' : typeof source}`);
    }
  }

  get(key: string): Generator {
    let g = this.generators.get(key);
    if (g === undefined) {
      g = this.state !== null ? Generator.fromState(this.state, placement(key)) : new Generator({ seed: this.seed!, ...placement(key) });
      this.generators.set(key, g);
      this.owned.push(g);
    }
    return g;
  }

  close(): void {
    for (const g of this.owned) g.dispose();
  }
}

const scopes = new AsyncLocalStorage<Scope>();

/**
 * The default generator of a device (torch.default_generator): Philox on the fastest exact CPU
 * backend for 'cpu', on the GPU for 'cuda:N'; created on first use with initialSeed(). Inside withGenerator()
 * it is that scope's generator instead.
 */
export function defaultGenerator(device: DefaultDevice = 'cpu'): Generator {
  const key = deviceKey(device);
  const scope = scopes.getStore();
  if (scope !== undefined) return scope.get(key);
  const seed = resolvedSeed();
  checkSeeded(seed.source === 'os', `defaultGenerator('${key}') (no seedEverything() call and no NODE_CURAND_SEED)`);
  let g = defaults.get(key);
  if (g === undefined || g.disposed) {
    g = new Generator({ seed: seed.generatorSeed, ...placement(key) });
    defaults.set(key, g);
  }
  return g;
}

/** The default generators created so far in this thread (outside any scope), by device. */
export function defaultGenerators(): ReadonlyMap<string, Generator> {
  return new Map([...defaults].filter(([, g]) => !g.disposed));
}

/**
 * Runs `fn` with its own default generators (PyTorch's fork_rng, safe for async code): from a seed
 * (every device's default generator starts from it), from a state (every device resumes it), or
 * a Generator (used for its device; other devices resume its state at entry). Scopes follow async
 * calls through AsyncLocalStorage, so concurrent tasks do not see each other's; the outer defaults
 * are untouched. Generators the scope created are disposed when `fn` returns or its promise settles.
 */
export function withGenerator<T>(source: SeedInput | GeneratorState | Generator, fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`fn must be a function, got ${typeof fn}`);
  const scope = new Scope(source);
  let result: T;
  try {
    result = scopes.run(scope, fn);
  } catch (error) {
    scope.close();
    throw error;
  }
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    return Promise.resolve(result).finally(() => scope.close()) as T;
  }
  scope.close();
  return result;
}

/**
 * This worker's seed: deriveSeed(jobSeed, WORKER_BRANCH, ...rank path) (seed.ts: findRank takes the launcher rank, then
 * NODE_CURAND_RANK, then cluster worker, then workerData.nodeCurandRank in a worker thread). The
 * job seed is `seed`, else the one seedEverything set or NODE_CURAND_SEED. Throws where no rank
 * can be found (say how to pass one) or no job seed is set.
 */
export function workerSeed(seed?: SeedInput): bigint {
  const root = seed !== undefined ? toSeed(seed) : currentSeed()?.seed;
  if (root === undefined) {
    throw new TypeError('workerSeed(): no job seed; call seedEverything(seed) before starting workers, set NODE_CURAND_SEED, or pass the seed');
  }
  const rank = findRank(rankContext());
  if (rank === null) {
    throw new TypeError(
      'workerSeed(): this thread has no rank. Give each worker one: workerData: { nodeCurandRank: k } for worker_threads, ' +
        'NODE_CURAND_RANK=k in the environment of child processes and cluster.fork(), or a launcher (torchrun RANK, SLURM_PROCID, ' +
        'OMPI_COMM_WORLD_RANK, PMI_RANK, JOB_COMPLETION_INDEX)',
    );
  }
  return rankSeed(root, rank);
}

// ---------------------------------------------------------------------------------------------
// Math.random

/**
 * Math.random's stream: Philox on 'ts' with the default generators' seed, from element 2^63 on
 * (the far half of the same stream, so it never overlaps what the default CPU generator draws).
 */
const MATH_RANDOM_OFFSET = 1n << 63n;
/** Words generated per refill (two per value). */
const MATH_RANDOM_BLOCK = 8192;

let mathRandom: { original: () => number; generator: Generator } | null = null;

function installMathRandom(seed: bigint): void {
  const generator = new Generator({ seed, offset: MATH_RANDOM_OFFSET, backend: 'ts' });
  const original = mathRandom?.original ?? Math.random;
  mathRandom?.generator.dispose();
  const words = new Uint32Array(MATH_RANDOM_BLOCK);
  let next = MATH_RANDOM_BLOCK;
  // 53 random bits from two words, as Python's random.random() and MT19937's genrand_res53 build
  // them: (a·2^26 + b)·2^-53 with a = w0 >>> 5 (27 bits) and b = w1 >>> 6 (26 bits), so every value
  // is a multiple of 2^-53 in [0, 1), as Math.random promises.
  Math.random = function random(): number {
    if (next === MATH_RANDOM_BLOCK) {
      generator.uint32(words);
      next = 0;
    }
    const a = words[next] >>> 5;
    const b = words[next + 1] >>> 6;
    next += 2;
    return (a * 67108864 + b) / 9007199254740992;
  };
  mathRandom = { original, generator };
}

/** Puts back the Math.random that seedEverything({ mathRandom: true }) replaced; false if it was not replaced. */
export function restoreMathRandom(): boolean {
  if (mathRandom === null) return false;
  Math.random = mathRandom.original;
  mathRandom.generator.dispose();
  mathRandom = null;
  return true;
}

export function isMathRandomSeeded(): boolean {
  return mathRandom !== null;
}

// ---------------------------------------------------------------------------------------------
// seedEverything

export interface SeedEverythingOptions {
  /** Replace Math.random with a seeded stream (false: restore it). Default: NODE_CURAND_MATH_RANDOM, else leave as is (reseeded if replaced). */
  mathRandom?: boolean;
  /** Turn on deterministic mode (see determinism.ts); 'warn' warns instead of refusing. Default: NODE_CURAND_DETERMINISTIC, else unchanged. */
  deterministic?: DeterministicMode;
  /** Give each worker (rank found by findRank) its own stream: deriveSeed(seed, WORKER_BRANCH, ...rank). Default: NODE_CURAND_WORKERS, else false. */
  workers?: boolean;
}

const OPTION_KEYS = ['mathRandom', 'deterministic', 'workers'];

/** What seedEverything did. */
export interface SeedReport extends ProcessSeed {
  /** Devices whose existing default generator was reseeded (the others start from generatorSeed when first used). */
  reseeded: string[];
  /** Whether Math.random is now the seeded stream. */
  mathRandom: boolean;
  /** Deterministic mode after the call. */
  deterministic: DeterministicMode;
  /** Environment variables this call set, with their values (null: removed). */
  environment: Record<string, string | null>;
}

/** Variables seedEverything may change, reported when they do. */
const REPORTED_VARIABLES = [...Object.values(SEED_VARIABLES), ...DETERMINISM_VARIABLES];

function setVariable(name: string, value: string | null): void {
  if (value === null) delete process.env[name];
  else process.env[name] = value;
}

/**
 * One call that makes a run reproducible: seeds the default generator of every device, optionally
 * Math.random, optionally deterministic mode, and exports NODE_CURAND_SEED (plus the variables for
 * the options given) so child processes and workers follow. `seed`: bigint, safe integer, or a
 * string (hashed, seed.ts hashSeedString); without one, NODE_CURAND_SEED, else a seed drawn from
 * the OS, which the report gives so the run can be replayed. Checks everything before changing
 * anything. Process-wide: it cannot be called inside withGenerator().
 */
export function seedEverything(seed?: SeedInput, options: SeedEverythingOptions = {}): SeedReport {
  if (scopes.getStore() !== undefined) {
    throw new TypeError('seedEverything() changes process-wide state and cannot run inside withGenerator(); seed the scope instead: withGenerator(seed, fn)');
  }
  checkOptionKeys(options, OPTION_KEYS);
  for (const key of ['mathRandom', 'workers'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') throw new TypeError(`options.${key} must be true or false`);
  }
  if (options.deterministic !== undefined && typeof options.deterministic !== 'boolean' && options.deterministic !== 'warn') {
    throw new TypeError(`options.deterministic must be true, false or 'warn'`);
  }
  const deterministic = options.deterministic !== undefined ? options.deterministic : parseDeterministicEnv(process.env[SEED_VARIABLES.deterministic]);
  const workers = options.workers !== undefined ? options.workers : (envFlag(SEED_VARIABLES.workers) ?? false);
  const wantMathRandom = options.mathRandom !== undefined ? options.mathRandom : envFlag(SEED_VARIABLES.mathRandom);

  let next: ProcessSeed;
  if (seed !== undefined) {
    next = makeProcessSeed(toSeed(seed), typeof seed === 'string' ? 'string' : 'argument', workers);
  } else {
    const text = process.env[SEED_VARIABLES.seed];
    next = text !== undefined && text !== '' ? makeProcessSeed(parseSeedText(text), 'environment', workers) : makeProcessSeed(osSeed(), 'os', workers);
  }
  const enabled = deterministic === undefined ? areDeterministicAlgorithmsEnabled() : deterministic !== false;
  const warnOnly = deterministic === undefined ? isDeterministicAlgorithmsWarnOnlyEnabled() : deterministic === 'warn';
  checkSeeded(next.source === 'os', 'seedEverything() without a seed', warnOnly, enabled);

  const before = Object.fromEntries(REPORTED_VARIABLES.map((name) => [name, process.env[name] ?? null]));
  if (deterministic !== undefined) configureDeterminism(deterministic);

  processSeed = next;
  const reseeded: string[] = [];
  for (const [key, g] of defaults) {
    if (g.disposed) continue;
    g.setSeed(next.generatorSeed);
    reseeded.push(key);
  }
  if (wantMathRandom === false) restoreMathRandom();
  else if (wantMathRandom === true || mathRandom !== null) installMathRandom(next.generatorSeed);

  setVariable(SEED_VARIABLES.seed, next.seed.toString());
  setVariable(SEED_VARIABLES.workers, workers ? '1' : null);
  if (deterministic !== undefined) setVariable(SEED_VARIABLES.deterministic, deterministic === 'warn' ? 'warn' : deterministic ? '1' : '0');
  if (wantMathRandom !== undefined) setVariable(SEED_VARIABLES.mathRandom, wantMathRandom ? '1' : '0');

  const environment: Record<string, string | null> = {};
  for (const name of REPORTED_VARIABLES) {
    const now = process.env[name] ?? null;
    if (now !== before[name] || (name === SEED_VARIABLES.seed && now !== null)) environment[name] = now;
  }
  return {
    ...next,
    reseeded,
    mathRandom: mathRandom !== null,
    deterministic: areDeterministicAlgorithmsEnabled() ? (isDeterministicAlgorithmsWarnOnlyEnabled() ? 'warn' : true) : false,
    environment,
  };
}

/**
 * What `node --import node-curand/register` does before the application loads: NODE_CURAND_SEED
 * set → seedEverything() (which reads the other NODE_CURAND_* variables); only
 * NODE_CURAND_DETERMINISTIC set → the determinism controls alone. Returns the report, or null when
 * neither is set.
 */
export function applyEnvironment(): SeedReport | { deterministic: DeterministicMode } | null {
  if ((process.env[SEED_VARIABLES.seed] ?? '') !== '') return seedEverything();
  const deterministic = parseDeterministicEnv(process.env[SEED_VARIABLES.deterministic]);
  if (deterministic === undefined) return null;
  configureDeterminism(deterministic);
  return { deterministic };
}
