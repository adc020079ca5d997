import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { discover } from '../src/backends/discovery.js';
import { Generator } from '../src/index.js';
import { DISTRIBUTIONS, OUTPUT_TYPE, type Distribution, type OutputArray } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';
import { offsetArb, runDifferential, scenarioArb, seedArb, type BackendSubject } from './support/scenarios.js';

/**
 * The CPU kernels ('wasm', and every 'simd' kernel this CPU runs) against the 'ts' reference and
 * against cuRAND: random scenarios, calls spanning several rounds of the layout, unaligned caller
 * buffers, and multi-threaded async fills.
 */

const found = discover();
const SUBJECTS: BackendSubject[] = [
  { backend: 'wasm' },
  ...(found.binding?.cpuKernels.available ?? []).map((kernel): BackendSubject => ({ backend: 'simd', kernel })),
];
if (found.binding === null) console.warn(`\n!!! [simd] kernel tests are SKIPPED: ${found.addon.error}\n`);

const name = (s: BackendSubject) => (s.kernel === undefined ? String(s.backend) : `${s.backend}/${s.kernel}`);
const FUSED: Distribution[] = ['uint32', 'uniform', 'uniformDouble', 'normal', 'logNormal'];
/** Elements in one round of Philox's layout (4 × 65536). */
const ROUND = 262144;

function generate(g: Generator, dist: Distribution, out: OutputArray, a = 0.25, b = 1.5): OutputArray {
  return (g[dist] as (o: OutputArray, a: number, b: number) => OutputArray).call(g, out, a, b);
}

function generateAsync(g: Generator, dist: Distribution, out: OutputArray, a = 0.25, b = 1.5): Promise<OutputArray> {
  const method = g[`${dist}Async` as keyof Generator] as (o: OutputArray, a: number, b: number) => Promise<OutputArray>;
  return method.call(g, out, a, b);
}

it('the WebAssembly kernel is built and available', () => {
  expect(found.backends.wasm).toEqual({ available: true, reason: null });
});

it("the kernels' math constants are generated from the TypeScript ports' tables", () => {
  // Throws (with the script's message) when wasm/math-tables.ts or native/kernels/math_tables.h is stale.
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-kernel-tables.ts', '--check'], { stdio: 'pipe' });
});

