/**
 * NumPy as an oracle for the draws (src/draws/): NumPy's Generator over its MT19937 bit generator
 * reads the same kind of 32-bit words as node-curand's draws, so feeding our algorithms the words
 * `MT19937(seed).random_raw()` gives and comparing with what `Generator(MT19937(seed))` draws tests
 * them against an implementation we did not write.
 *
 * Tests that need NumPy carry "[numpy]" in their title. With NODE_CURAND_REQUIRE_NUMPY=1 (CI) a
 * missing NumPy fails the file outright; otherwise the skip is announced on stderr, never silent.
 */
import { spawnSync } from 'node:child_process';

import type { BitSource } from '../../src/draws/bit-source.js';

const PYTHON = process.env.NODE_CURAND_PYTHON ?? 'python3';

function probe(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** NumPy's version, or null where python3 cannot import it. */
export const numpyVersion = probe();
export const hasNumpy = numpyVersion !== null;

if (!hasNumpy) {
  const message = `[numpy] tests are SKIPPED: ${PYTHON} cannot import numpy (pip install numpy, or set NODE_CURAND_PYTHON)`;
  if (process.env.NODE_CURAND_REQUIRE_NUMPY === '1') throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
}

/**
 * Runs a Python script with `np` imported and `data` (JSON) bound to `inp`; the script assigns its
 * answer to `out`, which comes back through JSON (NumPy arrays as lists, floats with repr's exact
 * round trip; non-finite floats as null).
 */
export function runNumpy<T>(script: string, inp: unknown = null): T {
  const program = [
    'import json, sys, math',
    'import numpy as np',
    'inp = json.loads(sys.stdin.read())',
    'out = None',
    script,
    'def _plain(v):',
    '    if isinstance(v, np.ndarray): return [_plain(x) for x in v.tolist()]',
    '    if isinstance(v, (list, tuple)): return [_plain(x) for x in v]',
    '    if isinstance(v, dict): return {k: _plain(x) for k, x in v.items()}',
    '    if isinstance(v, np.generic): v = v.item()',
    '    if isinstance(v, float) and not math.isfinite(v): return None',
    '    if isinstance(v, int) and abs(v) > 2**53: return str(v)',
    '    return v',
    'sys.stdout.write(json.dumps(_plain(out)))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', program], { input: JSON.stringify(inp), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** The first `n` 32-bit words of NumPy's MT19937(seed): what its Generator's draws read. */
export function mt19937Words(seed: number, n: number): Uint32Array {
  return Uint32Array.from(runNumpy<number[]>('out = np.random.MT19937(inp[0]).random_raw(inp[1])', [seed, n]));
}

/** A BitSource that replays given words, and says how many were read (or throws when they run out). */
export class ReplaySource implements BitSource {
  used = 0;
  constructor(readonly words: Uint32Array) {}
  nextUint32(): number {
    if (this.used >= this.words.length) throw new Error(`ReplaySource: all ${this.words.length} words used`);
    return this.words[this.used++]!;
  }
}
