import { describe, expect, it } from 'vitest';

import { CurandError } from '../src/errors.js';
import { NATIVE_KIND, type NativeGeneratorHandle } from '../src/native/binding-types.js';
import { binding, hasCudart, hasCurand, hasGpu, hostGenerator, sameBits, shared, thrown } from './native-support.js';

const fixed = (values: ArrayLike<number>, digits = 6) => Array.from(values, (x) => x.toFixed(digits)).join(' ');
const hex = (values: Uint32Array) => Array.from(values, (x) => x.toString(16).padStart(8, '0')).join(' ');

function generate<T extends Uint32Array | Float32Array | Float64Array>(
  g: NativeGeneratorHandle,
  kind: keyof typeof NATIVE_KIND,
  out: T,
  a = 0,
  b = 0,
): T {
  g.generate(NATIVE_KIND[kind], out, a, b);
  return out;
}

// Known answers: NVIDIA's CUDALibrarySamples cuRAND/Host READMEs (Philox and MTGP32, seed 1234, BEST,
// printed with %f) and cuRAND 10.4 host output recorded in docs/spec/curand-host-semantics.md §7.
describe.runIf(hasCurand)('[curand-host] native generate calls against cuRAND known answers', () => {
  it('curandGenerate: Philox seed 42 and MTGP32 seed 42', () => {
    expect(hex(generate(hostGenerator('philox4x32_10', 42n), 'uint32', new Uint32Array(4)))).toBe(
      '9ceaf053 77f5493b 12bf50ad 5742b3d7',
    );
    expect(hex(generate(hostGenerator('mtgp32', 42n), 'uint32', new Uint32Array(4)))).toBe(
      'bbb4d53b cf53ac06 e03a187d e9b34bd3',
    );
  });

  it('curandGenerateUniform: Philox seed 1234 (NVIDIA sample)', () => {
    expect(fixed(generate(hostGenerator('philox4x32_10', 1234n), 'uniform', new Float32Array(12)))).toBe(
      '0.127208 0.853469 0.265649 0.796055 0.816736 0.324165 0.781055 0.058918 0.543999 0.923496 0.441505 0.258264',
    );
  });

  it('curandGenerateUniformDouble: Philox seed 42', () => {
    expect(Array.from(generate(hostGenerator('philox4x32_10', 42n), 'uniformDouble', new Float64Array(4)))).toEqual([
      0.46858679418029187, 0.34086151490420996, 0.3270632689464365, 0.4543153586517528,
    ]);
  });

  it('curandGenerateNormal: Philox and MTGP32 seed 1234, mean 1, stddev 2 (NVIDIA samples)', () => {
    expect(fixed(generate(hostGenerator('philox4x32_10', 1234n), 'normal', new Float32Array(12), 1, 2))).toBe(
      '-2.232981 3.458311 -2.121081 1.929243 2.136910 0.428207 1.508686 2.310768 -0.020449 2.956819 3.553997 0.867263',
    );
    expect(fixed(generate(hostGenerator('mtgp32', 1234n), 'normal', new Float32Array(5), 1, 2))).toBe(
      '1.415674 0.817308 1.588038 6.369638 -1.367920',
    );
  });

  it('curandGenerateNormalDouble: Philox seed 42', () => {
    expect(Array.from(generate(hostGenerator('philox4x32_10', 42n), 'normalDouble', new Float64Array(4), 0, 1))).toEqual([
      1.0360235505368471, -0.6653743849976409, 0.42328043627196804, -1.4338887543449035,
    ]);
  });

  it('curandGenerateLogNormal: Philox seed 1234, mean 1, stddev 2 (NVIDIA sample)', () => {
    expect(fixed(generate(hostGenerator('philox4x32_10', 1234n), 'logNormal', new Float32Array(4), 1, 2))).toBe(
      '0.107208 31.763277 0.119902 6.884295',
    );
  });

  it('curandGenerateLogNormalDouble: exp of the same stream of normals', () => {
    const logNormal = generate(hostGenerator('philox4x32_10', 7n), 'logNormalDouble', new Float64Array(64), 0.5, 1.5);
    const normal = generate(hostGenerator('philox4x32_10', 7n), 'normalDouble', new Float64Array(64), 0.5, 1.5);
    normal.forEach((x, i) => expect(logNormal[i]).toBeCloseTo(Math.exp(x), 12));
  });

  it('curandGeneratePoisson: Philox seed 1234, lambda 10 (NVIDIA sample)', () => {
    expect(Array.from(generate(hostGenerator('philox4x32_10', 1234n), 'poisson', new Uint32Array(12), 10))).toEqual([
      15, 7, 12, 8, 7, 12, 8, 17, 10, 6, 11, 12,
    ]);
  });

  it('writes in place into a subarray and nowhere else; n = 0 changes nothing', () => {
    const g = hostGenerator('philox4x32_10', 42n);
    generate(g, 'uint32', new Uint32Array(0));
    const backing = new Uint32Array(8).fill(7);
    generate(g, 'uint32', backing.subarray(2, 6));
    expect(hex(backing)).toBe('00000007 00000007 9ceaf053 77f5493b 12bf50ad 5742b3d7 00000007 00000007');
  });

  it('an offset set by configure() is where the stream starts (Philox seed 42, offset 1000003)', () => {
    expect(hex(generate(hostGenerator('philox4x32_10', 42n, 1000003n), 'uint32', new Uint32Array(4)))).toBe(
      'd4f14c80 a11f64d5 acef4f0b dffbc00a',
    );
  });
});

