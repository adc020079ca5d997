/**
 * Child process of fuzz-api.test.ts: runs the Generator fuzz (or, with `issue`, the issue's fixed
 * reproducers) on a group of backend variants, so that a crash fails a test rather than the run.
 * argv[2]: JSON { variants, algorithm } or { issue: true, variant, name? }. Prints RESULT { results }
 * (support.ts emitResult); the call in flight is in NODE_CURAND_FUZZ_TRACE.
 */
import type { Algorithm } from '../../src/types.js';
import { fuzzGenerator, ISSUE_CASES, runIssueCase, type PropertyResult, type Variant } from './fuzz-api-model.js';
import { describeThrown, emitCase, emitResult } from './support.js';

const config = JSON.parse(process.argv[2]!) as { variants: Variant[]; algorithm: Algorithm } | { issue: true; variant: Variant; name?: string };
const results: PropertyResult[] = [];
if ('issue' in config) {
  // One named case, or all that share a process on this backend.
  const cases = ISSUE_CASES.filter((x) => x.backends.includes(config.variant.options.backend as never) && (config.name === undefined ? x.ownProcess !== true : x.name === config.name));
  for (const c of cases) {
    const started = Date.now();
    let failure: string | null = null;
    try {
      await runIssueCase(config.variant, c);
    } catch (error) {
      failure = error instanceof Error ? error.message : describeThrown(error);
    }
    results.push({ name: c.name, failure, ms: Date.now() - started });
    // Each case as it completes: a crash later in the list does not lose the cases before it.
    emitCase(results[results.length - 1]);
  }
} else {
  for (const variant of config.variants) results.push(...(await fuzzGenerator(variant, config.algorithm)));
}
emitResult({ results });
