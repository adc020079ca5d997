import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  areDeterministicAlgorithmsEnabled,
  backends,
  defaultGenerator,
  Generator,
  isDeterministicAlgorithmsWarnOnlyEnabled,
  NondeterminismError,
  parseWorkspaceConfig,
  seedEverything,
  useDeterministicAlgorithms,
} from '../src/index.js';
import { hostDoubleVariant, machineProbe, setMachineProbe, type MachineProbe } from '../src/repro/determinism/machine.js';
import { generatorRefusal, type GeneratorRequest } from '../src/repro/determinism/policy.js';
import { hasCurandHost } from './support/backends.js';
import { restoreProcessState } from './fixtures/repro/support.js';

afterEach(() => {
  vi.restoreAllMocks();
  restoreProcessState();
});

function refusalOf(fn: () => unknown): NondeterminismError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(NondeterminismError);
    return error as NondeterminismError;
  }
  throw new Error('expected a NondeterminismError');
}

/** Captures process warnings from now on; call the result for the text of those emitted so far. */
function warnings(): () => string {
  const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  return () => spy.mock.calls.map((c) => String(c[0])).join('\n');
}

const NO_GPU = { gpuPresent: () => false };
const GPU = { gpuPresent: () => true };

// First in the file: no seed has been resolved in this module instance yet.
describe('refusal: unseeded', () => {
  it('refuses default generators and seedEverything() seeded from the OS, naming the fix', () => {
    delete process.env.NODE_CURAND_SEED;
    setMachineProbe(NO_GPU);
    useDeterministicAlgorithms(true);
    const e = refusalOf(() => defaultGenerator());
    expect(e.reason).toBe('unseeded');
    expect(e.code).toBe('ERR_CURAND_NONDETERMINISTIC');
    expect(e.message).toMatch(/drawn from the operating system.*Fix: seed the run: seedEverything\(seed\)/);
    expect(refusalOf(() => seedEverything()).reason).toBe('unseeded');
    useDeterministicAlgorithms(false);
    expect(refusalOf(() => seedEverything(undefined, { deterministic: true })).reason).toBe('unseeded');
    expect(areDeterministicAlgorithmsEnabled()).toBe(false); // refused before changing anything
  });

  it("warns instead with deterministic: 'warn'", () => {
    setMachineProbe(NO_GPU);
    const seen = warnings();
    const report = seedEverything(undefined, { deterministic: 'warn' });
    expect(report).toMatchObject({ source: 'os', deterministic: 'warn' });
    expect(isDeterministicAlgorithmsWarnOnlyEnabled()).toBe(true);
    expect(seen()).toMatch(/seedEverything\(\) without a seed would use a seed drawn/);
  });
});

describe('CUBLAS_WORKSPACE_CONFIG', () => {
  it('accepts :SIZE:COUNT pairs', () => {
    expect(parseWorkspaceConfig(':4096:8')).toEqual([{ sizeKiB: 4096, count: 8 }]);
    expect(parseWorkspaceConfig(':16:8')).toEqual([{ sizeKiB: 16, count: 8 }]);
    expect(parseWorkspaceConfig(':4096:2:16:8')).toEqual([
      { sizeKiB: 4096, count: 2 },
      { sizeKiB: 16, count: 8 },
    ]);
  });

  it('rejects malformed values with a message that shows the syntax', () => {
    for (const bad of ['4096:8', ':4096', ':4096:8:', ':4096:8:16', ':-1:8', ' :4096:8', ':4096:8 ', ':a:b', '', '::', ':4096::8']) {
      expect(() => parseWorkspaceConfig(bad), bad).toThrow(RangeError);
    }
    expect(() => parseWorkspaceConfig(':4096')).toThrow(/one or more ':SIZE:COUNT' pairs.*':4096:8', ':16:8' or ':4096:2:16:8'; got ":4096"/);
    expect(() => parseWorkspaceConfig(4096)).toThrow(TypeError);
  });

  it('backends.cublas.workspaceConfig sets the process environment, and warns when cuBLAS is already loaded', () => {
    const seen = warnings();
    setMachineProbe({ loadedLibraries: () => [] });
    backends.cublas.workspaceConfig = ':16:8';
    expect(process.env.CUBLAS_WORKSPACE_CONFIG).toBe(':16:8');
    expect(seen()).toBe('');
    expect(() => (backends.cublas.workspaceConfig = ':16')).toThrow(RangeError);
    expect(backends.cublas.workspaceConfig).toBe(':16:8');
    setMachineProbe({ loadedLibraries: (p) => ['/opt/x/libcublas.so.13', '/opt/x/libcudnn.so.9'].filter((f) => p.test(f.slice(7))) });
    backends.cublas.workspaceConfig = ':4096:8';
    expect(seen()).toMatch(/CUBLAS_WORKSPACE_CONFIG changed after cuBLAS was loaded in this process \(\/opt\/x\/libcublas\.so\.13\)/);
    backends.cublas.workspaceConfig = undefined;
    expect('CUBLAS_WORKSPACE_CONFIG' in process.env).toBe(false);
  });

  it('the real probe finds shared objects mapped in this process', () => {
    expect(machineProbe().loadedLibraries(/^libc\.so/).length).toBeGreaterThan(0);
  });
});

