/**
 * The stream-stability promise (docs/reproducibility.md): a given (algorithm, ordering, seed,
 * calls) produces the same numbers in every release. fixtures/golden/streams.json was generated
 * once from cuRAND's host generators (fixtures/golden/generate.ts, backend 'curand-host'), never
 * from the code under test; this file replays every case on the 'ts' backend, and on
 * 'curand-host' where libcurand loads.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Generator } from '../src/index.js';
import { glibcReproduced, hostDoubleVariant, machineProbe } from '../src/repro/determinism/machine.js';
import { ALGORITHM_TRAITS } from '../src/algorithms.js';
import { DISTRIBUTIONS, type BackendName, type Distribution, type Ordering } from '../src/types.js';
import { callsOf, concat, GOLDEN_CASES, summarise, type GoldenCase } from './fixtures/golden/cases.js';
import { hasCurandHost } from './support/backends.js';

interface GoldenEntry extends Omit<GoldenCase, 'seed' | 'offset'> {
  seed: string;
  offset?: string;
  samples: Record<string, string[]>;
  sha256: string;
}

const golden = JSON.parse(readFileSync(new URL('./fixtures/golden/streams.json', import.meta.url), 'utf8')) as {
  generatedWith: { backend: string };
  entries: GoldenEntry[];
};

function replay(backend: BackendName, e: GoldenEntry) {
  using g = new Generator({
    backend,
    algorithm: e.algorithm,
    ordering: e.ordering,
    seed: BigInt(e.seed),
    ...(e.offset === undefined ? {} : { offset: BigInt(e.offset) }),
  });
  return summarise(concat(e.dist, callsOf(g, { ...e, seed: BigInt(e.seed) })));
}

/** Why `backend` cannot replay this entry yet (ERR_CURAND_NOT_IMPLEMENTED), or null. */
function missing(backend: BackendName, e: GoldenEntry): string | null {
  try {
    using g = new Generator({ backend, algorithm: e.algorithm });
    // Two elements: XORWOW and MRG32k3a refuse a lone Box–Muller normal.
    (g[e.dist] as (n: number, a: number, b: number) => unknown).call(g, 2, ...e.params);
    return null;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_CURAND_NOT_IMPLEMENTED') return (error as Error).message;
    throw error;
  }
}

describe('golden streams: the fixture', () => {
  it('comes from curand-host and covers every (algorithm, ordering, distribution) it was made for', () => {
    expect(golden.generatedWith.backend).toBe('curand-host');
    const cases = new Set(GOLDEN_CASES.map((c) => c.name));
    for (const e of golden.entries) expect(cases.has(e.name), e.name).toBe(true);
    const algorithms = new Set(golden.entries.map((e) => e.algorithm));
    expect([...algorithms].sort()).toEqual(Object.keys(ALGORITHM_TRAITS).sort());
    for (const algorithm of algorithms) {
      for (const ordering of ['default', 'best', 'legacy'].filter((o) => ALGORITHM_TRAITS[algorithm].orderings.includes(o as Ordering))) {
        for (const dist of DISTRIBUTIONS) {
          expect(golden.entries.some((e) => e.algorithm === algorithm && e.ordering === ordering && e.dist === dist), `${algorithm} ${ordering} ${dist}`).toBe(true);
        }
      }
    }
    // A case added to cases.ts fails here until the fixture is regenerated from cuRAND (generate.ts).
    const absent = GOLDEN_CASES.filter((c) => !golden.entries.some((e) => e.name === c.name));
    expect(absent.map((c) => c.name)).toEqual([]);
  });
});

describe("golden streams on 'ts'", () => {
  const skipped: string[] = [];
  for (const e of golden.entries) {
    const why = missing('ts', e);
    if (why !== null) skipped.push(e.name);
    it.skipIf(why !== null)(`${e.name}${why === null ? '' : ` — SKIPPED: ${why}`}`, () => {
      expect(replay('ts', e)).toEqual({ samples: e.samples, sha256: e.sha256 });
    });
  }
  if (skipped.length > 0) console.warn(`\n!!! golden streams: ${skipped.length} of ${golden.entries.length} cases SKIPPED on 'ts' (not implemented yet)\n`);
});

/** Distributions whose host values come from glibc's math (and so from its version and the CPU). */
const LIBM: readonly Distribution[] = ['normal', 'normalDouble', 'logNormal', 'logNormalDouble', 'poisson'];
const probe = machineProbe();
const sameLibm = glibcReproduced(probe.glibc) && hostDoubleVariant(probe) === 'x86-fma';

describe.runIf(hasCurandHost)('[curand-host] golden streams on cuRAND itself', () => {
  for (const e of golden.entries) {
    const libmDependent = LIBM.includes(e.dist) && !sameLibm;
    it.skipIf(libmDependent)(`${e.name}${libmDependent ? ` — SKIPPED: glibc ${probe.glibc} / ${hostDoubleVariant(probe)} is not what the fixture was made with` : ''}`, () => {
      expect(replay('curand-host', e)).toEqual({ samples: e.samples, sha256: e.sha256 });
    });
  }
});
