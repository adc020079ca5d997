#!/usr/bin/env node
/**
 * Writes test/fixtures/math-double/aarch64.json: the golden inputs of test/math-double.test.ts
 * (golden.mjs) evaluated by Debian's arm64 glibc under qemu (../target.mjs), stored as the places
 * where its results differ from the x86-64 FMA variant's in the golden files, with its results there;
 * and `expTies`: inputs x of exp where z = x·128/ln2 rounds to exactly k + 1/2, the one place where
 * aarch64's exp rounds k differently (src/math/exp.ts expAarch64), with that glibc's results.
 *
 * Usage: node scripts/prove-math/double/golden-aarch64.mjs --target aarch64
 * Needs g++-aarch64-linux-gnu and qemu-user (apt).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { TARGET } from '../target.mjs';
import { buildOracle, FUNCTIONS, glibcVersion, mismatches, startOracle } from './oracle.mjs';

if (TARGET !== 'aarch64') {
  console.error('usage: node scripts/prove-math/double/golden-aarch64.mjs --target aarch64');
  process.exit(2);
}
const DIR = fileURLToPath(new URL('../../../test/fixtures/math-double/', import.meta.url));
const hex = (x) => '0x' + new BigUint64Array(Float64Array.of(x).buffer)[0].toString(16).padStart(16, '0');

/** The inputs and FMA-variant results of a golden file (layout: golden.mjs). */
function goldenInputs(fn) {
  const raw = gunzipSync(readFileSync(`${DIR}${fn}.bin.gz`));
  const bytes = new Uint8Array(raw).slice().buffer;
  const [n, width] = new Uint32Array(bytes, 0, 2);
  return { inputs: new Float64Array(bytes, 8, n), fma: new Float64Array(bytes, 8 + 8 * n, n * width), width };
}

/** exp_data.c's InvLn2N = 128/ln2 (0x1.71547652b82fep0 · 2^7), from its bits. */
const INVLN2N = new Float64Array(new BigUint64Array([0x40671547652b82fen]).buffer)[0];

/** Inputs near (k + 1/2)·ln2/128, for k spread over exp's non-special range, where INVLN2N·x is exactly k + 1/2. */
function expTieInputs() {
  const f = new Float64Array(1);
  const u = new BigInt64Array(f.buffer);
  const ties = [];
  for (let k = -94000; k <= 94000; k += 397) {
    f[0] = (k + 0.5) / INVLN2N;
    const base = u[0];
    for (let d = -64n; d <= 64n; d++) {
      u[0] = base + d;
      if (INVLN2N * f[0] === k + 0.5) {
        ties.push(f[0]);
        break;
      }
    }
  }
  return Float64Array.from(ties);
}

const { exe, cleanup } = buildOracle();
const manifest = { generator: 'node scripts/prove-math/double/golden-aarch64.mjs --target aarch64', glibc: glibcVersion(), functions: {} };
try {
  for (const fn of FUNCTIONS) {
    const { inputs, fma, width } = goldenInputs(fn);
    const oracle = startOracle(exe, fn, 'aarch64');
    const results = await oracle.evaluate(inputs);
    oracle.close();
    const indices = [...new Set(mismatches(results, fma).map((i) => Math.floor(i / width)))].sort((a, b) => a - b);
    manifest.functions[fn] = {
      inputs: inputs.length,
      differsFromFma: indices.map((i) => [i, ...Array.from(results.subarray(i * width, (i + 1) * width), hex)]),
    };
    console.log(`${fn}: ${inputs.length} inputs, aarch64 differs from the FMA variant on ${indices.length}`);
  }
  const ties = expTieInputs();
  const oracle = startOracle(exe, 'exp', 'aarch64');
  const results = await oracle.evaluate(ties);
  oracle.close();
  manifest.expTies = Array.from(ties, (x, i) => [hex(x), hex(results[i])]);
  console.log(`exp: ${ties.length} inputs where x·128/ln2 rounds to a half-integer`);
} finally {
  cleanup();
}
writeFileSync(`${DIR}aarch64.json`, JSON.stringify(manifest, null, 1) + '\n');
