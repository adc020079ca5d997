import type { Algorithm, AnyOrdering, Distribution } from './types.js';
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
  /** Words each element of a distribution consumes in the state model (Philox slots); 1 for one-word engines. */
  width: (dist: Distribution) => 1 | 2;
  /** Box–Muller: the distribution's elements come in pairs from one slot (Engine.fill's pairAligned). */
  pairs: (dist: Distribution) => boolean;
  /** Normal-type calls (normal, logNormal and their doubles) of odd length: accepted, or cuRAND's status. */
  oddNormals: true | CurandStatusName;
  /**
   * Orderings cuRAND accepts but whose layout is not known, so node-curand refuses them on every
   * backend (ERR_CURAND_NOT_IMPLEMENTED) rather than give numbers no other backend can reproduce.
   */
  unresolvedOrderings: readonly AnyOrdering[];
  /**
   * The λ from which curandGeneratePoisson draws its normals through each thread's one-value cache
   * (XORWOW, MRG32k3a: engines/slot-cursor.ts), or null where Poisson consumes words like other calls.
   */
  poissonCachedFrom: number | null;
}

/** The distributions cuRAND computes by Box–Muller on Philox, XORWOW and MRG32k3a. */
export const NORMAL_TYPES: readonly Distribution[] = ['normal', 'normalDouble', 'logNormal', 'logNormalDouble'];
const BOX_MULLER = (dist: Distribution): boolean => NORMAL_TYPES.includes(dist);
const NO_PAIRS = (): false => false;
const TWO_WORD_DOUBLES = (dist: Distribution): 1 | 2 =>
  dist === 'uniformDouble' || dist === 'normalDouble' || dist === 'logNormalDouble' ? 2 : 1;

const ONE_WORD = (): 1 => 1;

export const ALGORITHM_TRAITS: Record<Algorithm, AlgorithmTraits> = {
  'philox4x32-10': {
    orderings: ['default', 'best', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: true,
    randomAccess: true,
    width: TWO_WORD_DOUBLES,
    pairs: BOX_MULLER,
    oddNormals: true,
    unresolvedOrderings: [],
    poissonCachedFrom: null,
  },
  mtgp32: {
    orderings: ['default', 'best', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: 'CURAND_STATUS_TYPE_ERROR',
    randomAccess: false,
    width: ONE_WORD,
    pairs: NO_PAIRS,
    oddNormals: true,
    unresolvedOrderings: [],
    poissonCachedFrom: null,
  },
  // docs/spec/curand-more-generators.md §1.4–§1.7, §5: SEEDED is accepted by cuRAND but its layout is unknown.
  xorwow: {
    orderings: ['default', 'best', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: true,
    randomAccess: false,
    width: TWO_WORD_DOUBLES,
    pairs: BOX_MULLER,
    oddNormals: 'CURAND_STATUS_LENGTH_NOT_MULTIPLE',
    unresolvedOrderings: ['seeded'],
    poissonCachedFrom: 2000,
  },
  // §2.3–§2.4: every element, doubles included, takes one step; normals take a pair of steps.
  mrg32k3a: {
    orderings: ['default', 'best', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: true,
    randomAccess: false,
    width: ONE_WORD,
    pairs: BOX_MULLER,
    oddNormals: 'CURAND_STATUS_LENGTH_NOT_MULTIPLE',
    unresolvedOrderings: [],
    poissonCachedFrom: 2000,
  },
  // §3.3: BEST is rejected for MT19937 alone; offsets return TYPE_ERROR.
  mt19937: {
    orderings: ['default', 'legacy'],
    rejectedOrdering: 'CURAND_STATUS_OUT_OF_RANGE',
    offset: 'CURAND_STATUS_TYPE_ERROR',
    randomAccess: false,
    width: ONE_WORD,
    pairs: NO_PAIRS,
    oddNormals: true,
    unresolvedOrderings: [],
    poissonCachedFrom: null,
  },
};

/** cuRAND's accepted Poisson range (curandGeneratePoisson returns OUT_OF_RANGE outside it). */
export const POISSON_MAX_LAMBDA = 400000;
