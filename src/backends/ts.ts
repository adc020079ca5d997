import { ALGORITHM_TRAITS } from '../algorithms.js';
import { CurandError } from '../errors.js';
import { hasCachedPairs, hasStagedSetup, isCounterBased, type Engine, type EngineState, type StagedSetupEngine } from '../engines/engine.js';
import { Mrg32k3aEngine } from '../engines/mrg32k3a.js';
import { Mt19937Engine } from '../engines/mt19937.js';
import { Mtgp32Engine } from '../engines/mtgp32.js';
import { PhiloxEngine } from '../engines/philox.js';
import { XorwowEngine } from '../engines/xorwow.js';
import { DOUBLE_LIBM, type DoubleLibm } from '../math/libm.js';
import type { Algorithm, BackendName, Distribution, HostMath, Ordering, OutputArray } from '../types.js';
import type { Backend, StreamOrigin } from './backend.js';
import { RAW, TRANSFORMS, type TransformTable } from './transforms.js';

/** Elements per engine fill: small enough for the scratch words to stay in L2. */
const CHUNK = 16384;
/** Set-up steps between yields of an async set-up: 32 MT19937 jumps, ≈ 15–30 ms. */
const SETUP_SLICE = 32;

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

  async generateAsync(dist: Distribution, out: OutputArray, a: number, b: number): Promise<void> {
    // MT19937's stream jumps run in slices first, so a long set-up does not block the event loop.
    await this.prepareAsync(out.length);
    this.generate(dist, out, a, b);
  }

  async prepareAsync(n: number, onProgress?: (done: number, total: number) => void): Promise<void> {
    const engine = this.engine;
    const total = hasStagedSetup(engine) ? engine.setupNeeded(n) : 0;
    for (let done = 0; done < total; ) {
      done += (engine as StagedSetupEngine).runSetup(Math.min(SETUP_SLICE, total - done));
      onProgress?.(done, total);
      if (done < total) await new Promise((resolve) => setImmediate(resolve));
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
