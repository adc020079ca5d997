/**
 * Issue 12's state tampering: getState() results with fields changed, removed or added, resumed with
 * Generator.fromState on every backend that runs here (state-tampering-model.ts states the
 * contract). Each backend's cases run in a child process, each case in a worker thread with a time
 * limit, so that neither a hang nor a crash can stall the run; the issue's reproducers (items 5, 9,
 * 10, 12) are explicit cases with a test each.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { backendInfo } from '../../src/index.js';
import type { Algorithm, BackendName } from '../../src/types.js';
import { EXPLICIT_CASES } from './state-tampering-model.js';
import { childTrouble, FUZZ_FACTOR, runChild, type ChildOutcome } from './support.js';

type Results = { results: { name: string; failure: string | null; ms: number; outcome?: string; detail?: string }[] };

const backends = backendInfo().backends;
const trace = mkdtempSync(join(tmpdir(), 'node-curand-state-'));
afterAll(() => rmSync(trace, { recursive: true, force: true }));

function available(name: BackendName): boolean {
  if (backends[name].available) return true;
  const message = `${name === 'curand-host' ? '[curand-host] ' : ''}state tampering on '${name}' SKIPPED: ${backends[name].reason}`;
  if (name === 'curand-host' && process.env.NODE_CURAND_REQUIRE_CURAND === '1') throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
  return false;
}

async function child(config: unknown, label: string, timeoutMs: number): Promise<{ outcome: ChildOutcome<Results>; trouble: string | null }> {
  const traceFile = join(trace, `${label.replace(/\W+/g, '-')}.txt`);
  const outcome = await runChild<Results>('./state-tampering-child.ts', [JSON.stringify(config, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))], {
    timeoutMs,
    env: { ...process.env, NODE_CURAND_FUZZ_TRACE: traceFile },
  });
  let trouble = childTrouble(outcome, `state tampering child (${label})`);
  if (trouble !== null) {
    let last = '';
    try {
      last = readFileSync(traceFile, 'utf8');
    } catch {
      // nothing ran
    }
    trouble += `\nthe case in flight: ${last}`;
  }
  return { outcome, trouble };
}

/**
 * Where each algorithm is tampered with, and whether the resumed generator generates: cuRAND's
 * host MRG32k3a and MT19937 spend seconds on set-up at their first call, so there only fromState
 * and the round trip run (MT19937 not at all: fromState itself generates its way to the position).
 */
const PLAN: { backend: BackendName; title: string; algorithms: [Algorithm, boolean][]; runs: number }[] = [
  { backend: 'ts', title: 'ts', algorithms: [['philox4x32-10', true], ['mtgp32', true], ['xorwow', true], ['mrg32k3a', true], ['mt19937', true]], runs: 25 },
  { backend: 'simd', title: 'simd', algorithms: [['philox4x32-10', true], ['mtgp32', true]], runs: 20 },
  { backend: 'wasm', title: 'wasm', algorithms: [['philox4x32-10', true]], runs: 20 },
  { backend: 'curand-host', title: '[curand-host] curand-host', algorithms: [['philox4x32-10', true], ['mtgp32', true], ['xorwow', true], ['mrg32k3a', false]], runs: 20 },
];

let explicitRun: Promise<{ results: Results['results']; trouble: string | null }> | null = null;
/** The reproducers run once, in one child; each has its own test. */
function explicitResults(): Promise<{ results: Results['results']; trouble: string | null }> {
  explicitRun ??= child({ explicit: true }, 'explicit', 170_000).then(({ outcome, trouble }) => ({ results: outcome.result?.results ?? [], trouble }));
  return explicitRun;
}

/** A child's time limit: the explicit cases are fixed, the properties scale with NODE_CURAND_FUZZ_RUNS. */
const PROPERTY_CHILD_MS = Math.round(170_000 * Math.max(1, FUZZ_FACTOR));

describe.concurrent('robustness: state tampering (children; every case in a worker with a time limit)', () => {
  for (const c of EXPLICIT_CASES) {
    const title = c.backend === 'curand-host' ? `[curand-host] ${c.name}` : c.name!;
    it.runIf(available(c.backend))(title, async () => {
      const { results, trouble } = await explicitResults();
      expect(trouble).toBeNull();
      const r = results.find((x) => x.name === c.name);
      expect(r, `no result for ${c.name}`).toBeDefined();
      expect(r!.failure, `${r!.failure}\n(${r!.outcome} in ${r!.ms} ms: ${r!.detail})`).toBeNull();
    }, 180_000);
  }

  for (const plan of PLAN) {
    it.runIf(available(plan.backend))(`${plan.title}: fromState accepts and resumes, or refuses naming the field (fast-check)`, async () => {
      const { outcome, trouble } = await child({ backend: plan.backend, algorithms: plan.algorithms, runs: plan.runs }, plan.backend, PROPERTY_CHILD_MS);
      expect(trouble).toBeNull();
      expect(outcome.result, outcome.stdout).not.toBeNull();
      const failed = outcome.result!.results.filter((r) => r.failure !== null);
      expect(failed.length, `${failed.length} of ${outcome.result!.results.length} properties failed\n\n${failed.map((r) => r.failure).join('\n\n')}`).toBe(0);
    }, PROPERTY_CHILD_MS + 10_000);
  }
});
