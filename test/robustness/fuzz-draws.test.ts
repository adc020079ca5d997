/**
 * The battery's promise for the draws (src/draws/): any argument gets either a result or a
 * TypeError/RangeError of ours that names the argument, and a refused call leaves the generator's
 * state exactly as it was. fast-check feeds every draw hostile values in every position (numbers at
 * the edges, NaN, bigints, strings, null, objects, arrays, typed arrays of every kind, detached and
 * shared ones, Proxies, throwing getters).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Generator } from '../../src/index.js';

const RUNS = Number(process.env.NODE_CURAND_FUZZ_RUNS ?? '1') * 60;
const SEED = process.env.NODE_CURAND_FUZZ_SEED === undefined ? undefined : Number(process.env.NODE_CURAND_FUZZ_SEED);

/** Each draw, the names its messages may use for its arguments, and a call with given arguments. */
const DRAWS: Array<{ name: string; names: string[]; arity: number }> = [
  { name: 'random', names: ['size'], arity: 1 },
  { name: 'uniformRange', names: ['low', 'high', 'size'], arity: 3 },
  { name: 'integers', names: ['low', 'high', 'size', 'endpoint', 'options', 'out'], arity: 4 },
  { name: 'bernoulli', names: ['p', 'size', 'out'], arity: 2 },
  { name: 'shuffle', names: ['array'], arity: 1 },
  { name: 'permutation', names: ['n', 'array', 'nOrArray', 'size'], arity: 1 },
  { name: 'choice', names: ['a', 'size', 'replace', 'p', 'shuffle', 'options', 'population', 'out'], arity: 3 },
  { name: 'categorical', names: ['logits', 'probs', 'size', 'temperature', 'topK', 'options', 'out'], arity: 3 },
  { name: 'standardNormal', names: ['size'], arity: 1 },
  { name: 'exponential', names: ['scale', 'size'], arity: 2 },
  { name: 'gamma', names: ['shape', 'scale', 'size'], arity: 3 },
  { name: 'beta', names: ['a', 'b', 'size'], arity: 3 },
  { name: 'chisquare', names: ['df', 'size'], arity: 2 },
  { name: 'standardT', names: ['df', 'size'], arity: 2 },
  { name: 'dirichlet', names: ['alpha', 'size'], arity: 2 },
  { name: 'geometric', names: ['p', 'size'], arity: 2 },
  { name: 'multivariateNormal', names: ['mean', 'cov', 'size', 'options', 'method', 'tol'], arity: 4 },
  { name: 'binomial', names: ['n', 'p', 'size', 'out'], arity: 3 },
  { name: 'multinomial', names: ['n', 'pvals', 'size', 'out'], arity: 3 },
  { name: 'truncatedNormal', names: ['lower', 'upper', 'size', 'mean', 'std', 'options'], arity: 4 },
];

function detached(): Float64Array {
  const a = new Float64Array(8);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

/** Hostile and ordinary values; thunks, so each call gets fresh arrays. */
const VALUES: Array<() => unknown> = [
  () => undefined,
  () => null,
  () => 0,
  () => -0,
  () => 1,
  () => 2,
  () => 3,
  () => -1,
  () => 0.5,
  () => 1.5,
  () => 1e-300,
  () => 2 ** 32,
  () => 2 ** 53,
  () => 2 ** 64,
  () => Number.MAX_VALUE,
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => 0n,
  () => 5n,
  () => -3n,
  () => 2n ** 64n,
  () => '3',
  () => '',
  () => true,
  () => Symbol('s'),
  () => ({}),
  () => ({ endpoint: true, replace: false, temperature: 0.5, topK: 2, mean: 1, std: 2 }),
  () => ({ p: [0.5, 0.5] }),
  () => ({ topK: 0 }),
  () => ({ get replace(): boolean { throw new Error('getter'); } }),
  () => [],
  () => [1, 2, 3],
  () => [0.2, 0.3, 0.5],
  () => [NaN, 1],
  () => [[1, 0], [0, 1]],
  () => [[1, 2], [3, 4]],
  () => new Float64Array([0.1, 0.9]),
  () => new Float64Array(7),
  () => new Float32Array(5),
  () => new Int32Array(6),
  () => new Uint32Array(4),
  () => new Uint8Array(9),
  () => new Int8Array(3),
  () => new BigInt64Array(3),
  () => new BigUint64Array(2),
  () => new Float64Array(new SharedArrayBuffer(64)),
  () => new Float64Array(16).subarray(3, 9),
  () => detached(),
  () => new Proxy(new Float64Array(4), {}),
  () => Object.defineProperty(new Float64Array(4), 'length', { value: 100 }),
  () => () => 1,
];

/** Messages V8 writes when our own checks missed something: never acceptable. */
const INTERNAL = /Cannot read|Cannot convert|is not a function|is not iterable|Invalid typed array length|Array buffer allocation|Maximum call stack|undefined is not|Cannot mix BigInt|out of memory|Invalid array length/i;

describe('robustness: the draws under hostile arguments', () => {
  for (const draw of DRAWS) {
    it(`${draw.name}: a result, or our TypeError/RangeError naming an argument with the state unchanged`, () => {
      const g = new Generator({ backend: 'ts', seed: 3n });
      g.random(); // words in the buffer, so that a state change shows there too
      const names = new RegExp(`\\b(${[draw.name, ...draw.names].join('|')})\\b`);
      fc.assert(
        fc.property(fc.array(fc.nat(VALUES.length - 1), { minLength: 0, maxLength: draw.arity }), (picks) => {
          const args = picks.map((i) => VALUES[i]!());
          const before = JSON.stringify(g.getState());
          let error: unknown = null;
          try {
            const result = (g as unknown as Record<string, (...a: unknown[]) => unknown>)[draw.name]!(...args);
            // A sync draw whose output is a Promise would be a bug of its own.
            expect(result instanceof Promise).toBe(false);
          } catch (e) {
            error = e;
          }
          if (error === null) return;
          const err = error as Error & { code?: string };
          const label = `${draw.name}(${picks.map((i) => VALUES[i]!.toString().replace('() => ', '')).join(', ')}): ${String(err?.message)}`;
          // An option's throwing getter: its own error comes through, and nothing has changed.
          if (err.message !== 'getter') {
            expect(err instanceof TypeError || err instanceof RangeError, label).toBe(true);
            expect(INTERNAL.test(err.message), label).toBe(false);
            expect(names.test(err.message), label).toBe(true);
          }
          expect(JSON.stringify(g.getState()), label).toBe(before);
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    });
  }
});
