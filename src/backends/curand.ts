import { consumptionOf } from '../distributions/table.js';
import { CurandError } from '../errors.js';
import type { DrawKernel } from '../draws/draw-kernel.js';
import type { EngineState } from '../engines/engine.js';
import { mrg32k3aLayout } from '../engines/mrg32k3a.js';
import { Mtgp32Cursor, mtgp32Blocks } from '../engines/mtgp32-cursor.js';
import { PhiloxEngine } from '../engines/philox.js';
import { SlotCursor, type SlotLayout } from '../engines/slot-cursor.js';
import { parseDecimal } from '../validate.js';
import { XORWOW_LAYOUT } from '../engines/xorwow.js';
import {
  NATIVE_KIND,
  type NativeBinding,
  type NativeGeneratorHandle,
  type NativeGeneratorOptions,
} from '../native/binding-types.js';
import { OUTPUT_TYPE, type Algorithm, type Distribution, type Ordering, type OutputArray } from '../types.js';
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

  constructor(
    private readonly binding: NativeBinding,
    readonly algorithm: Algorithm,
    readonly name: 'curand-host' | 'cuda',
    deviceIndex: number,
    detail: string,
    /** The addon's draw loops: it is loaded anyway. */
    readonly drawKernel: DrawKernel | null = null,
  ) {
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
    if (this.discard > 0) this.discardNow();
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
    await this.prepareAsync();
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
