/**
 * Bulk XOR of word blocks, the inner loop of MT19937's jump-ahead (mt19937-core.ts). Runs on a
 * small WebAssembly SIMD module (16 bytes per instruction, no bounds checks: several times the plain
 * loop on V8) when the runtime has WebAssembly SIMD, and on a plain loop otherwise. Both operate on one
 * Int32Array "heap" addressed by word offsets, so callers do not know which one runs.
 *
 * The module is assembled below from its instructions (no toolchain, nothing downloaded): two
 * functions, xor2(dst, src, n) doing dst ^= src and xor3(dst, a, b, n) doing dst = a ^ b over n
 * 16-byte lanes at byte addresses.
 */

export interface XorHeap {
  /** The words the offsets below address. */
  readonly heap: Int32Array;
  /** heap[dst + i] ^= heap[src + i] for i < words (words a multiple of 4). */
  xorInto(dst: number, src: number, words: number): void;
  /** heap[dst + i] = heap[a + i] ^ heap[b + i] for i < words (words a multiple of 4). */
  xorOf(dst: number, a: number, b: number, words: number): void;
  readonly simd: boolean;
}

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...leb(bytes.length), ...bytes];
const name = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const I32 = 0x7f;
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const LOAD = [0xfd, 0x00, 0x00, 0x00]; // v128.load, align 1 (any address), offset 0
const STORE = [0xfd, 0x0b, 0x00, 0x00]; // v128.store
const XOR = [0xfd, 0x51]; // v128.xor
/** local i += 16 */
const next = (i: number) => [...get(i), 0x41, 16, 0x6a, ...set(i)];
/** if (--local i != 0) continue the loop */
const again = (i: number) => [...get(i), 0x41, 1, 0x6b, 0x22, i, 0x0d, 0];
const body = (loop: number[]): number[] => {
  const b = [0x00, 0x03, 0x40, ...loop, 0x0b, 0x0b]; // no locals; loop … end; end
  return [...leb(b.length), ...b];
};

/** Pages of 64 KiB the module's memory starts with; heaps up to this size use SIMD. */
function moduleBytes(pages: number): Uint8Array {
  const xor2 = body([...get(0), ...get(0), ...LOAD, ...get(1), ...LOAD, ...XOR, ...STORE, ...next(0), ...next(1), ...again(2)]);
  const xor3 = body([...get(0), ...get(1), ...LOAD, ...get(2), ...LOAD, ...XOR, ...STORE, ...next(0), ...next(1), ...next(2), ...again(3)]);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 3, I32, I32, I32, 0], [0x60, 4, I32, I32, I32, I32, 0]])),
    ...section(3, vec([[0], [1]])),
    ...section(5, vec([[0x00, ...leb(pages)]])),
    ...section(7, vec([[...name('memory'), 2, 0], [...name('xor2'), 0, 0], [...name('xor3'), 0, 1]])),
    ...section(10, vec([xor2, xor3])),
  ]);
}

/** The part of the WebAssembly API used here (typed locally: the project's lib settings omit it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

function simdHeap(words: number): XorHeap | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return null;
  try {
    const bytes = moduleBytes(Math.ceil((words * 4) / 65536));
    if (!wasm.validate(bytes)) return null;
    const exports = new wasm.Instance(new wasm.Module(bytes)).exports as {
      memory: { buffer: ArrayBuffer };
      xor2(dst: number, src: number, lanes: number): void;
      xor3(dst: number, a: number, b: number, lanes: number): void;
    };
    const { xor2, xor3 } = exports;
    return {
      heap: new Int32Array(exports.memory.buffer, 0, words),
      xorInto: (dst, src, n) => xor2(dst * 4, src * 4, n >>> 2),
      xorOf: (dst, a, b, n) => xor3(dst * 4, a * 4, b * 4, n >>> 2),
      simd: true,
    };
  } catch {
    return null;
  }
}

function plainHeap(words: number): XorHeap {
  const heap = new Int32Array(words);
  return {
    heap,
    xorInto(dst, src, n) {
      for (let i = 0; i < n; i++) heap[dst + i] = (heap[dst + i] as number) ^ (heap[src + i] as number);
    },
    xorOf(dst, a, b, n) {
      for (let i = 0; i < n; i++) heap[dst + i] = (heap[a + i] as number) ^ (heap[b + i] as number);
    },
    simd: false,
  };
}

/** A heap of `words` words with the fastest XOR this runtime offers (`plain` forces the JS loop). */
export function createXorHeap(words: number, plain = false): XorHeap {
  return (plain ? null : simdHeap(words)) ?? plainHeap(words);
}
