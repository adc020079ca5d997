/**
 * Parsers and encoders for the fields of engine states (EngineState), shared by the engines and by
 * the native backend's bookkeeping so that both read and write the same portable format.
 */

/** Run-length encoding [value − minus, count, …] of a per-subsequence array (a few runs in practice). */
export function runsOf(values: Float64Array, minus: number): number[] {
  const runs: number[] = [];
  let i = 0;
  while (i < values.length) {
    const v = values[i] as number;
    let j = i + 1;
    while (j < values.length && values[j] === v) j++;
    runs.push(v - minus, j - i);
    i = j;
  }
  return runs;
}

/** The inverse of runsOf (without the `minus`): exactly `length` non-negative safe integers. */
export function expandRuns(runs: unknown, length: number, name: string): Float64Array {
  if (!Array.isArray(runs) || runs.length % 2 !== 0) {
    throw new TypeError(`${name} must be an array of [value, count] pairs`);
  }
  const out = new Float64Array(length);
  let at = 0;
  for (let i = 0; i < runs.length; i += 2) {
    const value: unknown = runs[i];
    const count: unknown = runs[i + 1];
    if (
      typeof value !== 'number' ||
      typeof count !== 'number' ||
      !Number.isSafeInteger(value) ||
      value < 0 ||
      !Number.isSafeInteger(count) ||
      count <= 0 ||
      at + count > length
    ) {
      throw new RangeError(`${name} has an invalid run at index ${i}`);
    }
    out.fill(value, at, at + count);
    at += count;
  }
  if (at !== length) throw new RangeError(`${name} must cover exactly ${length} subsequences, covers ${at}`);
  return out;
}

/** The smallest value of an array (the part runsOf factors out). */
export function minimum(values: Float64Array): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

