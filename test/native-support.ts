/**
 * Shared by the test/native-*.test.ts files: the addon as the package loads it, whether cuRAND's host
 * generators and a GPU are usable here, and a way to run Node code in a child process.
 *
 * Tests that need libcurand carry "[curand-host]" in their title and GPU tests "[cuda]": CI fails when
 * a [curand-host] test is skipped, and with NODE_CURAND_REQUIRE_CURAND=1 a missing libcurand fails
 * the file outright. Skips are announced on stderr, never silent.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { NativeBinding, NativeGeneratorHandle } from '../src/native/binding-types.js';
import { loadNative } from '../src/native/binding.js';
import { loadLibraries } from '../src/native/library-search.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const native = loadNative();
export const libraries = native.binding ? loadLibraries(native.binding) : null;
export const hasAddon = native.binding !== null;
export const hasCurand = libraries?.curand.loaded === true;
export const hasCudart = libraries?.cudart.loaded === true;
export const hasGpu = hasCurand && hasCudart && (native.binding?.cudaDevices().devices.length ?? 0) > 0;

if (!hasCurand) {
  const why = native.binding
    ? `libcurand did not load (tried ${libraries?.curand.attempts.map((a) => a.candidate).join(', ')}); set NODE_CURAND_LIB_DIRS`
    : `no native addon: ${native.error}; run npm run build:native`;
  const message = `[curand-host] native tests are SKIPPED: ${why}`;
  if (process.env.NODE_CURAND_REQUIRE_CURAND === '1') throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
}
if (!hasGpu) console.warn('\n!!! [cuda] native tests are SKIPPED: no usable CUDA device here\n');

/** The loaded binding; only call inside tests that run when hasAddon (or hasCurand) is true. */
export function binding(): NativeBinding {
  if (native.binding === null) throw new Error(`native addon not loaded: ${native.error}`);
  return native.binding;
}

/** A host generator configured like the lead's backend does: ordering, seed, then offset if any. */
export function hostGenerator(
  algorithm: 'philox4x32_10' | 'mtgp32',
  seed: bigint,
  offset: bigint | null = null,
  ordering: keyof NativeBinding['constants']['ordering'] = 'best',
): NativeGeneratorHandle {
  const b = binding();
  const g = new b.NativeGenerator({ rngType: b.constants.rngType[algorithm], host: true, device: 0 });
  g.configure(seed, offset ?? 0n, offset !== null, b.constants.ordering[ordering]);
  return g;
}

/** What the addon's errors carry (src/errors.ts CurandError through the factory). */
export type NativeError = Error & { code?: string; status?: number; statusName?: string; operation?: string };

export type Numeric = Uint32Array | Float32Array | Float64Array;

/**
 * A typed array of `length` elements over a SharedArrayBuffer of its own: what the addon's async
 * calls write into (binding-types.ts: they refuse views of plain ArrayBuffers).
 */
export function shared<T extends Numeric>(Type: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number): T {
  return new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT));
}

/** Bitwise equality of two typed arrays (fast on millions of elements). */
export function sameBits(a: Numeric, b: Numeric): boolean {
  const bytes = (x: Numeric) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  return a.length === b.length && bytes(a).equals(bytes(b));
}

/** The error thrown by `fn`, which must throw. */
export function thrown(fn: () => unknown): NativeError {
  try {
    fn();
  } catch (error) {
    return error as NativeError;
  }
  throw new Error('expected a throw');
}

/** Environment for a child that should find the same addon and libraries as this process. */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_CURAND_ADDON: native.path ?? undefined,
    NODE_CURAND_LIB_DIRS: dirsOfLoadedLibraries(),
    ...extra,
  };
}

function dirsOfLoadedLibraries(): string {
  const loaded = Object.values(libraries ?? {})
    .filter((status) => status.loaded && status.path !== null)
    .map((status) => status.path!.replace(/\/[^/]+$/, ''));
  return [...new Set([...loaded, ...(process.env.NODE_CURAND_LIB_DIRS ?? '').split(':')])].filter(Boolean).join(':');
}

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an ES module given as source text in a child Node process. With `typescript` the child can
 * import ../src/*.ts (through tsx), relative to `cwd`.
 */
export function runNode(
  source: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string; typescript?: boolean; nodeArgs?: string[]; timeoutMs?: number } = {},
): ChildResult {
  const args = [
    ...(options.typescript ? ['--import', 'tsx'] : []),
    ...(options.nodeArgs ?? []),
    '--input-type=module',
    '-e',
    source,
  ];
  const result = spawnSync(process.execPath, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? childEnv(),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}
