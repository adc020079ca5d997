/**
 * The default generators: one per device, created on first use from the job seed (torch.default_generator),
 * scoped defaults (withGenerator, PyTorch's fork_rng) and worker seeds.
 *
 * Process-wide state, which is what this module is: the job seed and the default generators. Scopes
 * live in an AsyncLocalStorage, so concurrent async tasks each see their own.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import cluster from 'node:cluster';
import { isMainThread, workerData } from 'node:worker_threads';

import { CurandError } from '../errors.js';
import { Generator } from '../generator.js';
import { STATE_FORMAT, parseState, type GeneratorState } from '../state.js';
import { toDevice } from '../validate.js';
import { checkSeeded } from './determinism/policy.js';
import { parseEnvSwitch } from './determinism/switches.js';
import { findRank, rankSeed, type WorkerRank } from './ranks.js';
import { osSeed, parseSeedText, toSeed, type SeedInput } from './seeds.js';

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

export function envFlag(name: string): boolean | undefined {
  return parseEnvSwitch(name, process.env[name]) as boolean | undefined;
}

export function makeProcessSeed(seed: bigint, source: SeedSource, workers: boolean): ProcessSeed {
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
 * This worker's seed: deriveSeed(jobSeed, WORKER_BRANCH, ...rank path) (ranks.ts: findRank takes the launcher rank, then
 * NODE_CURAND_RANK, then cluster worker, then workerData.nodeCurandRank in a worker thread). The
 * job seed is `seed`, else the one seedEverything set or NODE_CURAND_SEED. Throws where no rank
 * can be found (say how to pass one) or no job seed is set.
 */
export function workerSeed(seed?: SeedInput): bigint {
  const root = seed !== undefined ? toSeed(seed) : currentSeed()?.seed;
  if (root === undefined) {
    throw new CurandError(
      'ERR_CURAND_CONTEXT',
      'workerSeed(): no job seed; call seedEverything(seed) before starting workers, set NODE_CURAND_SEED, or pass the seed',
      { operation: 'workerSeed' },
    );
  }
  const rank = findRank(rankContext());
  if (rank === null) {
    throw new CurandError(
      'ERR_CURAND_CONTEXT',
      'workerSeed(): this thread has no rank. Give each worker one: workerData: { nodeCurandRank: k } for worker_threads, ' +
        'NODE_CURAND_RANK=k in the environment of child processes and cluster.fork(), or a launcher (torchrun RANK, SLURM_PROCID, ' +
        'OMPI_COMM_WORLD_RANK, PMI_RANK, JOB_COMPLETION_INDEX)',
      { operation: 'workerSeed' },
    );
  }
  return rankSeed(root, rank);
}

/** Whether this runs inside withGenerator(): process-wide changes are refused there. */
export function insideScope(): boolean {
  return scopes.getStore() !== undefined;
}

/** Makes `next` the job seed and reseeds the default generators made so far; returns their devices. */
export function setProcessSeed(next: ProcessSeed): string[] {
  processSeed = next;
  const reseeded: string[] = [];
  for (const [key, g] of defaults) {
    if (g.disposed) continue;
    g.setSeed(next.generatorSeed);
    reseeded.push(key);
  }
  return reseeded;
}
