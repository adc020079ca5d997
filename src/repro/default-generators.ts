/**
 * The default generators: one per device, created on first use from the job seed (torch.default_generator),
 * scoped defaults (withGenerator, PyTorch's fork_rng) and worker seeds.
 *
 * Process-wide state, which is what this module is: the job seed and the default generators. Scopes
 * live in an AsyncLocalStorage, so concurrent async tasks each see their own.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import cluster from 'node:cluster';
import { isMainThread, threadId, workerData } from 'node:worker_threads';

import { CurandError } from '../errors.js';
import { Generator } from '../generator.js';
import { STATE_FORMAT, parseState, type GeneratorState } from '../state.js';
import { toDevice, toInteger } from '../validate.js';
import { flags, warnOnce } from './determinism/mode.js';
import { checkSeeded } from './determinism/policy.js';
import { parseDeterministicEnv, parseEnvSwitch } from './determinism/switches.js';
import { creationOrderWarning, findRank, rankSeed, type WorkerRank } from './ranks.js';
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

/**
 * Whether deterministic mode, as it stands for this thread, refuses ranks taken from creation order:
 * switched on (without warnOnly) here, or NODE_CURAND_DETERMINISTIC=1 inherited from the parent,
 * which the thread's seedEverything() would apply.
 */
function strictDeterminism(): boolean {
  return (flags.deterministic && !flags.warnOnly) || parseDeterministicEnv(process.env[SEED_VARIABLES.deterministic]) === true;
}

/**
 * This thread's rank (ranks.ts findRank): `rank` is its own rank when the caller gives one; a rank
 * taken from creation order is warned about once per thread (creationOrderWarning says when it is reproducible).
 */
function thisThreadRank(rank: number | undefined, refusesCreationOrder: () => boolean): WorkerRank | null {
  const found = findRank({
    env: process.env,
    isMainThread,
    workerData: workerData as unknown,
    clusterWorkerId: cluster.worker?.id ?? null,
    threadId,
    ...(rank === undefined ? {} : { rank }),
    refusesCreationOrder,
  });
  const warning = creationOrderWarning(found);
  if (warning !== null) warnOnce(warning, 'NODE_CURAND_CREATION_ORDER_RANK');
  return found;
}

export function envFlag(name: string): boolean | undefined {
  return parseEnvSwitch(name, process.env[name]) as boolean | undefined;
}

