/**
 * Finds MTGP32 seeds whose stream has the word 0xFFFFFFFF early, so that cuRAND's Poisson output
 * at u = 1 can be measured through the addon in milliseconds (the seed-42 stream first has it at
 * element 25,957,702,642). Usage: nice npx tsx scripts/poisson/find-max-word.ts [ordering] [words] [hits]
 * Prints "seed position" lines; docs/poisson.md records the ones the tests use.
 */
import { Mtgp32Engine } from '../../src/engines/mtgp32.js';
import type { Ordering } from '../../src/types.js';

const ordering = (process.argv[2] ?? 'default') as Ordering;
const words = Number(process.argv[3] ?? 2 ** 20);
const wanted = Number(process.argv[4] ?? 2);
const engine = new Mtgp32Engine(0n, ordering);
const out = new Uint32Array(words);
const t0 = performance.now();
let hits = 0;
for (let seed = 0n; hits < wanted; seed++) {
  engine.reset(seed, 0n, ordering);
  engine.fill(out, words, 1, false);
  const at = out.indexOf(0xffffffff);
  if (at >= 0) {
    hits++;
    console.log(`${seed} ${at}`);
  }
  if (seed % 1000n === 999n) console.error(`${seed + 1n} seeds, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
