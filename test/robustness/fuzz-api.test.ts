/**
 * Issue 12's fuzz of the public API: every Generator method and the module functions over hostile
 * values and output arrays, on every backend that runs here and all five algorithms, checked
 * against the error contract and against a `ts` twin (fuzz-api-model.ts, fuzz-api-module.ts).
 * The Generator fuzz runs in child processes (fuzz-api-child.ts), native backends apart from the
 * others, so that a crash fails a test instead of the run; the children run concurrently.
 *
 * NODE_CURAND_FUZZ_RUNS multiplies the runs (20 for a deep local run); NODE_CURAND_FUZZ_SEED (printed)
 * replays a run, with NODE_CURAND_FUZZ_PATH and `-t <property name>` a single counterexample.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { backendInfo, Generator } from '../../src/index.js';
import { ALGORITHMS, type BackendName } from '../../src/types.js';
import { ISSUE_CASES, type PropertyResult, type Variant } from './fuzz-api-model.js';
import { fuzzModuleFunctions, MODULE_CASES, runModuleCase } from './fuzz-api-module.js';
import { casesOf, childTrouble, FUZZ_FACTOR, runChild } from './support.js';

const backends = backendInfo().backends;

function runsHere(name: BackendName): boolean {
  if (backends[name].available) return true;
  const message = `${name === 'curand-host' ? '[curand-host] ' : ''}robustness fuzz of '${name}' SKIPPED: ${backends[name].reason}`;
  if (name === 'curand-host' && process.env.NODE_CURAND_REQUIRE_CURAND === '1') throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
  return false;
}

function report(results: PropertyResult[]): string {
  const failed = results.filter((r) => r.failure !== null);
  return `${failed.length} of ${results.length} properties failed\n\n${failed.map((r) => r.failure).join('\n\n')}`;
}

/** The simd backend twice: its best kernel, and another kernel with two threads where this CPU has one. */
function simdVariants(): Variant[] {
  const variants: Variant[] = [{ label: 'simd', options: { backend: 'simd' } }];
  for (const kernel of ['avx2', 'generic'] as const) {
    try {
      new Generator({ backend: 'simd', kernel }).dispose();
      variants.push({ label: `simd ${kernel} threads 2`, options: { backend: 'simd', kernel, threads: 2 } });
      break;
    } catch {
      // this CPU lacks the kernel: try the next
    }
  }
  return variants;
}

const GROUPS: { title: string; backends: BackendName[]; variants: () => Variant[] }[] = [
  {
    title: 'ts and wasm',
    backends: ['ts', 'wasm'],
    variants: () => [
      { label: 'ts', options: { backend: 'ts' } },
      { label: 'wasm', options: { backend: 'wasm' } },
      { label: 'wasm threads 2', options: { backend: 'wasm', threads: 2 } },
    ],
  },
  { title: 'simd', backends: ['simd'], variants: simdVariants },
  { title: '[curand-host] curand-host', backends: ['curand-host'], variants: () => [{ label: 'curand-host', options: { backend: 'curand-host' } }] },
];

const trace = mkdtempSync(join(tmpdir(), 'node-curand-fuzz-'));
afterAll(() => rmSync(trace, { recursive: true, force: true }));
const LIMIT_MS = Math.round(170_000 * Math.max(1, FUZZ_FACTOR));

describe.concurrent('robustness fuzz: Generator (a child process per backend group and algorithm)', () => {
  for (const group of GROUPS) {
    for (const algorithm of ALGORITHMS) {
      it.runIf(group.backends.every(runsHere))(`${group.title} ${algorithm}: no crash; hostile calls keep the contract and the twin's state`, async () => {
        const traceFile = join(trace, `${group.backends.join('-')}-${algorithm}.txt`);
        const outcome = await runChild<{ results: PropertyResult[] }>('./fuzz-api-child.ts', [JSON.stringify({ variants: group.variants(), algorithm })], {
          timeoutMs: LIMIT_MS,
          env: { ...process.env, NODE_CURAND_FUZZ_TRACE: traceFile },
        });
        let last = '';
        try {
          last = readFileSync(traceFile, 'utf8');
        } catch {
          // no call was made
        }
        const trouble = childTrouble(outcome, `fuzz child ${group.title} ${algorithm}`);
        expect(trouble, `${trouble}\nthe call in flight: ${last}`).toBeNull();
        expect(outcome.result, outcome.stdout).not.toBeNull();
        const results = outcome.result!.results;
        expect(results.every((r) => r.failure === null), report(results)).toBe(true);
      }, LIMIT_MS + 60_000);
    }
  }
});

/** The issue's reproducers: those of a backend in one child (run once), crash-prone ones in their own. */
const issueRuns = new Map<string, Promise<{ results: PropertyResult[]; trouble: string | null }>>();
function issueResults(backend: BackendName, name?: string): Promise<{ results: PropertyResult[]; trouble: string | null }> {
  const key = `${backend}/${name ?? ''}`;
  let run = issueRuns.get(key);
  if (run === undefined) {
    const traceFile = join(trace, `issue-${key.replace(/\W+/g, '-')}.txt`);
    run = runChild<{ results: PropertyResult[] }>('./fuzz-api-child.ts', [JSON.stringify({ issue: true, variant: { label: backend, options: { backend } }, name })], {
      timeoutMs: 170_000,
      env: { ...process.env, NODE_CURAND_FUZZ_TRACE: traceFile },
    }).then((outcome) => {
      let trouble = childTrouble(outcome, `issue reproducers on ${backend}`);
      if (trouble !== null) {
        try {
          trouble += `\nthe call in flight: ${readFileSync(traceFile, 'utf8')}`;
        } catch {
          // no call was made
        }
      }
      return { results: casesOf<PropertyResult>(outcome), trouble };
    });
    issueRuns.set(key, run);
  }
  return run;
}

describe.concurrent('robustness fuzz: the issue’s reproducers through the same checks (children)', () => {
  for (const c of ISSUE_CASES) {
    for (const backend of c.backends) {
      it.runIf(runsHere(backend))(`${backend === 'curand-host' ? '[curand-host] ' : ''}${backend}: ${c.name}`, async () => {
        const { results, trouble } = await issueResults(backend, c.ownProcess === true ? c.name : undefined);
        const r = results.find((x) => x.name === c.name);
        expect(r === undefined ? (trouble ?? 'no result') : null, 'the child did not finish this case').toBeNull();
        expect(r!.failure).toBeNull();
      }, 180_000);
    }
  }
});

describe('robustness fuzz: module functions', () => {
  for (const c of MODULE_CASES) {
    it(c.name, async () => {
      expect(await runModuleCase(c.cmd)).toBeNull();
    });
  }

  it('seedEverything, defaultGenerator, deriveSeed, workerSeed, withGenerator, useDeterministicAlgorithms, reproRecord, diffRecords, backendInfo', async () => {
    const results = await fuzzModuleFunctions();
    expect(results.every((r) => r.failure === null), report(results)).toBe(true);
  }, 180_000);
});
