/**
 * Child process of lifecycle-races.test.ts: one scenario per process (argv[2], argv[3] its JSON
 * parameters), so that a crash fails one test. The library is the built package (dist/), as an
 * application imports it; worker threads import it by URL. Prints RESULT { checks: [{ name, problem }] }
 * and exits at once (a hung promise must not keep the process alive); NODE_CURAND_FUZZ_TRACE gets
 * the case in flight.
 */
import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

import { describeThrown, emitResult, REPO_ROOT, violation } from './support.js';

const DIST = new URL(`file://${REPO_ROOT}dist/index.js`).href;
const TRACE = process.env.NODE_CURAND_FUZZ_TRACE;

type Lib = typeof import('../../src/index.js');
type G = InstanceType<Lib['Generator']>;
type Options = ConstructorParameters<Lib['Generator']>[0];

interface Check {
  name: string;
  problem: string | null;
}
const checks: Check[] = [];

function trace(name: string): void {
  if (TRACE !== undefined) writeFileSync(TRACE, `${name}\n`);
}

async function check(name: string, body: () => Promise<string | null> | string | null): Promise<void> {
  trace(name);
  let problem: string | null;
  try {
    problem = await body();
  } catch (error) {
    problem = `threw ${describeThrown(error)}`;
  }
  checks.push({ name, problem });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** The promise's outcome, or 'pending' if it has not settled within `ms` (a hang). */
async function settleWithin<T>(p: Promise<T>, ms: number): Promise<{ state: 'resolved'; value: T } | { state: 'rejected'; error: unknown } | { state: 'pending' }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ state: 'pending' }>((resolve) => (timer = setTimeout(() => resolve({ state: 'pending' }), ms)));
  const settled = p.then(
    (value) => ({ state: 'resolved' as const, value }),
    (error) => ({ state: 'rejected' as const, error }),
  );
  const r = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return r;
}

function stateOf(g: G): string {
  return JSON.stringify(g.getState());
}

function words(g: G, n = 37): string {
  return Buffer.from(g.uint32(n).buffer).toString('hex');
}

/** A CurandError / argument error the contract allows for an interrupted async call. */
function cleanRejection(error: unknown): string | null {
  return violation(error, {
    classes: new Set(['TypeError', 'RangeError']),
    codes: new Set(['ERR_CURAND_DISPOSED', 'ERR_CURAND_STATE', 'ERR_CURAND_BUSY', 'ERR_CURAND_STATUS', 'ERR_CURAND_OUTPUT_DETACHED']),
    names: ['out', 'buffer', 'detached', 'disposed', 'resized', 'array', 'output'],
  });
}

const VARIANTS: Record<string, Options> = {
  ts: { backend: 'ts' },
  wasm: { backend: 'wasm' },
  'wasm threads 2': { backend: 'wasm', threads: 2 },
  simd: { backend: 'simd' },
  'simd threads 2': { backend: 'simd', threads: 2 },
  'curand-host': { backend: 'curand-host' },
};

type Dist = 'uint32' | 'uniform' | 'normalDouble';
const TYPES = { uint32: Uint32Array, uniform: Float32Array, normalDouble: Float64Array } as const;

/**
 * An async fill whose output is detached (structuredClone transfer, ArrayBuffer#transfer where
 * Node has it) or shrunk (resize(0)) while it runs. The call may finish (then the generator moved as
 * a complete call moves it) or be refused cleanly (then it did not move at all); the process lives.
 */
