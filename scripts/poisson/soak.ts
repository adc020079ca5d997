/**
 * A long differential run of curandGeneratePoisson, 'ts' against 'curand-host': `count` λ per
 * generator (log-uniform over (1e-8, 400000], plus the threshold neighbours), `n` values each from a
 * random seed (and, for Philox, a random offset), after a random number of raw words. Prints the
 * values compared and the mismatches per method. The tests run a small version of this on every CI run.
 * Usage: NODE_CURAND_LIB_DIRS=… nice npx tsx scripts/poisson/soak.ts [count] [n] [seed of the draws]
 */
import { Generator } from '../../src/index.js';
import type { Algorithm, Ordering } from '../../src/types.js';

const count = Number(process.argv[2] ?? 200);
const n = Number(process.argv[3] ?? 2 ** 18);
/** Draws come from the project's own Philox stream, so that a run can be repeated. */
const rng = new Generator({ backend: 'ts', seed: BigInt(process.argv[4] ?? 2024) });
const random = (): number => rng.uniformDouble(1)[0];
const next64 = (): bigint => {
  const [lo, hi] = rng.uint32(2);
  return (BigInt(hi) << 32n) | BigInt(lo);
};

const THRESHOLDS = [1999.9999999999998, 2000, 31.999999999999996, 32, 8000, 8000.000000000001, 400000, 5e-324, 1e-300];

function method(algorithm: Algorithm, lambda: number): string {
  if (algorithm === 'philox4x32-10') return lambda < 2000 ? 'square histogram' : 'Box–Muller normal';
  return lambda < 32 ? 'square histogram' : lambda <= 8000 ? 'cumulative table' : 'inverse-CDF normal';
}

const configs: Array<[Algorithm, Ordering]> = [
  ['philox4x32-10', 'default'],
  ['mtgp32', 'default'],
  ['mtgp32', 'legacy'],
];
for (const [algorithm, ordering] of configs) {
  const tally = new Map<string, { lambdas: number; values: number; mismatches: number }>();
  const t0 = performance.now();
  for (let i = 0; i < count + THRESHOLDS.length; i++) {
    const logUniform = Math.exp(Math.log(1e-8) + random() * (Math.log(4e5) - Math.log(1e-8)));
    const lambda = i < THRESHOLDS.length ? THRESHOLDS[i] : Math.min(4e5, logUniform);
    const seed = next64();
    const offset = algorithm === 'philox4x32-10' ? next64() >> 2n : null;
    const skip = Number(next64() % 8n);
    const make = (backend: 'ts' | 'curand-host') =>
      new Generator({ algorithm, ordering, backend, seed, ...(offset === null ? {} : { offset }) });
    using ts = make('ts');
    using host = make('curand-host');
    ts.uint32(skip);
    host.uint32(skip);
    const a = ts.poisson(n, lambda);
    const b = host.poisson(n, lambda);
    let bad = 0;
    for (let k = 0; k < n; k++) if (a[k] !== b[k]) bad++;
    if (bad > 0) console.log(`MISMATCH ${algorithm} ${ordering} lambda ${lambda} seed ${seed} offset ${offset} skip ${skip}: ${bad}`);
    const m = method(algorithm, lambda);
    const t = tally.get(m) ?? { lambdas: 0, values: 0, mismatches: 0 };
    t.lambdas++;
    t.values += n;
    t.mismatches += bad;
    tally.set(m, t);
  }
  for (const [m, t] of tally) console.log(`${algorithm} ${ordering} ${m}: ${t.lambdas} λ, ${t.values} values, ${t.mismatches} mismatches`);
  console.log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
