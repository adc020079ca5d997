/**
 * Which 32-bit words get a different Poisson value when the tables are built with another `exp`/`log`
 * than glibc's FMA variant (the one cuRAND runs on this machine): V8's Math.exp/Math.log, or glibc's
 * non-FMA (x86-sse2) variant. Prints one JSON line per word that flips:
 *   {"kind":"m2"|"cdf","lambda":…,"x":…,"fma":…,"sse2":…,"v8":…}
 * Those words are then looked for in real streams (flip-check.ts) to see which tables cuRAND uses.
 * Usage: nice npx tsx scripts/poisson/libm-flips.ts m2|cdf count|grid [seed of the λ draws]
 * (count random λ, log-uniform for m2 and uniform for cdf; or `grid`: every integer and half-integer λ
 * of the method's range).
 */
import { fillPoissonCumulative, fillPoissonSquareHistogram } from '../../src/distributions/poisson.js';
import {
  buildCumulativeTable,
  buildSquareHistogram,
  type CumulativeTable,
  type SquareHistogram,
} from '../../src/distributions/poisson-tables.js';
import { Generator } from '../../src/index.js';
import { DOUBLE_LIBM, type DoubleLibm } from '../../src/math/libm.js';

const kind = process.argv[2] === 'cdf' ? 'cdf' : 'm2';
const grid = process.argv[3] === 'grid';
const count = grid ? (kind === 'm2' ? 3998 : 15937) : Number(process.argv[3] ?? 1000);
/** λ are drawn from the project's own Philox stream, so that a run can be repeated. */
const rng = new Generator({ backend: 'ts', seed: BigInt(process.argv[4] ?? 1) });
const random = (): number => rng.uniformDouble(1)[0];

const V8: DoubleLibm = { ...DOUBLE_LIBM['x86-fma'], log: Math.log, exp: Math.exp };
const variants = { fma: DOUBLE_LIBM['x86-fma'], sse2: DOUBLE_LIBM['x86-sse2'], v8: V8 };
type Table = SquareHistogram | CumulativeTable;

function sample(table: Table, x: number): number {
  const out = new Uint32Array(1);
  const words = Uint32Array.of(x);
  if ('cdf' in table) fillPoissonCumulative(out, 0, words, 1, table);
  else fillPoissonSquareHistogram(out, 0, words, 1, table);
  return out[0];
}

/** The entries (thresholds or cumulative sums) of a table, as the u values where outputs change. */
function edges(table: Table): Float64Array {
  return 'cdf' in table ? table.cdf : table.threshold;
}

/** Words whose u = (x+1)·2^-32 lies near [min(a,b), max(a,b)]: the only ones two tables can disagree on. */
function candidates(a: number, b: number, into: Set<number>): void {
  const lo = Math.floor(Math.min(a, b) * 2 ** 32) - 2;
  const hi = Math.ceil(Math.max(a, b) * 2 ** 32) + 1;
  for (let x = Math.max(0, lo); x <= Math.min(0xffffffff, hi) && x - lo < 100000; x++) into.add(x);
}

let tables = 0;
let differingTables = 0;
for (let t = 0; t < count; t++) {
  const lambda = grid
    ? (kind === 'm2' ? 1 : 32) + t / 2
    : kind === 'm2' ? Math.exp(Math.log(1e-8) + random() * (Math.log(2000) - Math.log(1e-8))) : 32 + random() * (8000 - 32);
  if (kind === 'm2' && lambda >= 2000) continue;
  const build = (libm: DoubleLibm): Table => (kind === 'cdf' ? buildCumulativeTable(lambda, libm) : buildSquareHistogram(lambda, libm));
  const built = { fma: build(variants.fma), sse2: build(variants.sse2), v8: build(variants.v8) };
  tables++;
  const xs = new Set<number>();
  const ref = edges(built.fma);
  for (const other of [built.sse2, built.v8]) {
    const e = edges(other);
    if (other.shift !== built.fma.shift || e.length !== ref.length) {
      // A shorter or longer table: every word above the shorter one's last entry may differ.
      candidates(Math.min(ref[ref.length - 2] ?? 1, e[e.length - 2] ?? 1), 1, xs);
    }
    for (let i = 0; i < Math.min(e.length, ref.length); i++) if (e[i] !== ref[i]) candidates(e[i], ref[i], xs);
    if (!('cdf' in other) && 'alias' in built.fma) {
      for (let i = 0; i < other.alias.length; i++) {
        if (other.alias[i] !== built.fma.alias[i]) console.error(`alias differs: lambda ${lambda} cell ${i}`);
      }
    }
  }
  if (xs.size > 0) differingTables++;
  for (const x of xs) {
    const v = { fma: sample(built.fma, x), sse2: sample(built.sse2, x), v8: sample(built.v8, x) };
    if (v.fma !== v.sse2 || v.fma !== v.v8) console.log(JSON.stringify({ kind, lambda, x, ...v }));
  }
}
console.error(`${kind}: ${tables} tables, ${differingTables} with differing entries`);
