#!/usr/bin/env node
// Compiles the AssemblyScript kernels (wasm/kernels.ts) to dist/wasm/kernels.wasm, the module the
// `wasm` backend loads (src/kernels/wasm.ts). Run by `npm run build:ts`, so every build and
// `npm test` has it; the package ships the .wasm and needs no compiler on the user's machine.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(`${root}dist/wasm`, { recursive: true });
const { error, stderr } = await asc.main(
  [
    'wasm/kernels.ts',
    '--outFile', 'dist/wasm/kernels.wasm',
    '-O3', '--noAssert',
    '--runtime', 'stub',
    '--enable', 'simd',
    '--baseDir', root,
  ],
  {},
);
if (error) {
  console.error(stderr.toString());
  console.error(`build-wasm: ${error.message}`);
  process.exit(1);
}