describe.runIf(hasCurand)('[curand-host] native errors', () => {
  it('a rejected ordering is a CurandError naming cuRAND status and function', () => {
    const g = hostGenerator('philox4x32_10', 42n);
    const error = thrown(() => g.configure(42n, 0n, false, binding().constants.ordering.seeded));
    expect(error).toBeInstanceOf(CurandError);
    expect(error).toMatchObject({
      code: 'ERR_CURAND_STATUS',
      status: 104,
      statusName: 'CURAND_STATUS_OUT_OF_RANGE',
      operation: 'curandSetGeneratorOrdering',
    });
    expect(error.message).toContain('CURAND_STATUS_OUT_OF_RANGE');
  });

  it('MTGP32 rejects an offset with CURAND_STATUS_TYPE_ERROR', () => {
    const error = thrown(() => hostGenerator('mtgp32', 42n, 5n));
    expect(error).toMatchObject({
      code: 'ERR_CURAND_STATUS',
      status: 103,
      statusName: 'CURAND_STATUS_TYPE_ERROR',
      operation: 'curandSetGeneratorOffset',
    });
  });

  it('a failed configure() leaves the handle generating exactly as before', () => {
    const g = hostGenerator('philox4x32_10', 42n);
    expect(hex(generate(g, 'uint32', new Uint32Array(4)))).toBe('9ceaf053 77f5493b 12bf50ad 5742b3d7');
    thrown(() => g.configure(1n, 0n, false, binding().constants.ordering.dynamic));
    thrown(() => g.configure(1n, 0n, true, 12345));
    expect(hex(generate(g, 'uint32', new Uint32Array(4)))).toBe('02933769 2051e913 3b68b038 b62c409c');
  });

  it('configure() restarts the stream for the new seed', () => {
    const g = hostGenerator('philox4x32_10', 7n);
    generate(g, 'uniform', new Float32Array(1001));
    g.configure(42n, 0n, false, binding().constants.ordering.best);
    expect(hex(generate(g, 'uint32', new Uint32Array(4)))).toBe('9ceaf053 77f5493b 12bf50ad 5742b3d7');
  });

  it('generate before the first configure() and after dispose() throws CURAND_STATUS_NOT_INITIALIZED', () => {
    const b = binding();
    const fresh = new b.NativeGenerator({ rngType: b.constants.rngType.philox4x32_10, host: true, device: 0 });
    expect(thrown(() => generate(fresh, 'uint32', new Uint32Array(4)))).toMatchObject({
      code: 'ERR_CURAND_STATUS',
      statusName: 'CURAND_STATUS_NOT_INITIALIZED',
      operation: 'generate',
    });
    const g = hostGenerator('philox4x32_10', 42n);
    g.dispose();
    g.dispose();
    expect(thrown(() => generate(g, 'uint32', new Uint32Array(4)))).toMatchObject({
      statusName: 'CURAND_STATUS_NOT_INITIALIZED',
      operation: 'generate',
    });
    expect(thrown(() => g.configure(1n, 0n, false, b.constants.ordering.best))).toMatchObject({
      statusName: 'CURAND_STATUS_NOT_INITIALIZED',
      operation: 'configure',
    });
  });

  it('generateAsync after dispose() rejects', async () => {
    const g = hostGenerator('philox4x32_10', 42n);
    g.dispose();
    await expect(g.generateAsync(NATIVE_KIND.uint32, shared(Uint32Array, 4), 0, 0)).rejects.toMatchObject({
      code: 'ERR_CURAND_STATUS',
      statusName: 'CURAND_STATUS_NOT_INITIALIZED',
    });
  });

  it('wrong argument types are TypeErrors, never crashes', async () => {
    const b = binding();
    const g = hostGenerator('philox4x32_10', 42n);
    const calls: (() => unknown)[] = [
      () => g.generate(NATIVE_KIND.uniform, new Float64Array(4) as never, 0, 0),
      () => g.generate(99, new Uint32Array(4), 0, 0),
      () => g.generate(0.5, new Uint32Array(4), 0, 0),
      () => (g.generate as (...args: unknown[]) => void)(NATIVE_KIND.uint32, [1, 2, 3], 0, 0),
      () => (g.generate as (...args: unknown[]) => void)(),
      () => g.configure(42 as never, 0n, false, 100),
      () => g.configure(-1n, 0n, false, 100),
      () => g.configure(2n ** 64n, 0n, false, 100),
      () => new (b.NativeGenerator as unknown as new () => unknown)(),
      () => new b.NativeGenerator({ rngType: 'philox' as never, host: true, device: 0 }),
      () => b.loadLibraries({ curand: [42] } as never),
      () => b.setErrorFactory('no' as never),
    ];
    for (const call of calls) expect(thrown(call)).toBeInstanceOf(TypeError);
    await expect(g.generateAsync(NATIVE_KIND.uint32, shared(Float32Array, 4) as never, 0, 0)).rejects.toBeInstanceOf(
      TypeError,
    );
    expect(hex(generate(g, 'uint32', new Uint32Array(4)))).toBe('9ceaf053 77f5493b 12bf50ad 5742b3d7');
  });
});

