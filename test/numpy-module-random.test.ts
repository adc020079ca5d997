import { describe, expect, it } from 'vitest';

import * as np from '../src/numpy/index.js';
import { hasNumpy } from './support/numpy.js';
import { runPython } from './support/cpython.js';

/**
 * The module-level functions (`np.random.seed`, `np.random.rand`, …) against NumPy's own: one
 * hidden RandomState behind every name, `ranf` and `sample` as random_sample, reseeding and states
 * through the module, and names that still work detached from `np.random`.
 */

describe.runIf(hasNumpy)('[numpy] np.random.* module-level functions equal NumPy', () => {
  it('a seeded script of module-level calls', () => {
    const plain = (v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v);
    np.random.seed(1234);
    const { normal } = np.random; // detached: still the module's stream
    const got = [np.random.rand(2, 2), np.random.randn(3), np.random.randint(0, 10, 4), normal([0, 10], 1), np.random.ranf(), np.random.sample(2), np.random.choice(5, 3, false), np.random.uniform(-1, 1, 2), np.random.poisson(3, 3)].map(plain);
    const state = np.random.getState();
    np.random.seed([1, 2, 3]);
    got.push(plain(np.random.random(2)));
    np.random.setState(state);
    got.push(plain(np.random.standardNormal(2)));
    const want = runPython<unknown[]>(`import numpy as np
def plain(v): return v.ravel().tolist() if isinstance(v, np.ndarray) else (v.item() if isinstance(v, np.generic) else v)
np.random.seed(1234)
out = [plain(v) for v in [np.random.rand(2, 2), np.random.randn(3), np.random.randint(0, 10, 4), np.random.normal([0, 10], 1), np.random.ranf(), np.random.sample(2), np.random.choice(5, 3, False), np.random.uniform(-1, 1, 2), np.random.poisson(3, 3)]]
state = np.random.get_state()
np.random.seed([1, 2, 3])
out.append(plain(np.random.random(2)))
np.random.set_state(state)
out.append(plain(np.random.standard_normal(2)))`);
    expect(got).toEqual(want);
  });
});

describe('np.random', () => {
  it('has every RandomState method, and ranf and sample', () => {
    const methods = Object.getOwnPropertyNames(np.RandomState.prototype).filter((n) => n !== 'constructor');
    expect(methods.length).toBeGreaterThan(40);
    for (const name of [...methods, 'ranf', 'sample']) expect(typeof (np.random as unknown as Record<string, unknown>)[name]).toBe('function');
    expect(Object.isFrozen(np.random)).toBe(true);
  });

  it('is one RandomState: seed() restarts it, and states move through getState/setState', () => {
    np.random.seed(7);
    const a = np.random.randomSample(3) as Float64Array;
    const r = new np.RandomState(7);
    expect(Array.from(a)).toEqual(Array.from(r.randomSample(3) as Float64Array));
    np.random.setState(r.getState());
    expect(np.random.random()).toBe(r.random());
  });

  it('seed() without an argument takes fresh entropy (two reseeds differ)', () => {
    np.random.seed();
    const a = np.random.random();
    np.random.seed();
    expect(np.random.random()).not.toBe(a);
  });

  it('bad input throws as RandomState does and leaves the stream as it was', () => {
    np.random.seed(3);
    const before = JSON.stringify(np.random.getState());
    expect(() => np.random.normal(0, -1)).toThrow(RangeError);
    expect(() => np.random.seed(-1)).toThrow(RangeError);
    expect(JSON.stringify(np.random.getState())).toBe(before);
  });
});
