/**
 * getRngState() / setRngState(): the state of every random stream the process-wide layer keeps, as
 * one JSON value (PyTorch's torch.get_rng_state / set_rng_state, extended to every device's default
 * generator and the seeded Math.random, as Lightning's checkpoints collect them). A training run
 * saves it with its checkpoint and continues exactly where it left off, in the same process or a
 * new one. withGenerator() is the scoped form (torch.random.fork_rng).
 */

import { CurandError } from '../errors.js';
import { parseState, type GeneratorState } from '../state.js';
import { describe, parseDecimal, UINT64_LIMIT } from '../validate.js';
import { defaultsState, deviceKey, insideScope, named, prepareDefaults, SEED_VARIABLES, type ProcessSeed, type SeedSource } from './default-generators.js';
import { installMathRandom, mathRandomState, parseMathRandomState, restoreMathRandom, type MathRandomState } from './math-random.js';
import { rankSeed } from './ranks.js';

export const RNG_STATE_FORMAT = 'node-curand/rng-state';

/** What getRngState() returns: plain JSON (every 64-bit number a decimal string). */
export interface RngState {
  format: typeof RNG_STATE_FORMAT;
  /** Version of this envelope. */
  version: 1;
  /** The job seed, as seedEverything set it (seedEverything's report without its own fields). */
  seed: {
    seed: string;
    source: SeedSource;
    /** This thread's rank when worker seeding found one, else null. */
    rank: { path: number[]; sources: string[] } | null;
    /** The default generators' seed: `seed`, or deriveSeed(seed, WORKER_BRANCH, ...rank.path). */
    generatorSeed: string;
  };
  /** The state of each default generator made so far, by device ('cpu', 'cuda:N'). */
  generators: Record<string, GeneratorState>;
  /** The seeded Math.random's position, or null when Math.random was not replaced. */
  mathRandom: MathRandomState | null;
}

const SEED_SOURCES: readonly SeedSource[] = ['argument', 'string', 'environment', 'os'];

function refuseInScope(operation: string): void {
  if (!insideScope()) return;
  throw new CurandError(
    'ERR_CURAND_CONTEXT',
    `${operation}() covers the process-wide default generators and cannot run inside withGenerator(); save or restore the scope's generator instead: defaultGenerator().getState() / setState(state)`,
    { operation },
  );
}

/**
 * The state of every default generator made so far, the job seed, and the seeded Math.random, as one
 * JSON-serialisable value for setRngState(). Without a job seed it fixes one as the first
 * defaultGenerator() call would (NODE_CURAND_SEED, else the OS; deterministic mode refuses the latter).
 */
export function getRngState(): RngState {
  refuseInScope('getRngState');
  const { seed, generators } = defaultsState();
  return {
    format: RNG_STATE_FORMAT,
    version: 1,
    seed: {
      seed: seed.seed.toString(),
      source: seed.source,
      rank: seed.rank === null ? null : { path: [...seed.rank.path], sources: [...seed.rank.sources] },
      generatorSeed: seed.generatorSeed.toString(),
    },
    generators: Object.fromEntries(generators),
    mathRandom: mathRandomState(),
  };
}

