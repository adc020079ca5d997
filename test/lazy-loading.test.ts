/**
 * Only what a program uses is loaded (issue 13): read from /proc/self/maps in a child process after
 * each kind of use. `ts` and `wasm` map neither the addon nor any NVIDIA library; `simd` maps the
 * addon only; `curand-host` libcurand but not the CUDA runtime; cuBLAS and cuDNN only what reports
 * on the machine (backendInfo, reproRecord) maps — and those do not count as the program's own.
 */
import { describe, expect, it } from 'vitest';

import { hasAddon, hasCurand, runNode } from './native-support.js';

const LIBRARIES = ['node_curand', 'libcurand', 'libcudart', 'libcublas', 'libcudnn'] as const;

/** Which of LIBRARIES the child has mapped after running `body` (Generator and backendInfo in scope). */
function mappedAfter(body: string): Record<(typeof LIBRARIES)[number], boolean> & { extra?: unknown } {
  const result = runNode(
    `
    import { readFileSync } from 'node:fs';
    import { backendInfo, Generator, reproRecord } from './src/index.ts';
    let extra;
    ${body}
    const maps = readFileSync('/proc/self/maps', 'utf8');
    const names = ${JSON.stringify(LIBRARIES)};
    console.log(JSON.stringify({ ...Object.fromEntries(names.map((n) => [n, maps.includes('/' + n)])), extra }));
    `,
    { typescript: true },
  );
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

describe('nothing native is loaded that is not used', () => {
  it("backend 'ts' and 'wasm': no addon, no NVIDIA library", () => {
    expect(
      mappedAfter(`
        for (const backend of ['ts', 'wasm']) {
          const g = new Generator({ backend, algorithm: 'mtgp32', seed: 1n });
          g.uniform(1000);
          await g.normalAsync(1000);
          g.dispose();
        }
      `),
    ).toEqual({ node_curand: false, libcurand: false, libcudart: false, libcublas: false, libcudnn: false });
  });

  it.runIf(hasAddon)("backend 'simd' and device 'cpu': the addon only", () => {
    expect(
      mappedAfter(`
        new Generator({ backend: 'simd' }).uniform(1000);
        new Generator({ device: 'cpu' }).uint32(10);
      `),
    ).toEqual({ node_curand: true, libcurand: false, libcudart: false, libcublas: false, libcudnn: false });
  });

  it.runIf(hasCurand)("[curand-host] backend 'curand-host': libcurand, not the CUDA runtime, cuBLAS or cuDNN", () => {
    expect(
      mappedAfter(`
        new Generator({ backend: 'curand-host' }).uniform(1000);
      `),
    ).toEqual({ node_curand: true, libcurand: true, libcudart: false, libcublas: false, libcudnn: false });
  });

  it.runIf(hasCurand)('[curand-host] backendInfo() and reproRecord() load cuBLAS and cuDNN, which are not counted as the program’s', () => {
    const seen = mappedAfter(`
      backendInfo();
      const { backends } = await import('./src/index.ts');
      const warnings = [];
      process.on('warning', (w) => warnings.push(w.code));
      backends.cublas.workspaceConfig = ':16:8';
      await new Promise((resolve) => setImmediate(resolve));
      extra = { warnings, record: typeof reproRecord().libraries };
    `);
    expect(seen).toMatchObject({ node_curand: true, libcurand: true, libcublas: true, libcudnn: true });
    // node-curand mapped cuBLAS itself: changing CUBLAS_WORKSPACE_CONFIG does not warn that the program had loaded it.
    expect(seen.extra).toEqual({ warnings: [], record: 'object' });
  });
});
