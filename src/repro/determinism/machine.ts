/**
 * What the machine is, as deterministic mode and the records see it: the C library, the CPU
 * features that decide glibc's math variant, GPUs, the shared objects mapped. Injectable
 * (setMachineProbe), so that every refusal can be tested on any machine.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

import { cudaStatus, ownLibraryPaths } from '../../backends/discovery.js';
import type { HostMath } from '../../types.js';

export interface MachineProbe {
  /** The glibc version in use ('2.36'), or null (another C library, or not Linux). */
  glibc: string | null;
  /** process.arch */
  arch: string;
  /** CPU feature flags as /proc/cpuinfo names them ('fma', 'avx2', …), or null when unknown. */
  cpuFlags: readonly string[] | null;
  /** GLIBC_TUNABLES, which can mask CPU features from glibc's function selection. */
  glibcTunables: string | null;
  /** Whether a CUDA GPU is visible to GPU libraries in this process. */
  gpuPresent(): boolean;
  /** Paths of the shared objects the program loaded (not node-curand itself) whose file name matches `pattern`. */
  loadedLibraries(pattern: RegExp): string[];
}

let realProbe: MachineProbe | null = null;
let probeOverride: Partial<MachineProbe> | null = null;

function readCpuFlags(): string[] | null {
  try {
    const line = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return line === null ? null : line[1].trim().split(/\s+/);
  } catch {
    return null;
  }
}

function readGlibc(): string | null {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ?? null;
}

function countDriverGpus(): number {
  try {
    return readdirSync('/proc/driver/nvidia/gpus').length;
  } catch {
    return 0;
  }
}

function mappedLibraries(pattern: RegExp): string[] {
  let maps: string;
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const line of maps.split('\n')) {
    const at = line.indexOf('/');
    if (at >= 0 && pattern.test(basename(line.slice(at)))) found.add(line.slice(at));
  }
  return [...found];
}

/** The machine as deterministic mode sees it (cached; tests replace parts with setMachineProbe). */
export function machineProbe(): MachineProbe {
  realProbe ??= {
    glibc: readGlibc(),
    arch: process.arch,
    cpuFlags: readCpuFlags(),
    glibcTunables: process.env.GLIBC_TUNABLES ?? null,
    // The NVIDIA kernel driver lists its GPUs even where node-curand found no CUDA runtime; other
    // libraries in the process may bring their own. CUDA_VISIBLE_DEVICES='' or '-1' hides them all.
    gpuPresent: () =>
      (cudaStatus().devices?.devices.length ?? 0) > 0 ||
      (countDriverGpus() > 0 && !['', '-1'].includes(process.env.CUDA_VISIBLE_DEVICES ?? 'all')),
    loadedLibraries: (pattern) => {
      const own = ownLibraryPaths();
      return mappedLibraries(pattern).filter((path) => !own.has(path));
    },
  };
  return probeOverride === null ? realProbe : { ...realProbe, ...probeOverride };
}

/** Replaces parts of the machine probe (tests only); null restores the real one. */
export function setMachineProbe(overrides: Partial<MachineProbe> | null): void {
  probeOverride = overrides;
}

/** The glibc versions whose math node-curand reproduces (docs/spec/exact-math.md). */
export const REPRODUCED_GLIBC = { min: [2, 36], max: [2, 40] } as const;

export function glibcReproduced(version: string | null): boolean {
  const m = version === null ? null : /^(\d+)\.(\d+)/.exec(version);
  if (m === null) return false;
  const v = Number(m[1]) * 1000 + Number(m[2]);
  const at = ([major, minor]: readonly [number, number]) => major * 1000 + minor;
  return v >= at(REPRODUCED_GLIBC.min) && v <= at(REPRODUCED_GLIBC.max);
}

/**
 * Which of glibc's double-math variants this process runs, as a HostMath value, or null when it
 * cannot be told. On x86-64, glibc's ifunc selectors (sysdeps/x86_64/fpu/multiarch/ifunc-fma*.h) take
 * the FMA bodies when FMA and AVX2 are usable, FMA4 bodies on FMA4-only CPUs (not reproduced), and
 * otherwise the SSE2/AVX bodies, which compute like the plain C code; GLIBC_TUNABLES
 * glibc.cpu.hwcaps=-FMA,… masks features. On arm64 glibc has one build of these functions, 'aarch64'
 * (measured for glibc 2.36: src/math/libm.ts).
 */
export function hostDoubleVariant(probe: MachineProbe): HostMath | null {
  if (probe.arch === 'arm64') return 'aarch64';
  if (probe.arch !== 'x64' || probe.cpuFlags === null) return null;
  const hwcaps = /glibc\.cpu\.hwcaps=([^:]*)/.exec(probe.glibcTunables ?? '')?.[1].split(',') ?? [];
  const usable = (flag: string, name: string) =>
    probe.cpuFlags!.includes(flag) && !hwcaps.includes(`-${name}`) && !hwcaps.includes(`-${name}_Usable`);
  if (usable('fma', 'FMA') && usable('avx2', 'AVX2')) return 'x86-fma';
  if (usable('fma4', 'FMA4')) return null;
  return 'x86-sse2';
}
