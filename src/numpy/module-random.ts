/**
 * NumPy's module-level functions: `np.random.seed(0)`, `np.random.rand(3)`, `np.random.normal(…)`
 * and the rest (numpy/random/mtrand.pyx binds the module's names to the methods of one hidden
 * `RandomState`, `_rand`; `ranf` and `sample` are more names of `random_sample`). Here `random` is
 * that: every RandomState method bound to one RandomState, seeded from fresh entropy until `seed()`
 * is called, as NumPy's is at import. So `import * as np from 'node-curand/numpy'` gives
 * `np.random.seed(0); np.random.normal(0, 1, 5)`, the Python program's values. One per module
 * instance: each worker thread has its own, as each Python process has.
 */

import { RandomState } from './random-state.js';

/** The module-level functions: RandomState's methods, and `ranf` and `sample`, NumPy's other names of `randomSample`. */
export type ModuleRandom = Readonly<
  {
    [K in keyof RandomState]: RandomState[K];
  } & {
    ranf: RandomState['randomSample'];
    sample: RandomState['randomSample'];
  }
>;

function boundTo(target: RandomState): ModuleRandom {
  const out: Record<string, unknown> = {};
  const proto = RandomState.prototype as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(RandomState.prototype)) {
    const method = proto[name];
    // Bound, so that a destructured `const { normal } = np.random` still draws from the one stream.
    if (name !== 'constructor' && typeof method === 'function') out[name] = method.bind(target);
  }
  out.ranf = out.randomSample;
  out.sample = out.randomSample;
  return Object.freeze(out) as ModuleRandom;
}

/** np.random: the module-level functions over one RandomState. */
export const random: ModuleRandom = boundTo(new RandomState());
