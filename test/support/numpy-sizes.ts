import fc from 'fast-check';

import { defaultRng, Generator, MT19937, PCG64DXSM, Philox } from '../../src/numpy/index.js';

/**
 * Scenario pieces shared by the node-curand/numpy tests: NumPy's sizes (counts and shape tuples) and
 * integer dtypes with bounds that reach each of the bounded-integer draws' branches.
 */

/** No size, or a count. */
export const countArb = fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined });
/** A size: none, a count, or a shape of up to 3 dimensions (zero dimensions and [] included). */
export const sizeArb: fc.Arbitrary<number | number[] | undefined> = fc.oneof(countArb, fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }));

/** NumPy's integer dtypes and their ranges. */
export const DTYPES = { int64: [-(2n ** 63n), 2n ** 63n - 1n], int32: [-(2n ** 31n), 2n ** 31n - 1n], int16: [-32768n, 32767n], int8: [-128n, 127n], uint64: [0n, 2n ** 64n - 1n], uint32: [0n, 2n ** 32n - 1n], uint16: [0n, 65535n], uint8: [0n, 255n], bool: [0n, 1n] } as const;
export type Dtype = keyof typeof DTYPES;

/** Integer bounds as decimal strings (high null: omitted, low is then the top), a size, a dtype and endpoint. */
export type IntegersCase = [low: string, high: string | null, size: number | number[] | undefined, dtype: Dtype, endpoint: boolean];

/**
 * Bounds within a dtype: random, one value (no word read), the dtype's full range (the draw as is),
 * small spans (rejections), and high omitted. `endpoint` false keeps every case an open interval.
 */
export function integersCaseArb(endpoints: boolean): fc.Arbitrary<IntegersCase> {
  return fc
    .tuple(fc.constantFrom(...(Object.keys(DTYPES) as Dtype[])), fc.constantFrom('random', 'one', 'full', 'small', 'noHigh'), fc.bigInt({ min: 0n, max: 2n ** 64n }), fc.bigInt({ min: 0n, max: 2n ** 64n }), sizeArb, endpoints ? fc.boolean() : fc.constant(false))
    .map(([dtype, mode, x, y, size, endpoint]): IntegersCase => {
      const [min, max] = DTYPES[dtype];
      const width = max - min + 1n;
      let a = min + (x % width);
      let b = min + (y % width);
      if (a > b) [a, b] = [b, a];
      if (mode === 'one') b = a;
      if (mode === 'full') [a, b] = [min, max];
      if (mode === 'small') b = a + (y % 20n) > max ? max : a + (y % 20n);
      if (mode === 'noHigh') {
        // [0, low) or [0, low]: the top in [1, max].
        const top = b < 1n ? 1n : b;
        return [String(endpoint ? top : top + 1n), null, size, dtype, endpoint];
      }
      return [String(a), String(endpoint ? b : b + 1n), size, dtype, endpoint];
    });
}

/** A bound of an IntegersCase as the JS calls take it: a number where safe, else a bigint. */
export function toBound(x: string | null): number | bigint | null {
  return x === null ? null : Number.isSafeInteger(Number(x)) ? Number(x) : BigInt(x);
}

/** An integers()/randint() result as the drivers write NumPy's: values as decimal strings, bools as they are. */
export function integersJson(v: unknown): unknown {
  return ArrayBuffer.isView(v) ? Array.from(v as Float64Array, String) : typeof v === 'boolean' ? v : String(v);
}

/** NumPy's bit generators a Generator scenario runs on (PCG64: through default_rng). */
export type BitGeneratorKind = 'PCG64' | 'PCG64DXSM' | 'Philox' | 'MT19937';

/** A seed, a bit generator and a sequence of calls on one Generator. */
export interface GeneratorScenario<Op> {
  seed: string;
  kind: BitGeneratorKind;
  ops: Op[];
}

/** Scenarios of up to 12 calls from `opArb` on random 128-bit seeds and every bit generator. */
export function generatorScenarioArb<Op>(opArb: fc.Arbitrary<Op>): fc.Arbitrary<GeneratorScenario<Op>> {
  return fc.record({
    seed: fc.bigInt({ min: 0n, max: 2n ** 128n }).map(String),
    kind: fc.constantFrom<BitGeneratorKind>('PCG64', 'PCG64DXSM', 'Philox', 'MT19937'),
    ops: fc.array(opArb, { minLength: 1, maxLength: 12 }),
  });
}

/** node-curand/numpy's Generator of a scenario. */
export function scenarioGenerator(sc: GeneratorScenario<unknown>): Generator {
  const seed = BigInt(sc.seed);
  if (sc.kind === 'PCG64') return defaultRng(seed);
  return new Generator(sc.kind === 'PCG64DXSM' ? new PCG64DXSM(seed) : sc.kind === 'Philox' ? new Philox(seed) : new MT19937(seed));
}

/** The Python drivers' line (indented for a loop over `sc`) that makes NumPy's Generator `g` of a scenario. */
export const PY_SCENARIO_GENERATOR = "    g = np.random.default_rng(int(sc['seed'])) if sc['kind'] == 'PCG64' else np.random.Generator(getattr(np.random, sc['kind'])(int(sc['seed'])))";

/** The Python drivers' `plain(v)`: a NumPy result as JSON takes it (0-d and scalars as their item, arrays flattened in C order). */
export const PY_PLAIN = `def plain(v):
    if isinstance(v, np.ndarray):
        if v.ndim == 0: return v.item()
        return v.ravel().tolist()
    if isinstance(v, np.generic): return v.item()
    return v`;
