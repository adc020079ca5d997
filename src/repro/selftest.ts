/**
 * The self-test: known answers of every backend that runs here, and fingerprints of every
 * generator × distribution that two machines can compare (`node-curand selftest`).
 */

import { ALGORITHM_TRAITS } from '../algorithms.js';
import { backendInfo } from '../backends/info.js';
import { Generator } from '../generator.js';
import { BACKENDS, DISTRIBUTIONS, OUTPUT_TYPE, type Algorithm, type BackendName, type Distribution, type OutputArray } from '../types.js';
import { digest, PACKAGE } from './record.js';

interface KnownAnswer {
  name: string;
  algorithm: Algorithm;
  seed: bigint;
  offset?: bigint;
  dist: Distribution;
  /** Elements generated (and dropped) before the expected ones, in the same call. */
  skip?: number;
  a?: number;
  b?: number;
  expect: number[];
  /** GPU output differs by design (NVIDIA: Box–Muller normals and log-normals use other math on the device). */
  hostOnly?: boolean;
}

/**
 * cuRAND's host generators, measured (docs/spec/curand-host-semantics.md §3.3 and §7; Philox seed 0 is
 * also the first Random123 philox4x32-10 known-answer row; Poisson(10) is NVIDIA's
 * CUDALibrarySamples cuRAND/Host/philox output).
 */
const KNOWN_ANSWERS: KnownAnswer[] = [
  { name: 'philox seed 0 uint32', algorithm: 'philox4x32-10', seed: 0n, dist: 'uint32', expect: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    name: 'philox seed 42 uint32',
    algorithm: 'philox4x32-10',
    seed: 42n,
    dist: 'uint32',
    expect: [0x9ceaf053, 0x77f5493b, 0x12bf50ad, 0x5742b3d7, 0x02933769, 0x2051e913, 0x3b68b038, 0xb62c409c],
  },
  { name: 'philox seed 42 uint32 [262144, 262148)', algorithm: 'philox4x32-10', seed: 42n, dist: 'uint32', skip: 262144, expect: [0xfcdb2127, 0x53ba6cfd, 0x838f5a6e, 0x744e06fb] },
  { name: 'philox seed 42 offset 1000003 uint32', algorithm: 'philox4x32-10', seed: 42n, offset: 1000003n, dist: 'uint32', expect: [0xd4f14c80, 0xa11f64d5, 0xacef4f0b, 0xdffbc00a] },
  {
    name: 'philox seed 2^64-1 uint32',
    algorithm: 'philox4x32-10',
    seed: 2n ** 64n - 1n,
    dist: 'uint32',
    expect: [0x72a47709, 0x15474739, 0x9f41b01f, 0x22799a5a, 0xa74236ed, 0x7e853102, 0x4c324aa2, 0x4212cad6],
  },
  { name: 'philox seed 42 uniform', algorithm: 'philox4x32-10', seed: 42n, dist: 'uniform', expect: [0.6129598617553711, 0.4685865044593811, 0.07323173433542252, 0.34086155891418457] },
  { name: 'philox seed 42 uniformDouble', algorithm: 'philox4x32-10', seed: 42n, dist: 'uniformDouble', expect: [0.46858679418029187, 0.34086151490420996, 0.3270632689464365, 0.4543153586517528] },
  { name: 'philox seed 42 normal', algorithm: 'philox4x32-10', seed: 42n, dist: 'normal', hostOnly: true, expect: [0.194018871, -0.97018981, 1.92392659, -1.23562121] },
  {
    name: 'philox seed 42 normalDouble (glibc FMA variant)',
    algorithm: 'philox4x32-10',
    seed: 42n,
    dist: 'normalDouble',
    hostOnly: true,
    expect: [1.0360235505368471, -0.6653743849976409, 0.42328043627196804, -1.4338887543449035],
  },
  { name: 'philox seed 1234 poisson(10)', algorithm: 'philox4x32-10', seed: 1234n, dist: 'poisson', a: 10, expect: [15, 7, 12, 8, 7, 12, 8, 17, 10, 6, 11, 12] },
  { name: 'mtgp32 seed 42 uint32', algorithm: 'mtgp32', seed: 42n, dist: 'uint32', expect: [0xbbb4d53b, 0xcf53ac06, 0xe03a187d, 0xe9b34bd3] },
  { name: 'mtgp32 seed 42 uint32 [256, 260)', algorithm: 'mtgp32', seed: 42n, dist: 'uint32', skip: 256, expect: [0x8a3682b7, 0x188ec172, 0x372bdad1, 0xb0d0c676] },
  { name: 'mtgp32 seed 42 uint32 [16384, 16388)', algorithm: 'mtgp32', seed: 42n, dist: 'uint32', skip: 16384, expect: [0x7766bad3, 0x08941227, 0xf113dc02, 0x3c8fa887] },
  { name: 'mtgp32 seed 1234 uint32', algorithm: 'mtgp32', seed: 1234n, dist: 'uint32', expect: [0x95130d0d, 0x76af12e1, 0x9d99d21c, 0xff1234b2] },
  { name: 'mtgp32 seed 42 uniformDouble', algorithm: 'mtgp32', seed: 42n, dist: 'uniformDouble', expect: [0.7332280417904258, 0.8098704831209034] },
  { name: 'mtgp32 seed 42 normal', algorithm: 'mtgp32', seed: 42n, dist: 'normal', expect: [0.622605264, 0.877419055, 1.15466642, 1.35878158] },
  // docs/spec/curand-more-generators.md §6 (cuRAND host, measured).
  { name: 'xorwow seed 42 uint32', algorithm: 'xorwow', seed: 42n, dist: 'uint32', expect: [0x11ece47f, 0x28ff4cc2, 0x6ba5a19e, 0x938d0a4a] },
  { name: 'xorwow seed 42 uint32 [4096, 4100)', algorithm: 'xorwow', seed: 42n, dist: 'uint32', skip: 4096, expect: [0x8cdacf50, 0x9a883f28, 0x6a46f9c0, 0x6d9e5af9] },
  { name: 'mrg32k3a seed 42 uint32', algorithm: 'mrg32k3a', seed: 42n, dist: 'uint32', expect: [0x3b3f724d, 0x1c3bfde7, 0xf789b814, 0x894c2884] },
  { name: 'mrg32k3a seed 42 uniformDouble', algorithm: 'mrg32k3a', seed: 42n, dist: 'uniformDouble', expect: [0.23143686665461985, 0.1102904023254975, 0.9669451760341279, 0.5363183329092646] },
  { name: 'mt19937 seed 42 uint32', algorithm: 'mt19937', seed: 42n, dist: 'uint32', expect: [0x5fe1dc66, 0x92089dcd, 0x533f36d7, 0xb240ff26] },
];

