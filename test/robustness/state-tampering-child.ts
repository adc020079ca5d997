/**
 * Child process of state-tampering.test.ts. argv[2]: JSON, either { explicit: true } (the issue's
 * reproducers, EXPLICIT_CASES) or { backend, algorithms: [[algorithm, follow], …], runs } (the
 * fast-check property). Every case runs in a worker thread (state-tampering-worker.ts) with a time
 * limit; one that exceeds it is a hang, its worker is terminated and a new one takes over.
 * Prints RESULT { results: [{ name, failure, ms }] }.
 */
import { writeFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';

import fc from 'fast-check';

import type { Algorithm, BackendName } from '../../src/types.js';
import { caseArb, EXPLICIT_CASES, ZONES, type CaseResult, type StateCase } from './state-tampering-model.js';
import { checkProperty, emitResult, fuzzParameters, tsWorker } from './support.js';

/**
 * How long one case may take: fromState, a round trip and a few words (issue 12 item 5: "a few
 * seconds"). The issue's reproducers get more room than the random cases, which are small.
 */
const EXPLICIT_LIMIT_MS = 15_000;
const PROPERTY_LIMIT_MS = 5000;

const TRACE = process.env.NODE_CURAND_FUZZ_TRACE;

class CaseRunner {
  #worker!: Worker;
  #ready!: Promise<void>;
  #next = 0;
  #pending = new Map<number, (r: CaseResult) => void>();

  constructor() {
    this.#start();
  }

  #start(): void {
    const worker = tsWorker('./state-tampering-worker.ts');
    this.#worker = worker;
    this.#ready = new Promise((resolve) => {
      worker.on('message', (m: { ready?: true; id?: number; result?: CaseResult }) => {
        if (m.ready) resolve();
        else this.#pending.get(m.id!)?.(m.result!);
      });
    });
    worker.on('error', (error) => {
      for (const settle of this.#pending.values()) settle({ problem: `the worker failed: ${error.message}`, outcome: 'broken', detail: '', ms: 0 });
      this.#pending.clear();
    });
  }

  /** The last case sent: one that fast-check's time limit abandoned must finish (or time out) first. */
  #last: Promise<unknown> = Promise.resolve();

  run(message: { index: number } | { case: StateCase }, label: string, limitMs: number): Promise<CaseResult> {
    const next = this.#last.then(() => this.#run(message, label, limitMs));
    this.#last = next;
    return next;
  }

  async #run(message: { index: number } | { case: StateCase }, label: string, limitMs: number): Promise<CaseResult> {
    await this.#ready;
    if (TRACE !== undefined) writeFileSync(TRACE, `${label}\n`);
    const id = this.#next++;
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const result = await new Promise<CaseResult | null>((resolve) => {
      this.#pending.set(id, resolve);
      timer = setTimeout(() => resolve(null), limitMs);
      this.#worker.postMessage({ id, ...message });
    });
    clearTimeout(timer);
    this.#pending.delete(id);
    if (result !== null) return result;
    await this.#worker.terminate();
    this.#start();
    return { problem: `did not finish within ${limitMs} ms (a hang: the event loop was blocked or the work is unbounded)`, outcome: 'broken', detail: label, ms: Date.now() - started };
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}

const config = JSON.parse(process.argv[2]!) as { explicit: true } | { backend: BackendName; algorithms: [Algorithm, boolean][]; runs: number };
const runner = new CaseRunner();
const results: { name: string; failure: string | null; ms: number; outcome?: string; detail?: string }[] = [];

if ('explicit' in config) {
  for (const [index, c] of EXPLICIT_CASES.entries()) {
    const r = await runner.run({ index }, c.name!, EXPLICIT_LIMIT_MS);
    results.push({ name: c.name!, failure: r.problem, ms: r.ms, outcome: r.outcome, detail: r.detail });
  }
} else {
  for (const [algorithm, follow] of config.algorithms) {
    for (const zone of ZONES) {
      const name = `state tampering ${config.backend} ${algorithm} ${zone}`;
      const property = fc.asyncProperty(caseArb(config.backend, algorithm, follow, zone), async (c) => {
        const r = await runner.run({ case: c }, `${name}: ${JSON.stringify(c, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`, PROPERTY_LIMIT_MS);
        if (r.problem !== null) throw new Error(r.problem);
      });
      const started = Date.now();
      const failure = await checkProperty(name, property, fuzzParameters(zone === 'unchanged' ? Math.ceil(config.runs / 2) : config.runs, 10_000));
      results.push({ name, failure, ms: Date.now() - started });
    }
  }
}
await runner.close();
emitResult({ results });
