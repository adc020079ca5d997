// node-curand/numpy: NumPy's generators, bit for bit (docs/numpy.md). So far its legacy RandomState.
export { RandomState, type RandomStateSeed, type RandomStateState, type Size } from './random-state.js';
