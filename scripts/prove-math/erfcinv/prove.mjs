#!/usr/bin/env node
// Proves src/distributions/inverse-cdf.ts (with src/math/erfcinv.ts) bit-exact against an oracle
// built with nvcc from the CUDA toolkit's host erfcinv and the C library's log/log1p/exp/expf
// (oracle.cu beside this file). Not part of the test suite: it needs nvcc and glibc on x86-64, and
// the exhaustive modes take minutes.
//
// Usage (after `npm run build:ts`):
//   node scripts/prove-math/erfcinv/prove.mjs [--dist DIR] [--libm x86-fma|x86-sse2|v8] MODE [ARG]
//   MODE float [FIRST END]  zf of every word (default all 2^32), V8's Math.log/log1p as shipped
//   MODE double [FIRST END] double z of every distinct input (default words 0 … 2^31; the upper
//                           half mirrors onto these), with the chosen libm
//   MODE random [COUNT]     COUNT (default 10^8) pseudo-random words per (mean, stddev) pair:
//                           zf, normal, logNormal, z, logNormalDouble
//   MODE boundaries         the same five values for ±4096 words around every branch point
// Exit status 1 if any value differs. Run under `nice`; the oracle and Node take one core each.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const dist = resolve(option('--dist', join(here, '../../../dist')));
const libmName = option('--libm', 'x86-fma');
const [mode, ...rest] = args;

const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { normalFloatInverseCdf, normalDoubleInverseCdf } = await load('distributions/inverse-cdf.js');

async function doubleLibm() {
  if (libmName === 'v8') return { log: Math.log, log1p: Math.log1p, exp: Math.exp };
  const { DOUBLE_LIBM } = await load('math/libm.js');
  const libm = DOUBLE_LIBM[libmName];
  if (!libm) throw new Error(`unknown --libm ${libmName}`);
  return libm;
}

function buildOracle() {
  const dir = mkdtempSync(join(tmpdir(), 'erfcinv-oracle-'));
  const exe = join(dir, 'oracle');
  // -O2 without -march: no FMA contraction on x86-64, as in libcurand's host code.
  execFileSync('nvcc', ['-O2', '-o', exe, join(here, 'oracle.cu')], { stdio: 'inherit' });
  return { dir, exe };
}

/** Runs the oracle and hands its stdout to onRecords in whole records, 8-byte aligned. */
async function runOracle(exe, oracleArgs, recordBytes, onRecords, stdinBytes) {
  const child = spawn(exe, oracleArgs, { stdio: [stdinBytes ? 'pipe' : 'ignore', 'pipe', 'inherit'] });
  if (stdinBytes) child.stdin.end(stdinBytes);
  const exited = new Promise((ok, fail) =>
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`oracle exited with ${code}`)))),
  );
  let carry = new Uint8Array(0);
  for await (const chunk of child.stdout) {
    // Copy into a fresh buffer: pipe chunks split records and need not be aligned.
    const all = new Uint8Array(carry.length + chunk.length);
    all.set(carry);
    all.set(chunk, carry.length);
    const whole = all.length - (all.length % recordBytes);
    carry = all.slice(whole);
    if (whole > 0) onRecords(all.buffer, whole / recordBytes);
  }
  await exited;
  if (carry.length) throw new Error('oracle output ended inside a record');
}

const mismatches = [];
function report(kind, word, mine, theirs) {
  if (mismatches.length < 20) mismatches.push(`${kind} word 0x${word.toString(16).padStart(8, '0')}: ts ${mine} oracle ${theirs}`);
  else if (mismatches.length === 20) mismatches.push('…');
}

async function exhaustive(exe, isFloat, first, end) {
  const f32 = new Float32Array(1);
  const u32of32 = new Uint32Array(f32.buffer);
  const f64 = new Float64Array(1);
  const u32of64 = new Uint32Array(f64.buffer);
  const libm = isFloat ? null : await doubleLibm();
  let x = first;
  let bad = 0;
  const progressEvery = 2 ** 28;
  await runOracle(exe, [isFloat ? 'float' : 'double', String(first), String(end)], isFloat ? 4 : 8, (buffer, n) => {
    if (isFloat) {
      const theirs = new Uint32Array(buffer, 0, n);
      for (let i = 0; i < n; i++, x++) {
        f32[0] = normalFloatInverseCdf(x);
        if (u32of32[0] !== theirs[i]) {
          bad++;
          report('zf', x, f32[0], new Float32Array(buffer, 0, n)[i]);
        }
      }
    } else {
      const theirs = new Uint32Array(buffer, 0, 2 * n);
      for (let i = 0; i < n; i++, x++) {
        f64[0] = normalDoubleInverseCdf(x, libm);
        if (u32of64[0] !== theirs[2 * i] || u32of64[1] !== theirs[2 * i + 1]) {
          bad++;
          report('z', x, f64[0], new Float64Array(buffer, 0, n)[i]);
        }
      }
    }
    if (Math.floor(x / progressEvery) !== Math.floor((x - n) / progressEvery)) {
      process.stderr.write(`  … 0x${x.toString(16)} (${bad} mismatches)\n`);
    }
  });
  if (x !== end) throw new Error(`oracle wrote ${x - first} values, expected ${end - first}`);
  return { values: end - first, bad };
}

