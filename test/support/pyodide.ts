/**
 * CPython 3.12+ as an oracle, where CI's python3 is 3.11: Pyodide (the npm devDependency `pyodide`),
 * CPython 3.14 compiled to WebAssembly and shipped inside the package, loaded offline. Scripts follow
 * cpython.ts's protocol (`inp` in, `out` back as JSON).
 *
 * Its C library is emscripten's musl: log, log2, exp and pow are ARM's optimized-routines code, as in
 * glibc 2.36, compiled without FMA (WebAssembly has none), so they equal glibc's non-FMA bodies
 * (hostMath 'x86-sse2', checked by the tests that rely on it); sin, cos and acos are musl's own
 * (FreeBSD's), so methods calling them cannot be compared here.
 *
 * Tests that need it carry "[python] [pyodide]" in their title ("[python]": CI counts a skipped one
 * as a failure). With NODE_CURAND_REQUIRE_PYTHON=1 (CI) a Pyodide that does not load fails the file;
 * otherwise the skip is announced on stderr.
 */
import type { PyodideInterface } from 'pyodide';

import { OUT_JSON, pythonProgram } from './cpython.js';

async function load(): Promise<{ py: PyodideInterface; version: string } | string> {
  try {
    const { loadPyodide } = await import('pyodide');
    const py = await loadPyodide();
    return { py, version: String(py.runPython('import sys; "%d.%d" % sys.version_info[:2]')) };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const loaded = await load();
/** The loaded interpreter, or null. */
export const pyodide = typeof loaded === 'string' ? null : loaded.py;
/** Pyodide's CPython major.minor, or null. */
export const pyodideVersion = typeof loaded === 'string' ? null : loaded.version;

if (typeof loaded === 'string') {
  const message = `[pyodide] tests are SKIPPED: Pyodide (npm devDependency 'pyodide') did not load: ${loaded}`;
  if (process.env.NODE_CURAND_REQUIRE_PYTHON === '1') throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
}

export function runPyodide<T>(script: string, inp: unknown = null): T {
  if (pyodide === null) throw new Error('Pyodide is not loaded');
  pyodide.globals.set('_inp_json', JSON.stringify(inp));
  const text = pyodide.runPython(`${pythonProgram(script, '_inp_json')}\n${OUT_JSON}`) as string;
  return JSON.parse(text) as T;
}