async function detachCase(lib: Lib, label: string, options: Options, algorithm: string, dist: Dist, n: number, how: 'transfer' | 'transfer-method' | 'resize0', delayMs: number): Promise<void> {
  const name = `${label} ${algorithm} ${dist}Async(${n}) output ${how} after ${delayMs} ms`;
  await check(name, async () => {
    const Type = TYPES[dist];
    const buffer = how === 'resize0' ? new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(n * Type.BYTES_PER_ELEMENT, { maxByteLength: n * Type.BYTES_PER_ELEMENT }) : new ArrayBuffer(n * Type.BYTES_PER_ELEMENT);
    const out = new Type(buffer);
    const base = { algorithm: algorithm as never, seed: 1234n };
    const g = new lib.Generator({ ...base, ...options });
    const before = new lib.Generator({ ...base, backend: 'ts' });
    let refused: unknown = null;
    let pending: Promise<unknown>;
    try {
      pending = (g[`${dist}Async`] as (o: unknown) => Promise<unknown>).call(g, out);
    } catch (error) {
      refused = error;
      pending = Promise.resolve();
    }
    const detach = () => {
      if (how === 'transfer') structuredClone(buffer, { transfer: [buffer] });
      else if (how === 'resize0') (buffer as ArrayBuffer & { resize(n: number): void }).resize(0);
      else (buffer as ArrayBuffer & { transfer(): ArrayBuffer }).transfer();
    };
    if (delayMs === 0) detach();
    else setTimeout(detach, delayMs);
    const r = await settleWithin(pending, 60_000);
    gc();
    await sleep(delayMs + 5);
    gc();
    if (r.state === 'pending') return 'the call never settled';
    try {
      if (refused !== null || r.state === 'rejected') {
        const error = refused ?? (r as { error: unknown }).error;
        const problem = cleanRejection(error);
        if (problem !== null) return `refused badly: ${problem}`;
        if (stateOf(g) !== stateOf(before)) return `refused (${describeThrown(error)}), but the generator moved: ${g.position} vs ${before.position}`;
        if (words(g) !== words(before)) return 'refused, and the next words differ from an untouched generator';
        return null;
      }
      // Finished: the generator moved as the whole call moves it.
      (before[dist] as (n: number) => unknown).call(before, n);
      if (stateOf(g) !== stateOf(before)) return `finished, but the state differs from a generator that made the call: ${g.position} vs ${before.position}`;
      if (words(g) !== words(before)) return 'finished, but the next words differ';
      return null;
    } finally {
      g.dispose();
      before.dispose();
    }
  });
}

/** dispose() before an async call starts, while calls are queued, and while one runs. */
async function disposeCases(lib: Lib, label: string, options: Options, algorithm: string): Promise<void> {
  const base = { algorithm: algorithm as never, seed: 99n };
  for (const [when, delayMs] of [['before it starts', -1], ['right after the call', 0], ['mid-call', 5], ['mid-call', 20]] as const) {
    await check(`${label} ${algorithm} dispose ${when}${delayMs > 0 ? ` (${delayMs} ms)` : ''}`, async () => {
      const g = new lib.Generator({ ...base, ...options });
      const twin = new lib.Generator({ ...base, backend: 'ts' });
      try {
        if (delayMs === -1) {
          g.dispose();
          const r = await settleWithin(g.uniformAsync(1 << 20), 10_000);
          if (r.state !== 'rejected') return `an async call on a disposed generator ${r.state === 'pending' ? 'never settled' : 'resolved'}`;
          return violation(r.error, { classes: new Set(), codes: new Set(['ERR_CURAND_DISPOSED']), names: [] });
        }
        const first = g.uint32Async(1 << 22);
        const second = g.uniformAsync(1 << 20);
        const third = g.normalDoubleAsync(new Float64Array(1 << 18));
        if (delayMs === 0) g.dispose();
        else setTimeout(() => g.dispose(), delayMs);
        const results = [await settleWithin(first, 60_000), await settleWithin(second, 60_000), await settleWithin(third, 60_000)];
        gc();
        const expected = [twin.uint32(1 << 22), twin.uniform(1 << 20), twin.normalDouble(1 << 18)];
        for (const [i, r] of results.entries()) {
          if (r.state === 'pending') return `call ${i} never settled`;
          if (r.state === 'rejected') {
            const problem = violation(r.error, { classes: new Set(), codes: new Set(['ERR_CURAND_DISPOSED']), names: [] });
            if (problem !== null) return `call ${i}: ${problem}`;
          } else {
            const got = r.value as Uint32Array;
            if (!Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(expected[i].buffer))) return `call ${i} resolved with wrong values`;
          }
        }
        return null;
      } finally {
        g.dispose();
        twin.dispose();
      }
    });
  }
}

