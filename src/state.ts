import { ALGORITHMS, type Algorithm, type Ordering } from './types.js';
import { describe, parseDecimal, toChoice, UINT64_LIMIT } from './validate.js';

/**
 * The portable, JSON-serialisable state of a Generator. The same (algorithm, ordering, seed, calls)
 * produce the same state on every backend; `engine` is the algorithm's own model of the stream
 * position (engines/*.ts), which is what lets a state saved on one backend resume on another.
 */
export interface GeneratorState {
  format: typeof STATE_FORMAT;
  /**
   * Version of this envelope: 2 when it carries `words`, else 1 (what every earlier release wrote and
   * reads; a release that knows only 1 refuses a state with buffered words instead of dropping them).
   */
  version: 1 | 2;
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
  /**
   * The words the draws (random, integers, …) took from the stream and have not used yet, which the
   * next draw reads first (src/draws/word-buffer.ts): base64 of their little-endian bytes. Absent when
   * there are none.
   */
  words?: string;
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
  /** Buffered words (empty when none). */
  words: Uint32Array;
}

/** The words as the state writes them: base64 of little-endian bytes, the same on every machine. */
function encodeWords(words: Uint32Array): string {
  const bytes = new DataView(new ArrayBuffer(words.length * 4));
  for (let i = 0; i < words.length; i++) bytes.setUint32(i * 4, words[i]!, true);
  return Buffer.from(bytes.buffer).toString('base64');
}

function decodeWords(value: unknown): Uint32Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
    throw new TypeError(`state.words must be base64 text (from getState()), got ${describe(value)}`);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0 || bytes.length > WORDS_LIMIT * 4) {
    throw new RangeError(`state.words must hold 1 to ${WORDS_LIMIT} whole 32-bit words, got ${bytes.length} bytes`);
  }
  const words = new Uint32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4, true);
  return words;
}

/**
 * Most buffered words a state may carry: a draw takes whole blocks of 4096 words for what it needs at
 * least, so fewer than a block are ever left over; the margin allows any future block size.
 */
const WORDS_LIMIT = 1 << 16;

/** A version field that is not the one this package reads: the wrong kind of value, or another number. */
function versionError(name: string, value: unknown, supported: readonly number[]): Error {
  const which = `the number ${supported.join(' or ')}`;
  return typeof value === 'number'
    ? new RangeError(`${name} ${describe(value)} is not supported (supported: ${which})`)
    : new TypeError(`${name} must be ${which}, got ${describe(value)}`);
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
  if (s.version !== 1 && s.version !== 2) throw versionError('state.version', s.version, [1, 2]);
  if ((s.version === 2) !== (s.words !== undefined)) {
    throw new TypeError(s.version === 2 ? 'state.words is missing (a version 2 state carries buffered words)' : 'state.words needs state.version 2');
  }
  if (s.streamVersion !== STREAM_VERSION) throw versionError('state.streamVersion', s.streamVersion, [STREAM_VERSION]);
  const algorithm = toChoice(s.algorithm, 'state.algorithm', ALGORITHMS);
  const ordering = toChoice(s.ordering, 'state.ordering', ['default', 'best', 'legacy'] as const);
  const seed = parseDecimal(s.seed, 'state.seed', UINT64_LIMIT - 1n);
  const offset = s.offset === null ? null : parseDecimal(s.offset, 'state.offset', UINT64_LIMIT - 1n);
  if (typeof s.engine !== 'object' || s.engine === null) throw new TypeError('state.engine must be an object');
  const words = s.words === undefined ? new Uint32Array(0) : decodeWords(s.words);
  return { algorithm, ordering, seed, offset, engine: s.engine as EngineState, words };
}

export function makeState(p: ParsedState): GeneratorState {
  return {
    format: STATE_FORMAT,
    version: p.words.length > 0 ? 2 : 1,
    streamVersion: STREAM_VERSION,
    algorithm: p.algorithm,
    ordering: p.ordering,
    seed: p.seed.toString(),
    offset: p.offset === null ? null : p.offset.toString(),
    engine: p.engine,
    ...(p.words.length > 0 ? { words: encodeWords(p.words) } : {}),
  };
}
