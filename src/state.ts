import { ALGORITHMS, type Algorithm, type Ordering } from './types.js';
import { describe, parseDecimal, toChoice, UINT64_LIMIT } from './validate.js';

/**
 * The portable, JSON-serialisable state of a Generator. The same (algorithm, ordering, seed, calls)
 * produce the same state on every backend; `engine` is the algorithm's own model of the stream
 * position (engines/*.ts), which is what lets a state saved on one backend resume on another.
 */
export interface GeneratorState {
  format: typeof STATE_FORMAT;
  /** Version of this envelope. */
  version: 1;
  /**
   * Version of the mapping from (algorithm, ordering, seed, calls) to output values. It changes only
   * if cuRAND's own output changes; states from another stream version are refused.
   */
  streamVersion: typeof STREAM_VERSION;
  algorithm: Algorithm;
  ordering: Ordering;
  /** Decimal string of the 64-bit seed. */
  seed: string;
  /** The last explicit offset (decimal), or null when none was set since the last seed. */
  offset: string | null;
  engine: EngineState;
}

/** Engine-specific JSON fields of a state: each engine's own model of its stream position (engines/*.ts). */
export type EngineState = Record<string, unknown>;

export const STATE_FORMAT = 'node-curand/generator-state';
export const STREAM_VERSION = 1;

export interface ParsedState {
  algorithm: Algorithm;
  ordering: Ordering;
  seed: bigint;
  offset: bigint | null;
  engine: EngineState;
}

/** A version field that is not the one this package reads: the wrong kind of value, or another number. */
function versionError(name: string, value: unknown, supported: number): Error {
  return typeof value === 'number'
    ? new RangeError(`${name} ${describe(value)} is not supported (supported: the number ${supported})`)
    : new TypeError(`${name} must be the number ${supported}, got ${describe(value)}`);
}

/** Checks the envelope of a state (a parsed object or its JSON text); the engine checks its own part. */
export function parseState(input: unknown): ParsedState {
  let state: unknown = input;
  if (typeof input === 'string') {
    try {
      state = JSON.parse(input);
    } catch (error) {
      throw new TypeError('state must be a state object or its JSON text (from getState()); the text given is not JSON', { cause: error });
    }
  }
  if (typeof state !== 'object' || state === null) throw new TypeError('state must be an object (from getState())');
  const s = state as Record<string, unknown>;
  if (s.format !== STATE_FORMAT) throw new TypeError(`state.format must be '${STATE_FORMAT}'`);
  if (s.version !== 1) throw versionError('state.version', s.version, 1);
  if (s.streamVersion !== STREAM_VERSION) throw versionError('state.streamVersion', s.streamVersion, STREAM_VERSION);
  const algorithm = toChoice(s.algorithm, 'state.algorithm', ALGORITHMS);
  const ordering = toChoice(s.ordering, 'state.ordering', ['default', 'best', 'legacy'] as const);
  const seed = parseDecimal(s.seed, 'state.seed', UINT64_LIMIT - 1n);
  const offset = s.offset === null ? null : parseDecimal(s.offset, 'state.offset', UINT64_LIMIT - 1n);
  if (typeof s.engine !== 'object' || s.engine === null) throw new TypeError('state.engine must be an object');
  return { algorithm, ordering, seed, offset, engine: s.engine as EngineState };
}

export function makeState(p: ParsedState): GeneratorState {
  return {
    format: STATE_FORMAT,
    version: 1,
    streamVersion: STREAM_VERSION,
    algorithm: p.algorithm,
    ordering: p.ordering,
    seed: p.seed.toString(),
    offset: p.offset === null ? null : p.offset.toString(),
    engine: p.engine,
  };
}