/** Every state-touching sync call while an async one is pending: ERR_CURAND_BUSY, nothing changed. */
async function busyCases(lib: Lib): Promise<void> {
  for (const [label, options] of Object.entries(VARIANTS)) {
    await check(`${label}: sync calls while an async call is pending throw ERR_CURAND_BUSY`, async () => {
      const g = new lib.Generator({ seed: 3n, ...options });
      const twin = new lib.Generator({ seed: 3n, backend: 'ts' });
      try {
        const pending = g.uniformAsync(1 << 21);
        const calls: [string, () => unknown][] = [
          ['uint32', () => g.uint32(4)],
          ['normal(out)', () => g.normal(new Float32Array(4))],
          ['setSeed', () => g.setSeed(1n)],
          ['setOffset', () => g.setOffset(5)],
          ['setOrdering', () => g.setOrdering('legacy')],
          ['getState', () => g.getState()],
          ['position', () => g.position],
        ];
        for (const [what, call] of calls) {
          try {
            call();
            return `${what} did not throw`;
          } catch (error) {
            const problem = violation(error, { classes: new Set(), codes: new Set(['ERR_CURAND_BUSY']), names: [] });
            if (problem !== null) return `${what}: ${problem}`;
          }
        }
        const got = await pending;
        const want = twin.uniform(1 << 21);
        if (!Buffer.from(got.buffer).equals(Buffer.from(want.buffer))) return 'the pending call resolved with wrong values';
        if (stateOf(g) !== stateOf(twin) || words(g) !== words(twin)) return 'the state differs from the twin after the busy calls';
        return null;
      } finally {
        g.dispose();
        twin.dispose();
      }
    });
  }
}

/** A worker source that imports the package and runs `body` (an async function body, `lib` in scope). */
function workerSource(body: string): string {
  return `import(${JSON.stringify(DIST)}).then(async (lib) => { const { parentPort, workerData } = await import('node:worker_threads'); ${body} });`;
}

