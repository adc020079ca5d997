import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/repro/cli.js';
import { defaultGenerator, diffRecords, reproRecord, seedEverything, selftest, type ReproRecord } from '../src/index.js';
import { hasCurandHost } from './support/backends.js';
import { REPO_ROOT, restoreProcessState, runScript, type Run } from './fixtures/repro/support.js';

afterEach(() => {
  vi.restoreAllMocks();
  restoreProcessState();
});

/** A record of this process with the library fields filled in, whatever this machine has. */
function baseRecord(): ReproRecord {
  seedEverything(42n);
  defaultGenerator().uint32(3);
  const r = reproRecord();
  const lib = (version: number, release: string) => ({ loaded: true, path: `/opt/nvidia/lib${release}.so`, version, release });
  return {
    ...r,
    glibc: '2.36',
    libraries: { curand: lib(10400, '10.4.0'), cudart: lib(13000, '13.0'), cublas: lib(130101, '13.1.1'), cudnn: lib(92400, '9.24.0') },
    backends: { ts: { available: true, reason: null }, 'curand-host': { available: true, reason: null }, cuda: { available: false, reason: 'no GPU' } },
    gpus: [],
  };
}

const edit = (r: ReproRecord, change: (copy: ReproRecord) => void): ReproRecord => {
  const copy = structuredClone(r);
  change(copy);
  return copy;
};