describe('useDeterministicAlgorithms and refusal: cublas-workspace', () => {
  it('with a GPU present, refuses an unset or non-deterministic value, saying exactly what to set', () => {
    setMachineProbe(GPU);
    delete process.env.CUBLAS_WORKSPACE_CONFIG;
    const unset = refusalOf(() => useDeterministicAlgorithms(true));
    expect(unset.reason).toBe('cublas-workspace');
    expect(unset.message).toMatch(/CUBLAS_WORKSPACE_CONFIG is not set/);
    expect(unset.message).toMatch(/set CUBLAS_WORKSPACE_CONFIG=:4096:8 .* or CUBLAS_WORKSPACE_CONFIG=:16:8/);
    expect(areDeterministicAlgorithmsEnabled()).toBe(false);
    process.env.CUBLAS_WORKSPACE_CONFIG = ':4096:2:16:8';
    expect(refusalOf(() => useDeterministicAlgorithms(true)).message).toMatch(/is ":4096:2:16:8", which NVIDIA does not name as deterministic/);
    process.env.CUBLAS_WORKSPACE_CONFIG = 'junk';
    expect(refusalOf(() => useDeterministicAlgorithms(true)).message).toMatch(/is malformed/);
    process.env.CUBLAS_WORKSPACE_CONFIG = ':16:8';
    useDeterministicAlgorithms(true);
    expect(areDeterministicAlgorithmsEnabled()).toBe(true);
  });

  it('warnOnly warns and enables; without a GPU an unset value is fine', () => {
    setMachineProbe(GPU);
    delete process.env.CUBLAS_WORKSPACE_CONFIG;
    const seen = warnings();
    useDeterministicAlgorithms(true, { warnOnly: true });
    expect(isDeterministicAlgorithmsWarnOnlyEnabled()).toBe(true);
    expect(seen()).toMatch(/CUBLAS_WORKSPACE_CONFIG is not set/);
    useDeterministicAlgorithms(false);
    setMachineProbe(NO_GPU);
    useDeterministicAlgorithms(true);
    expect(areDeterministicAlgorithmsEnabled()).toBe(true);
  });

  it('exports TF_DETERMINISTIC_OPS / TF_CUDNN_DETERMINISTIC and restores them when switched off', () => {
    setMachineProbe(NO_GPU);
    process.env.TF_DETERMINISTIC_OPS = '0';
    delete process.env.TF_CUDNN_DETERMINISTIC;
    useDeterministicAlgorithms(true);
    expect([process.env.TF_DETERMINISTIC_OPS, process.env.TF_CUDNN_DETERMINISTIC]).toEqual(['1', '1']);
    useDeterministicAlgorithms(false);
    expect(process.env.TF_DETERMINISTIC_OPS).toBe('0');
    expect('TF_CUDNN_DETERMINISTIC' in process.env).toBe(false);
    expect(() => useDeterministicAlgorithms('yes' as never)).toThrow(TypeError);
    expect(() => useDeterministicAlgorithms(true, { warn: true } as never)).toThrow(/unknown option 'warn'/);
  });

  it('seedEverything({ deterministic: true }) sets everything, as Lightning does', () => {
    setMachineProbe(GPU);
    delete process.env.CUBLAS_WORKSPACE_CONFIG;
    const report = seedEverything(3n, { deterministic: true });
    expect(report.deterministic).toBe(true);
    expect(report.environment).toMatchObject({
      CUBLAS_WORKSPACE_CONFIG: ':4096:8',
      TF_DETERMINISTIC_OPS: '1',
      TF_CUDNN_DETERMINISTIC: '1',
      TF_CUDNN_USE_AUTOTUNE: '0',
      NODE_CURAND_DETERMINISTIC: '1',
      NODE_CURAND_SEED: '3',
    });
    expect([backends.cudnn.deterministic, backends.cudnn.benchmark]).toEqual([true, false]);
    // A value the user chose that is not deterministic is refused, and nothing changes.
    seedEverything(3n, { deterministic: false });
    process.env.CUBLAS_WORKSPACE_CONFIG = ':4096:2';
    expect(refusalOf(() => seedEverything(4n, { deterministic: true })).reason).toBe('cublas-workspace');
    expect(areDeterministicAlgorithmsEnabled()).toBe(false);
    expect(process.env.NODE_CURAND_SEED).toBe('3');
  });
});

