/**
 * Issue 12's lifecycle races, each scenario in a child process (lifecycle-child.ts) with a time
 * limit, so that a crash or a hang fails one test: dispose during async calls; the output detached
 * or shrunk during an async call (items 2 and 8); sync calls while one is pending (ERR_CURAND_BUSY);
 * workers terminated mid-fill in a loop; threaded simd fills in workers of a main thread that never
 * loads the addon (item 3); MT19937's shared async set-up (item 6); wasm's thread count capped (item 12). The children run the built
 * package (dist/, which `npm test` builds first), as applications load it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { backendInfo } from '../../src/index.js';
import type { BackendName } from '../../src/types.js';
import { childTrouble, REPO_ROOT, runChild } from './support.js';

const backends = backendInfo().backends;
const trace = mkdtempSync(join(tmpdir(), 'node-curand-lifecycle-'));
afterAll(() => rmSync(trace, { recursive: true, force: true }));

function available(name: BackendName): boolean {
  if (backends[name].available) return true;
  const message = `${name === 'curand-host' ? '[curand-host] ' : ''}lifecycle races on '${name}' SKIPPED: ${backends[name].reason}`;
  if (name === 'curand-host' && process.env.NODE_CURAND_REQUIRE_CURAND === '1') throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
  return false;
}

/** Runs one scenario; fails with the crash, hang or failed checks, and the case in flight. */
async function scenario(name: string, params: Record<string, unknown>, timeoutMs: number): Promise<void> {
  expect(existsSync(join(REPO_ROOT, 'dist', 'index.js')), 'dist/ is missing: run npm run build:ts (npm test does)').toBe(true);
  const traceFile = join(trace, `${name}-${JSON.stringify(params).replace(/\W+/g, '-')}.txt`);
  const outcome = await runChild<{ checks: { name: string; problem: string | null }[] }>('./lifecycle-child.ts', [name, JSON.stringify(params)], {
    timeoutMs,
    nodeArgs: ['--expose-gc'],
    env: { ...process.env, NODE_CURAND_FUZZ_TRACE: traceFile },
  });
  const trouble = childTrouble(outcome, `lifecycle ${name} ${JSON.stringify(params)}`);
  let last = '';
  try {
    last = readFileSync(traceFile, 'utf8');
  } catch {
    // nothing ran
  }
  expect(trouble, `${trouble}\nthe case in flight: ${last}`).toBeNull();
  expect(outcome.result, outcome.stdout).not.toBeNull();
  const failed = outcome.result!.checks.filter((c) => c.problem !== null);
  expect(failed.length, `${failed.length} of ${outcome.result!.checks.length} checks failed:\n${failed.map((c) => `- ${c.name}: ${c.problem}`).join('\n')}`).toBe(0);
}

const VARIANTS: { label: string; backend: BackendName }[] = [
  { label: 'ts', backend: 'ts' },
  { label: 'wasm', backend: 'wasm' },
  { label: 'wasm threads 2', backend: 'wasm' },
  { label: 'simd', backend: 'simd' },
  { label: 'simd threads 2', backend: 'simd' },
  { label: 'curand-host', backend: 'curand-host' },
];
const tag = (backend: BackendName) => (backend === 'curand-host' ? '[curand-host] ' : '');

describe.concurrent('robustness: lifecycle races (a child process per scenario)', () => {
  for (const v of VARIANTS) {
    it.runIf(available(v.backend))(`${tag(v.backend)}${v.label}: output detached or resized during async calls (items 2, 8): finished or cleanly refused, state consistent, no crash`, async () => {
      await scenario('detach', { variant: v.label }, 120_000);
    }, 130_000);
  }
  for (const v of VARIANTS) {
    it.runIf(available(v.backend))(`${tag(v.backend)}${v.label}: dispose before, right after and during async calls`, async () => {
      await scenario('dispose', { variant: v.label }, 120_000);
    }, 130_000);
  }
  it.runIf(available('curand-host') && available('simd'))('[curand-host] every backend: sync calls while an async call is pending throw ERR_CURAND_BUSY', async () => {
    await scenario('busy', {}, 60_000);
  }, 70_000);
  it.runIf(available('curand-host') && available('simd'))('[curand-host] 60 workers with simd, wasm and curand-host async fills terminated at random moments', async () => {
    await scenario('terminate', { iterations: 60, seed: 12 }, 150_000);
  }, 160_000);
  it.runIf(available('simd'))('item 3: 100 workers in turn run a threaded simd fill (main thread never loads the addon), exiting or terminated', async () => {
    await scenario('helper-threads', { count: 100 }, 150_000);
  }, 160_000);
  it.runIf(available('wasm'))('item 12: wasm threads: 256 is capped at the machine’s parallelism (or refused)', async () => {
    await scenario('threads-cap', {}, 120_000);
  }, 130_000);
  for (const [backend, seed] of [['ts', '5'], ['wasm', '6'], ['simd', '7']] as const) {
    it.runIf(available(backend))(`item 6: ${backend}: MT19937 async set-up settles when generators share jumps, and for concurrent calls`, async () => {
      // Generous: the child scales its own deadlines to the set-up time it measures (lifecycle-child.ts).
      await scenario('mt19937', { backend, seed }, 400_000);
    }, 410_000);
  }
});
