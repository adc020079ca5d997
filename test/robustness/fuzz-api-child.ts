/**
 * Child process of fuzz-api.test.ts: runs the Generator fuzz on native backends (simd, curand-host),
 * whose crashes must fail a test rather than kill the runner. argv[2]: JSON { variants, algorithm }.
 * Prints RESULT { results } (support.ts emitResult); the call in flight is in NODE_CURAND_FUZZ_TRACE.
 */
import type { Algorithm } from '../../src/types.js';
import { fuzzGenerator, type PropertyResult, type Variant } from './fuzz-api-model.js';
import { emitResult } from './support.js';

const { variants, algorithm } = JSON.parse(process.argv[2]!) as { variants: Variant[]; algorithm: Algorithm };
const results: PropertyResult[] = [];
for (const variant of variants) results.push(...(await fuzzGenerator(variant, algorithm)));
emitResult({ results });
