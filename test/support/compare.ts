import { expect } from 'vitest';

type Numeric = Uint32Array | Float32Array | Float64Array;

/**
 * Bitwise equality of two typed arrays with a readable report of the first differences
 * (vitest's deep equality is slow on millions of elements and prints them all).
 */
export function expectSameBits(actual: Numeric, expected: Numeric, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, (actual.byteLength >>> 2));
  const b = new Uint32Array(expected.buffer, expected.byteOffset, (expected.byteLength >>> 2));
  let first = -1;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (count > 0) {
    const per = a.length / actual.length;
    const e = Math.floor(first / per);
    const show = (x: Numeric) => Array.from(x.subarray(e, e + 4)).join(' ');
    expect.fail(
      `${label}: ${count} differing words of ${a.length}; first at element ${e}: got ${show(actual)} expected ${show(expected)}`,
    );
  }
}