const PAIRS = [
  [0, 1],
  [0.25, 1.5],
  [1, 2],
  [-3, 0.5],
];

async function records(exe, oracleArgsFor, stdinBytes) {
  const libm = await doubleLibm();
  const { expf } = await load('math/expf.js');
  const { fillLogNormalDoubleInverseCdf } = await load('distributions/inverse-cdf.js');
  const one = new Float64Array(1);
  const oneWord = new Uint32Array(1);
  const f32 = new Float32Array(1);
  const u32of32 = new Uint32Array(f32.buffer);
  const f64 = new Float64Array(1);
  const u32of64 = new Uint32Array(f64.buffer);
  let values = 0;
  let bad = 0;
  for (const [m, s] of PAIRS) {
    const mf = Math.fround(m);
    const sf = Math.fround(s);
    await runOracle(exe, oracleArgsFor(m, s), 32, (buffer, n) => {
      const u = new Uint32Array(buffer, 0, 8 * n);
      const f = new Float32Array(buffer, 0, 8 * n);
      const d = new Float64Array(buffer, 0, 4 * n);
      for (let i = 0; i < n; i++) {
        const x = u[8 * i];
        const zf = normalFloatInverseCdf(x);
        const normal = Math.fround(mf + Math.fround(sf * zf));
        const checks32 = [
          ['zf', zf, 1],
          ['normal', normal, 2],
          ['logNormal', expf(normal), 3],
        ];
        for (const [kind, mine, at] of checks32) {
          f32[0] = mine;
          if (u32of32[0] !== u[8 * i + at]) {
            bad++;
            report(`${kind}(${m},${s})`, x, mine, f[8 * i + at]);
          }
        }
        oneWord[0] = x;
        fillLogNormalDoubleInverseCdf(one, oneWord, 1, m, s, libm);
        const checks64 = [
          ['z', normalDoubleInverseCdf(x, libm), 2],
          ['logNormalDouble', one[0], 3],
        ];
        for (const [kind, mine, at] of checks64) {
          f64[0] = mine;
          if (u32of64[0] !== u[8 * i + 2 * at] || u32of64[1] !== u[8 * i + 2 * at + 1]) {
            bad++;
            report(`${kind}(${m},${s})`, x, mine, d[4 * i + at]);
          }
        }
        values += 5;
      }
    }, stdinBytes);
  }
  return { values, bad };
}

/** Words within ±4096 of every branch point of erfcinv/erfinv and of the mirroring, both halves. */
function boundaryWords() {
  const centres = [
    0, // smallest p: deepest tail
    2 ** 27, // 2p = 0.0625: log(a) tail vs erfinv(1 − a)
    2 ** 29, // 2p = 0.25: |1 − 2p| = 0.75, Table 39 vs Table 18
    2 ** 31, // the median: mirroring, 2p = 1
  ];
  const words = new Set();
  for (const c of centres) {
    for (let d = -4096; d <= 4096; d++) {
      for (const w of [c + d, 0xffffffff - (c + d)]) if (w >= 0 && w <= 0xffffffff) words.add(w);
    }
  }
  return Uint32Array.from([...words].sort((a, b) => a - b));
}

const started = process.hrtime.bigint();
const { dir: oracleDir, exe } = buildOracle();
let result;
if (mode === 'float' || mode === 'double') {
  const first = rest[0] === undefined ? 0 : Number(rest[0]);
  const end = rest[1] === undefined ? (mode === 'float' ? 2 ** 32 : 2 ** 31 + 1) : Number(rest[1]);
  result = await exhaustive(exe, mode === 'float', first, end);
} else if (mode === 'random') {
  const count = rest[0] === undefined ? 1e8 : Number(rest[0]);
  result = await records(exe, (m, s) => ['random', String(count), String(0x9e3779b97f4a7c15n + BigInt(Math.round(m * 1000))), String(m), String(s)]);
} else if (mode === 'boundaries') {
  const words = boundaryWords();
  const bytes = new Uint8Array(words.buffer);
  result = await records(exe, (m, s) => ['words', String(m), String(s)], bytes);
} else {
  console.error('mode must be float, double, random or boundaries');
  process.exit(2);
}
rmSync(oracleDir, { recursive: true, force: true });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
for (const line of mismatches) console.log(line);
console.log(
  `${mode} (libm ${mode === 'float' ? 'v8 for zf' : libmName}): ${result.values} values compared, ${result.bad} mismatches, ${seconds.toFixed(1)} s`,
);
process.exitCode = result.bad === 0 ? 0 : 1;
