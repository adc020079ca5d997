#!/usr/bin/env node
/**
 * Writes the golden vectors of test/math-double.test.ts: for each of log, exp, log1p and sincos, a
 * reduced set of the proof's edge and boundary cases (±50 ulps around each threshold), random
 * cuRAND-shaped inputs, and up to 3000 cuRAND-shaped inputs on which glibc's two variants disagree
 * (found in a larger random pool), with this machine's glibc results in both ifunc variants.
 *
 * File test/fixtures/math-double/<fn>.bin.gz (gzip of little-endian binary):
 *   uint32 n, uint32 width (1, or 2 for sincos: sin then cos)
 *   float64[n] inputs
 *   float64[n·width] results of glibc's FMA variant
 *   uint32 d, uint32[d] indices where the SSE2 variant differs, float64[d·width] its results there
 * plus golden.json with the provenance.
 *
 * Usage: node scripts/prove-math/double/golden.mjs [--random 30000]   (random inputs per function)
 */

import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { edgeCases, Rng, SHAPES } from './inputs.mjs';
import { buildOracle, FUNCTIONS, glibcVersion, mismatches, startOracle } from './oracle.mjs';

const i = process.argv.indexOf('--random');
const RANDOM = i > 0 ? Number(process.argv[i + 1]) : 30000;
const POOL = 1 << 21; // random inputs searched for ones where the variants differ
const DISTINGUISHING = 3000;
const OUT = fileURLToPath(new URL('../../../test/fixtures/math-double/', import.meta.url));

const { exe, cleanup } = buildOracle();
const manifest = {
  generator: 'node scripts/prove-math/double/golden.mjs',
  glibc: glibcVersion(),
  cpu: cpus()[0]?.model ?? 'unknown',
  variants: { fma: 'default ifunc selection on an FMA + AVX2 CPU', sse2: 'GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F' },
  functions: {},
};
try {
  for (const fn of FUNCTIONS) {
    const width = fn === 'sincos' ? 2 : 1;
    const edges = edgeCases(fn, { ulps: 50, bulk: 0.25 });
    const shapes = Object.entries(SHAPES[fn]);
    const random = [];
    for (const [name, draw] of shapes) {
      const rng = new Rng(0x601d ^ name.length);
      for (let k = 0; k < RANDOM / shapes.length; k++) random.push(draw(rng));
    }
    // Inputs that tell the variants apart.
    const pool = new Float64Array(POOL);
    shapes.forEach(([name, draw], k) => {
      const rng = new Rng(0xd1ff ^ name.length);
      for (let j = k; j < POOL; j += shapes.length) pool[j] = draw(rng);
    });
    const poolResults = [];
    for (const variant of ['fma', 'sse2']) {
      const oracle = startOracle(exe, fn, variant);
      poolResults.push(await oracle.evaluate(pool));
      oracle.close();
    }
    const differing = [...new Set(mismatches(poolResults[0], poolResults[1]).map((j) => Math.floor(j / width)))];
    const distinguishing = differing.slice(0, DISTINGUISHING).map((j) => pool[j]);
    const inputs = Float64Array.from([...edges, ...random, ...distinguishing]);
    const results = {};
    for (const variant of ['fma', 'sse2']) {
      const oracle = startOracle(exe, fn, variant);
      results[variant] = await oracle.evaluate(inputs);
      oracle.close();
    }
    const diff = [...new Set(mismatches(results.fma, results.sse2).map((j) => Math.floor(j / width)))].sort((a, b) => a - b);
    const sse2At = new Float64Array(diff.length * width);
    diff.forEach((j, k) => sse2At.set(results.sse2.subarray(j * width, (j + 1) * width), k * width));
    const parts = [Uint32Array.of(inputs.length, width), inputs, results.fma, Uint32Array.of(diff.length), Uint32Array.from(diff), sse2At];
    const bytes = Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
    writeFileSync(`${OUT}${fn}.bin.gz`, gzipSync(bytes, { level: 9 }));
    manifest.functions[fn] = {
      inputs: inputs.length,
      edgeCases: edges.length,
      random: random.length,
      distinguishing: distinguishing.length,
      shapes: shapes.map(([n]) => n),
      sse2Differs: diff.length,
    };
    console.log(`${fn}: ${inputs.length} inputs (${edges.length} edge cases), SSE2 differs on ${diff.length}`);
  }
} finally {
  cleanup();
}
writeFileSync(`${OUT}golden.json`, JSON.stringify(manifest, null, 2) + '\n');
