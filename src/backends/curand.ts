import { consumptionOf, RAW, transformOf, type Transform } from '../distributions/table.js';
import { CurandError, unsupported } from '../errors.js';
import type { DrawKernel } from '../draws/draw-kernel.js';
import type { EngineState } from '../engines/engine.js';
import { mrg32k3aLayout } from '../engines/mrg32k3a.js';
import { Mtgp32Cursor, mtgp32Blocks } from '../engines/mtgp32-cursor.js';
import { PhiloxEngine } from '../engines/philox.js';
import { SlotCursor, type SlotLayout } from '../engines/slot-cursor.js';
import { parseDecimal } from '../validate.js';
import { XORWOW_LAYOUT } from '../engines/xorwow.js';
import { DOUBLE_LIBM, type DoubleLibm } from '../math/libm.js';
import {
  NATIVE_KIND,
  type NativeBinding,
  type NativeGeneratorHandle,
  type NativeGeneratorOptions,
} from '../native/binding-types.js';
import { OUTPUT_TYPE, type Algorithm, type Distribution, type HostMath, type Ordering, type OutputArray } from '../types.js';
import type { Backend, StreamOrigin } from './backend.js';
import { StagingBuffers, type OutputGuard } from '../shared-memory.js';
import { DeviceArray } from './device-array.js';

const RNG_TYPE_KEY = {
  'philox4x32-10': 'philox4x32_10',
  mtgp32: 'mtgp32',
  xorwow: 'xorwow',
  mrg32k3a: 'mrg32k3a',
  mt19937: 'mt19937',
} as const satisfies Record<
  Algorithm,
  keyof NativeBinding['constants']['rngType']
>;

/** The slot layout (XORWOW, MRG32k3a) for an ordering; null for the other algorithms. */
function slotLayout(algorithm: Algorithm, ordering: Ordering): SlotLayout | null {
  if (algorithm === 'xorwow') return XORWOW_LAYOUT;
  if (algorithm === 'mrg32k3a') return mrg32k3aLayout(ordering);
  return null;
}

/**
 * The most words a restored state may make cuRAND discard. MTGP32 and MT19937 have no offsets, so
 * cuRAND reaches a position only by generating up to it: 2^32 words take 16 s at the MTGP32 host
 * generator's 270 M words/s and about a minute at MT19937's (docs/reproducibility.md). It is also
 * where MTGP32's 32-bit position wraps: discarding in calls that all start below it gives the
 * canonical state.
 */
export const NATIVE_DISCARD_LIMIT = 2 ** 32;
/** Words per discard call of an async catch-up (prepareAsync), between yields to the event loop. */
const DISCARD_SLICE = 1 << 22;
const TWO_64 = 1n << 64n;

/**
 * The calls curand.h says a DEVICE pseudo-random generator fills only in even counts
 * (CURAND_STATUS_LENGTH_NOT_MULTIPLE): normals and log-normals, of every generator. cuRAND's host
 * generators of Philox, MTGP32 and MT19937 accept odd counts (docs/spec/curand-host-semantics.md §2.7).
 */
const DEVICE_EVEN_ONLY: ReadonlySet<Distribution> = new Set<Distribution>(['normal', 'normalDouble', 'logNormal', 'logNormalDouble']);

/**
 * How an odd-length normal or log-normal call runs on a device generator so that it gives what the
 * host generator gives, values and position afterwards:
 * - `staged` (Philox): n + 1 values into a staging array, n of them handed back, then
 *   curandSetGeneratorOffset(seekTo) puts cuRAND where a call of n leaves the host generator;
 * - `lastWord` (MTGP32, MT19937: one word per element, no offsets): n − 1 values on the device, then
 *   one raw word whose value `transform` computes on the CPU, as the CPU backends do.
 */
type OddDevicePlan = { kind: 'staged'; seekTo: bigint } | { kind: 'lastWord'; transform: Transform };

