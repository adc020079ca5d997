import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { backendInfo } from '../src/index.js';
import { REPO_ROOT, runScript } from './fixtures/repro/support.js';
import { hasCurandHost } from './support/backends.js';

// The addon's GPU path without a GPU: a test double of the CUDA runtime and of cuRAND's device
// generators (test/fixtures/fake-cuda/fake_cuda.cc) runs streams as threads with random delays and
// device generators as cuRAND's own host generators, so the double-buffered pipeline of
// native/device_staging.cc must bring exactly the host generator's stream to the caller, chunk after
// chunk, with pinned buffers and without, and handle failures in the middle of a call.
function compiler(): string | null {
  try {
    execFileSync('g++', ['--version'], { stdio: 'ignore' });
    return 'g++';
  } catch {
    return null;
  }
}

const gxx = compiler();
if (gxx === null) console.warn('\n!!! [curand-host] fake-GPU tests are SKIPPED: no g++ to build the CUDA test double\n');

describe.runIf(hasCurandHost && gxx !== null)('[curand-host] the cuda backend on a fake GPU', () => {
  let findings: Record<string, unknown>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'node-curand-fake-gpu-'));
    const library = join(dir, 'libcudart.so.13');
    execFileSync(gxx as string, ['-std=c++17', '-O1', '-shared', '-fPIC', '-pthread', '-o', library, join(REPO_ROOT, 'test/fixtures/fake-cuda/fake_cuda.cc'), '-ldl']);
    symlinkSync(library, join(dir, 'libcurand.so.10'));
    const realCurand = backendInfo().libraries?.curand.path as string;
    const run = await runScript(join(REPO_ROOT, 'test/fixtures/fake-cuda/gpu-path.ts'), [], {
      NODE_CURAND_LIB_DIRS: dir,
      FAKE_CURAND_REAL: realCurand,
    });
    expect(run.status, run.stderr).toBe(0);
    findings = JSON.parse(run.stdout.trim().split('\n').pop() as string);
  }, 120_000);

  it('is found as a CUDA device by the ordinary discovery', () => {
    expect(findings.cuda).toEqual({ available: true, reason: null });
    expect(findings.device).toBe('node-curand fake GPU (test double)');
  });

  it('gives the host stream bit for bit through pinned double buffers and through pageable copies', () => {
    const streams = Object.entries(findings).filter(([key]) => key.startsWith('pinned ') || key.startsWith('pageable '));
    expect(streams.length).toBe(6 + 2 * 3);
    for (const [key, equal] of streams) expect(equal, key).toBe(true);
  });

  it('a failure before anything is generated leaves the stream where it was', () => {
    expect(findings['first-chunk failure']).toEqual({ code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_LAUNCH_FAILURE' });
    expect(findings['first-chunk failure: stream continues']).toBe(true);
  });

  it('a failure part-way through refuses every later call until the stream is restarted', () => {
    expect(findings['mid-call failure']).toEqual({ code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_LAUNCH_FAILURE' });
    const lost = { code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_PREEXISTING_FAILURE' };
    expect(findings['after a mid-call failure']).toEqual(lost);
    expect(findings['after a mid-call failure, async']).toEqual(lost);
    expect(findings['after setSeed']).toBe(true);
  });
});
