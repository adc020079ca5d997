/**
 * Preload entry: `node --import node-curand/register app.js`.
 *
 * Applies NODE_CURAND_SEED (with NODE_CURAND_WORKERS and NODE_CURAND_MATH_RANDOM) and
 * NODE_CURAND_DETERMINISTIC before the application's first module is evaluated, so that the
 * environment variables deterministic mode exports (CUBLAS_WORKSPACE_CONFIG, TF_*) are in place
 * before any GPU library or native addon starts. It loads no native code itself.
 */

import { applyEnvironment } from './seed-everything.js';

applyEnvironment();
