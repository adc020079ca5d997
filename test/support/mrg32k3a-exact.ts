/**
 * MRG32k3a's recurrence (L'Ecuyer 1999's constants) computed exactly in BigInt: the reference the
 * native and WebAssembly kernels' double arithmetic is checked against on extreme states.
 */
export const M1 = 4294967087n;
export const M2 = 4294944443n;
const mod = (x: bigint, m: bigint): bigint => ((x % m) + m) % m;

/** `steps` results of the recurrence from s (s1[0..2], s2[0..2]), exactly in BigInt. */
export function exactSteps(s: readonly number[], steps: number): number[] {
  const [a0, a1, a2, b0, b1, b2] = s.map(BigInt) as [bigint, bigint, bigint, bigint, bigint, bigint];
  const one = [a0, a1, a2];
  const two = [b0, b1, b2];
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const p1 = mod(1403580n * one[1]! - 810728n * one[0]!, M1);
    const p2 = mod(527612n * two[2]! - 1370589n * two[0]!, M2);
    one.shift();
    one.push(p1);
    two.shift();
    two.push(p2);
    out.push(Number(p1 > p2 ? p1 - p2 : p1 - p2 + M1));
  }
  return out;
}
