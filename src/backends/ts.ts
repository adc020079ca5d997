import { ALGORITHM_TRAITS } from '../algorithms.js';
import { CurandError } from '../errors.js';
import { hasCachedPairs, hasStagedSetup, isCounterBased, type Engine, type EngineState } from '../engines/engine.js';
import { Mrg32k3aEngine } from '../engines/mrg32k3a.js';
import { Mt19937Engine } from '../engines/mt19937.js';
import { Mtgp32Engine } from '../engines/mtgp32.js';
import { PhiloxEngine } from '../engines/philox.js';
import { XorwowEngine } from '../engines/xorwow.js';
import { DOUBLE_LIBM, type DoubleLibm } from '../math/libm.js';
import type { Algorithm, BackendName, Distribution, HostMath, Ordering, OutputArray } from '../types.js';
import type { Backend, StreamOrigin } from './backend.js';
import type { OutputGuard } from './staging.js';
import { RAW, TRANSFORMS, type TransformTable } from './transforms.js';

/** Elements per engine fill: small enough for the scratch words to stay in L2. */
const CHUNK = 16384;

/** Set-up steps between yields of an async set-up: 32 MT19937 jumps or 2^21 words of MTGP32 block rebuilding, ≈ 15–30 ms. */
const SETUP_SLICE = 32;

/**
 * Elements below which a Philox call stays on the reference path whole rather than splitting off
 * its whole slots: a kernel call (about 1 µs through N-API or the WebAssembly glue) costs more than
 * the reference's work on a few values (measured: a 16-value uniform 0.5 µs in TypeScript, 1.0–1.5 µs
 * through a kernel). Same bits either way.
 */
export const FUSED_MIN_ELEMENTS = 64;

/**
 * Splits a call of n elements at the cursor into a head that finishes the current slot, whole
 * slots, and a tail that starts the next one.
 */
export function splitAtSlots(engine: PhiloxEngine, n: number): { head: number; slots: number; tail: number } {
  const head = Math.min(n, (4 - (engine.roundPosition & 3)) & 3);
  const slots = Math.floor((n - head) / 4);
  return { head, slots, tail: n - head - 4 * slots };
}

const ENGINES: Record<Algorithm, () => Engine> = {
  'philox4x32-10': () => new PhiloxEngine(),
  mtgp32: () => new Mtgp32Engine(0n, 'default'),
  xorwow: () => new XorwowEngine(),
  mrg32k3a: () => new Mrg32k3aEngine(),
  mt19937: () => new Mt19937Engine(),
};

/** The pure-TypeScript backend: engines + distributions, bit-exact with cuRAND's host generators. */
export class TsBackend implements Backend {
  readonly name: BackendName = 'ts';
  readonly device = 'cpu';
  readonly writesOffThread: boolean = false;
  readonly detail: string;
  protected engine: Engine;
  protected readonly createEngine: () => Engine;
  private readonly transforms: TransformTable;
  private readonly libm: DoubleLibm;
  private readonly scratch = new Uint32Array(2 * (CHUNK + 2));

  /** `createEngine`: the kernel backends (kernel.ts) pass engines whose raw words come from a kernel. */
  constructor(
    readonly algorithm: Algorithm,
    hostMath: HostMath,
    createEngine: () => Engine = ENGINES[algorithm],
  ) {
    this.createEngine = createEngine;
    this.engine = this.createEngine();
    this.transforms = TRANSFORMS[algorithm];
    this.libm = DOUBLE_LIBM[hostMath];
    this.detail = `TypeScript (glibc 2.36 math, ${hostMath} double variant)`;
  }

  get position(): bigint {
    return this.engine.position;
  }

  configure(seed: bigint, offset: bigint | null, ordering: Ordering): void {
    this.engine.reset(seed, offset ?? 0n, ordering);
  }

  generate(dist: Distribution, out: OutputArray, a: number, b: number): void {
    this.run(this.engine, dist, out, a, b);
  }

  slice(dist: Distribution, origin: StreamOrigin, start: bigint, out: OutputArray, a: number, b: number): void {
    const engine = this.createEngine();
    if (!isCounterBased(engine)) throw new CurandError('ERR_CURAND_NOT_IMPLEMENTED', `${this.algorithm} is not counter-based`);
    engine.reset(origin.seed, origin.offset ?? 0n, origin.ordering);
    engine.advance(start, ALGORITHM_TRAITS[this.algorithm].width(dist));
    this.run(engine, dist, out, a, b);
  }

