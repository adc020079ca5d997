import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../src/index.js';
import { ALGORITHMS, type BackendName, type Distribution } from '../src/types.js';
import { hasCurandHost } from './support/backends.js';
import { expectSameBits } from './support/compare.js';

/**
 * hostMath 'x86-sse2' float log-normals (issue 12): glibc's expf differs between its FMA and SSE2
 * builds on exactly two float inputs (src/math/expf.ts), and every generator's float log-normal is
 * expf of a float normal. The oracle is cuRAND's host generator in a child process with the glibc
 * tunable that masks FMA/AVX2, i.e. what cuRAND writes on a CPU without them.
 */

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const SSE2_TUNABLES = 'glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F';
const f32 = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0] as number;
/** The two inputs where the builds differ: FMA → 0x56fc9f1c and 0x11fa2993, SSE2 one ulp below. */
const INPUTS = [f32(0x4202422f), f32(0xc27c65d9)];
/**
 * Each call: (distribution, a, b), 1000 elements (enough for the kernels' fused paths): the two
 * inputs, then every other transform that goes through the C library (logf, sincosf, the double
 * functions; Poisson by every method), which must agree under the tunable as well.
 */
const CALLS: [Distribution, number, number][] = [
  ['logNormal', INPUTS[0] as number, 0],
  ['logNormal', INPUTS[1] as number, 0],
  ['logNormal', 0.25, 1.5],
  ['normal', 0.25, 1.5],
  ['normalDouble', 0.25, 1.5],
  ['logNormalDouble', 0.25, 1.5],
  ['poisson', 10, 0],
  ['poisson', 2500.5, 0],
  ['poisson', 50000, 0],
];
const N = 1000;

function call(g: Generator, [dist, a, b]: [Distribution, number, number]): Uint32Array {
  const out = (g[dist as 'normal'] as (n: number, a: number, b: number) => Float32Array).call(g, N, a, b);
  return new Uint32Array(out.buffer);
}

/** cuRAND's logNormal outputs (bit patterns) for every algorithm and call, with the SSE2 tunable. */
function curandSse2(): Record<string, number[][]> {
  const code = `
    import { Generator } from './src/index.ts';
    const out = {};
    for (const algorithm of ${JSON.stringify(ALGORITHMS)}) {
      const g = new Generator({ backend: 'curand-host', algorithm, seed: 42n });
      out[algorithm] = ${JSON.stringify(CALLS)}.map(([d, a, b]) => Array.from(new Uint32Array(g[d](${N}, a, b).buffer)));
    }
    console.log(JSON.stringify(out));
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, GLIBC_TUNABLES: SSE2_TUNABLES },
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0) throw new Error(`child failed (${run.status} ${run.signal}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Record<string, number[][]>;
}

describe.runIf(hasCurandHost)('[curand-host] hostMath x86-sse2: float log-normals as cuRAND writes them without FMA', () => {
  let oracle: Record<string, number[][]>;
  beforeAll(() => {
    oracle = curandSse2();
  }, 200_000);

  it('the oracle shows the SSE2 expf (one ulp below the FMA build on both inputs)', () => {
    expect(oracle['philox4x32-10']![0]![0]!.toString(16)).toBe('56fc9f1b');
    expect(oracle['philox4x32-10']![1]![0]!.toString(16)).toBe('11fa2992');
  });

  for (const backend of ['ts', 'wasm', 'simd'] as BackendName[]) {
    it(`${backend}: every generator's log-normals, normals and Poisson match`, () => {
      for (const algorithm of ALGORITHMS) {
        using g = new Generator({ backend, algorithm, seed: 42n, hostMath: 'x86-sse2' });
        for (const [i, c] of CALLS.entries()) {
          expectSameBits(call(g, c), Uint32Array.from(oracle[algorithm]![i]!), `${algorithm} ${c[0]}(${N}, ${c[1]}, ${c[2]})`);
        }
      }
    }, 120_000);
  }
});
