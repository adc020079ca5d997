import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { buildFakeCuda, fakeCudaCompiler } from './fixtures/fake-cuda/build.js';
import { liveObjects, type FakeCudaCounters } from './fixtures/fake-cuda/counters.js';
import { REPO_ROOT } from './fixtures/repro/support.js';
import { hasCurandHost } from './support/backends.js';

// The addon's GPU path without a GPU: a test double of the CUDA runtime and of cuRAND's device
// generators (test/fixtures/fake-cuda/fake_cuda.cc) runs streams as threads with random delays and
// device generators as cuRAND's own host generators, so the double-buffered pipeline of
// native/device_staging.cc must bring exactly the host generator's stream to the caller, chunk after
// chunk, with pinned buffers and without. It also has two GPUs, per-thread current devices,
// allocation failures, sticky errors, device loss and live-object counters (its header comment).
// Every scenario runs in a child process (crashes fail a test, not the runner), all at once.
const gxx = fakeCudaCompiler();
if (gxx === null) console.warn('\n!!! [curand-host] fake-GPU tests are SKIPPED: no g++ to build the CUDA test double\n');

type Findings = Record<string, unknown> & { counters: FakeCudaCounters };
interface ErrorFacts {
  code?: string;
  statusName?: string;
  operation?: string;
}
interface StreamReport {
  calls: Record<string, number>;
  mismatches: string[];
  refusals: Record<string, ErrorFacts | null>;
  pinnedLive: Record<string, number>;
}

const ALGORITHMS = ['philox4x32-10', 'xorwow', 'mrg32k3a', 'mtgp32', 'mt19937'];
const NO_LIVE_OBJECTS = { streams: 0, events: 0, deviceAllocations: 0, pinnedAllocations: 0, deviceGenerators: 0 };

