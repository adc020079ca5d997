// node-curand/numpy: NumPy's generators, bit for bit (docs/numpy.md): the legacy RandomState and the module-level np.random functions over one, default_rng and Generator, SeedSequence, and the PCG64, PCG64DXSM, Philox and MT19937 bit generators.
export { RandomState, type RandomStateSeed, type RandomStateState } from './random-state.js';
export { random, type ModuleRandom } from './module-random.js';
export type { Size } from './size.js';
export type { IntegerParam, NdArray, NestedNumbers, Param, ParamArray } from './broadcast.js';
export type { IntegerDtype, IntegerResult } from './integer-dtypes.js';
export { SeedSequence, type Entropy, type SeedSequenceOptions } from './seed-sequence.js';
export { PCG64, PCG64DXSM, type BitGeneratorSeed, type Pcg64State } from './pcg64.js';
export { defaultRng, Generator, type FloatDtype, type GeneratorChoiceOptions, type IntegersOptions, type NumpyBitGenerator } from './generator.js';
export { Philox, type PhiloxOptions, type PhiloxState } from './philox4x64.js';
export { MT19937, type Mt19937State } from './mt19937.js';
