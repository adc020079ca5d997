import { backendInfo } from '../../src/index.js';

/**
 * Whether cuRAND's host generators can run here (the oracle of every exactness test). Tests that need
 * them carry "[curand-host]" in their title; CI fails when any of them is skipped, and with
 * NODE_CURAND_REQUIRE_CURAND=1 a missing libcurand fails the test file outright.
 */
const info = backendInfo();
export const curandHost = info.backends['curand-host'];
export const hasCurandHost = curandHost.available;

if (!hasCurandHost) {
  const message = `[curand-host] tests are SKIPPED: ${curandHost.reason}`;
  if (process.env.NODE_CURAND_REQUIRE_CURAND === '1') throw new Error(message);
  console.warn(`\n!!! ${message}\n`);
}

export const hasCuda = info.backends.cuda.available;
if (!hasCuda) console.warn(`\n!!! [cuda] tests are SKIPPED (no usable GPU): ${info.backends.cuda.reason}\n`);
