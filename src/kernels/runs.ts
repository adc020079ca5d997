/**
 * Parts of a Philox call's slot plan (PhiloxEngine.slotRuns: runs [j, t, count, base] of the first
 * round, repeated in later rounds with counters moved on by width), in the forms the kernels take.
 */
import { forEachSlotRun, PHILOX_SUBSEQUENCES } from '../engines/philox.js';

const TWO_32 = 4294967296;

/**
 * The runs of the call's slots [first, last), numbered from `first`: what a kernel call computing
 * only that part of the call takes. The runs of its first 65536 slots suffice, the kernel repeating
 * them for later rounds as for a whole call.
 */
export function sliceRuns(runs: Float64Array, slots: number, width: 1 | 2, first: number, last: number): Float64Array {
  const end = Math.min(last, first + PHILOX_SUBSEQUENCES);
  const found: number[] = [];
  forEachSlotRun(runs, slots, width, (j, t, count, counter) => {
    const from = Math.max(j, first);
    const to = Math.min(j + count, end);
    if (from < to) found.push(from - first, t + from - j, to - from, counter);
  });
  return Float64Array.from(found);
}

/** Every run of a call, later rounds included, with its counter split into 32-bit halves (the kernels that loop in JavaScript). */
export function forEachKernelRun(
  runs: Float64Array,
  slots: number,
  width: 1 | 2,
  visit: (j: number, t: number, count: number, lo: number, hi: number) => void,
): void {
  forEachSlotRun(runs, slots, width, (j, t, count, counter) => {
    const lo = counter % TWO_32;
    visit(j, t, count, lo, (counter - lo) / TWO_32);
  });
}
