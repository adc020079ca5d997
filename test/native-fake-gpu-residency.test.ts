import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { buildFakeCuda, fakeCudaCompiler } from './fixtures/fake-cuda/build.js';
import { REPO_ROOT, runScript } from './fixtures/repro/support.js';
import { hasCurandHost } from './support/backends.js';

// Device-resident outputs (DeviceArray), pinned outputs, the parallel pinned → caller copy and
// event-timed generation on the test double of the CUDA runtime and cuRAND
// (test/fixtures/fake-cuda/fake_cuda.cc, built as test/native-fake-gpu.test.ts builds it): device
// generators there are cuRAND's own host generators, so every value is checked against curand-host.
// The script runs in a child (node --expose-gc) with the fake logging every allocation, free and
// copy to a file (FAKE_CUDA_ALLOC_LOG), which is how it counts live memory and sees where copies go.
const gxx = fakeCudaCompiler();
if (gxx === null) console.warn('\n!!! [curand-host] fake-GPU residency tests are SKIPPED: no g++ to build the CUDA test double\n');

type Refusal = { name?: string; code?: string; statusName?: string } | null;

describe.runIf(hasCurandHost && gxx !== null)('[curand-host] device-resident and pinned outputs on a fake GPU', () => {
  let findings: Record<string, unknown>;

  beforeAll(async () => {
    const fake = buildFakeCuda(gxx as string);
    const run = await runScript(
      join(REPO_ROOT, 'test/fixtures/fake-cuda/residency.ts'),
      [],
      { ...fake, FAKE_CUDA_ALLOC_LOG: join(fake.NODE_CURAND_LIB_DIRS, 'memory.log'),
        // The device path itself: no small call may go to the CPU kernel (src/backends/cuda-routed.ts).
        NODE_CURAND_CUDA_CPU_BELOW: '0',
        // Frees on the reaper thread take a while, as on a GPU: a read that does not wait for them fails.
        FAKE_CUDA_SLOW_RELEASE_MS: '20' },
      ['--expose-gc'],
    );
    expect(run.status, run.stderr).toBe(0);
    findings = JSON.parse(run.stdout.trim().split('\n').pop() as string);
  }, 120_000);

  it('a DeviceArray holds the curand-host bits of uint32, uniform and uniformDouble, for every generator and several sizes', () => {
    for (const algorithm of ['philox4x32-10', 'mtgp32', 'xorwow', 'mrg32k3a', 'mt19937']) {
      expect(findings[`values ${algorithm}`], algorithm).toBe(true);
    }
  });

  it('after a device call the stream goes on exactly as after a host-bound call of the same length', () => {
    for (const algorithm of ['philox4x32-10', 'mtgp32', 'xorwow', 'mrg32k3a', 'mt19937']) {
      expect(findings[`continues ${algorithm}`], algorithm).toBe(true);
      expect(findings[`position ${algorithm}`], algorithm).toBe(true);
    }
    expect(findings['normal and poisson on the device']).toBe(true);
  });

  it('exposes the device pointer, byte length, device, stream and event', () => {
    expect(findings.shape).toEqual({
      isDeviceArray: true,
      pointer: true,
      stream: true,
      event: true,
      byteLength: 8000,
      length: 1000,
      dtype: 'float64',
      device: 'cuda:0',
      distribution: 'uniformDouble',
      disposed: false,
    });
    expect(findings.empty).toEqual({ length: 0, byteLength: 0, host: 0 });
  });

  it('toHostAsync copies the same values into a new, a plain or a shared array; a wrong output is refused', () => {
    expect(findings.toHostAsync).toBe(true);
    expect(findings['toHost wrong length']).toEqual({ name: 'RangeError' });
    expect(findings['toHost wrong type']).toEqual({ name: 'TypeError' });
  });

  it('dispose twice is harmless; use after dispose throws ERR_CURAND_DISPOSED', () => {
    const disposed = { name: 'CurandError', code: 'ERR_CURAND_DISPOSED' };
    expect(findings['after dispose']).toEqual({ disposed: true, toHost: disposed, pointer: disposed, toHostAsync: 'ERR_CURAND_DISPOSED' });
  });

  it('refuses odd-length device normals, arrays, conflicting options and other backends before anything moves', () => {
    const odd = { name: 'CurandError', code: 'ERR_CURAND_UNSUPPORTED', statusName: 'CURAND_STATUS_LENGTH_NOT_MULTIPLE' };
    expect(findings['odd normal on the device']).toEqual(odd);
    expect(findings['odd logNormalDouble on the device']).toEqual(odd);
    for (const key of ['device with an array', 'device and pinned', 'unknown option']) expect(findings[key] as Refusal, key).toEqual({ name: 'TypeError' });
    expect(findings['refusals leave the position']).toBe(true);
    for (const backend of ['curand-host', 'ts']) {
      expect(findings[`device on ${backend}`], backend).toEqual({ name: 'CurandError', code: 'ERR_CURAND_BACKEND_UNAVAILABLE' });
    }
  });

  it('async device calls keep call order with host-bound async calls', () => {
    expect(findings['async device']).toBe(true);
  });

  it('pinned outputs are external buffers over cudaHostAlloc memory that the device copies into directly, with the host bits', () => {
    expect(findings['pinned values']).toBe(true);
    expect(findings['pinned external buffers']).toBe(true);
    expect(findings['pinned direct copies']).toBe(true);
    expect(findings['pinned reused']).toBe(true);
    expect(findings['pinned async']).toBe(true);
    expect(findings['pinned fallback']).toBe(true);
  });

  it('the parallel pinned → caller copy gives the same bits around its 1 MiB threshold', () => {
    expect(findings['parallel copy']).toBe(true);
    expect(findings['parallel copy, doubles']).toBe(true);
  });

  it('timeGenerate returns one positive figure per repeat and moves the stream by repeats × n', () => {
    expect(findings.timeGenerate).toEqual({ count: 5, positive: true, continues: true });
    expect(findings['timeGenerate on a host generator']).toEqual({ name: 'CurandError', code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_TYPE_ERROR' });
    expect(findings['timeGenerate repeats 0']).toEqual({ name: 'TypeError' });
  });

  it('garbage collection frees device arrays and pinned outputs; dispose frees the rest', () => {
    // 20 of each, plus the generator's two staging slots (a device and a pinned chunk each).
    expect(findings['allocated before collection']).toEqual({ device: 22, pinned: 22 });
    expect(findings['left after collection']).toEqual({ device: 2, pinned: 2 });
    expect(findings['left after dispose']).toEqual({ device: 0, pinned: 0 });
  });
});
