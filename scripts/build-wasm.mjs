#!/usr/bin/env node
// Compiles the AssemblyScript kernels (wasm/kernels.ts) to dist/wasm/kernels.wasm, the module the
// `wasm` backend loads (src/kernels/wasm.ts), and wasm/numpy.ts to dist/wasm/numpy.wasm
// (src/kernels/wasm-numpy.ts). Run by `npm run build:ts`, so every build and
// `npm test` has it; the package ships the .wasm and needs no compiler on the user's machine.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(`${root}dist/wasm`, { recursive: true });
// The backend's kernels, and node-curand/numpy's fills (a module of their own: it needs none of the
// kernels' static memory, so an instance of it stays small).
for (const name of ['kernels', 'numpy']) {
  const { error, stderr } = await asc.main(
    [
      `wasm/${name}.ts`,
      '--outFile', `dist/wasm/${name}.wasm`,
      '-O3', '--noAssert',
      '--runtime', 'stub',
      '--enable', 'simd',
      '--baseDir', root,
    ],
    {},
  );
  if (error) {
    console.error(stderr.toString());
    console.error(`build-wasm: ${name}: ${error.message}`);
    process.exit(1);
  }
}
