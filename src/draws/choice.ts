import { aliasDraw, aliasTable, type AliasTable } from './alias-table.js';
import { ANY_TYPES, indexType, isJsArray, NUMBER_INTEGER_TYPES, toIntegerOutput } from './array-types.js';
import type { BitSource } from './bit-source.js';
import type { DrawPlan } from './plan.js';
import { fillRange, floydSample, tailSample, uniformIndices, usesTailShuffle, weightedSample, type IndexSink } from './sampling.js';
import { toWeights, type Weights } from './weights.js';
import type { AnyTypedArray } from '../types.js';
import { checkOptionKeys, describe, given, intrinsicLength, MAX_LENGTH, toArrayOutput, toBoolean, toInteger, typedArrayTypeOf, type ResolvedOutput, type TypedArrayType } from '../validate.js';

/** choice()'s options. */
export interface ChoiceOptions {
  /** Default true. */
  replace?: boolean;
  /** Weights, one per element of the population: ≥ 0 with a positive finite sum (normalised by it). */
  p?: ArrayLike<number>;
  /** Without replacement and without p: shuffle the sample (default true, as NumPy); false leaves Floyd's order. */
  shuffle?: boolean;
}

const CALL = 'choice()';

/** What choice() draws from: 0..n−1, a typed array's elements or a JS array's. */
type Population =
  | { readonly kind: 'range'; readonly n: number }
  | { readonly kind: 'typed'; readonly n: number; readonly values: AnyTypedArray; readonly Type: TypedArrayType }
  | { readonly kind: 'list'; readonly n: number; readonly values: unknown[] };

function toPopulation(a: unknown): Population {
  if (typeof a === 'number') return { kind: 'range', n: toInteger(a, 'a', 0, Number.MAX_SAFE_INTEGER) };
  const typeName = typedArrayTypeOf(a);
  if (typeName !== undefined) {
    const values = toArrayOutput<AnyTypedArray>(CALL, 'a', a, ANY_TYPES, Float64Array);
    return { kind: 'typed', n: values.length, values: values.target, Type: ANY_TYPES.find((type) => type.name === typeName)! };
  }
  if (isJsArray(a)) return { kind: 'list', n: a.length, values: a };
  throw new TypeError(`${CALL}: a must be a population size n (to choose from 0..n−1), a typed array or an Array, got ${describe(a)}`);
}

/** How the indices are drawn, fixed at planning. */
type Method =
  | { readonly kind: 'uniform' }
  | { readonly kind: 'alias'; readonly table: AliasTable }
  | { readonly kind: 'floyd'; readonly shuffle: boolean }
  | { readonly kind: 'tail'; readonly pool: Uint32Array }
  | { readonly kind: 'weighted'; readonly weights: Weights };

function toMethod(n: number, k: number, replace: boolean, shuffle: boolean, weights: Weights | null): Method {
  if (replace) return weights === null ? { kind: 'uniform' } : { kind: 'alias', table: aliasTable(weights) };
  if (weights !== null) return { kind: 'weighted', weights };
  if (!usesTailShuffle(n, k, shuffle)) return { kind: 'floyd', shuffle };
  if (n > MAX_LENGTH) throw new RangeError(`${CALL}: a sample of ${k} of ${n} without replacement shuffles a table of all n indices (as NumPy does), more than the ${MAX_LENGTH} an array holds`);
  return { kind: 'tail', pool: toArrayOutput<Uint32Array>(CALL, 'a', n, [Uint32Array], Uint32Array).result };
}

/** Words the method reads at least for k indices (async calls take them ahead). */
function wordsAtLeast(method: Method, n: number, k: number): number {
  switch (method.kind) {
    case 'uniform':
      return n <= 1 ? 0 : n <= 2 ** 32 ? k : 2 * k;
    case 'alias':
      return (n === 1 ? 2 : 3) * k;
    case 'weighted':
      return 2 * k;
    case 'floyd':
      return Math.max(k - 1, 0) * (method.shuffle ? 2 : 1);
    case 'tail':
      return n - Math.max(n - k, 1);
  }
}

function drawIndices(src: BitSource, method: Method, n: number, k: number, idx: IndexSink): void {
  switch (method.kind) {
    case 'uniform':
      return uniformIndices(src, n, idx);
    case 'alias':
      for (let i = 0; i < idx.length; i++) idx[i] = aliasDraw(src, method.table);
      return;
    case 'weighted':
      return weightedSample(src, method.weights, k, idx);
    case 'floyd':
      return floydSample(src, n, k, method.shuffle, idx);
    case 'tail':
      fillRange(method.pool);
      return tailSample(src, method.pool, k, idx);
  }
}

