#!/usr/bin/env node
/**
 * Exhaustive proof that src/math's logf, sinf/cosf/sincosf and expf reproduce this machine's glibc.
 *
 *   nice node scripts/prove-math/float/run.mjs [CASE ...] [--full] [--serial] [--target aarch64]
 *
 * Default cases: logf on every float in (0, 1]; sincosf, sinf and cosf on every float in (0, 2π]
 * (sincosf checks both outputs); expf on all 2^32 patterns against glibc's default (FMA) build, and
 * expfNoFma on all 2^32 against glibc's SSE2 build (GLIBC_TUNABLES masking AVX2/FMA).
 * --full runs logf, sincosf, sinf and cosf on all 2^32 patterns instead (plus both expf cases).
 *
 * For each block of 2^20 consecutive input patterns the C oracle (oracle.c) and JavaScript each hash
 * their output words (FNV-1a, NaN outputs as 0x7fc00000); a differing block is re-evaluated input by
 * input to list the mismatches. The oracle runs concurrently with the JS side (two cores while the
 * oracle runs) unless --serial. Prints inputs, mismatches and times; exits 1 on any mismatch.
 * --target aarch64: the oracle runs Debian's arm64 glibc under qemu (../target.mjs); the cases name
 * the port compared (its expf is the plain evaluation: `expf-nofma` or `expf-nofma-core`).
 */

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { NO_FMA_ENV, buildOracle, glibcVersion, loadFloatMath } from './build.mjs';

const BLOCK_LOG2 = 20;
const BLOCK = 2 ** BLOCK_LOG2;
const F32_2PI = 0x40c90fdb; // fround(2π)

// Case: name, glibc function, JS kernel, ranges of input patterns (inclusive), oracle environment.
const CASES = {
  logf: { fn: 'logf', js: 'logf', ranges: [[0x00000001, 0x3f800000]], note: 'every float in (0, 1]' },
  sincosf: { fn: 'sincosf', js: 'sincosf', ranges: [[0x00000001, F32_2PI]], note: 'every float in (0, 2π], sin and cos' },
  sinf: { fn: 'sinf', js: 'sinf', ranges: [[0x00000001, F32_2PI]], note: 'every float in (0, 2π]' },
  cosf: { fn: 'cosf', js: 'cosf', ranges: [[0x00000001, F32_2PI]], note: 'every float in (0, 2π]' },
  expf: { fn: 'expf', js: 'expf', ranges: [[0, 0xffffffff]], note: 'all 2^32 patterns, default (FMA) glibc' },
  'expf-nofma': {
    fn: 'expf', js: 'expfNoFma', ranges: [[0, 0xffffffff]], env: NO_FMA_ENV,
    note: 'all 2^32 patterns, expfNoFma vs glibc with AVX2/FMA masked',
  },
  // For --target aarch64, whose expf is the plain evaluation except, possibly, where its k rounds a
  // tie away from zero (no float x makes x·32/ln2 a half-integer): 2^-7 <= |x| <= 104 (below,
  // |x·32/ln2| < 0.37, so k = 0 in every build; above, the special cases).
  'expf-nofma-core': {
    fn: 'expf', js: 'expfNoFma', ranges: [[0x3c000000, 0x42d00000], [0xbc000000, 0xc2d00000]],
    note: 'expfNoFma vs glibc on 2^-7 <= |x| <= 104',
  },
  'logf-all': { fn: 'logf', js: 'logf', ranges: [[0, 0xffffffff]], note: 'all 2^32 patterns' },
  'sincosf-all': { fn: 'sincosf', js: 'sincosf', ranges: [[0, 0xffffffff]], note: 'all 2^32 patterns, sin and cos' },
  'sinf-all': { fn: 'sinf', js: 'sinf', ranges: [[0, 0xffffffff]], note: 'all 2^32 patterns' },
  'cosf-all': { fn: 'cosf', js: 'cosf', ranges: [[0, 0xffffffff]], note: 'all 2^32 patterns' },
};
const DEFAULT = ['logf', 'sincosf', 'sinf', 'cosf', 'expf', 'expf-nofma'];
const FULL = ['logf-all', 'sincosf-all', 'sinf-all', 'cosf-all', 'expf', 'expf-nofma'];

// ---------------------------------------------------------------------------------------------------
// JavaScript side: one monomorphic loop per kernel.

const inU = new Uint32Array(BLOCK);
const inF = new Float32Array(inU.buffer);
const outF = new Float32Array(2 * BLOCK);
const outU = new Uint32Array(outF.buffer);
const pair = new Float64Array(2);

function makeEvaluators(m) {
  return {
    logf(n) { const f = m.logf; for (let i = 0; i < n; i++) outF[i] = f(inF[i]); return n; },
    expf(n) { const f = m.expf; for (let i = 0; i < n; i++) outF[i] = f(inF[i]); return n; },
    expfNoFma(n) { const f = m.expfNoFma; for (let i = 0; i < n; i++) outF[i] = f(inF[i]); return n; },
    sinf(n) { const f = m.sinf; for (let i = 0; i < n; i++) outF[i] = f(inF[i]); return n; },
    cosf(n) { const f = m.cosf; for (let i = 0; i < n; i++) outF[i] = f(inF[i]); return n; },
    sincosf(n) {
      const f = m.sincosf;
      for (let i = 0; i < n; i++) {
        f(inF[i], pair);
        outF[2 * i] = pair[0];
        outF[2 * i + 1] = pair[1];
      }
      return 2 * n;
    },
  };
}

function canon(w) {
  return (w & 0x7fffffff) > 0x7f800000 ? 0x7fc00000 : w;
}

