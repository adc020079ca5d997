/** Which of node-curand/numpy's fills (numpy-fills.ts) a thread runs on. */
import { loadNative } from '../native/binding.js';
import { nativeNumpyFills } from './native-numpy.js';
import type { NumpyFills } from './numpy-fills.js';
import { wasmNumpyFills } from './wasm-numpy.js';

/** Which fills node-curand/numpy runs on: the default choice, one of the two, or none (its TypeScript loops). */
export type NumpyFillsChoice = 'auto' | 'native' | 'wasm' | 'none';

let chosen: NumpyFills | null | undefined;

/** This thread's fills: the addon's where it loads, else WebAssembly's, else null (unless useNumpyFills chose). */
export function numpyFills(): NumpyFills | null {
  if (chosen === undefined) {
    const { binding } = loadNative();
    chosen = binding !== null ? nativeNumpyFills(binding.numpyFills) : wasmNumpyFills();
  }
  return chosen;
}

/**
 * Makes node-curand/numpy run on `choice` from now on, on this thread (the tests compare the three,
 * and the benchmark can measure each); returns the fills' name, or null for none. A RangeError where
 * the choice cannot be had (no addon, no WebAssembly module).
 */
export function useNumpyFills(choice: NumpyFillsChoice): NumpyFills['name'] | null {
  if (choice === 'auto') {
    chosen = undefined;
    return numpyFills()?.name ?? null;
  }
  if (choice === 'none') {
    chosen = null;
    return null;
  }
  const { binding, error } = loadNative();
  if (choice === 'native' && binding === null) throw new RangeError(`useNumpyFills: the addon's fills need the addon: ${error}`);
  const fills = choice === 'native' ? nativeNumpyFills(binding!.numpyFills) : wasmNumpyFills();
  if (fills === null) throw new RangeError('useNumpyFills: the WebAssembly module dist/wasm/numpy.wasm cannot be loaded (run npm run build:ts)');
  chosen = fills;
  return fills.name;
}