describe.each(SUBJECTS.map((s) => [name(s), s] as const))('%s kernel', (_label, subject) => {
  it('equals ts on random call mixes, offsets, orderings and reseeds', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ distributions: DISTRIBUTIONS, orderings: ['default', 'legacy'], offsets: true, large: 5000, maxSteps: 6 }),
        (scenario) => runDifferential('philox4x32-10', scenario, subject, 'ts'),
      ),
      { numRuns: 40 },
    );
  });

  it('equals ts for calls spanning several rounds, after mixed widths left uneven counters', () => {
    fc.assert(
      fc.property(
        seedArb,
        offsetArb,
        fc.constantFrom(...FUSED),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 2 * ROUND - 7, max: 2 * ROUND + 4099 }),
        (seed, offset, dist, mixed, n) => {
          using mine = new Generator({ ...subject, seed, offset });
          using ref = new Generator({ backend: 'ts', seed, offset });
          // A few short calls of both widths: the per-subsequence counters now differ in places.
          for (let i = 0; i < mixed; i++) {
            const d = i % 2 === 0 ? 'uniformDouble' : 'uint32';
            expectSameBits(generate(mine, d, new OUTPUT_TYPE[d](i + 1)), generate(ref, d, new OUTPUT_TYPE[d](i + 1)), `${d} ${i}`);
          }
          expectSameBits(generate(mine, dist, new OUTPUT_TYPE[dist](n)), generate(ref, dist, new OUTPUT_TYPE[dist](n)), `${dist}(${n})`);
          expect(mine.getState()).toEqual(ref.getState());
        },
      ),
      { numRuns: 12 },
    );
  });

  it('writes unaligned views of caller buffers in place, sync and async', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        offsetArb,
        fc.constantFrom(...DISTRIBUTIONS.filter((d) => d !== 'poisson')),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.boolean(),
        async (seed, offset, dist, skip, n, async) => {
          using mine = new Generator({ ...subject, seed, offset });
          using ref = new Generator({ backend: 'ts', seed, offset });
          const backing = new OUTPUT_TYPE[dist](n + skip + 1).fill(7);
          const view = backing.subarray(skip, skip + n);
          const got = async ? await generateAsync(mine, dist, view) : generate(mine, dist, view);
          expect(got).toBe(view);
          expectSameBits(view, generate(ref, dist, new OUTPUT_TYPE[dist](n)), `${dist}(${n}) at +${skip}`);
          // Nothing outside the view was touched.
          expect([...backing.subarray(0, skip), backing[skip + n]]).toEqual(new Array(skip + 1).fill(7));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("double normals equal ts in each of glibc's double-math variants (hostMath)", () => {
    fc.assert(
      fc.property(seedArb, offsetArb, fc.constantFrom('normalDouble', 'logNormalDouble') as fc.Arbitrary<Distribution>, (seed, offset, dist) => {
        const n = (1 << 16) + 3;
        const outputs = (['x86-fma', 'x86-sse2', 'aarch64'] as const).map((hostMath) => {
          using mine = new Generator({ ...subject, seed, offset, hostMath });
          using ref = new Generator({ backend: 'ts', seed, offset, hostMath });
          const got = generate(mine, dist, new Float64Array(n), -0.5, 0.75);
          expectSameBits(got, generate(ref, dist, new Float64Array(n), -0.5, 0.75), `${dist}(${n}) ${hostMath}`);
          return got;
        });
        // About 0.01–0.07 % of values differ between the variants: the option really switches them.
        expect(outputs[0]!.some((x, i) => x !== outputs[1]![i])).toBe(true);
      }),
      { numRuns: 2 },
    );
  });

  it('gives the same bits on any number of threads, async calls in call order', async () => {
    await fc.assert(
      fc.asyncProperty(
        seedArb,
        offsetArb,
        fc.constantFrom(2, 3),
        fc.array(fc.tuple(fc.constantFrom(...FUSED), fc.integer({ min: 1, max: 1 << 20 }), fc.boolean()), { minLength: 1, maxLength: 3 }),
        async (seed, offset, threads, calls) => {
          using mine = new Generator({ ...subject, seed, offset, threads });
          using ref = new Generator({ backend: 'ts', seed, offset });
          // Issued together: each takes effect after the previous one. A length lets the generator
          // allocate the output (shared memory where worker threads write it), an array is filled.
          const pending = calls.map(([dist, n, allocate]) =>
            allocate
              ? (mine[`${dist}Async` as 'normalAsync'] as (n: number, a: number, b: number) => Promise<OutputArray>).call(mine, n, 0.25, 1.5)
              : generateAsync(mine, dist, new OUTPUT_TYPE[dist](n)),
          );
          const got = await Promise.all(pending);
          calls.forEach(([dist, n], i) => expectSameBits(got[i]!, generate(ref, dist, new OUTPUT_TYPE[dist](n)), `${dist}(${n})`));
          expect(mine.position).toBe(ref.position);
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('selection', () => {
  it("'auto' on the CPU takes simd, then wasm, then ts; the kernel in use is in backendDetail", () => {
    using g = new Generator({ device: 'cpu' });
    const expected = found.backends.simd.available ? 'simd' : 'wasm';
    expect(g.backend).toBe(expected);
    expect(g.backendDetail).toMatch(expected === 'simd' ? /^(avx512|avx2|neon) kernel/ : /^wasm-simd128 kernel/);
  });

  it.runIf(found.binding !== null)("an explicit kernel implies 'simd', conflicts with another backend, and is kept by spawn()", () => {
    using g = new Generator({ kernel: 'generic', threads: 3 });
    expect(g.backend).toBe('simd');
    // 3 threads, or as many as this machine runs at once (the split is capped there).
    expect(g.backendDetail).toMatch(new RegExp(`^generic kernel .*${Math.min(3, availableParallelism())} threads? for async fills$`));
    const [child] = g.spawn(1);
    expect(child!.backendDetail).toBe(g.backendDetail);
    child!.dispose();
    expect(() => new Generator({ backend: 'wasm', kernel: 'avx2' })).toThrow(TypeError);
    expect(() => new Generator({ backend: 'simd', threads: 0 })).toThrow(RangeError);
  });
});

describe.runIf(hasCurandHost).each(SUBJECTS.map((s) => [name(s), s] as const))('[curand-host] %s kernel', (_label, subject) => {
  it('equals cuRAND on random call mixes', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb({ distributions: DISTRIBUTIONS, orderings: ['default', 'best', 'legacy'], offsets: true, large: 270000, maxSteps: 5 }),
        (scenario) => runDifferential('philox4x32-10', scenario, subject, 'curand-host'),
      ),
      { numRuns: 12 },
    );
  });
});
