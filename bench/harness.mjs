// @ts-check
// Timing: every candidate of one configuration is measured side by side in this process,
// round-robin (the order rotates each repetition, so slow drifts of the machine — heat, other
// load — spread over all candidates), after a warm-up that also calibrates how many calls make one
// sample. Multi-threaded fills split the output over this thread and worker threads that share
// its memory, started and joined through Atomics so that a call costs microseconds of
// synchronisation rather than a postMessage round trip (≈ 80 µs here).

import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

import { newArray } from './candidates.mjs';

/** @typedef {import('./candidates.mjs').BenchDist} BenchDist */
/** @typedef {import('./candidates.mjs').BenchArray} BenchArray */

/**
 * One thing to time: `sample(calls)` makes `calls` calls and returns the seconds per call.
 * @typedef {{ key: string, sample: (calls: number) => Promise<number> }} Timed
 */

/** Seconds per call of `calls` synchronous calls of `run`. */
export function timeSync(/** @type {() => void} */ run, /** @type {number} */ calls) {
  const start = performance.now();
  for (let i = 0; i < calls; i++) run();
  return (performance.now() - start) / 1000 / calls;
}

/** Seconds per call of `calls` awaited calls of `run`, one after the other. */
export async function timeAsync(/** @type {() => Promise<unknown>} */ run, /** @type {number} */ calls) {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await run();
  return (performance.now() - start) / 1000 / calls;
}

/**
 * A generator's set-ups (main.mjs measureSetups) are repeated until they have taken this long in all:
 * cuRAND host's MT19937 takes 5–9 s per set-up here (measured once), its MRG32k3a about 0.9 s.
 */
export const SETUP_BUDGET_SECONDS = 2;

/**
 * The machine the timings were made on, with the load average at the start (`loadStart`, taken
 * before measuring) and now: on a shared machine a high load makes the figures worth less.
 * @param {number[]} loadStart
 */
export function machineRecord(loadStart) {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    availableParallelism: availableParallelism(),
    totalMemoryBytes: totalmem(),
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    loadAverage: { start: loadStart, end: loadavg() },
  };
}

export function median(/** @type {number[]} */ values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Warm-up (one call to compile and build tables, one to calibrate), then `reps` samples of each
 * entry, round-robin. Returns the samples (seconds per call) by key.
 * @param {Timed[]} entries
 * @param {{ reps: number, minSampleSeconds: number, tick: (task: string) => void }} options
 * @returns {Promise<Map<string, number[]>>}
 */
export async function roundRobin(entries, options) {
  /** @type {Map<string, number>} */
  const calls = new Map();
  for (const entry of entries) {
    await entry.sample(1);
    const once = await entry.sample(1);
    calls.set(entry.key, Math.max(1, Math.ceil(options.minSampleSeconds / Math.max(once, 1e-9))));
    options.tick(entry.key);
  }
  /** @type {Map<string, number[]>} */
  const samples = new Map(entries.map((e) => [e.key, []]));
  for (let rep = 0; rep < options.reps; rep++) {
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[(i + rep) % entries.length];
      samples.get(entry.key)?.push(await entry.sample(calls.get(entry.key) ?? 1));
      options.tick(entry.key);
    }
  }
  return samples;
}

// Control words shared with the workers.
const EPOCH = 0; // bumped for every command
const COMMAND = 1; // index of the fill to run, or STOP
const DONE = 2; // workers finished with the current command
const FAILED = 3; // set by a worker whose fill threw
const STOP = -1;

/**
 * This thread and `threads - 1` worker threads, each filling one contiguous part of a shared output.
 */
export class ThreadTeam {
  /** @type {Worker[]} */
  #workers;
  #control;
  /** @type {(() => void)[]} */
  #ownFills = [];
  #failure = '';

  /** @param {Worker[]} workers @param {Int32Array} control */
  constructor(workers, control) {
    this.#workers = workers;
    this.#control = control;
    for (const worker of workers) {
      worker.on('message', (/** @type {{ type: string, message?: string }} */ m) => {
        if (m.type === 'failed') this.#failure ||= m.message ?? 'a worker failed';
      });
    }
  }

  /**
   * @param {number} threads
   * @param {string} libraryUrl the node-curand entry module the workers load
   */
  static async start(threads, libraryUrl) {
    const control = new Int32Array(new SharedArrayBuffer(4 * 4));
    const workers = Array.from(
      { length: threads - 1 },
      (_, i) =>
        new Worker(new URL('./worker.mjs', import.meta.url), {
          workerData: { libraryUrl, share: i + 1, control: control.buffer, workers: threads - 1 },
        }),
    );
    await Promise.all(workers.map((w) => nextMessage(w, 'started')));
    return new ThreadTeam(workers, control);
  }

  get threads() {
    return this.#workers.length + 1;
  }

  /**
   * A shared output of `n` values of `dist`; every thread prepares the fill of its part for each id.
   * @param {BenchDist} dist
   * @param {number} n
   * @param {string[]} ids
   * @param {(id: string, out: BenchArray) => () => void} ownFill this thread's fill of part 0
   */
  async setup(dist, n, ids, ownFill) {
    const out = newArray(dist, n, true);
    const parts = this.threads;
    const bounds = (/** @type {number} */ k) => Math.floor((n * k) / parts / 4) * 4;
    const ready = this.#workers.map((w, i) => {
      w.postMessage({ type: 'setup', dist, buffer: out.buffer, start: bounds(i + 1), end: i + 2 === parts ? n : bounds(i + 2), ids });
      return nextMessage(w, 'ready');
    });
    this.#ownFills = ids.map((id) => ownFill(id, out.subarray(0, bounds(1))));
    await Promise.all(ready);
  }

  /** One multi-threaded fill with the fill at `index`: start the workers, do part 0, join. */
  run(/** @type {number} */ index) {
    const c = this.#control;
    Atomics.store(c, DONE, 0);
    Atomics.store(c, COMMAND, index);
    Atomics.add(c, EPOCH, 1);
    Atomics.notify(c, EPOCH);
    this.#ownFills[index]();
    for (let done = Atomics.load(c, DONE); done < this.#workers.length; done = Atomics.load(c, DONE)) {
      Atomics.wait(c, DONE, done);
    }
    if (Atomics.load(c, FAILED) !== 0) throw new Error(`a worker's fill failed: ${this.#failure || 'see its message'}`);
  }

  /** Ends the configuration: the workers leave their wait loop and release what they made. */
  async teardown() {
    const released = this.#workers.map((w) => nextMessage(w, 'released'));
    const c = this.#control;
    Atomics.store(c, COMMAND, STOP);
    Atomics.add(c, EPOCH, 1);
    Atomics.notify(c, EPOCH);
    await Promise.all(released);
    this.#ownFills = [];
  }

  async close() {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}

/** The next message of `type` from `worker`; rejects on its error, its exit, or a 'failed' message. */
function nextMessage(/** @type {Worker} */ worker, /** @type {string} */ type) {
  return new Promise((resolve, reject) => {
    /** @param {{ type: string, message?: string }} m */
    const onMessage = (m) => {
      if (m.type === type) done(() => resolve(m));
      else if (m.type === 'failed') done(() => reject(new Error(`benchmark worker: ${m.message}`)));
    };
    const onError = (/** @type {Error} */ e) => done(() => reject(e));
    const onExit = (/** @type {number} */ code) => done(() => reject(new Error(`benchmark worker exited (${code})`)));
    const done = (/** @type {() => void} */ settle) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      settle();
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

export const CONTROL = { EPOCH, COMMAND, DONE, FAILED, STOP };
