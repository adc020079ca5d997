/**
 * seedEverything(): one call that makes a run reproducible (Lightning's seed_everything, PyTorch's
 * manual_seed and use_deterministic_algorithms), and what `node --import node-curand/register` runs
 * from the environment.
 */

import { CurandError } from '../errors.js';
import { checkOptionKeys } from '../validate.js';
import {
  envFlag,
  insideScope,
  makeProcessSeed,
  SEED_VARIABLES,
  setProcessSeed,
  type ProcessSeed,
} from './default-generators.js';
import { configureDeterminism, DETERMINISM_VARIABLES } from './determinism/controls.js';
import { areDeterministicAlgorithmsEnabled, isDeterministicAlgorithmsWarnOnlyEnabled } from './determinism/mode.js';
import { checkSeeded } from './determinism/policy.js';
import { parseDeterministicEnv, type DeterministicMode } from './determinism/switches.js';
import { installMathRandom, isMathRandomSeeded, restoreMathRandom } from './math-random.js';
import { osSeed, parseSeedText, toSeed, type SeedInput } from './seeds.js';

export interface SeedEverythingOptions {
  /** Replace Math.random with a seeded stream (false: restore it). Default: NODE_CURAND_MATH_RANDOM, else leave as is (reseeded if replaced). */
  mathRandom?: boolean;
  /** Turn on deterministic mode (see determinism/policy.ts); 'warn' warns instead of refusing. Default: NODE_CURAND_DETERMINISTIC, else unchanged. */
  deterministic?: DeterministicMode;
  /**
   * Give each worker (rank found by findRank; a worker thread without one takes its creation order,
   * with a warning, outside deterministic mode) its own stream: deriveSeed(seed, WORKER_BRANCH, ...rank).
   * Default: NODE_CURAND_WORKERS, else false.
   */
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
 * string (hashed, seeds.ts hashSeedString); without one, NODE_CURAND_SEED, else a seed drawn from
 * the OS, which the report gives so the run can be replayed. Checks everything before changing
 * anything. Process-wide: it cannot be called inside withGenerator().
 */
export function seedEverything(seed?: SeedInput, options: SeedEverythingOptions = {}): SeedReport {
  if (insideScope()) {
    throw new CurandError(
      'ERR_CURAND_CONTEXT',
      'seedEverything() changes process-wide state and cannot run inside withGenerator(); seed the scope instead: withGenerator(seed, fn)',
      { operation: 'seedEverything' },
    );
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

  const enabled = deterministic === undefined ? areDeterministicAlgorithmsEnabled() : deterministic !== false;
  const warnOnly = deterministic === undefined ? isDeterministicAlgorithmsWarnOnlyEnabled() : deterministic === 'warn';
  // The rank is found under the mode this call sets: strict deterministic mode refuses creation order.
  const refusesCreationOrder = () => enabled && !warnOnly;
  let next: ProcessSeed;
  if (seed !== undefined) {
    next = makeProcessSeed(toSeed(seed), typeof seed === 'string' ? 'string' : 'argument', workers, refusesCreationOrder);
  } else {
    const text = process.env[SEED_VARIABLES.seed];
    const [root, source] = text !== undefined && text !== '' ? [parseSeedText(text), 'environment' as const] : [osSeed(), 'os' as const];
    next = makeProcessSeed(root, source, workers, refusesCreationOrder);
  }
  checkSeeded(next.source === 'os', 'seedEverything() without a seed', warnOnly, enabled);

  const before = Object.fromEntries(REPORTED_VARIABLES.map((name) => [name, process.env[name] ?? null]));
  if (deterministic !== undefined) configureDeterminism(deterministic);

  const reseeded = setProcessSeed(next);
  if (wantMathRandom === false) restoreMathRandom();
  else if (wantMathRandom === true || isMathRandomSeeded()) installMathRandom(next.generatorSeed);

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
    mathRandom: isMathRandomSeeded(),
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
