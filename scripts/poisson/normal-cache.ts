/**
 * The experiment behind the per-thread normal cache of curandGeneratePoisson on XORWOW and MRG32k3a
 * (docs/more-generators.md, "Poisson"): for λ ≥ 2000 it asks cuRAND (the curand-host backend) for
 * Poisson values and names, for a few slots, which Box–Muller output of the slot's thread each one
 * is: `sin@i` / `cos@i` for the halves of the pair made of the thread's words i and i+1 (computed
 * with the ts engines). Between two Poisson calls it puts a uint32 call, a bulk normal call and a
 * small-λ Poisson call, to show that none of them touches the cache.
 * Usage: NODE_CURAND_LIB_DIRS=… npx tsx scripts/poisson/normal-cache.ts [xorwow|mrg32k3a]
 */
import { fillNormalFloat } from '../../src/distributions/box-muller.js';
import { Mrg32k3aEngine } from '../../src/engines/mrg32k3a.js';
import { XorwowEngine } from '../../src/engines/xorwow.js';
import { Generator } from '../../src/index.js';

const algorithm = (process.argv[2] ?? 'xorwow') as 'xorwow' | 'mrg32k3a';
const threads = algorithm === 'xorwow' ? 4096 : 81920;
const inputs = algorithm === 'xorwow' ? 'bits' : 'mrg';
const lambda = 9000;
const depth = 8; // words per thread to search
const words = new Uint32Array(threads * depth);
(algorithm === 'xorwow' ? new XorwowEngine(42n) : new Mrg32k3aEngine(42n)).fill(words, words.length, 1, false);
const poisson = (v: number) => Math.trunc(v * Math.sqrt(lambda) + lambda + 0.5);

/** Which half of which pair of thread t's words gives `value` (the first match). */
function which(t: number, value: number): string {
  const pair = new Float32Array(2);
  for (let i = 0; i + 1 < depth; i++) {
    fillNormalFloat(pair, 0, Uint32Array.of(words[i * threads + t], words[(i + 1) * threads + t]), 0, 2, 0, 1, null, inputs);
    if (poisson(pair[0]) === value) return `sin@${i}`;
    if (poisson(pair[1]) === value) return `cos@${i}`;
  }
  return '?';
}

function show(label: string, values: Uint32Array, firstSlot: number, slots: number[]): void {
  console.log(label);
  for (const k of slots) console.log(`  slot ${firstSlot + k} (thread ${(firstSlot + k) % threads}): ${which((firstSlot + k) % threads, values[k])}`);
}

const n = threads + 904; // threads 0…903 get two values, the others one
const g = new Generator({ algorithm, seed: 42n, backend: 'curand-host' });
show(`poisson(${n}, ${lambda}):`, g.poisson(n, lambda), 0, [0, 1, 903, 904, threads - 1, threads, threads + 903]);
g.uint32(3); // threads 904…906: one word each
g.normal(2); // thread 907: a bulk pair (two words)
g.poisson(1, 10); // thread 908: one histogram word
show(`uint32(3), normal(2), poisson(1, 10), then poisson(${threads}, ${lambda}):`, g.poisson(threads, lambda), n + 5, [
  threads - 909, // thread 0: nothing cached → a new pair at words 2, 3
  threads - 6, // thread 903: nothing cached
  threads - 5, // thread 904: its cos from words 0, 1, although word 2 went to uint32
  threads - 2, // thread 907: its cos from words 0, 1, although words 2, 3 went to normal
  threads - 1, // thread 908: its cos, although word 2 went to the histogram
  0, // thread 909: its cos from words 0, 1
]);
console.log('\nA thread with nothing cached starts a pair (sin); its next Poisson slot takes the cached cos,');
console.log('whatever other calls used the thread in between.');
