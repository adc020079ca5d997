import { execFile } from 'node:child_process';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { buildFakeCuda, fakeCudaCompiler } from './fixtures/fake-cuda/build.js';
import { REPO_ROOT } from './fixtures/repro/support.js';
import { hasCurandHost } from './support/backends.js';

// Where a `cuda` generator's calls run (issue 15, defects 4 and 5; docs/gpu.md, "Where calls run"):
// small calls of raw words and uniforms on the CPU, the rest on the device, one stream between them;
// slices without a device generator per call; MTGP32 and MT19937 restores discarded on the device.
// On the fake GPU the device generators are cuRAND's host generators, so every output, normals
// included, must equal curand-host's bit for bit. The child (fixtures/fake-cuda/routing.ts) counts
// what reaches device generators through a wrapped addon class.
const gxx = fakeCudaCompiler();
if (gxx === null) console.warn('\n!!! [curand-host] fake-GPU routing tests are SKIPPED: no g++ to build the CUDA test double\n');

type Findings = Record<string, any>;

describe.runIf(hasCurandHost && gxx !== null)('[curand-host] routing on the cuda backend (fake GPU)', () => {
  let found: Findings;

  beforeAll(async () => {
    // Frees on the reaper thread take a while, as on a GPU: a read that does not wait for them fails.
    const env = { ...process.env, ...buildFakeCuda(gxx as string), FAKE_CUDA_SLOW_RELEASE_MS: '20' };
    delete env.NODE_CURAND_CUDA_CPU_BELOW;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/fixtures/fake-cuda/routing.ts')], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 240_000 }, (error, out, err) =>
        error === null ? resolve(out) : reject(new Error(`${error.message}\n${err}`)),
      ),
    );
    found = JSON.parse(stdout.trim().split('\n').pop() as string) as Findings;
  }, 300_000);

  it('random mixes of small and large calls (sync and async, draws and restores included) give curand-host\'s bits and states', () => {
    expect(found['mix philox4x32-10']).toBe(true);
    expect(found['mix xorwow']).toBe(true);
    expect(found['mix mtgp32']).toBe(true);
  });

  it('small raw-word and uniform calls reach no device generator; doubles, large calls and normals do', () => {
    const r = found.routing;
    expect(r.small).toEqual({ device: 0, seeks: 0 });
    // The device is moved to where the CPU left off by one offset, then generates.
    expect(r.doubles).toEqual({ device: 1, seeks: 1 });
    expect(r.large).toEqual({ device: 1, seeks: 0 });
    expect(r.normals).toEqual({ device: 1 });
    expect(r.afterNormals).toEqual({ device: 0, seeks: 0 });
    expect(r.same).toBe(true);
    expect(r.state).toBe(true);
    expect(r.detail).toContain("calls of fewer than 64 raw words or uniforms on '");
  });

  it('by default the draws\' word blocks stay on the CPU', () => {
    expect(found.defaultDraws).toEqual({ device: 0, same: true });
  });

  it('NODE_CURAND_CUDA_CPU_BELOW=0 sends every call to the device; a malformed value is refused by name', () => {
    expect(found.routingOff.device).toBe(1);
    expect(found.routingOff.detail).toContain('every call on the device');
    expect(found.malformed.name).toBe('RangeError');
    expect(found.malformed.message).toContain("NODE_CURAND_CUDA_CPU_BELOW must be a whole number of elements in [0, 2^53) (0: every call on the GPU), got '1e3'");
  });

  it('slice()/at() of raw words and uniforms build no device generator; normals reuse one kept generator moved by offsets', () => {
    const s = found.slices;
    expect(s.words).toEqual({ created: 0, device: 0 });
    expect(s.firstNormals).toEqual({ created: 1 });
    expect(s.moreNormals).toEqual({ created: 0, seeks: 2 });
    expect(s.same).toBe(true);
    expect(s.position).toBe('7');
  });

  it('MTGP32 and MT19937 restores discard on the device (one discard, one generate for the call itself)', () => {
    expect(found['restore mtgp32']).toEqual({ device: 1, discards: 1, same: true });
    expect(found['restore mt19937']).toEqual({ device: 1, discards: 1, same: true });
    expect(found['restore mtgp32 async']).toEqual({ progress: [[1, 3], [2, 3], [3, 3]], same: true });
  });
});
