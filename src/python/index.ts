// node-curand/python: CPython's `random` module's generator, bit for bit (docs/python.md).
export { Random, type ChoicesOptions, type PyRandomState, type PySequence, type RandomOptions } from './random.js';
export type { PySeed } from './seed.js';
