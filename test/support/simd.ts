import { discover } from '../../src/backends/discovery.js';
import type { Generator } from '../../src/index.js';
import type { NativeBinding } from '../../src/native/binding-types.js';
import type { Distribution, OutputArray } from '../../src/types.js';
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