function oddLengthRefused(algorithm: Algorithm, dist: Distribution, n: number, why: string): CurandError {
  return unsupported(
    `${algorithm} ${dist}(${n}) on the 'cuda' backend: a device generator fills normals in even counts, and ${why}; ` +
      `use an even length, or the 'curand-host', 'ts', 'wasm' or 'simd' backend`,
    'CURAND_STATUS_LENGTH_NOT_MULTIPLE',
    dist,
  );
}

function beyondOffsets(algorithm: Algorithm, name: string): CurandError {
  return new CurandError(
    'ERR_CURAND_STATE',
    `this ${algorithm} state is past element 2^64 − 1, which curandSetGeneratorOffset cannot express on the '${name}' backend; ` +
      `resume it on the 'ts', 'wasm' or 'simd' backend`,
  );
}

/**
 * The cuRAND-backed backends: `curand-host` (curandCreateGeneratorHost) and `cuda`
 * (curandCreateGenerator on a device). cuRAND keeps the real state; this side keeps a bookkeeping
 * copy of the stream position so that getState() gives the same portable state as the `ts`
 * backend: for Philox the full slot model without computing any words (engines/philox.ts), for
 * XORWOW and MRG32k3a the slot cursor and word positions (engines/slot-cursor.ts), for MTGP32 its
 * blocks' positions (engines/mtgp32-cursor.ts), for MT19937 the element count.
 *
 * A restored MTGP32 or MT19937 state is reached by discarding words (NativeGeneratorHandle.discard:
 * generated where cuRAND keeps them, never copied to the host): the discard waits for the next call
 * (synchronous calls run it at once; async calls and prepareAsync in slices between yields).
 */
export class CurandBackend implements Backend {
  readonly detail: string;
  readonly writesOffThread = true;
  private readonly options: NativeGeneratorOptions;
  private readonly handle: NativeGeneratorHandle;
  private readonly philox: PhiloxEngine | null;
  private readonly slots: SlotCursor | null;
  private readonly mtgp32: Mtgp32Cursor | null;
  private elements = 0n;
  /** Words cuRAND must still discard to be where the bookkeeping says (after setEngineState). */
  private discard = 0;
  private readonly staging = new StagingBuffers();
  /** The seed configure() last started: what seekTo() keeps. */
  #seed = 0n;
  /**
   * The generator slices are computed on (slice), kept between slices and moved by offsets, so a
   * slice costs no generator (a device one holds streams, events and pinned buffers); null until the
   * first slice. `sliceStream`: the seed and ordering it was configured with.
   */
  #sliceHandle: NativeGeneratorHandle | null = null;
  #sliceStream = '';
  /** glibc's double math in the host's variant, for the last element of an odd device call (OddDevicePlan). */
  private readonly libm: DoubleLibm;

  constructor(
    private readonly binding: NativeBinding,
    readonly algorithm: Algorithm,
    readonly name: 'curand-host' | 'cuda',
    deviceIndex: number,
    detail: string,
    /** The addon's draw loops: it is loaded anyway. */
    readonly drawKernel: DrawKernel | null = null,
    hostMath: HostMath = 'x86-fma',
  ) {
    this.libm = DOUBLE_LIBM[hostMath];
    this.options = {
      rngType: binding.constants.rngType[RNG_TYPE_KEY[algorithm]],
      host: name === 'curand-host',
      device: deviceIndex,
    };
    this.handle = new binding.NativeGenerator(this.options);
    this.device = name === 'cuda' ? `cuda:${deviceIndex}` : 'cpu';
    this.detail = detail;
    this.philox = algorithm === 'philox4x32-10' ? new PhiloxEngine() : null;
    this.slots = slotLayout(algorithm, 'default') === null ? null : new SlotCursor();
    this.mtgp32 = algorithm === 'mtgp32' ? new Mtgp32Cursor() : null;
    // Device memory and pinned outputs exist only where the generator is on a GPU.
    if (name === 'cuda') {
      this.generateToDevice = (dist, n, a, b) => this.#toDevice(dist, n, a, b);
      this.allocPinned = (dist, n) => this.#pinned(dist, n, deviceIndex);
    }
  }