/**
 * choice(a, size?, { replace = true, p, shuffle = true }): a sample of a population (a size n for
 * 0..n−1, a typed array or a JS array). Uniform with replacement: integers(0, n) per draw. Weighted
 * with replacement: the alias method (alias-table.ts). Uniform without replacement: NumPy's
 * Generator.choice exactly (Floyd's algorithm, then a shuffle of the sample unless shuffle: false; or
 * the tail of a partial Fisher–Yates for large samples; sampling.ts). Weighted without replacement:
 * NumPy's rounds of cdf searches, exactly. p are weights (≥ 0, positive finite sum), normalised by
 * their sum; NumPy requires them to sum to 1 and otherwise reads them the same way.
 */
export function planChoice(a: unknown, size: unknown, options: unknown): DrawPlan<unknown> {
  checkOptionKeys(options, ['replace', 'p', 'shuffle']);
  const o = options as { replace?: unknown; p?: unknown; shuffle?: unknown } | undefined;
  const replace = toBoolean(given(o?.replace, true), 'replace');
  const shuffle = toBoolean(given(o?.shuffle, true), 'shuffle');
  const p = o?.p;
  const population = toPopulation(a);
  const n = population.n;
  const weights = p === undefined ? null : toWeights(p, CALL, 'p');
  if (weights !== null && weights.w.length !== n) {
    throw new RangeError(`${CALL}: p must have one weight per element of the population (${n}), got ${weights.w.length}`);
  }

  // The output: indices for a size n, the population's own type for a typed array, a JS array for a JS array.
  let out: ResolvedOutput<AnyTypedArray> | null = null;
  let k = 1;
  if (size !== undefined) {
    if (population.kind === 'range') {
      out = toIntegerOutput(CALL, 'size', size, NUMBER_INTEGER_TYPES, indexType(n), 0n, BigInt(Math.max(n - 1, 0)));
    } else if (population.kind === 'typed') {
      out = toArrayOutput(CALL, 'size', size, [population.Type], population.Type);
    } else {
      if (typeof size !== 'number') throw new TypeError(`${CALL}: size must be a length when a is an Array, got ${describe(size)}`);
      toInteger(size, 'size', 0, MAX_LENGTH);
    }
    k = out === null ? (size as number) : out.length;
  }
  if (n === 0 && k > 0) throw new RangeError(`${CALL}: the population a is empty, so size must be 0, got ${k}`);
  if (!replace && k > n) throw new RangeError(`${CALL}: without replacement size must be at most the population's ${n}, got ${k}`);
  if (!replace && weights !== null && weights.positive < k) {
    throw new RangeError(`${CALL}: without replacement p needs at least size = ${k} weights above 0, got ${weights.positive}`);
  }

  const method = toMethod(n, k, replace, shuffle, weights);
  // Indices go straight into an index output; otherwise into a scratch array, then the values are gathered.
  const direct = population.kind === 'range' && out !== null;
  const Index = indexType(n);
  const idx = (direct ? out!.target : toArrayOutput(CALL, 'size', k, [Index], Index).result) as IndexSink;
  return {
    words: wordsAtLeast(method, n, k),
    output: out,
    run(src: BitSource) {
      // An async call runs after its words are taken: a population changed in length meanwhile is refused.
      const now = population.kind === 'list' ? population.values.length : population.kind === 'typed' ? intrinsicLength(population.values) : n;
      if (now !== n) throw new RangeError(`${CALL}: the population's length changed from ${n} to ${now} before the sample was drawn`);
      drawIndices(src, method, n, k, idx);
      if (direct) return out!.result;
      if (population.kind === 'range') return idx[0];
      if (population.kind === 'typed') {
        const values = population.values as unknown as { [i: number]: unknown };
        if (out === null) return values[idx[0]!];
        const target = out.target as unknown as { [i: number]: unknown };
        for (let i = 0; i < k; i++) target[i] = values[idx[i]!];
        return out.result;
      }
      const list = population.values;
      if (size === undefined) return list[idx[0]!];
      const picked: unknown[] = [];
      for (let i = 0; i < k; i++) picked.push(list[idx[i]!]);
      return picked;
    },
  };
}
