#!/usr/bin/env node
/**
 * Proof that src/math/{log,exp,log1p,sincos}.ts reproduce this machine's glibc bit for bit, in both
 * x86-64 ifunc variants: the FMA bodies (the default on CPUs with FMA and AVX2) and the SSE2 bodies
 * (GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F).
 *
 * For each function and variant: the edge and boundary cases of inputs.mjs, then n random inputs of
 * every cuRAND shape (inputs.mjs SHAPES). The C oracle (oracle.c, compiled here with gcc) and the
 * TypeScript port evaluate the same inputs; results are compared as bit patterns (NaN = NaN).
 * As a check that the oracle really runs the intended variant, the first block is also evaluated with
 * the other variant's port, which must disagree somewhere.
 *
 * Usage: node scripts/prove-math/double/run.mjs [--n 1e8] [--fn log,exp,log1p,sincos] [--variant fma,sse2]
 *        [--seed 1] [--no-edges] [--target aarch64]
 * Needs Linux with glibc 2.36 on x86-64 with FMA + AVX2, gcc, and the devDependency typescript.
 * With --target aarch64 the oracle is Debian's arm64 glibc under qemu (../target.mjs), checked against
 * the 'aarch64' port (the "other variant" check then compares with the FMA port, which agrees with it
 * nearly everywhere: its warning is expected).
 * Prints inputs checked, mismatches and wall time; exits 1 on any mismatch.
 */

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildOracle, FUNCTIONS, glibcVersion, loadPorts, mismatches, startOracle } from './oracle.mjs';
import { TARGET } from '../target.mjs';
import { edgeCases, Rng, SHAPES } from './inputs.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const N = Number(option('n', '1e8'));
const fns = option('fn', FUNCTIONS.join(',')).split(',');
// Against this machine's glibc: both x86-64 bodies; against aarch64's (--target aarch64): its port.
const variants = option('variant', TARGET === 'aarch64' ? 'aarch64' : 'fma,sse2').split(',');
const seed = Number(option('seed', '1'));
const withEdges = !process.argv.includes('--no-edges');
const CHUNK = 1 << 20;

const hex = (x) => {
  const b = new BigUint64Array(Float64Array.of(x).buffer)[0];
  return '0x' + b.toString(16).padStart(16, '0');
};
const hashName = (s) => [...s].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0, 0x811c9dc5);

/** Compares port and oracle on `inputs`; returns the number of mismatching inputs and logs a few. */
async function compare(fn, oracle, port, inputs, examples) {
  const width = fn === 'sincos' ? 2 : 1;
  const pending = oracle.evaluate(inputs);
  const mine = new Float64Array(inputs.length * width);
  port(inputs, mine);
  const theirs = await pending;
  const bad = mismatches(mine, theirs);
  const inputsBad = new Set(bad.map((i) => Math.floor(i / width)));
  for (const i of inputsBad) {
    if (examples.length < 8) {
      const j = i * width;
      examples.push(`x=${hex(inputs[i])} (${inputs[i]}): glibc ${[...theirs.subarray(j, j + width)].map(hex).join(' ')} port ${[...mine.subarray(j, j + width)].map(hex).join(' ')}`);
    }
  }
  return { bad: inputsBad.size, theirs };
}

async function main() {
  console.log(`${glibcVersion()}; node ${process.version}; n = ${N} random inputs per shape; seed ${seed}`);
  const { exe, dir, cleanup } = buildOracle();
  const ports = await loadPorts(join(dir, 'ports'));
  const rows = [];
  let failed = false;
  try {
    for (const fn of fns) {
      for (const variant of variants) {
        const t0 = performance.now();
        const oracle = startOracle(exe, fn, variant);
        const port = ports[fn][variant];
        const other = ports[fn][variant === 'fma' ? 'sse2' : 'fma'];
        const examples = [];
        let checked = 0;
        let bad = 0;
        if (withEdges) {
          const edges = edgeCases(fn);
          const r = await compare(fn, oracle, port, edges, examples);
          checked += edges.length;
          bad += r.bad;
          rows.push({ fn, variant, what: 'edge and boundary cases', checked: edges.length, bad: r.bad, seconds: (performance.now() - t0) / 1000 });
        }
        for (const [shape, draw] of Object.entries(SHAPES[fn])) {
          const ts = performance.now();
          const rng = new Rng(seed ^ hashName(shape));
          let done = 0;
          let shapeBad = 0;
          let first = true;
          const inputs = new Float64Array(CHUNK);
          while (done < N) {
            const m = Math.min(CHUNK, N - done);
            const block = inputs.subarray(0, m);
            for (let i = 0; i < m; i++) block[i] = draw(rng);
            const r = await compare(fn, oracle, port, block, examples);
            if (first) {
              // The oracle must be running the intended variant: the other port disagrees somewhere.
              const width = fn === 'sincos' ? 2 : 1;
              const alt = new Float64Array(m * width);
              other(block, alt);
              const differ = new Set(mismatches(alt, r.theirs).map((i) => Math.floor(i / width))).size;
              console.log(`  ${fn} ${variant} [${shape}]: first ${m} inputs, the ${variant === 'fma' ? 'sse2' : 'fma'} port differs from glibc on ${differ}`);
              if (differ === 0) console.log('  WARNING: the variants agree on the first block; is the oracle running the intended variant?');
              first = false;
            }
            shapeBad += r.bad;
            done += m;
          }
          checked += done;
          bad += shapeBad;
          rows.push({ fn, variant, what: shape, checked: done, bad: shapeBad, seconds: (performance.now() - ts) / 1000 });
        }
        oracle.close();
        const seconds = (performance.now() - t0) / 1000;
        console.log(`${fn} ${variant}: ${checked} inputs, ${bad} mismatches, ${seconds.toFixed(1)} s`);
        for (const e of examples) console.log('    ' + e);
        if (bad > 0) failed = true;
      }
    }
  } finally {
    cleanup();
  }
  console.log('\nfunction | variant | inputs | checked | mismatches | wall s');
  for (const r of rows) console.log(`${r.fn} | ${r.variant} | ${r.what} | ${r.checked} | ${r.bad} | ${r.seconds.toFixed(1)}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