describe.runIf(hasCurandHost && gxx !== null)('[curand-host] the cuda backend on a fake GPU', () => {
  // Each child's findings, or why it failed: a failed child fails the tests that read it.
  const outcomes: Record<string, Findings | Error> = {};
  const results = new Proxy({} as Record<string, Findings>, {
    get: (_, name: string) => {
      const outcome = outcomes[name];
      if (outcome === undefined || outcome instanceof Error) throw outcome ?? new Error(`no child run named ${name}`);
      return outcome;
    },
    ownKeys: () => Object.keys(outcomes),
    getOwnPropertyDescriptor: (_, name: string) => ({ enumerable: true, configurable: true, value: results[name] }),
  });

  beforeAll(async () => {
    const fake = buildFakeCuda(gxx as string);
    const dir = fake.NODE_CURAND_LIB_DIRS;
    const run = (name: string, script: string, args: string[] = []): Promise<void> =>
      new Promise((resolve) => {
        const env = {
          ...process.env,
          ...fake,
          FAKE_CUDA_DEVICES: '2',
          FAKE_CUDA_COUNTERS: join(dir, `counters-${name}`),
          // The device path itself: no small call may go to the CPU kernel (src/backends/cuda-routed.ts).
          NODE_CURAND_CUDA_CPU_BELOW: '0',
          // Frees on the reaper thread take a while, as on a GPU: a read that does not wait for them fails.
          FAKE_CUDA_SLOW_RELEASE_MS: '20',
        };
        const argv = ['--import', 'tsx', '--expose-gc', join(REPO_ROOT, 'test/fixtures/fake-cuda', script), ...args];
        execFile(process.execPath, argv, { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 160_000, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
          outcomes[name] =
            error === null
              ? (JSON.parse(stdout.trim().split('\n').pop() as string) as Findings)
              : new Error(`${script} ${args.join(' ')} failed (${error.signal ?? error.code}): ${stderr}`);
          resolve();
        });
      });
    await Promise.all([
      run('streams', 'gpu-path.ts', ['philox4x32-10,xorwow,mrg32k3a,mtgp32']),
      // MT19937's host generator takes seconds to set up: a process of its own, in parallel.
      run('streams-mt19937', 'gpu-path.ts', ['mt19937']),
      run('faults', 'gpu-faults.ts'),
      run('sticky', 'gpu-device-failure.ts', ['sticky']),
      run('lost', 'gpu-device-failure.ts', ['lost']),
      run('workers', 'gpu-workers.ts'),
    ]);
  }, 170_000);

  it('is found as a CUDA device by the ordinary discovery', () => {
    expect(results.streams.cuda).toEqual({ available: true, reason: null });
    expect(results.streams.device).toBe('node-curand fake GPU (test double)');
    expect(results.faults.devices).toEqual([0, 1]);
  });

  it('gives the host stream bit for bit: every generator and kind, across chunks, sync and async, pinned and pageable', () => {
    const streams = { ...(results.streams.streams as Record<string, StreamReport>), ...(results['streams-mt19937'].streams as Record<string, StreamReport>) };
    expect(Object.keys(streams).sort()).toEqual([...ALGORITHMS].sort());
    for (const [algorithm, report] of Object.entries(streams)) {
      expect(report.mismatches, algorithm).toEqual([]);
      expect(Object.keys(report.calls).sort(), algorithm).toEqual(['async pageable', 'async pinned', 'sync pageable', 'sync pinned']);
      // Two device generators, each 8 kinds × 7 sizes and one large call, compared or refused.
      const calls = Object.values(report.calls).reduce((a, b) => a + b);
      expect(calls + 2 * Object.keys(report.refusals).length, algorithm).toBe(2 * (8 * 7 + 1));
      expect(report.pinnedLive, algorithm).toEqual({ pinned: 2, pageable: 0 });
      // Only Philox's odd double normals can be refused (their state cannot be re-expressed).
      for (const [call, error] of Object.entries(report.refusals)) {
        expect(algorithm, call).toBe('philox4x32-10');
        expect(call).toMatch(/^(normalDouble|logNormalDouble)\(\d*[13579]\)$/);
        expect(error).toMatchObject({ code: 'ERR_CURAND_UNSUPPORTED', statusName: 'CURAND_STATUS_LENGTH_NOT_MULTIPLE' });
      }
    }
  });

  it('odd-length normals on cuda give the host values and the host position afterwards (defect 1)', () => {
    const f = results.streams;
    expect(f['philox normal(2^18 + 1), then the stream']).toBe(true);
    expect(f['philox odd normalDouble(3) from a fresh stream']).toBe(true);
    const refused = { code: 'ERR_CURAND_UNSUPPORTED', statusName: 'CURAND_STATUS_LENGTH_NOT_MULTIPLE' };
    expect(f['philox odd normalDouble refused']).toMatchObject(refused);
    expect(f['philox odd normalDouble refused, async']).toMatchObject(refused);
    expect(f['philox after the refusals: stream continues']).toBe(true);
    expect(f['xorwow odd normal']).toMatchObject(refused);
    expect(f['mtgp32 odd normal, last word fails']).toMatchObject({ code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_LAUNCH_FAILURE' });
    expect(f['mtgp32 odd normal, last word fails: stream continues']).toBe(true);
  });

  it('a failure before anything is generated leaves the stream where it was', () => {
    expect(results.streams['first-chunk failure']).toMatchObject({ code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_LAUNCH_FAILURE' });
    expect(results.streams['first-chunk failure: stream continues']).toBe(true);
  });

  it('a failure part-way through refuses every later call until the stream is restarted', () => {
    const f = results.streams;
    expect(f['mid-call failure']).toMatchObject({ code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_LAUNCH_FAILURE' });
    const lost = { code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_PREEXISTING_FAILURE' };
    expect(f['after a mid-call failure']).toMatchObject(lost);
    expect(f['after a mid-call failure, async']).toMatchObject(lost);
    expect(f['after setSeed']).toBe(true);
  });

  it("runs a generator on cuda:1 and gives the caller's current device back after every call, sync and async (defect 3)", () => {
    const f = results.faults;
    expect(f['cuda:1 device']).toBe('cuda:1');
    expect(f['cuda:1 streams equal the host']).toBe(true);
    const calls = (f['main thread device after each call'] as number[]).length;
    expect(calls).toBeGreaterThan(10);
    expect(f['main thread device after each call']).toEqual(new Array(calls).fill(0));
    // libuv threads that ran cuda:1's async calls, and the reaper that freed them, too.
    expect(f['threads off device 0 after each call']).toEqual(new Array(calls).fill(0));
    for (const name of ['streams', 'streams-mt19937', 'faults', 'lost', 'workers']) {
      expect(results[name].counters.wrongDeviceUses, name).toBe(0);
      expect(results[name].counters.mainThreadDevice, name).toBe(0);
    }
  });

  it('reports cudaMalloc failures with their status, consuming nothing, and falls back to pageable memory when cudaHostAlloc fails', () => {
    const f = results.faults;
    const failed = { code: 'ERR_CUDA_STATUS', statusName: 'cudaErrorMemoryAllocation', operation: 'cudaMalloc' };
    for (const which of [1, 2]) {
      expect(f[`cudaMalloc ${which} fails`]).toEqual(failed);
      expect(f[`cudaMalloc ${which} fails: device allocations left`]).toBe(0);
      expect(f[`cudaMalloc ${which} fails: stream continues`]).toBe(true);
      expect(f[`cudaHostAlloc ${which} fails`]).toEqual({ equal: true, pinned: 0, device: 2 });
    }
    expect(f['cudaMalloc fails while growing']).toEqual(failed);
    expect(f['cudaMalloc fails, async']).toEqual(failed);
    expect(f['cudaMalloc fails while growing: stream continues']).toBe(true);
  });

  it('an asynchronous error that sticks fails every call with its status name, without a crash, and everything is still freed', () => {
    const f = results.sticky;
    const sticky = { code: 'ERR_CUDA_STATUS', statusName: 'cudaErrorLaunchFailure' };
    expect(f['before']).toBe(true);
    expect(f['the failing call']).toMatchObject(sticky);
    // Part of the call had run: the position is unknown.
    expect(f['next call']).toMatchObject({ code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_PREEXISTING_FAILURE' });
    expect(f['next call, async']).toMatchObject({ code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_PREEXISTING_FAILURE' });
    for (const key of ['another generator on that device', 'setSeed', 'a new generator there', 'the other device']) expect(f[key], key).toMatchObject(sticky);
    expect(f['curand-host still works']).toBe(true);
    expect(f.counters).toMatchObject(NO_LIVE_OBJECTS);
  });

  it('losing a device mid-call fails its calls with cudaErrorDevicesUnavailable, the other device goes on, and everything is freed', () => {
    const f = results.lost;
    const lost = { code: 'ERR_CUDA_STATUS', statusName: 'cudaErrorDevicesUnavailable' };
    expect(f['before']).toBe(true);
    expect(f['the failing call']).toMatchObject(lost);
    expect(f['next call']).toMatchObject({ code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_PREEXISTING_FAILURE' });
    expect(f['next call, async']).toMatchObject({ code: 'ERR_CURAND_STATUS', statusName: 'CURAND_STATUS_PREEXISTING_FAILURE' });
    for (const key of ['another generator on that device', 'setSeed', 'a new generator there']) expect(f[key], key).toMatchObject({ ...lost, operation: 'cudaSetDevice' });
    expect(f['the other device']).toBe(true);
    expect(f['curand-host still works']).toBe(true);
    expect(f['main thread device']).toBe(0);
    expect(f.counters).toMatchObject(NO_LIVE_OBJECTS);
  });

  it('never spins in a host wait: the host waits on blocking-sync events (defect 6)', () => {
    for (const [name, findings] of Object.entries(results)) expect(findings.counters.spinWaits, name).toBe(0);
  });

  it('frees disposed and collected generators off the JS thread, and leaves 0 live objects (defect 4)', () => {
    const f = results.faults;
    expect(f['live while in use']).toBe(true);
    expect(f['after dispose and GC']).toMatchObject(NO_LIVE_OBJECTS);
    expect(f['releases on the main thread during dispose and GC']).toBe(0);
    for (const [name, findings] of Object.entries(results)) expect(liveObjects(findings.counters), name).toBe(0);
  });

  it('leaves 0 live objects once worker threads that made generators return, exit or are terminated', () => {
    const f = results.workers;
    expect(f.exits).toEqual([0, 0, 1]);
    expect(f.liveRightAfterExit).toBe(0);
    expect(f.counters).toMatchObject(NO_LIVE_OBJECTS);
  });
});