export interface SelftestCheck {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string | null;
}

export interface SelftestBackend {
  backend: BackendName;
  available: boolean;
  reason: string | null;
  checks: SelftestCheck[];
  /** Per algorithm and distribution: digest of the first FINGERPRINT_LENGTH values ('n/a' where not implemented). */
  fingerprints: Record<string, string>;
  /** One digest over all of `fingerprints`: two machines agree on this backend when theirs are equal. */
  fingerprint: string | null;
}

export interface SelftestReport {
  ok: boolean;
  package: string;
  fingerprintSeed: string;
  fingerprintLength: number;
  backends: SelftestBackend[];
}

export const FINGERPRINT_SEED = 20240917n;
export const FINGERPRINT_LENGTH = 4096;
const FINGERPRINT_PARAMS: Partial<Record<Distribution, [number, number]>> = { poisson: [10, 0] };

/** The backend cannot run this (not implemented yet, or not supported by cuRAND): no value to compare. */
function isNotImplemented(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ERR_CURAND_NOT_IMPLEMENTED' || code === 'ERR_CURAND_UNSUPPORTED';
}

/** Runs one generate call of `dist` on a fresh generator; null when the backend does not implement it. */
function sample(backend: BackendName, algorithm: Algorithm, seed: bigint, offset: bigint | undefined, dist: Distribution, n: number, a: number, b: number): OutputArray | null {
  let g: Generator;
  try {
    g = new Generator({ algorithm, seed, backend, ...(offset === undefined ? {} : { offset }) });
  } catch (error) {
    if (isNotImplemented(error)) return null;
    throw error;
  }
  try {
    const generate = g[dist] as (n: number, a: number, b: number) => OutputArray;
    return generate.call(g, n, a, b);
  } catch (error) {
    if (isNotImplemented(error)) return null;
    throw error;
  } finally {
    g.dispose();
  }
}

