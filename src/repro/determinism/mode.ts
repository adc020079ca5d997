/**
 * Deterministic mode's switches (torch.use_deterministic_algorithms and torch.backends.cudnn's
 * flags) and what a refusal is. Process-wide state: the four flags below; determinism/controls.ts
 * sets them, determinism/policy.ts reads them.
 */

import { CurandError } from '../../errors.js';

export type NondeterminismCause = 'unseeded' | 'host-glibc' | 'host-cpu' | 'auto-backend' | 'device-ordering' | 'cublas-workspace';

export interface Refusal {
  reason: NondeterminismCause;
  /** What would make the results depend on the machine. */
  message: string;
  /** What to do instead. */
  fix: string;
}

/** Thrown in deterministic mode for each refused cause (see the module comment). */
export class NondeterminismError extends CurandError {
  declare readonly reason: NondeterminismCause;
  readonly fix: string;

  constructor(refusal: Refusal) {
    super('ERR_CURAND_NONDETERMINISTIC', refusalText(refusal), { reason: refusal.reason });
    this.name = 'NondeterminismError';
    this.fix = refusal.fix;
  }
}

function refusalText(r: Refusal): string {
  return `deterministic mode (useDeterministicAlgorithms(true)) refuses this: ${r.message}. Fix: ${r.fix}`;
}

/** The switches; changed only through determinism/controls.ts. */
export const flags = {
  deterministic: false,
  warnOnly: false,
  cudnnDeterministic: false,
  cudnnBenchmark: false,
};

/** Messages already warned about: a warning per cause and situation, not per call. */
const warned = new Set<string>();

export function warnOnce(message: string, code: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { type: 'NodeCurandWarning', code });
}

/** Refuses (throws NondeterminismError) or, with warnOnly, warns once. */
export function refuse(refusal: Refusal, warnOnly: boolean): void {
  if (!warnOnly) throw new NondeterminismError(refusal);
  warnOnce(refusalText(refusal), 'NODE_CURAND_NONDETERMINISTIC');
}

export function areDeterministicAlgorithmsEnabled(): boolean {
  return flags.deterministic;
}

export function isDeterministicAlgorithmsWarnOnlyEnabled(): boolean {
  return flags.deterministic && flags.warnOnly;
}
