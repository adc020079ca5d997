import type { Algorithm, AnyOrdering } from './types.js';
import type { CurandStatusName } from './errors.js';

/**
 * What cuRAND's host generator accepts for each algorithm, so that every backend rejects the same
 * calls with the same status before touching any state (docs/spec/curand-host-semantics.md §2.3, §2.7,
 * §3.2; docs/spec/curand-more-generators.md §5).
 */
export interface AlgorithmTraits {
  /** Orderings cuRAND accepts, and the status it returns for the others. */
  orderings: readonly AnyOrdering[];
  rejectedOrdering: CurandStatusName;
  /** curandSetGeneratorOffset: accepted, or the status cuRAND returns. */
  offset: true | CurandStatusName;
  /** Counter-based: any element of a stream is reachable in O(1) (Generator.slice / at). */
  randomAccess: boolean;
  /**
   * Calls whose elements come in pairs (distributions/table.ts: Box–Muller normals) with an odd
   * length: accepted, or the status cuRAND returns.
   */
  oddNormals: true | CurandStatusName;
  /**
   * Orderings cuRAND accepts but whose layout is not known, so node-curand refuses them on every
   * backend (ERR_CURAND_NOT_IMPLEMENTED) rather than give numbers no other backend can reproduce.
   */
  unresolvedOrderings: readonly AnyOrdering[];
}


export const ALGORITHM_TRAITS: Record<Algorithm, AlgorithmTraits> = {
  'philox4x32-10': {
    orderings: ['default', 'best', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: true,
    randomAccess: true,
    oddNormals: true,
    unresolvedOrderings: [],
  },
  mtgp32: {
    orderings: ['default', 'best', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: 'CURAND_STATUS_TYPE_ERROR',
    randomAccess: false,
    oddNormals: true,
    unresolvedOrderings: [],
  },
  // docs/spec/curand-more-generators.md §1.4–§1.7, §5: SEEDED is accepted by cuRAND but its layout is unknown.
  xorwow: {
    orderings: ['default', 'best', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: true,
    randomAccess: false,
    oddNormals: 'CURAND_STATUS_LENGTH_NOT_MULTIPLE',
    unresolvedOrderings: ['seeded'],
  },
  // §2.3–§2.4: every element, doubles included, takes one step; normals take a pair of steps.
  mrg32k3a: {
    orderings: ['default', 'best', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: true,
    randomAccess: false,
    oddNormals: 'CURAND_STATUS_LENGTH_NOT_MULTIPLE',
    unresolvedOrderings: [],
  },
  // §3.3: BEST is rejected for MT19937 alone; offsets return TYPE_ERROR.
  mt19937: {
    orderings: ['default', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: 'CURAND_STATUS_TYPE_ERROR',
    randomAccess: false,
    oddNormals: true,
    unresolvedOrderings: [],
  },
};

/** cuRAND's accepted Poisson range (curandGeneratePoisson returns OUT_OF_RANGE outside it). */
export const POISSON_MAX_LAMBDA = 400000;