// On machines without a GPU (CI's included): the device path fails cleanly. Not tagged [curand-host],
// since a GPU machine legitimately skips these.
describe.runIf(hasCurand && hasCudart && !hasGpu)('native device path without a GPU', () => {
  it('a device generator without a GPU fails with a CUDA or cuRAND status', () => {
    const b = binding();
    const g = new b.NativeGenerator({ rngType: b.constants.rngType.philox4x32_10, host: false, device: 0 });
    const error = thrown(() => g.configure(42n, 0n, true, b.constants.ordering.best));
    expect(error).toBeInstanceOf(CurandError);
    expect(['ERR_CUDA_STATUS', 'ERR_CURAND_STATUS']).toContain(error.code);
    expect(error.statusName).toMatch(/^(cudaError|CURAND_STATUS_INITIALIZATION_FAILED)/);
    // cudaGetDevice: the device scope (native/device_scope.h) reads the caller's device first.
    expect(error.operation).toMatch(/^(cudaGetDevice|cudaSetDevice|curandCreateGenerator)$/);
    expect(thrown(() => generate(g, 'uint32', new Uint32Array(4)))).toMatchObject({
      statusName: 'CURAND_STATUS_NOT_INITIALIZED',
    });
    g.dispose();
  });

  it('cudaDevices() without a GPU says which call failed', () => {
    const status = binding().cudaDevices();
    expect(status.devices).toEqual([]);
    expect(status.runtimeVersion).toBeGreaterThanOrEqual(12000);
    expect(status.error).toMatchObject({ operation: 'cudaGetDeviceCount' });
    expect(status.error?.statusName).toMatch(/^cudaError/);
  });
});