function fieldsOf(value: unknown, name: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${name} must be an object, got ${describe(value)}`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!keys.includes(key)) throw new TypeError(`${name} has an unknown field '${key}' (accepted: ${keys.join(', ')})`);
  for (const key of keys) if (!(key in v)) throw new TypeError(`${name}.${key} is missing`);
  return v;
}

function parseSeedRecord(value: unknown): ProcessSeed {
  const v = fieldsOf(value, 'snapshot.seed', ['seed', 'source', 'rank', 'generatorSeed']);
  const seed = parseDecimal(v.seed, 'snapshot.seed.seed', UINT64_LIMIT - 1n);
  if (!SEED_SOURCES.includes(v.source as SeedSource)) {
    throw new (typeof v.source === 'string' ? RangeError : TypeError)(`snapshot.seed.source must be one of ${SEED_SOURCES.map((s) => `'${s}'`).join(', ')}, got ${describe(v.source)}`);
  }
  let rank: ProcessSeed['rank'] = null;
  if (v.rank !== null) {
    const r = fieldsOf(v.rank, 'snapshot.seed.rank', ['path', 'sources']);
    const { path, sources } = r;
    if (!Array.isArray(path) || path.length === 0 || !path.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) {
      throw new TypeError('snapshot.seed.rank.path must be a non-empty array of non-negative safe integers');
    }
    if (!Array.isArray(sources) || sources.length !== path.length || !sources.every((x) => typeof x === 'string')) {
      throw new TypeError('snapshot.seed.rank.sources must be an array of strings, one per element of path');
    }
    rank = { path: [...(path as number[])], sources: [...(sources as string[])] };
  }
  const generatorSeed = parseDecimal(v.generatorSeed, 'snapshot.seed.generatorSeed', UINT64_LIMIT - 1n);
  const expected = rank === null ? seed : rankSeed(seed, rank);
  if (generatorSeed !== expected) {
    throw new RangeError(`snapshot.seed.generatorSeed must be ${rank === null ? 'seed' : 'deriveSeed(seed, WORKER_BRANCH, ...rank.path)'}, ${expected}, got ${generatorSeed}`);
  }
  return { seed, source: v.source as SeedSource, rank, generatorSeed };
}

/** The default generators' algorithm: a state of another one cannot continue there. */
const DEFAULT_ALGORITHM = 'philox4x32-10';

function parseGenerators(value: unknown): Map<string, GeneratorState> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`snapshot.generators must be an object keyed by device, got ${describe(value)}`);
  const states = new Map<string, GeneratorState>();
  for (const [key, state] of Object.entries(value)) {
    const name = `snapshot.generators.${key}`;
    if (deviceKey(key, `a key of snapshot.generators (${JSON.stringify(key)})`) !== key) {
      throw new RangeError(`${name}: devices are written 'cpu' or 'cuda:N', as getRngState() writes them`);
    }
    let algorithm: string;
    try {
      algorithm = parseState(state).algorithm;
    } catch (error) {
      throw named(error, name);
    }
    if (algorithm !== DEFAULT_ALGORITHM) throw new RangeError(`${name}.algorithm must be '${DEFAULT_ALGORITHM}', the default generators' algorithm, got '${algorithm}'`);
    states.set(key, state as GeneratorState);
  }
  return states;
}

/**
 * Restores what getRngState() saved (the object or its JSON text), in place: the job seed; each
 * default generator it lists continues its state (generators already in use keep their identity;
 * those not made yet are made from it); every other default generator restarts from the seed, as
 * one first used after the snapshot would; Math.random is the seeded stream at its saved position,
 * or the original when it was not replaced; NODE_CURAND_SEED is exported, as seedEverything does.
 * Everything is checked first: a malformed or unusable snapshot is refused (errors name the field)
 * and nothing changes.
 */
export function setRngState(snapshot: RngState | string): void {
  refuseInScope('setRngState');
  let value: unknown = snapshot;
  if (typeof snapshot === 'string') {
    try {
      value = JSON.parse(snapshot);
    } catch (error) {
      throw new TypeError('snapshot must be what getRngState() returns, or its JSON text; the text given is not JSON', { cause: error });
    }
  }
  const v = fieldsOf(value, 'snapshot', ['format', 'version', 'seed', 'generators', 'mathRandom']);
  if (v.format !== RNG_STATE_FORMAT) throw new TypeError(`snapshot.format must be '${RNG_STATE_FORMAT}', got ${describe(v.format)}`);
  if (v.version !== 1) throw new (typeof v.version === 'number' ? RangeError : TypeError)(`snapshot.version must be 1, got ${describe(v.version)}`);
  const seed = parseSeedRecord(v.seed);
  const states = parseGenerators(v.generators);
  const math = v.mathRandom === null ? null : parseMathRandomState(v.mathRandom, 'snapshot.mathRandom');
  const commit = prepareDefaults(seed, states, 'snapshot.generators');
  commit();
  if (math === null) restoreMathRandom();
  else installMathRandom(math.seed, math.position);
  process.env[SEED_VARIABLES.seed] = seed.seed.toString();
}