function hashWords(words) {
  let h = 0x811c9dc5;
  for (let i = 0; i < words; i++) h = Math.imul(h ^ canon(outU[i]), 16777619);
  return h >>> 0;
}

function fillInputs(start, n) {
  for (let i = 0; i < n; i++) inU[i] = start + i;
}

function* blocks(ranges) {
  for (const [lo, hi] of ranges) {
    for (let start = lo; start <= hi; start += BLOCK) yield [start, Math.min(BLOCK, hi - start + 1)];
  }
}

// ---------------------------------------------------------------------------------------------------

/** Starts the oracle's hash run for a case, writing to a file; resolves with its elapsed seconds. */
function startOracle(oracle, c, outFile) {
  const fd = openSync(outFile, 'w');
  const t0 = performance.now();
  const runs = c.ranges.map(([lo, hi]) => ['hash', c.fn, String(lo), String(hi), String(BLOCK_LOG2)]);
  return new Promise((resolve, reject) => {
    const next = (i) => {
      if (i === runs.length) {
        closeSync(fd);
        resolve((performance.now() - t0) / 1000);
        return;
      }
      const child = spawn(oracle, runs[i], { stdio: ['ignore', fd, 'inherit'], env: c.env ?? process.env });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? next(i + 1) : reject(new Error(`oracle exited ${code}`))));
    };
    next(0);
  });
}

function locate(oracle, c, evaluate, start, n, report) {
  fillInputs(start, n);
  const words = evaluate(n);
  const r = spawnSync(oracle, ['eval', c.fn], {
    input: Buffer.from(inU.buffer, 0, 4 * n),
    env: c.env ?? process.env,
    maxBuffer: 16 * BLOCK,
  });
  if (r.status !== 0) throw new Error('oracle eval failed');
  const expected = new Uint32Array(r.stdout.buffer, r.stdout.byteOffset, words);
  const per = words / n;
  let count = 0;
  for (let w = 0; w < words; w++) {
    if (canon(outU[w]) !== expected[w]) {
      count++;
      if (report.length < 20) {
        const input = start + Math.floor(w / per);
        report.push(
          `input 0x${input.toString(16).padStart(8, '0')} (${inF[Math.floor(w / per)]})` +
            `${per === 2 ? (w % 2 ? ' cos' : ' sin') : ''}: glibc 0x${expected[w].toString(16).padStart(8, '0')}, js 0x${canon(outU[w]).toString(16).padStart(8, '0')}`,
        );
      }
    }
  }
  return count;
}

async function prove(name, oracle, evaluators, serial, tmp) {
  const c = CASES[name];
  const evaluate = evaluators[c.js];
  const hashFile = join(tmp, `${name}.hashes`);
  const wall0 = performance.now();
  let oracleSeconds;
  const oracleDone = startOracle(oracle, c, hashFile).then((s) => (oracleSeconds = s));
  if (serial) await oracleDone;

  const t0 = performance.now();
  const jsHashes = [];
  let inputs = 0;
  for (const [start, n] of blocks(c.ranges)) {
    fillInputs(start, n);
    jsHashes.push(hashWords(evaluate(n)));
    inputs += n;
    // Let the oracle's exit event through now and then, so its time is measured when it ends.
    if (jsHashes.length % 16 === 0) await new Promise(setImmediate);
  }
  const jsSeconds = (performance.now() - t0) / 1000;
  await oracleDone;

  const buf = readFileSync(hashFile);
  const cHashes = new Uint32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  if (cHashes.length !== jsHashes.length) throw new Error(`${name}: ${cHashes.length} oracle blocks, ${jsHashes.length} js blocks`);
  let mismatches = 0;
  let badBlocks = 0;
  const report = [];
  let b = 0;
  for (const [start, n] of blocks(c.ranges)) {
    if (cHashes[b] !== jsHashes[b]) {
      badBlocks++;
      if (badBlocks <= 64) mismatches += locate(oracle, c, evaluate, start, n, report);
    }
    b++;
  }
  const wall = (performance.now() - wall0) / 1000;
  const outputs = c.fn === 'sincosf' ? ' (2 outputs each)' : '';
  console.log(
    `${name.padEnd(12)} ${c.note}: ${inputs.toLocaleString('en-US')} inputs${outputs}, ` +
      `${badBlocks === 0 ? 0 : mismatches.toLocaleString('en-US') + (badBlocks > 64 ? '+ (located in the first 64 of ' + badBlocks + ' differing blocks)' : '')} mismatches; ` +
      `oracle ${oracleSeconds.toFixed(1)} s, js ${jsSeconds.toFixed(1)} s, wall ${wall.toFixed(1)} s`,
  );
  for (const line of report) console.log('  ' + line);
  return badBlocks === 0;
}

async function main() {
  const args = process.argv.slice(2);
  const serial = args.includes('--serial');
  let names = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--target');
  if (names.length === 0) names = args.includes('--full') ? FULL : DEFAULT;
  for (const n of names) if (!CASES[n]) throw new Error(`unknown case ${n}; cases: ${Object.keys(CASES).join(', ')}`);
  try {
    setPriority(10);
  } catch {
    // Lowering priority is a courtesy to other jobs, not needed for the result.
  }
  console.log(`${glibcVersion()}, node ${process.version}, blocks of 2^${BLOCK_LOG2} inputs${serial ? ', serial' : ''}`);
  const m = await loadFloatMath();
  const oracle = buildOracle();
  const tmp = join(oracle, '..');
  const evaluators = makeEvaluators(m);
  const t0 = performance.now();
  let ok = true;
  for (const n of names) ok = (await prove(n, oracle, evaluators, serial, tmp)) && ok;
  console.log(`${ok ? 'all equal' : 'MISMATCHES FOUND'}; total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(ok ? 0 : 1);
}

await main();