describe.runIf(hasCurand)('[curand-host] generateAsync', () => {
  const kinds: [keyof typeof NATIVE_KIND, () => Uint32Array | Float32Array | Float64Array, number, number][] = [
    ['uint32', () => shared(Uint32Array, 1003), 0, 0],
    ['uniform', () => shared(Float32Array, 1003), 0, 0],
    ['uniformDouble', () => shared(Float64Array, 1003), 0, 0],
    ['normal', () => shared(Float32Array, 1003), 1, 2],
    ['normalDouble', () => shared(Float64Array, 1003), 1, 2],
    ['logNormal', () => shared(Float32Array, 1003), 1, 2],
    ['logNormalDouble', () => shared(Float64Array, 1003), 1, 2],
    ['poisson', () => shared(Uint32Array, 1003), 10, 0],
  ];

  it('writes the same bits as the synchronous call, for every kind and across calls', async () => {
    for (const algorithm of ['philox4x32_10', 'mtgp32'] as const) {
      const sync = hostGenerator(algorithm, 99n);
      const async = hostGenerator(algorithm, 99n);
      for (const [kind, make, a, b] of kinds) {
        const expected = generate(sync, kind, make(), a, b);
        const actual = make();
        await expect(async.generateAsync(NATIVE_KIND[kind], actual, a, b)).resolves.toBeUndefined();
        expect(sameBits(actual, expected), `${algorithm} ${kind}`).toBe(true);
      }
    }
  });

  it('calls made together complete in call order, and synchronous calls wait their turn with ERR_CURAND_BUSY', async () => {
    const expected = generate(hostGenerator('philox4x32_10', 5n), 'uint32', new Uint32Array(4 * 100_000));
    const g = hostGenerator('philox4x32_10', 5n);
    const parts = Array.from({ length: 4 }, () => shared(Uint32Array, 100_000));
    const pending = Promise.all(parts.map((part) => g.generateAsync(NATIVE_KIND.uint32, part, 0, 0)));
    expect(thrown(() => generate(g, 'uint32', new Uint32Array(4)))).toMatchObject({
      code: 'ERR_CURAND_BUSY',
      operation: 'generate',
    });
    expect(thrown(() => g.configure(1n, 0n, false, 100))).toMatchObject({ code: 'ERR_CURAND_BUSY' });
    await pending;
    parts.forEach((part, i) => expect(sameBits(part, expected.subarray(i * 100_000, (i + 1) * 100_000))).toBe(true));
    const next = generate(hostGenerator('philox4x32_10', 5n, 400_000n), 'uint32', new Uint32Array(4));
    expect(generate(g, 'uint32', new Uint32Array(4))).toEqual(next);
  });

  it('dispose() while calls are pending: the running one completes, the waiting ones reject', async () => {
    const g = hostGenerator('philox4x32_10', 5n);
    const first = g.generateAsync(NATIVE_KIND.uniform, shared(Float32Array, 1 << 20), 0, 0);
    const second = g.generateAsync(NATIVE_KIND.uniform, shared(Float32Array, 16), 0, 0);
    const secondRejects = expect(second).rejects.toMatchObject({ statusName: 'CURAND_STATUS_NOT_INITIALIZED' });
    g.dispose();
    await expect(first).resolves.toBeUndefined();
    await secondRejects;
  });

  it('a cuRAND failure rejects with the same error shape as the synchronous call', async () => {
    const g = hostGenerator('philox4x32_10', 5n);
    await expect(g.generateAsync(NATIVE_KIND.poisson, shared(Uint32Array, 4), -1, 0)).rejects.toMatchObject({
      code: 'ERR_CURAND_STATUS',
      statusName: 'CURAND_STATUS_OUT_OF_RANGE',
      operation: 'curandGeneratePoisson',
    });
    expect(thrown(() => generate(g, 'poisson', new Uint32Array(4), -1))).toMatchObject({
      statusName: 'CURAND_STATUS_OUT_OF_RANGE',
      operation: 'curandGeneratePoisson',
    });
  });
});
