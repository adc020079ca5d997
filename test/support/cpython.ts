/**
 * CPython as the oracle of node-curand/python: runs a script under the machine's python3, its input
 * as JSON bound to `inp`, its answer what it assigns to `out` (floats through repr, which round-trips
 * exactly; ints beyond 2^53 as strings; non-finite floats as 'inf', '-inf', 'nan').
 *
 * Tests that need it carry "[python]" in their title. With NODE_CURAND_REQUIRE_PYTHON=1 (CI) a
 * missing or too old python3 fails the file; otherwise the skip is announced on stderr.
 */
import { spawnSync } from 'node:child_process';

const PYTHON = process.env.NODE_CURAND_PYTHON ?? 'python3';

function probe(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]) if sys.version_info >= (3, 11) else sys.exit(1)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The major.minor of python3 where it is 3.11 or later, else null. */
export const pythonVersion = probe();
export const hasPython = pythonVersion !== null;

if (!hasPython) {
  const message = `[python] tests are SKIPPED: ${PYTHON} is missing or older than 3.11 (set NODE_CURAND_PYTHON)`;
  if (process.env.NODE_CURAND_REQUIRE_PYTHON === '1') throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
}

/** The protocol's answer: the JSON text of `out`, as a Python expression. */
export const OUT_JSON = 'json.dumps(_plain(out))';

/**
 * The protocol's Python program up to its answer: `inp` from the JSON text `inputExpr` evaluates to,
 * then the script (pyodide.ts runs the same program).
 */
export function pythonProgram(script: string, inputExpr: string): string {
  return [
    'import json, sys, math',
    `inp = json.loads(${inputExpr})`,
    'out = None',
    script,
    'def _plain(v):',
    '    if isinstance(v, (list, tuple)): return [_plain(x) for x in v]',
    '    if isinstance(v, (bytes, bytearray)): return list(v)',
    '    if isinstance(v, float) and not math.isfinite(v): return repr(v)',
    '    if isinstance(v, bool): return v',
    '    if isinstance(v, int) and abs(v) > 2**53: return str(v)',
    '    return v',
  ].join('\n');
}

export function runPython<T>(script: string, inp: unknown = null): T {
  const program = `${pythonProgram(script, 'sys.stdin.read()')}\nsys.stdout.write(${OUT_JSON})`;
  const r = spawnSync(PYTHON, ['-c', program], { input: JSON.stringify(inp), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
