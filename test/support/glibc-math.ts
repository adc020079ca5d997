/**
 * This machine's glibc as the oracle of src/math/: Python scripts that call it (math.* or ctypes)
 * read raw float64s on stdin and write raw float64s, run with or without GLIBC_TUNABLES (glibc's
 * default variant for this CPU, or its non-FMA bodies); and the bit comparisons of their answers.
 * Tests that need it carry "[glibc]" in their title and are skipped, loudly, where python3 is missing,
 * the CPU is not x86-64 or glibc is not a version whose math node-curand reproduces.
 */
import { spawnSync } from 'node:child_process';

import { glibcReproduced, machineProbe } from '../../src/repro/determinism/machine.js';

const PYTHON = process.env.NODE_CURAND_PYTHON ?? 'python3';
/** GLIBC_TUNABLES that make glibc run its non-FMA bodies on an FMA CPU. */
export const NO_FMA_TUNABLES = 'glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F';
export const probe = machineProbe();

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
export const bitsOf = (x: number): bigint => ((f64[0] = x), u64[0]!);
export const doubleOf = (bits: bigint): number => ((u64[0] = bits), f64[0]!);
export const hex = (x: number) => '0x' + bitsOf(x).toString(16).padStart(16, '0');
/** Same bits, or both NaN (JavaScript does not keep NaN payloads or signs). */
export const same = (a: number, b: number) => bitsOf(a) === bitsOf(b) || (Number.isNaN(a) && Number.isNaN(b));

/** Why the live comparison of `what` cannot run here (announced on stderr), or null. */
export function glibcLiveWhy(what: string, pythonImports = 'math'): string | null {
  const hasPython = spawnSync(PYTHON, ['-c', `import ${pythonImports}`], { encoding: 'utf8' }).status === 0;
  const why = !hasPython
    ? `${PYTHON} is not available`
    : probe.arch !== 'x64'
      ? `glibc's ${what} variants are x86-64's; this is ${probe.arch}`
      : !glibcReproduced(probe.glibc)
        ? `glibc ${probe.glibc ?? 'unknown'} is not a version whose math node-curand reproduces`
        : null;
  if (why !== null) console.warn(`\n!!! [glibc] ${what} tests are SKIPPED: ${why}\n`);
  return why;
}

/** The float64s `script` writes for `input`, with the given GLIBC_TUNABLES (undefined: none). */
export function runGlibcOracle(script: string, input: Float64Array, tunables: string | undefined): Float64Array {
  const env = { ...process.env };
  if (tunables === undefined) delete env.GLIBC_TUNABLES;
  else env.GLIBC_TUNABLES = tunables;
  const r = spawnSync(PYTHON, ['-c', script], { input: Buffer.from(input.buffer, input.byteOffset, input.byteLength), env, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`glibc oracle failed: ${r.stderr}`);
  const out = r.stdout;
  return new Float64Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.length));
}