  /** Fills `out` from `engine` (the reference path; kernel backends override it for what they fuse). */
  protected run(engine: Engine, dist: Distribution, out: OutputArray, a: number, b: number): void {
    if (dist === 'uniform' && engine instanceof PhiloxEngine && out.length >= FUSED_MIN_ELEMENTS) {
      // Whole slots straight from the blocks into out, without the scratch words and the second
      // pass of the transform below (with the faster blocks, at 2^24: 55 → 93 M values/s in the benchmark).
      this.runWholeSlots(engine, dist, out, a, b, (runs, slots, _width, at) => engine.uniformSlots(out as Float32Array, at, runs, slots));
      return;
    }
    const entry = this.transforms[dist];
    if (entry === undefined) {
      throw new CurandError(
        'ERR_CURAND_NOT_IMPLEMENTED',
        `${dist} is not implemented for the 'ts' backend of ${this.algorithm} yet; use backend 'curand-host' or 'cuda'`,
        { operation: dist },
      );
    }
    const transform = typeof entry === 'function' ? entry(a, b) : entry;
    const n = out.length;
    if (transform === RAW) {
      engine.fill(out as Uint32Array, n, 1, false);
      return;
    }
    if (transform.cachedPairs === true) {
      if (!hasCachedPairs(engine)) throw new TypeError(`${this.algorithm} has no per-thread normal cache`);
      for (let done = 0; done < n; ) {
        const k = Math.min(CHUNK / 2, n - done); // 3 words per element
        engine.fillCachedPairs(this.scratch, k);
        transform.apply(out, done, this.scratch, 0, k, a, b, this.libm);
        done += k;
      }
      return;
    }
    const { width, pairAligned } = transform;
    for (let done = 0; done < n; ) {
      const k = Math.min(CHUNK, n - done);
      const lead = engine.fill(this.scratch, k, width, pairAligned);
      transform.apply(out, done, this.scratch, lead, k, a, b, this.libm);
      done += k;
    }
  }

  /**
   * Fills `out` with Philox's `dist`: its whole slots by fillSlots(runs, slots, width, at), which
   * writes the call's slot j at out[at + 4j …] (PhiloxEngine.slotRuns and forEachSlotRun say which
   * counters), the edges (at most 3 + 3 elements) through run(). The engine's own advance() moves the
   * state, so positions, getState() and slice() are the reference's.
   */
  protected runWholeSlots(
    engine: PhiloxEngine,
    dist: Distribution,
    out: OutputArray,
    a: number,
    b: number,
    fillSlots: (runs: Float64Array, slots: number, width: 1 | 2, at: number) => void,
  ): void {
    const { head, slots, tail } = splitAtSlots(engine, out.length);
    if (head > 0) this.run(engine, dist, out.subarray(0, head), a, b);
    if (slots > 0) {
      const width = ALGORITHM_TRAITS[this.algorithm].width(dist);
      fillSlots(engine.slotRuns(engine.roundPosition >>> 2, slots), slots, width, head);
      engine.advance(4 * slots, width);
    }
    if (tail > 0) this.run(engine, dist, out.subarray(out.length - tail), a, b);
  }

  async generateAsync(dist: Distribution, out: OutputArray, a: number, b: number, guard: OutputGuard | null): Promise<void> {
    // A long set-up (MT19937's stream jumps, MTGP32's block rebuilding after a restore) runs in
    // slices first, so that it does not block the event loop.
    await this.prepareAsync(out.length);
    guard?.check();
    this.generate(dist, out, a, b);
  }

  async prepareAsync(n: number, onProgress?: (done: number, total: number) => void): Promise<void> {
    const engine = this.engine;
    if (!hasStagedSetup(engine)) return;
    // What is still needed is asked afresh after every slice: between slices other generators may
    // have done part of it (MT19937's jumped streams are shared), so a total fixed up front could
    // never be reached. `done` only grows; the total is done plus what is left.
    let done = 0;
    let left = engine.setupNeeded(n);
    while (left > 0) {
      const ran = engine.runSetup(Math.min(SETUP_SLICE, left));
      done += ran;
      left = engine.setupNeeded(n);
      onProgress?.(done, done + left);
      // ran = 0 with work left would be an engine fault: the call's own fill finishes it instead.
      if (left === 0 || ran === 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  getEngineState(): EngineState {
    return this.engine.getState();
  }

  setEngineState(seed: bigint, ordering: Ordering, state: EngineState): void {
    // A fresh engine, swapped in only once the state has been accepted.
    const engine = this.createEngine();
    engine.reset(seed, 0n, ordering);
    engine.setState(state);
    this.engine = engine;
  }

  dispose(): void {}
}