describe('backends.cudnn', () => {
  it('benchmark and deterministic export the TensorFlow variables; both together warn', () => {
    const seen = warnings();
    backends.cudnn.benchmark = true;
    expect(process.env.TF_CUDNN_USE_AUTOTUNE).toBe('1');
    backends.cudnn.deterministic = true;
    expect(process.env.TF_CUDNN_DETERMINISTIC).toBe('1');
    expect(seen()).toMatch(/benchmark is true while deterministic mode or backends\.cudnn\.deterministic is on/);
    backends.cudnn.benchmark = false;
    expect(process.env.TF_CUDNN_USE_AUTOTUNE).toBe('0');
    expect(() => (backends.cudnn.benchmark = 1 as never)).toThrow(/backends\.cudnn\.benchmark must be true or false/);
  });
});

describe('refusals of generators (pure check, any machine)', () => {
  const FMA_CPU: Partial<MachineProbe> = { arch: 'x64', glibc: '2.36', cpuFlags: ['sse2', 'avx', 'avx2', 'fma'], glibcTunables: null };
  const probe = (over: Partial<MachineProbe> = {}): MachineProbe => ({ ...machineProbe(), ...FMA_CPU, ...over });
  const request = (over: Partial<GeneratorRequest> = {}): GeneratorRequest => ({
    algorithm: 'philox4x32-10',
    ordering: 'default',
    backend: 'curand-host',
    hostMath: 'x86-fma',
    backendOption: 'curand-host',
    deviceOption: undefined,
    ...over,
  });

  it('host-glibc: curand-host outside glibc 2.36–2.40, or without glibc', () => {
    expect(generatorRefusal(request(), probe())).toBeNull();
    for (const glibc of ['2.41', '2.35', '2.27', null]) {
      const r = generatorRefusal(request(), probe({ glibc }));
      expect(r?.reason, String(glibc)).toBe('host-glibc');
      expect(r?.fix).toMatch(/backend: 'ts'/);
    }
    expect(generatorRefusal(request({ backend: 'ts', backendOption: 'ts' }), probe({ glibc: '2.41' }))).toBeNull();
  });

  it("host-cpu: the CPU's glibc double-math variant differs from hostMath, or is unknown", () => {
    const sse2 = probe({ cpuFlags: ['sse2', 'avx'] });
    expect(hostDoubleVariant(sse2)).toBe('x86-sse2');
    const r = generatorRefusal(request(), sse2);
    expect(r?.reason).toBe('host-cpu');
    expect(r?.fix).toMatch(/hostMath: 'x86-sse2'/);
    expect(generatorRefusal(request({ hostMath: 'x86-sse2' }), sse2)).toBeNull();
    const masked = probe({ glibcTunables: 'glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX512F' });
    expect(hostDoubleVariant(masked)).toBe('x86-sse2');
    expect(generatorRefusal(request(), masked)?.reason).toBe('host-cpu');
    expect(hostDoubleVariant(probe({ cpuFlags: ['sse2', 'fma4'] }))).toBeNull();
    const arm64 = probe({ arch: 'arm64' });
    expect(hostDoubleVariant(arm64)).toBe('aarch64');
    expect(generatorRefusal(request(), arm64)?.reason).toBe('host-cpu');
    expect(generatorRefusal(request({ hostMath: 'aarch64' }), arm64)).toBeNull();
  });

  it("auto-backend: 'auto' landing on the GPU, not an explicit GPU choice", () => {
    const gpu = request({ backend: 'cuda', backendOption: undefined });
    const r = generatorRefusal(gpu, probe(), {});
    expect(r?.reason).toBe('auto-backend');
    expect(r?.fix).toMatch(/backend: 'ts'.*backend: 'cuda'/);
    expect(generatorRefusal({ ...gpu, backendOption: 'auto', deviceOption: 'auto' }, probe(), {})?.reason).toBe('auto-backend');
    expect(generatorRefusal(gpu, probe(), { NODE_CURAND_BACKEND: 'auto' })?.reason).toBe('auto-backend');
    expect(generatorRefusal(gpu, probe(), { NODE_CURAND_BACKEND: 'cuda' })).toBeNull();
    expect(generatorRefusal({ ...gpu, backendOption: 'cuda' }, probe(), {})).toBeNull();
    expect(generatorRefusal({ ...gpu, deviceOption: 'cuda:0' }, probe(), {})).toBeNull();
    expect(generatorRefusal(request({ backend: 'ts', backendOption: undefined }), probe(), {})).toBeNull();
  });

  it("device-ordering: cuRAND's GPU-dependent ordering (which the façade never accepts anyway)", () => {
    expect(generatorRefusal(request({ ordering: 'dynamic' }), probe())?.reason).toBe('device-ordering');
    expect(() => new Generator({ backend: 'ts', ordering: 'dynamic' as never })).toThrow(/CURAND_STATUS_OUT_OF_RANGE/);
  });

  it("the 'ts' backend is accepted in deterministic mode on any machine", () => {
    setMachineProbe({ ...NO_GPU, glibc: '2.41', cpuFlags: null });
    useDeterministicAlgorithms(true);
    using g = new Generator({ backend: 'ts', seed: 1n });
    expect(g.uint32(1).length).toBe(1);
  });
});

describe.runIf(hasCurandHost)('[curand-host] refusals through the Generator constructor', () => {
  it('refuses curand-host on glibc 2.41 and on a non-FMA CPU, and warns instead with warnOnly', () => {
    setMachineProbe({ ...NO_GPU, glibc: '2.41' });
    useDeterministicAlgorithms(true);
    const e = refusalOf(() => new Generator({ backend: 'curand-host', seed: 1n }));
    expect(e.reason).toBe('host-glibc');
    expect(e.message).toMatch(/glibc 2\.41/);
    setMachineProbe({ ...NO_GPU, glibc: '2.36', arch: 'x64', cpuFlags: ['sse2'], glibcTunables: null });
    expect(refusalOf(() => new Generator({ backend: 'curand-host', seed: 1n })).reason).toBe('host-cpu');
    using ok = new Generator({ backend: 'curand-host', seed: 1n, hostMath: 'x86-sse2' });
    const seen = warnings();
    useDeterministicAlgorithms(true, { warnOnly: true });
    using warned = new Generator({ backend: 'curand-host', seed: 1n });
    expect(seen()).toMatch(/x86-sse2' double functions/);
    expect(warned.uint32(2).length + ok.uint32(2).length).toBe(4);
  });
});
