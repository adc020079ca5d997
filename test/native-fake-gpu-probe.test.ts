import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { Generator } from '../src/index.js';
import { buildFakeCuda, fakeCudaCompiler } from './fixtures/fake-cuda/build.js';
import { lastJson, REPO_ROOT, runScript } from './fixtures/repro/support.js';
import { hasCurandHost } from './support/backends.js';

// "Available" means a device generator can be created (issue 15, defect 2): a driver older than
// libcurand's CUDA major still lists its devices, but curandCreateGenerator fails. The fake driver
// reports FAKE_CUDA_DRIVER_VERSION and refuses device generators below 13000, as a CUDA 13 libcurand
// on an R535–R570 driver does.
const gxx = fakeCudaCompiler();
if (gxx === null) console.warn('\n!!! [curand-host] fake-GPU probe tests are SKIPPED: no g++ to build the CUDA test double\n');

interface Findings {
  cuda: { available: boolean; reason: string | null };
  driverVersion: number | null;
  devices: number;
  default: { backend: string; device: string } | { error: string };
  autoBackend: string;
  autoWorks: boolean;
  explicit: { code?: string; message?: string } | null;
}

describe.runIf(hasCurandHost && gxx !== null)('[curand-host] the device probe on a fake GPU', () => {
  let env: Record<string, string>;
  const probe = (driver: string) => lastJson<Findings>(runScript(join(REPO_ROOT, 'test/fixtures/fake-cuda/probe.ts'), [], { ...env, FAKE_CUDA_DRIVER_VERSION: driver }));

  beforeAll(() => {
    env = buildFakeCuda(gxx as string);
  }, 120_000);

  it('a driver too old for libcurand: cuda unavailable with the reason, auto falls back to the CPU, explicit cuda throws it', async () => {
    const found = await probe('12080');
    expect(found.driverVersion).toBe(12080);
    expect(found.devices).toBe(1);
    expect(found.cuda.available).toBe(false);
    const reason = found.cuda.reason as string;
    expect(reason).toContain('curandCreateGenerator failed with CURAND_STATUS_INITIALIZATION_FAILED');
    expect(reason).toContain('CUDA 13');
    expect(reason).toContain('R580+');
    expect(reason).toContain('CUDA 12.8');
    // The fastest exact CPU backend here (simd where the CPU has AVX2 or AVX-512).
    const cpu = new Generator({ device: 'cpu' });
    expect(found.default).toEqual({ backend: cpu.backend, device: 'cpu' });
    expect(found.autoBackend).toBe(cpu.backend);
    cpu.dispose();
    expect(found.autoWorks).toBe(true);
    expect(found.explicit?.code).toBe('ERR_CURAND_BACKEND_UNAVAILABLE');
    expect(found.explicit?.message).toContain(reason);
  }, 60_000);

  it('a driver of libcurand\'s CUDA major: cuda available and chosen by auto', async () => {
    const found = await probe('13000');
    expect(found.cuda).toEqual({ available: true, reason: null });
    expect(found.default).toEqual({ backend: 'cuda', device: 'cuda:0' });
    expect(found.autoBackend).toBe('cuda');
    expect(found.explicit).toBeNull();
  }, 60_000);
});