describe('reproRecord', () => {
  it('captures versions, machine, seed, default generators, determinism flags and environment, as JSON', () => {
    seedEverything(7n, { mathRandom: true });
    defaultGenerator().uint32(5);
    const r = reproRecord();
    expect(r).toMatchObject({
      format: 'node-curand/repro-record',
      version: 1,
      package: { name: 'node-curand', streamVersion: 1 },
      node: { version: process.version },
      seed: { seed: '7', source: 'argument', generatorSeed: '7', rank: null },
      generators: { cpu: { backend: expect.stringMatching(/^(ts|wasm|simd)$/), algorithm: 'philox4x32-10', ordering: 'default', seed: '7', position: '5' } },
      determinism: { deterministicAlgorithms: false, mathRandom: true },
      environment: { NODE_CURAND_SEED: '7' },
    });
    expect(r.generators.cpu.stateDigest).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(r.backends)).toEqual(['ts', 'wasm', 'simd', 'curand-host', 'cuda']);
    if (process.platform === 'linux') expect(r.glibc).toMatch(/^2\.\d+/);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('diffRecords: the differences that can change results, each with its reason', () => {
  const base = baseRecord();

  it('no differences between a record and itself (createdAt aside)', () => {
    expect(diffRecords(base, edit(base, (c) => (c.createdAt = 'later')))).toEqual([]);
  });

  it('a changed seed', () => {
    const other = edit(base, (c) => {
      c.seed.seed = c.seed.generatorSeed = '43';
    });
    const d = diffRecords(base, other);
    expect(d).toEqual([{ field: 'seed.seed', a: '42', b: '43', impact: 'changes', reason: 'the job seed decides every stream' }]);
    expect(diffRecords(base, other, { all: true }).map((x) => [x.field, x.impact])).toContainEqual(['seed.generatorSeed', 'none']);
  });

  it('a changed glibc: matters to curand-host outside 2.36–2.40 only', () => {
    const [d] = diffRecords(base, edit(base, (c) => (c.glibc = '2.41')));
    expect(d).toMatchObject({ field: 'glibc', a: '2.36', b: '2.41', impact: 'may-change' });
    expect(d.reason).toMatch(/'curand-host' computes normals, log-normals and Poisson with glibc's math/);
    expect(diffRecords(base, edit(base, (c) => (c.glibc = '2.39')))).toEqual([]);
    const tsOnly = edit(base, (c) => (c.backends['curand-host'] = { available: false, reason: 'no libcurand' }));
    expect(diffRecords(tsOnly, edit(tsOnly, (c) => (c.glibc = '2.41')))).toEqual([]);
  });

  it('another exact CPU backend changes nothing; a GPU does', () => {
    const cpu = (backend: string) => edit(base, (c) => (c.generators.cpu.backend = backend));
    expect(diffRecords(cpu('ts'), cpu('simd'))).toEqual([]);
    expect(diffRecords(cpu('ts'), cpu('simd'), { all: true })).toContainEqual(expect.objectContaining({ field: 'generators.cpu.backend', impact: 'none' }));
    expect(diffRecords(cpu('ts'), cpu('cuda'))[0]).toMatchObject({ field: 'generators.cpu.backend', impact: 'changes' });
  });

  it('a changed cuRAND version', () => {
    const d = diffRecords(base, edit(base, (c) => Object.assign(c.libraries!.curand, { version: 10500, release: '10.5.0' })));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ field: 'libraries.curand.version', a: 10400, b: 10500, impact: 'may-change' });
    expect(d[0].reason).toMatch(/cuRAND's own output .* may change between releases/);
  });

  it('generator positions, the CPU math variant, GPUs and the automatic backend', () => {
    const fields = (r: ReproRecord, from = base) => diffRecords(from, r).map((x) => `${x.impact} ${x.field}`);
    expect(fields(edit(base, (c) => (c.generators.cpu.stateDigest = '0'.repeat(16))))).toEqual(['changes generators.cpu.stateDigest']);
    expect(fields(edit(base, (c) => (c.generators = {})))).toEqual(['may-change generators.cpu']);
    expect(fields(edit(base, (c) => (c.cpu.hostMath = 'x86-sse2')))).toEqual(['may-change cpu.hostMath']);
    expect(fields(edit(base, (c) => (c.autoBackend = 'cuda on cuda:0')))).toEqual(['changes autoBackend']);
    const gpu = { index: 0, name: 'NVIDIA A100', computeCapability: '8.0', multiProcessorCount: 108, totalMemoryBytes: 4e10, uuid: 'GPU-1' };
    const withGpu = edit(base, (c) => (c.gpus = [gpu]));
    expect(fields(withGpu)).toEqual(['may-change gpus']);
    expect(fields(edit(withGpu, (c) => Object.assign(c.gpus[0], { name: 'NVIDIA H100', computeCapability: '9.0', uuid: 'GPU-2' })), withGpu)).toEqual([
      'may-change gpus.0.name',
      'may-change gpus.0.computeCapability',
    ]);
  });

  it('refuses what is not a record', () => {
    expect(() => diffRecords({} as never, base)).toThrow(/a must be a record from reproRecord/);
    expect(() => diffRecords(base, { ...base, version: 2 } as never)).toThrow(/b\.version 2 is not supported/);
  });
});

describe('selftest', () => {
  it('passes the known answers on every available backend; fingerprints agree where both backends implement a stream', () => {
    const report = selftest();
    expect(report.ok).toBe(true);
    const ts = report.backends.find((b) => b.backend === 'ts')!;
    expect(ts.checks.filter((c) => c.status === 'fail')).toEqual([]);
    for (const c of ts.checks.filter((x) => x.status === 'skip')) expect(c.detail).toMatch(/not implemented on 'ts' yet/);
    const host = report.backends.find((b) => b.backend === 'curand-host')!;
    if (host.available) {
      expect(host.checks.every((c) => c.status === 'pass')).toBe(true);
      for (const [key, value] of Object.entries(ts.fingerprints)) if (value !== 'n/a') expect(host.fingerprints[key], key).toBe(value);
    }
  });
});

describe('command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'node-curand-cli-'));

  /** main() in this process, with its output captured. */
  function cli(...args: string[]): Run {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    try {
      return { status: main(args), stdout: out.join(''), stderr: err.join('') };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }

  it('runs as a program: npx node-curand info', async () => {
    const info = await runScript(join(REPO_ROOT, 'src/repro/cli.ts'), ['info']);
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/^node-curand \S+ \(stream version 1\)$/m);
    expect(info.stdout).toMatch(/^backends:\n {2}ts {11}available$/m);
    expect(info.stdout).toMatch(/^determinism: off; cudnn\.deterministic false; cudnn\.benchmark false; CUBLAS_WORKSPACE_CONFIG unset$/m);
  });

  it('record, diff and usage errors', () => {
    const a = join(dir, 'a.json');
    const recorded = cli('record', '--seed', '42', '-o', a);
    expect(recorded).toEqual({ status: 0, stdout: `record written to ${a}\n`, stderr: '' });
    const record = JSON.parse(readFileSync(a, 'utf8')) as ReproRecord;
    expect(record.seed).toMatchObject({ seed: '42', source: 'argument' });
    expect(record.generators.cpu.seed).toBe('42');
    expect(cli().status).toBe(2);
    expect(cli('--help')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: node-curand <command>/) });
    expect(cli('frobnicate')).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown command 'frobnicate'/) });
    expect(cli('info', 'extra').status).toBe(2);
    expect(cli('diff', a).stderr).toMatch(/diff takes two record files/);

    const b = join(dir, 'b.json');
    writeFileSync(b, JSON.stringify(edit(record, (c) => Object.assign(c, { glibc: '2.41', seed: { ...c.seed, seed: '43' } }))));
    const diff = cli('diff', a, b);
    expect(diff.status).toBe(1);
    expect(diff.stdout).toMatch(/changes {5}seed\.seed: 42 → 43\n {14}the job seed decides every stream/);
    expect(cli('diff', a, a)).toMatchObject({ status: 0, stdout: expect.stringMatching(/no differences that can change results/) });
    expect(JSON.parse(cli('diff', '--json', a, b).stdout)[0]).toMatchObject({ field: 'seed.seed', impact: 'changes' });
  });

  it.runIf(hasCurandHost)('[curand-host] selftest prints known-answer results and fingerprints', () => {
    const run = cli('selftest');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^curand-host: [1-9][0-9]* passed, 0 failed, 0 skipped$/m);
    expect(run.stdout).toMatch(/^ {2}philox4x32-10 normalDouble +[0-9a-f]{16}( +=)+$/m);
    expect(run.stdout).toMatch(/selftest passed\n$/);
  });
});
