/**
 * Looks for the words printed by libm-flips.ts in an MTGP32 or Philox stream and asks cuRAND (the
 * curand-host backend) for the Poisson value at each one found: which table — built with glibc's FMA
 * `exp`/`log`, its non-FMA variant, or V8's Math.exp/Math.log — does cuRAND agree with?
 * Usage: NODE_CURAND_LIB_DIRS=… nice npx tsx scripts/poisson/flip-check.ts flips.jsonl mtgp32|philox4x32-10 maxWords [seed]
 */
import { readFileSync } from 'node:fs';
import { Generator } from '../../src/index.js';
import type { Algorithm } from '../../src/types.js';

interface Flip {
  lambda: number;
  x: number;
  fma: number;
  sse2: number;
  v8: number;
}
const flips: Flip[] = readFileSync(process.argv[2], 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const algorithm = process.argv[3] as Algorithm;
const maxWords = Number(process.argv[4] ?? 2 ** 28);
const seed = BigInt(process.argv[5] ?? 42);
const byWord = new Map<number, Flip[]>();
for (const f of flips) byWord.set(f.x, [...(byWord.get(f.x) ?? []), f]);

const CHUNK = 1 << 24;
const scan = new Generator({ algorithm, backend: 'curand-host', seed });
const hits: Array<{ position: number; flip: Flip }> = [];
for (let at = 0; at < maxWords; at += CHUNK) {
  const words = scan.uint32(CHUNK);
  for (let i = 0; i < CHUNK; i++) {
    const found = byWord.get(words[i]);
    if (found !== undefined) for (const flip of found) hits.push({ position: at + i, flip });
  }
}
console.error(`${hits.length} hits in ${maxWords} words`);

/** The Poisson value at `position` of a fresh stream on `backend`: raw words up to it, then one value. */
function poissonAt(backend: 'ts' | 'curand-host', position: number, lambda: number): number {
  using g = new Generator({ algorithm, backend, seed });
  if (algorithm === 'mtgp32') skip(g, position);
  else g.setOffset(BigInt(position));
  return g.poisson(1, lambda)[0];
}

function skip(g: Generator, words: number): void {
  for (let left = words; left > 0; left -= CHUNK) g.uint32(Math.min(left, CHUNK));
}

/**
 * MTGP32 has no offsets: one pass per backend in position order (every element takes one word, so
 * a Poisson value leaves the stream where a raw word would); a second flip at the same word gets a
 * fresh stream.
 */
function poissonAtAll(backend: 'ts' | 'curand-host'): number[] {
  if (algorithm !== 'mtgp32') return hits.map(({ position, flip }) => poissonAt(backend, position, flip.lambda));
  using g = new Generator({ algorithm, backend, seed });
  let at = 0;
  return hits.map(({ position, flip }) => {
    if (position < at) return poissonAt(backend, position, flip.lambda);
    skip(g, position - at);
    at = position + 1;
    return g.poisson(1, flip.lambda)[0];
  });
}

const hostValues = poissonAtAll('curand-host');
const tsValues = poissonAtAll('ts');
const tally = { fma: 0, sse2: 0, v8: 0, ts: 0 };
hits.forEach(({ position, flip }, i) => {
  const host = hostValues[i];
  const ts = tsValues[i];
  for (const k of ['fma', 'sse2', 'v8'] as const) if (flip[k] === host) tally[k]++;
  if (ts === host) tally.ts++;
  console.log(JSON.stringify({ algorithm, seed: String(seed), position, ...flip, curand: host, ts }));
});
console.error(`agreement with cuRAND over ${hits.length} words: ${JSON.stringify(tally)}`);
