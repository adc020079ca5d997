// The kernels' op numbers: src/kernels/kernel.ts KERNEL_OP has the same ones.

export const OP_WORDS: i32 = 0; // raw words: Philox 4 per slot, XORWOW the call's 1, 2 or 4
export const OP_WORDS2: i32 = 1; // 8 raw words: the blocks at counter and counter + 1 (two-word elements)
export const OP_UNIFORM: i32 = 2;
export const OP_UNIFORM_DOUBLE: i32 = 3;
export const OP_NORMAL: i32 = 4;
export const OP_LOG_NORMAL: i32 = 5;
export const OP_UINT32_SCALED: i32 = 11; // MRG32k3a's uint32: trunc(r·MRG_UINT32_SCALE) of its step result r
