import { expect } from 'vitest';

import { discover } from '../../src/backends/discovery.js';
import type { Generator } from '../../src/index.js';
import type { NativeBinding } from '../../src/native/binding-types.js';
import { OUTPUT_TYPE, type Distribution, type OutputArray } from '../../src/types.js';
import { expectSameBits } from './compare.js';
import type { BackendSubject } from './scenarios.js';

/**
 * The addon (null without it) and every 'simd' kernel this CPU runs, as backend subjects, for the
 * kernel tests of `what`; says loudly when they are skipped.
 */
export function simdKernels(what: string): { binding: NativeBinding | null; subjects: BackendSubject[] } {
  const found = discover();
  if (found.binding === null) console.warn(`\n!!! [simd] ${what} kernel tests are SKIPPED: ${found.addon.error}\n`);
  return { binding: found.binding, subjects: (found.binding?.cpuKernels.available ?? []).map((kernel): BackendSubject => ({ backend: 'simd', kernel })) };
}

/** g's `dist` into `out` with (a, b), by the sync method or awaiting the async one. */
export async function fillInto(g: Generator, dist: Distribution, out: OutputArray, async: boolean, a = 0.25, b = 1.5): Promise<void> {
  const method = g[(async ? `${dist}Async` : dist) as 'normalAsync'] as (out: OutputArray, a: number, b: number) => unknown;
  await method.call(g, out, a, b);
}

/**
 * A short uint32 call on both generators (the long call then starts inside the generator's round, row
 * or chunk, its threads or streams at uneven positions), then `dist` of n elements (mean 0.25, stddev
 * 1.5) into a view `skip` elements into its buffer on `mine`, sync or async, and into a fresh array on
 * `ref`: same bits and same state.
 */
export async function expectSameLongCall(mine: Generator, ref: Generator, lead: number, dist: Distribution, n: number, skip: number, async: boolean): Promise<void> {
  expectSameBits(mine.uint32(lead), ref.uint32(lead), `uint32(${lead})`);
  const view = new OUTPUT_TYPE[dist](n + skip).subarray(skip);
  await fillInto(mine, dist, view, async);
  const expected = new OUTPUT_TYPE[dist](n);
  await fillInto(ref, dist, expected, false);
  expectSameBits(view, expected, `${dist}(${n}) after ${lead} at +${skip}`);
  expect(mine.getState()).toEqual(ref.getState());
}
