#!/usr/bin/env node
/**
 * Writes test/fixtures/math-float/: glibc's outputs for the fixture inputs of fixture-inputs.mjs
 * (little-endian uint32 float patterns, NaN as 0x7fc00000; sincosf: sin, cos per input) and a manifest
 * with each set's input count and input hash. Run once on a Debian 12 / glibc 2.36 x86-64 machine with
 * FMA/AVX2 (glibc's default FMA variants): node scripts/prove-math/float/gen-fixtures.mjs
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOracle, glibcVersion } from './build.mjs';
import { FIXTURE_SETS, hashWords } from './fixture-inputs.mjs';

const DIR = fileURLToPath(new URL('../../../test/fixtures/math-float/', import.meta.url));

const cpuFlags = () => /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';

const oracle = buildOracle();
mkdirSync(DIR, { recursive: true });
const manifest = {
  generatedBy: 'scripts/prove-math/float/gen-fixtures.mjs (oracle.c against the machine libm)',
  glibc: glibcVersion(),
  // glibc's x86-64 ifuncs pick the FMA variants when the CPU has both flags.
  cpuFmaAvx2: /\bfma\b/.test(cpuFlags()) && /\bavx2\b/.test(cpuFlags()),
  format: 'little-endian uint32 float32 patterns of glibc outputs, NaN written as 0x7fc00000',
  sets: {},
};
for (const [name, set] of Object.entries(FIXTURE_SETS)) {
  const inputs = set.inputs();
  const r = spawnSync(oracle, ['eval', name], { input: Buffer.from(inputs.buffer), maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`oracle eval ${name} failed`);
  if (r.stdout.length !== 4 * inputs.length * set.outputsPerInput) throw new Error(`${name}: short oracle output`);
  writeFileSync(`${DIR}${name}.bin`, r.stdout);
  manifest.sets[name] = { count: inputs.length, outputsPerInput: set.outputsPerInput, inputsHash: hashWords(inputs) };
  console.log(`${name}: ${inputs.length} inputs, ${r.stdout.length} bytes`);
}
writeFileSync(`${DIR}manifest.json`, JSON.stringify(manifest, null, 2) + '\n');