/** xorshift32, seeded: the random terminate delays must replay. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

async function runWorker(source: string, workerData: unknown, terminateAfterMs: number | null, label: string): Promise<string | null> {
  trace(label);
  const worker = new Worker(source, { eval: true, workerData });
  let error: unknown = null;
  worker.on('error', (e) => (error = e));
  const exited = new Promise<number>((resolve) => worker.on('exit', resolve));
  if (terminateAfterMs !== null) {
    await new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      exited.then(() => resolve());
    });
    await sleep(terminateAfterMs);
    await worker.terminate();
  }
  const code = await settleWithin(exited, 60_000);
  if (code.state === 'pending') return `${label}: the worker did not exit`;
  if (error !== null) return `${label}: the worker failed: ${describeThrown(error)}`;
  if (terminateAfterMs === null && code.state === 'resolved' && code.value !== 0) return `${label}: exit code ${code.value}`;
  return null;
}

const FILLS: { label: string; body: string }[] = [
  { label: 'simd threads 2 philox uniformAsync', body: `const g = new lib.Generator({ backend: 'simd', threads: 2, seed: 1n }); parentPort.postMessage('started'); for (;;) await g.uniformAsync(1 << 22);` },
  { label: 'simd threads 2 mtgp32 uint32Async', body: `const g = new lib.Generator({ backend: 'simd', threads: 2, algorithm: 'mtgp32', seed: 1n }); parentPort.postMessage('started'); for (;;) await g.uint32Async(1 << 22);` },
  { label: 'wasm threads 2 philox normalAsync', body: `const g = new lib.Generator({ backend: 'wasm', threads: 2, seed: 1n }); parentPort.postMessage('started'); for (;;) await g.normalAsync(1 << 21);` },
  { label: 'curand-host philox uint32Async', body: `const g = new lib.Generator({ backend: 'curand-host', seed: 1n }); parentPort.postMessage('started'); for (;;) await g.uint32Async(1 << 22);` },
  { label: 'curand-host mtgp32 normalDoubleAsync, undisposed', body: `const g = new lib.Generator({ backend: 'curand-host', algorithm: 'mtgp32', seed: 1n }); parentPort.postMessage('started'); g.normalDoubleAsync(1 << 22); g.uniformAsync(1 << 20); for (;;) await g.uint32Async(1 << 20);` },
];

const [scenario, paramText] = process.argv.slice(2);
const params = JSON.parse(paramText ?? '{}') as Record<string, unknown>;

switch (scenario) {
  case 'detach': {
    const lib = (await import(DIST)) as Lib;
    const label = params.variant as string;
    const options = VARIANTS[label];
    const hows: ('transfer' | 'resize0' | 'transfer-method')[] = ['transfer', 'resize0'];
    if (typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function') hows.push('transfer-method');
    // Issue 12 items 2 and 8 first, as reported.
    if (label === 'simd' || label === 'simd threads 2' || label === 'curand-host') await detachCase(lib, label, options, 'philox4x32-10', 'uint32', 1 << 26, 'transfer', 10);
    if (label === 'wasm threads 2') await detachCase(lib, label, options, 'philox4x32-10', 'uniform', 1 << 22, 'transfer', 10);
    for (const algorithm of label === 'curand-host' ? ['philox4x32-10', 'mtgp32', 'xorwow'] : ['philox4x32-10', 'mtgp32']) {
      for (const how of hows) {
        // 0 ms: before the call starts; 2 and 10 ms: while it runs (a 2^22 fill takes milliseconds).
        for (const delay of [0, 2, 10]) await detachCase(lib, label, options, algorithm, delay === 2 ? 'uniform' : delay === 0 ? 'normalDouble' : 'uint32', 1 << 22, how, delay);
      }
    }
    break;
  }
  case 'dispose': {
    const lib = (await import(DIST)) as Lib;
    const label = params.variant as string;
    for (const algorithm of label === 'curand-host' ? ['philox4x32-10', 'mtgp32', 'xorwow'] : ['philox4x32-10', 'mtgp32']) await disposeCases(lib, label, VARIANTS[label], algorithm);
    break;
  }
  case 'busy': {
    await busyCases((await import(DIST)) as Lib);
    break;
  }
  case 'terminate': {
    // Workers with async fills in flight, terminated at seeded random moments; the process lives.
    const random = prng(Number(params.seed ?? 12));
    const iterations = Number(params.iterations ?? 60);
    await check(`${iterations} workers terminated mid-fill`, async () => {
      for (let i = 0; i < iterations; i++) {
        const fill = FILLS[i % FILLS.length];
        const delay = Math.floor(random() * 40);
        const problem = await runWorker(workerSource(fill.body), null, delay, `iteration ${i}: ${fill.label}, terminate after ${delay} ms`);
        if (problem !== null) return problem;
      }
      return null;
    });
    const lib = (await import(DIST)) as Lib;
    await check('the main thread still generates afterwards', () => {
      const g = new lib.Generator({ backend: 'curand-host', seed: 42n });
      const w = g.uint32(4);
      g.dispose();
      return w[0] === 0x9ceaf053 ? null : `got ${w[0].toString(16)}`;
    });
    break;
  }
  case 'helper-threads': {
    // Issue 12 item 3: this thread never imports node-curand; workers in turn each run one threaded
    // simd fill and exit (even) or are terminated (odd).
    const count = Number(params.count ?? 100);
    await check(`${count} workers in turn: simd threads 2 uniformAsync(1 << 20), exit or terminate`, async () => {
      for (let i = 0; i < count; i++) {
        const body = `parentPort.postMessage('started'); await new lib.Generator({ backend: 'simd', threads: 2 }).uniformAsync(1 << 20);`;
        const problem = await runWorker(workerSource(body), null, i % 2 === 0 ? null : i % 7, `worker ${i} (${i % 2 === 0 ? 'exits' : `terminated after ${i % 7} ms`})`);
        if (problem !== null) return problem;
      }
      return null;
    });
    break;
  }
  case 'threads-cap': {
    // Issue 12 item 12: threads: 256 on 'wasm' started 128 workers, took 1.26 GB and ran 17× slower
    // than 2 threads. Capped at the machine's parallelism (or refused), it costs what a few threads cost.
    const lib = (await import(DIST)) as Lib;
    await check('wasm threads: 256 costs no more memory or time than the machine’s parallelism', async () => {
      const fill = async (threads: number) => {
        const g = new lib.Generator({ backend: 'wasm', threads, seed: 1n });
        const started = performance.now();
        await g.uniformAsync(1 << 22);
        g.dispose();
        return performance.now() - started;
      };
      await fill(2);
      const two = await fill(2);
      const rssBefore = process.resourceUsage().maxRSS;
      let many: number;
      try {
        many = await fill(256);
      } catch (error) {
        return violation(error, { classes: new Set(['RangeError']), codes: new Set(), names: ['threads'] });
      }
      const grownMiB = (process.resourceUsage().maxRSS - rssBefore) / 1024;
      if (grownMiB > 400) return `the peak RSS grew by ${Math.round(grownMiB)} MiB`;
      if (many > 5 * two + 500) return `threads 256 took ${Math.round(many)} ms, threads 2 ${Math.round(two)} ms`;
      return null;
    });
    break;
  }
  case 'mt19937': {
    // Issue 12 item 6: MT19937's async set-up, shared between generators whose seeds share the low
    // 32 bits, must settle whatever else uses the shared jumps meanwhile.
    const lib = (await import(DIST)) as Lib;
    const backend = params.backend as 'ts' | 'wasm' | 'simd';
    const seed = BigInt(params.seed as string);
    const reference = (n: number) => {
      const g = new lib.Generator({ backend: 'ts', algorithm: 'mt19937', seed });
      const w = Buffer.from(g.uint32(n).buffer).toString('hex');
      g.dispose();
      return w;
    };
    // One whole set-up takes 3–6 s on 'ts' on an idle machine (README), several times that on a
    // loaded one: a call still pending after ten set-ups' time, as measured here and now, is hung.
    const started = performance.now();
    const expected = reference(100000);
    const SETTLE_MS = Math.max(20_000, 10 * (performance.now() - started));
    // Both at once: each is bounded by SETTLE_MS, so a hung run costs SETTLE_MS, not twice that.
    const first = check(`${backend}: a.uint32Async(100000), b.uint32(100000) 50 ms later (seeds equal in the low 32 bits)`, async () => {
      const a = new lib.Generator({ backend, algorithm: 'mt19937', seed });
      const b = new lib.Generator({ backend, algorithm: 'mt19937', seed: seed + (1n << 32n) });
      const pending = a.uint32Async(100000);
      await sleep(50);
      b.uint32(100000);
      const r = await settleWithin(pending, SETTLE_MS);
      if (r.state === 'pending') return `a's promise did not settle within ${SETTLE_MS} ms`;
      if (r.state === 'rejected') return `a's call failed: ${describeThrown(r.error)}`;
      return Buffer.from(r.value.buffer).toString('hex') === expected ? null : "a's words differ from a synchronous generator's";
    });
    const second = check(`${backend}: two concurrent uint32Async(65528) on one generator, and on two of the same seed`, async () => {
      const g = new lib.Generator({ backend, algorithm: 'mt19937', seed: seed + 7n });
      const h = new lib.Generator({ backend, algorithm: 'mt19937', seed: seed + 7n });
      const results = await Promise.all([g.uint32Async(65528), g.uint32Async(65528), h.uint32Async(65528)].map((p) => settleWithin(p, SETTLE_MS)));
      if (results.some((r) => r.state === 'pending')) return `a call did not settle within ${SETTLE_MS} ms`;
      const failed = results.find((r) => r.state === 'rejected');
      return failed === undefined ? null : `a call failed: ${describeThrown((failed as { error: unknown }).error)}`;
    });
    await Promise.all([first, second]);
    break;
  }
  default:
    throw new Error(`unknown scenario ${scenario}`);
}

emitResult({ checks });
process.exit(0);