  /** cuRAND writes n values into device memory and leaves them there; the position moves as for generate(). */
  #toDevice<D extends Distribution>(dist: D, n: number, a: number, b: number): DeviceArray<D> {
    if (this.discard > 0) this.discardNow();
    const array = new DeviceArray(this.handle.generateToDevice(NATIVE_KIND[dist], n, a, b), dist, n);
    this.track(dist, n, a, b);
    return array;
  }

  /** n elements of dist's type over page-locked memory of the addon's, or null (no such memory here now). */
  #pinned(dist: Distribution, n: number, deviceIndex: number): OutputArray | null {
    const Type = OUTPUT_TYPE[dist];
    const buffer = n === 0 ? null : this.binding.allocPinned(n * Type.BYTES_PER_ELEMENT, deviceIndex);
    return buffer === null ? null : new Type(buffer);
  }

  readonly device: string;
  readonly generateToDevice?: <D extends Distribution>(dist: D, n: number, a: number, b: number) => DeviceArray<D>;
  readonly allocPinned?: (dist: Distribution, n: number) => OutputArray | null;

  get position(): bigint {
    if (this.mtgp32 !== null) return BigInt(this.mtgp32.position);
    return this.philox?.position ?? this.slots?.elements ?? this.elements;
  }

  configure(seed: bigint, offset: bigint | null, ordering: Ordering): void {
    this.handle.configure(seed, offset ?? 0n, offset !== null, this.binding.constants.ordering[ordering]);
    this.philox?.reset(seed, offset ?? 0n);
    const layout = slotLayout(this.algorithm, ordering);
    if (layout !== null) this.slots?.reset(layout, offset ?? 0n);
    this.mtgp32?.reset(mtgp32Blocks(ordering));
    this.elements = offset ?? 0n;
    this.discard = 0;
    this.#seed = seed;
  }

  /**
   * Moves a Philox stream to the canonical state at element `position` of the stream configure()
   * started (what curandSetGeneratorOffset(position) on a fresh generator gives: isCanonical), on the
   * live generator: no new generator, no words generated (the routing of cuda-routed.ts). A failure
   * leaves the backend as it was.
   */
  seekTo(position: bigint): void {
    if (this.philox === null) throw new CurandError('ERR_CURAND_STATE', `seekTo moves Philox streams only, not ${this.algorithm}`);
    if (position >= TWO_64) throw beyondOffsets(this.algorithm, this.name);
    this.handle.seek(position);
    this.philox.reset(this.#seed, position);
  }

  /** Whether seekTo(position) gives the current Philox state (see setEngineState's refusals). */
  isCanonical(): boolean {
    return this.philox !== null && this.philox.position < TWO_64 && this.philox.isCanonical();
  }

  generate(dist: Distribution, out: OutputArray, a: number, b: number): void {
    const odd = this.oddDevicePlan(dist, out.length, a, b);
    if (this.discard > 0) this.discardNow();
    if (odd !== null) {
      this.generateOdd(odd, dist, out, a, b);
      return;
    }
    this.handle.generate(NATIVE_KIND[dist], out, a, b);
    this.track(dist, out.length, a, b);
  }

  /**
   * cuRAND writes on the thread pool: into `out` itself when it is shared memory, else into a staging
   * buffer copied into `out` once the call is done and `out` is checked (see Backend.generateAsync).
   * A pending discard runs first, in slices (prepareAsync).
   */
  async generateAsync(dist: Distribution, out: OutputArray, a: number, b: number, guard: OutputGuard | null): Promise<void> {
    // Read before the awaits: a guarded `out` may be detached meanwhile (length 0).
    const n = out.length;
    const odd = this.oddDevicePlan(dist, n, a, b);
    await this.prepareAsync();
    if (odd !== null) {
      await this.generateOddAsync(odd, dist, out, n, a, b, guard);
      return;
    }
    const target = guard === null ? out : this.staging.take(out, n);
    await this.handle.generateAsync(NATIVE_KIND[dist], target, a, b);
    this.track(dist, n, a, b);
    if (guard !== null) {
      guard.check();
      out.set(target as never);
      this.staging.give(target);
    }
  }

  /**
   * Runs a pending discard (the only set-up here): words generated where cuRAND keeps them (device
   * memory on a GPU), in slices with a yield to the event loop between them, progress in slices.
   */
  async prepareAsync(_n?: number, onProgress?: (done: number, total: number) => void): Promise<void> {
    let done = 0;
    while (this.discard > 0) {
      const k = Math.min(this.discard, DISCARD_SLICE);
      this.handle.discard(k);
      this.discard -= k;
      done++;
      onProgress?.(done, done + Math.ceil(this.discard / DISCARD_SLICE));
      if (this.discard > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * The plan for a call a device generator cannot take as it is (an odd-length normal or log-normal
   * call on `cuda`), null for any other call. Throws, before anything is consumed, where no plan gives
   * the host generator's values and position.
   */
  private oddDevicePlan(dist: Distribution, n: number, a: number, b: number): OddDevicePlan | null {
    if (this.name !== 'cuda' || n % 2 === 0 || !DEVICE_EVEN_ONLY.has(dist)) return null;
    if (this.philox !== null) {
      // curandSetGeneratorOffset can set only canonical states (PhiloxEngine.isCanonical): after
      // one-word elements from a canonical state the state stays canonical, after doubles mostly not.
      const after = new PhiloxEngine();
      after.setState(this.philox.getState());
      after.advance(n, consumptionOf(this.algorithm, dist, a, b).width);
      if (!after.isCanonical()) {
        throw oddLengthRefused(this.algorithm, dist, n, `the state this call leaves (after double-precision or mixed-width calls) cannot be set with curandSetGeneratorOffset`);
      }
      if (after.position >= TWO_64) throw oddLengthRefused(this.algorithm, dist, n, 'the position after it is past element 2^64 − 1');
      return { kind: 'staged', seekTo: after.position };
    }
    // MTGP32 places a call that starts at or past a multiple of 2^32 words differently (Mtgp32Cursor):
    // the split would show if its first part ended there.
    if (this.mtgp32 !== null && Math.floor((this.mtgp32.position + n - 1) / 2 ** 32) !== Math.floor(this.mtgp32.position / 2 ** 32)) {
      throw oddLengthRefused(this.algorithm, dist, n, 'this call crosses word 2^32 of the stream, where splitting it would change the layout of MTGP32\'s blocks');
    }
    const transform = transformOf(this.algorithm, dist, a, b);
    // XORWOW and MRG32k3a (Box–Muller pairs) are refused for odd lengths by the façade on every backend.
    if (transform === RAW || transform.width !== 1 || transform.pairAligned) {
      throw oddLengthRefused(this.algorithm, dist, n, `${this.algorithm} makes these values in pairs`);
    }
    return { kind: 'lastWord', transform };
  }

  /**
   * An odd device call by its plan (oddDevicePlan). If a later part fails after an earlier one has
   * run, the bookkeeping follows what cuRAND did, so the stream stays consistent, and the error is thrown.
   *
   * For MTGP32 and MT19937 the last element is computed here from its word with the host transform
   * (distributions/table.ts), as the CPU backends compute it: for normals NVIDIA documents the same
   * bits on host and device; for log-normals, whose device values differ from the host's in the
   * last digits, that one element carries the host's formula (glibc's expf / exp) and the others the
   * device's.
   */
  private generateOdd(plan: OddDevicePlan, dist: Distribution, out: OutputArray, a: number, b: number): void {
    const n = out.length;
    if (plan.kind === 'staged') {
      const staged = new (out.constructor as new (length: number) => OutputArray)(n + 1);
      this.handle.generate(NATIVE_KIND[dist], staged, a, b);
      this.seekAfterStaged(plan.seekTo, dist, n, a, b);
      out.set(staged.subarray(0, n) as never);
      return;
    }
    if (n > 1) this.handle.generate(NATIVE_KIND[dist], out.subarray(0, n - 1), a, b);
    const word = new Uint32Array(1);
    try {
      this.handle.generate(NATIVE_KIND.uint32, word, 0, 0);
    } catch (error) {
      this.trackBeforeLastWord(dist, n, a, b);
      throw error;
    }
    plan.transform.apply(out, n - 1, word, 0, 1, a, b, this.libm);
    this.track(dist, n, a, b);
  }

  /** generateOdd off the JS thread; the output handling of generateAsync. */
  private async generateOddAsync(
    plan: OddDevicePlan,
    dist: Distribution,
    out: OutputArray,
    n: number,
    a: number,
    b: number,
    guard: OutputGuard | null,
  ): Promise<void> {
    let target: OutputArray;
    let result: OutputArray;
    if (plan.kind === 'staged') {
      target = this.staging.take(out, n + 1);
      await this.handle.generateAsync(NATIVE_KIND[dist], target, a, b);
      this.seekAfterStaged(plan.seekTo, dist, n, a, b);
      result = target.subarray(0, n);
    } else {
      target = guard === null ? out : this.staging.take(out, n);
      if (n > 1) await this.handle.generateAsync(NATIVE_KIND[dist], target.subarray(0, n - 1), a, b);
      const word = new Uint32Array(new SharedArrayBuffer(4));
      try {
        await this.handle.generateAsync(NATIVE_KIND.uint32, word, 0, 0);
      } catch (error) {
        this.trackBeforeLastWord(dist, n, a, b);
        throw error;
      }
      plan.transform.apply(target, n - 1, word, 0, 1, a, b, this.libm);
      this.track(dist, n, a, b);
      result = target;
    }
    if (result === out) return;
    guard?.check();
    out.set(result as never);
    this.staging.give(target);
  }

  /** After the staged n + 1 values: cuRAND back to where a call of n leaves it, or, failing that, the bookkeeping after n + 1. */
  private seekAfterStaged(seekTo: bigint, dist: Distribution, n: number, a: number, b: number): void {
    try {
      this.handle.seek(seekTo);
    } catch (error) {
      this.track(dist, n + 1, a, b);
      throw error;
    }
    this.track(dist, n, a, b);
  }

  /** The last word's call failed: the n − 1 values cuRAND made before it stay consumed. */
  private trackBeforeLastWord(dist: Distribution, n: number, a: number, b: number): void {
    if (n > 1) this.track(dist, n - 1, a, b);
  }

  /** Runs a pending discard synchronously, in one call (the addon slices it). */
  private discardNow(): void {
    this.handle.discard(this.discard);
    this.discard = 0;
  }

  /** Follows cuRAND's position through a call of n elements, as the distribution table says it consumes its stream. */
  private track(dist: Distribution, n: number, a: number, b: number): void {
    const use = consumptionOf(this.algorithm, dist, a, b);
    if (this.philox !== null) this.philox.advance(n, use.width);
    else if (this.mtgp32 !== null) this.mtgp32.advance(n);
    else if (this.slots === null) this.elements += BigInt(n);
    else if (use.cachedPairs) this.slots.advanceCached(n);
    else this.slots.advance(n, use.width, use.pairs);
  }

  getEngineState(): EngineState {
    return this.philox?.getState() ?? this.slots?.getState() ?? this.mtgp32?.getState() ?? { position: this.elements.toString() };
  }

  setEngineState(seed: bigint, ordering: Ordering, state: EngineState): void {
    if (this.philox !== null) {
      const model = new PhiloxEngine(seed);
      model.setState(state);
      if (model.position >= TWO_64) throw beyondOffsets(this.algorithm, this.name);
      if (!model.isCanonical()) {
        throw new CurandError(
          'ERR_CURAND_STATE',
          `this Philox state cannot be expressed on the '${this.name}' backend: after calls of mixed element widths ` +
            `(float and double) cuRAND's per-subsequence counters differ from what curandSetGeneratorOffset can set; ` +
            `resume it on the 'ts' backend`,
        );
      }
      this.configure(seed, model.position, ordering);
      return;
    }
    const layout = slotLayout(this.algorithm, ordering);
    if (layout !== null) {
      const model = new SlotCursor();
      model.reset(layout, 0n);
      model.setState(state);
      if (model.slots >= TWO_64 || model.elements >= TWO_64) throw beyondOffsets(this.algorithm, this.name);
      if (!model.isCanonical()) {
        throw new CurandError(
          'ERR_CURAND_STATE',
          `this ${this.algorithm} state cannot be expressed on the '${this.name}' backend: after calls taking more than ` +
            `one word per slot (normals, XORWOW's doubles) cuRAND's per-thread positions differ from what curandSetGeneratorOffset ` +
            `can set; resume it on the 'ts' backend`,
        );
      }
      this.configure(seed, model.slots === 0n ? null : model.slots, ordering);
      return;
    }
    // MTGP32 and MT19937 have no offsets: cuRAND gets there only by generating (discarding) words.
    let position: number;
    if (this.mtgp32 !== null) {
      const model = new Mtgp32Cursor();
      model.reset(mtgp32Blocks(ordering));
      model.setState(state, { words: NATIVE_DISCARD_LIMIT });
      if (!model.isCanonical()) {
        throw new CurandError(
          'ERR_CURAND_STATE',
          `this MTGP32 state cannot be expressed on the '${this.name}' backend: a call started past 2^32 words moved ` +
            `cuRAND's blocks out of step with the position, which discarding words from the seed does not reproduce; ` +
            `resume it on the 'ts', 'wasm' or 'simd' backend`,
        );
      }
      position = model.position;
    } else {
      if (typeof state !== 'object' || state === null) throw new TypeError('state.engine must be an object');
      position = Number(parseDecimal(state.position, 'state.engine.position'));
      if (!(position <= NATIVE_DISCARD_LIMIT)) {
        throw new RangeError(
          `state.engine.position: ${this.algorithm} on the '${this.name}' backend is restored by generating up to the position; ` +
            `at most ${NATIVE_DISCARD_LIMIT} words are accepted (docs/reproducibility.md)`,
        );
      }
    }
    this.configure(seed, null, ordering);
    this.mtgp32?.setState(state, { words: NATIVE_DISCARD_LIMIT });
    this.elements = BigInt(position);
    this.discard = position;
  }

  slice(dist: Distribution, origin: StreamOrigin, start: bigint, out: OutputArray, a: number, b: number): void {
    // One-word elements from a fresh stream sit where curandSetGeneratorOffset puts them; two-word
    // ones do not (the offset seeds Philox's counters in words: docs/spec/curand-host-semantics.md §2.5).
    if (consumptionOf(this.algorithm, dist, a, b).width !== 1) {
      throw new CurandError(
        'ERR_CURAND_STATE',
        `a slice of a ${dist} stream cannot be expressed on the '${this.name}' backend (cuRAND offsets count one-word elements); use the 'ts' backend`,
      );
    }
    const offset = (origin.offset ?? 0n) + start;
    if (offset >= TWO_64) throw beyondOffsets(this.algorithm, this.name);
    const stream = `${origin.seed}/${origin.ordering}`;
    const ordering = this.binding.constants.ordering[origin.ordering];
    if (this.#sliceHandle === null || this.#sliceStream !== stream) {
      this.#sliceHandle ??= new this.binding.NativeGenerator(this.options);
      this.#sliceStream = '';
      this.#sliceHandle.configure(origin.seed, offset, true, ordering);
      this.#sliceStream = stream;
    } else {
      // An absolute position, whatever the slice before left (docs/spec/curand-host-semantics.md §2.6).
      this.#sliceHandle.seek(offset);
    }
    // Device generators take normals in pairs only (curand.h: CURAND_STATUS_LENGTH_NOT_MULTIPLE):
    // one more is generated and dropped; each element's value depends only on its position.
    const odd = this.name === 'cuda' && out.length % 2 !== 0 && consumptionOf(this.algorithm, dist, a, b).pairs;
    const target = odd ? new (out.constructor as new (n: number) => OutputArray)(out.length + 1) : out;
    this.#sliceHandle.generate(NATIVE_KIND[dist], target, a, b);
    if (odd) out.set(target.subarray(0, out.length) as never);
  }

  dispose(): void {
    this.handle.dispose();
    this.#sliceHandle?.dispose();
  }
}