function runKnownAnswer(backend: BackendName, k: KnownAnswer): SelftestCheck {
  if (k.hostOnly && backend === 'cuda') return { name: k.name, status: 'skip', detail: 'GPU normals and log-normals differ from host ones by design' };
  const skip = k.skip ?? 0;
  let out: OutputArray | null;
  try {
    out = sample(backend, k.algorithm, k.seed, k.offset, k.dist, skip + k.expect.length, k.a ?? 0, k.b ?? 1);
  } catch (error) {
    return { name: k.name, status: 'fail', detail: (error as Error).message };
  }
  if (out === null) return { name: k.name, status: 'skip', detail: `not implemented on '${backend}' yet` };
  const got = out.subarray(skip);
  const want = new OUTPUT_TYPE[k.dist](k.expect);
  const same = got.every((x, i) => Object.is(x, want[i]));
  if (same) return { name: k.name, status: 'pass', detail: null };
  const hint = backend === 'curand-host' && k.hostOnly ? " (curand-host normals depend on the glibc version and the CPU's FMA support)" : '';
  return { name: k.name, status: 'fail', detail: `got ${Array.from(got).join(' ')}, expected ${Array.from(want).join(' ')}${hint}` };
}

/**
 * One generator per algorithm, every distribution drawn from it in turn: a fresh generator per
 * distribution would cost MT19937's multi-second set-up eight times on cuRAND.
 */
function fingerprints(backend: BackendName): Record<string, string> {
  const result: Record<string, string> = {};
  for (const algorithm of Object.keys(ALGORITHM_TRAITS) as Algorithm[]) {
    let g: Generator | null = null;
    try {
      g = new Generator({ algorithm, seed: FINGERPRINT_SEED, backend });
    } catch (error) {
      if (!isNotImplemented(error)) throw error;
    }
    try {
      for (const dist of DISTRIBUTIONS) {
        const [a, b] = FINGERPRINT_PARAMS[dist] ?? [0, 1];
        let out: OutputArray | null = null;
        try {
          if (g !== null) out = (g[dist] as (n: number, a: number, b: number) => OutputArray).call(g, FINGERPRINT_LENGTH, a, b);
        } catch (error) {
          // A refused call leaves the stream untouched, so the next distribution is unaffected.
          if (!isNotImplemented(error)) throw error;
        }
        result[`${algorithm} ${dist}`] = out === null ? 'n/a' : digest(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
      }
    } finally {
      g?.dispose();
    }
  }
  return result;
}

/**
 * Known-answer vectors on every available backend, and a fingerprint of the first values of each
 * generator and distribution, so that CI can assert that two machines (or backends) agree.
 */
export function selftest(): SelftestReport {
  const info = backendInfo();
  const backends = BACKENDS.map((backend): SelftestBackend => {
    const status = info.backends[backend];
    if (!status.available) return { backend, available: false, reason: status.reason, checks: [], fingerprints: {}, fingerprint: null };
    const fp = fingerprints(backend);
    return {
      backend,
      available: true,
      reason: null,
      checks: KNOWN_ANSWERS.map((k) => runKnownAnswer(backend, k)),
      fingerprints: fp,
      fingerprint: digest(Object.entries(fp).map(([k, v]) => `${k}=${v};`).join('')),
    };
  });
  return {
    ok: backends.every((b) => b.checks.every((c) => c.status !== 'fail')),
    package: `${PACKAGE.name} ${PACKAGE.version}`,
    fingerprintSeed: FINGERPRINT_SEED.toString(),
    fingerprintLength: FINGERPRINT_LENGTH,
    backends,
  };
}
