import { describe, expect, it } from 'vitest';

import { NATIVE_KIND, type NativeGeneratorHandle } from '../src/native/binding-types.js';
import { binding, hasGpu, hostGenerator, sameBits, shared } from './native-support.js';

// Run only where cudaDevices() lists a GPU (never on the machines this was written on): the device
// path of the addon, checked against the host generator. NVIDIA's samples show host = device for
// raw words and uniforms (docs/spec/curand-host-semantics.md §6), so those are compared bit for bit.
describe.runIf(hasGpu)('[cuda] native device generators', () => {
  function deviceGenerator(algorithm: 'philox4x32_10' | 'mtgp32', seed: bigint, device = 0): NativeGeneratorHandle {
    const b = binding();
    const g = new b.NativeGenerator({ rngType: b.constants.rngType[algorithm], host: false, device });
    g.configure(seed, 0n, algorithm === 'philox4x32_10', b.constants.ordering.best);
    return g;
  }

  it('cudaDevices() describes every device', () => {
    const status = binding().cudaDevices();
    expect(status.error).toBeNull();
    expect(status.driverVersion).toBeGreaterThan(0);
    for (const [index, device] of status.devices.entries()) {
      expect(device.index).toBe(index);
      expect(device.name).toMatch(/\S/);
      expect(device.computeCapability[0]).toBeGreaterThanOrEqual(5);
      expect(device.multiProcessorCount).toBeGreaterThan(0);
      expect(device.totalMemoryBytes).toBeGreaterThan(2 ** 28);
      expect(device.uuid).toMatch(/^GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('raw words and uniforms equal the host generator, across chunk boundaries (8 MiB chunks, double-buffered)', () => {
    for (const algorithm of ['philox4x32_10', 'mtgp32'] as const) {
      const n = (1 << 24) + (1 << 22) + 3; // many 8 MiB chunks of 4- and 8-byte values, odd tail
      const host = hostGenerator(algorithm, 1234n, algorithm === 'philox4x32_10' ? 0n : null);
      const device = deviceGenerator(algorithm, 1234n);
      for (const [kind, make] of [
        ['uint32', () => new Uint32Array(n)],
        ['uniform', () => new Float32Array(n)],
        ['uniformDouble', () => new Float64Array(n)],
      ] as const) {
        const expected = make();
        const actual = make();
        host.generate(NATIVE_KIND[kind], expected, 0, 0);
        device.generate(NATIVE_KIND[kind], actual, 0, 0);
        expect(sameBits(actual, expected), `${algorithm} ${kind}`).toBe(true);
      }
      host.dispose();
      device.dispose();
    }
  });

  it('generateAsync equals generate on the device, and every kind runs', async () => {
    const sync = deviceGenerator('philox4x32_10', 7n);
    const async = deviceGenerator('philox4x32_10', 7n);
    for (const kind of Object.keys(NATIVE_KIND) as (keyof typeof NATIVE_KIND)[]) {
      const make = () =>
        kind === 'uint32' || kind === 'poisson'
          ? shared(Uint32Array, 4096)
          : kind.endsWith('Double')
            ? shared(Float64Array, 4096)
            : shared(Float32Array, 4096);
      const [a, b] = kind === 'poisson' ? [10, 0] : [1, 2];
      const expected = make();
      const actual = make();
      sync.generate(NATIVE_KIND[kind], expected, a, b);
      await async.generateAsync(NATIVE_KIND[kind], actual, a, b);
      expect(sameBits(actual, expected), kind).toBe(true);
    }
  });

  it('a bad device ordinal is a CUDA error from cudaSetDevice', () => {
    const b = binding();
    const g = new b.NativeGenerator({ rngType: b.constants.rngType.philox4x32_10, host: false, device: 9999 });
    expect(() => g.configure(1n, 0n, true, b.constants.ordering.best)).toThrow(
      expect.objectContaining({ code: 'ERR_CUDA_STATUS', operation: 'cudaSetDevice' }),
    );
  });
});
