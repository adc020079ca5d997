// Lanes to memory order, shared by the Philox and XORWOW kernels (kernels.ts, xorwow.ts).

/** Stores four blocks computed side by side (lane i = block i) block by block, block i at dst + i·stride. */
@inline
export function store4(dst: usize, stride: usize, x0: v128, x1: v128, x2: v128, x3: v128): void {
  const a = v128.shuffle<i32>(x0, x1, 0, 4, 1, 5);
  const b = v128.shuffle<i32>(x2, x3, 0, 4, 1, 5);
  const c = v128.shuffle<i32>(x0, x1, 2, 6, 3, 7);
  const d = v128.shuffle<i32>(x2, x3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<i64>(a, b, 0, 2));
  v128.store(dst + stride, v128.shuffle<i64>(a, b, 1, 3));
  v128.store(dst + 2 * stride, v128.shuffle<i64>(c, d, 0, 2));
  v128.store(dst + 3 * stride, v128.shuffle<i64>(c, d, 1, 3));
}