/** `refusesCreationOrder`: deterministic mode as it will stand (seedEverything passes the mode it is setting). */
export function makeProcessSeed(seed: bigint, source: SeedSource, workers: boolean, refusesCreationOrder = strictDeterminism): ProcessSeed {
  const rank = workers ? thisThreadRank(undefined, refusesCreationOrder) : null;
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

/** The job seed alone (set by seedEverything, else NODE_CURAND_SEED), without finding this thread's rank; null if neither. */
function jobSeed(): bigint | null {
  if (processSeed !== null) return processSeed.seed;
  const text = process.env[SEED_VARIABLES.seed];
  return text === undefined || text === '' ? null : parseSeedText(text);
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

/** A device as default generators are keyed: 'cpu' or 'cuda:N' ('cuda' is 'cuda:0'). */
export function deviceKey(device: unknown, name = 'device'): string {
  const { kind, index } = toDevice(device, name, ['cpu', 'cuda']);
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
 * This worker's seed: deriveSeed(jobSeed, WORKER_BRANCH, ...rank path). The path is the process's
 * own rank (launcher, NODE_CURAND_RANK, cluster worker; ranks.ts findRank) followed by this
 * thread's: `rank` when given (a non-negative safe integer, e.g. the index of a pool's task), else
 * workerData.nodeCurandRank in a worker thread, else (outside deterministic mode) the order in which
 * the process created its worker threads, with a one-time warning. The job seed is `seed`, else the
 * one seedEverything set or NODE_CURAND_SEED. Throws where no rank can be found (saying how to pass
 * one) or no job seed is set.
 */
export function workerSeed(rank?: number, seed?: SeedInput): bigint {
  const own = rank === undefined ? undefined : toInteger(rank, 'rank', 0, Number.MAX_SAFE_INTEGER);
  const root = seed !== undefined ? toSeed(seed) : jobSeed();
  if (root === null) {
    throw new CurandError(
      'ERR_CURAND_CONTEXT',
      'workerSeed(): no job seed; call seedEverything(seed) before starting workers, set NODE_CURAND_SEED, or pass the seed: workerSeed(rank, seed)',
      { operation: 'workerSeed' },
    );
  }
  const found = thisThreadRank(own, strictDeterminism);
  if (found === null) {
    throw new CurandError(
      'ERR_CURAND_CONTEXT',
      'workerSeed(): this thread has no rank. Give each worker one: workerSeed(k), workerData: { nodeCurandRank: k } for worker_threads, ' +
        'NODE_CURAND_RANK=k in the environment of child processes and cluster.fork(), or a launcher (torchrun RANK, SLURM_PROCID, ' +
        'OMPI_COMM_WORLD_RANK, PMI_RANK, JOB_COMPLETION_INDEX)',
      { operation: 'workerSeed' },
    );
  }
  return rankSeed(root, found);
}

/**
 * getRngState's part here: the job seed, resolved as a default generator resolves it (so a snapshot
 * always names its seed; deterministic mode refuses one drawn from the OS), and the state of each
 * default generator made so far in this thread.
 */
export function defaultsState(): { seed: ProcessSeed; generators: Map<string, GeneratorState> } {
  const seed = resolvedSeed();
  checkSeeded(seed.source === 'os', 'getRngState() (no seedEverything() call and no NODE_CURAND_SEED)');
  return { seed, generators: new Map([...defaultGenerators()].map(([key, g]) => [key, g.getState()])) };
}

/** `error`, its message prefixed with the field it is about (a snapshot's part), for rethrowing. */
export function named(error: unknown, where: string): unknown {
  if (error instanceof Error) error.message = `${where}: ${error.message}`;
  return error;
}

/** Refuses a generator that cannot take a state now (an async call pending); a lost position is no obstacle. */
function checkIdle(g: Generator, where: string): void {
  try {
    g.getState();
  } catch (error) {
    if ((error as CurandError).code !== 'ERR_CURAND_STATE') throw named(error, where);
  }
}

/**
 * setRngState's part here, in two steps so that nothing changes unless everything can. The first
 * (this call) checks that each default generator can take its state — on a trial generator of the
 * same backend, which refuses what the real one would — and makes those of devices not used yet;
 * errors name the field (`where`.device). The step it returns commits: `seed` becomes the job seed,
 * each generator continues its state in place, and every other default generator restarts from the
 * seed, as one first used after the snapshot would.
 */
export function prepareDefaults(seed: ProcessSeed, states: ReadonlyMap<string, GeneratorState>, where: string): () => void {
  const live = defaultGenerators();
  for (const [key, g] of live) checkIdle(g, `${where}.${key}`);
  const created = new Map<string, Generator>();
  try {
    for (const [key, state] of states) {
      const g = live.get(key);
      try {
        if (g === undefined) created.set(key, Generator.fromState(state, placement(key)));
        else Generator.fromState(state, { backend: g.backend, device: g.device as DefaultDevice }).dispose();
      } catch (error) {
        throw named(error, `${where}.${key}`);
      }
    }
  } catch (error) {
    for (const g of created.values()) g.dispose();
    throw error;
  }
  return () => {
    processSeed = seed;
    for (const [key, g] of live) {
      const state = states.get(key);
      if (state === undefined) g.setSeed(seed.generatorSeed);
      else g.setState(state);
    }
    for (const [key, g] of created) defaults.set(key, g);
  };
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
