/**
 * Issue 12, item 1: cuRAND's host generators store some outputs with aligned SSE instructions, so
 * `normalDouble(new Float64Array(3).subarray(1))` on XORWOW crashed (SIGSEGV). The addon now stages
 * outputs that miss cuRAND's alignment (native/generator_core.cc HostAlignment). Every case runs in
 * a child process: a regression fails a test instead of killing the runner.
 */
import { describe, expect, it } from 'vitest';

import { libraryCandidates } from '../../src/native/library-search.js';
import { childEnv, hasCurand, runNode } from '../native-support.js';

const GENERATORS = ['philox4x32_10', 'mtgp32', 'xorwow', 'mrg32k3a', 'mt19937'] as const;

describe.runIf(hasCurand)('[curand-host] outputs that miss cuRAND\'s alignment', () => {
  it('the reproducers: XORWOW and MRG32k3a normalDouble / logNormalDouble into a subarray at an odd index', () => {
    const result = runNode(
      `
      import { Generator } from './src/index.ts';
      const hex = (a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2), (w) => w.toString(16)).join(' ');
      const report = {};
      for (const algorithm of ['xorwow', 'mrg32k3a']) {
        for (const method of ['normalDouble', 'logNormalDouble']) {
          const misaligned = new Float64Array(3).subarray(1);
          new Generator({ backend: 'curand-host', algorithm, seed: 42n })[method](misaligned);
          const aligned = new Generator({ backend: 'curand-host', algorithm, seed: 42n })[method](2);
          report[algorithm + ' ' + method] = hex(misaligned) === hex(aligned) ? 'same bits' : hex(misaligned) + ' vs ' + hex(aligned);
        }
      }
      console.log(JSON.stringify(report));
      `,
      { typescript: true, timeoutMs: 120_000 },
    );
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      'xorwow normalDouble': 'same bits',
      'xorwow logNormalDouble': 'same bits',
      'mrg32k3a normalDouble': 'same bits',
      'mrg32k3a logNormalDouble': 'same bits',
    });
  });

  // Two handles with one seed make the same calls, one into 64-byte-aligned arrays and one into views
  // at every element-size step of 0..60 bytes (so every residue modulo 16 whatever the buffer's own
  // alignment); the bits must agree and nothing outside the view may change.
  it.each(GENERATORS)('%s: every kind at every byte offset writes the aligned call\'s bits, and only its view', (algorithm) => {
    const result = runNode(
      `
      import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/');
      const b = require(process.env.NODE_CURAND_ADDON);
      b.loadLibraries(${JSON.stringify(libraryCandidates(childEnv()))});
      const make = () => {
        const g = new b.NativeGenerator({ rngType: b.constants.rngType.${algorithm}, host: true, device: 0 });
        g.configure(2024n, 0n, false, b.constants.ordering.default);
        return g;
      };
      const reference = make();
      const subject = make();
      const TYPES = [Uint32Array, Float32Array, Float64Array, Float32Array, Float64Array, Float32Array, Float64Array, Uint32Array];
      const PARAMS = [[0, 0], [0, 0], [0, 0], [1, 2], [1, 2], [0.5, 0.25], [0.5, 0.25], [7.5, 0]];
      // XORWOW and MRG32k3a make normals in whole pairs and refuse odd lengths.
      const pairs = ${algorithm === 'xorwow' || algorithm === 'mrg32k3a'};
      const problems = [];
      let calls = 0;
      for (let kind = 0; kind < 8; kind++) {
        const Type = TYPES[kind];
        const size = Type.BYTES_PER_ELEMENT;
        const normal = kind >= 3 && kind <= 6;
        const lengths = [1, 2, 3, 4, 5, 6, 7, 8, 20, 1000, 4098].filter((n) => !(pairs && normal && n % 2 === 1));
        for (let offset = 0; offset <= 60; offset += size) {
          for (const n of lengths) {
            const expected = new Type(n);
            reference.generate(kind, expected, ...PARAMS[kind]);
            const bytes = new Uint8Array(offset + n * size + 64).fill(0xa5);
            const view = new Type(bytes.buffer, offset, n);
            subject.generate(kind, view, ...PARAMS[kind]);
            calls++;
            const same = Buffer.from(view.buffer, view.byteOffset, view.byteLength).equals(Buffer.from(expected.buffer));
            const outside = [...bytes.subarray(0, offset), ...bytes.subarray(offset + n * size)].some((x) => x !== 0xa5);
            if (!same || outside) problems.push({ kind, offset, n, same, outside });
          }
        }
      }
      // The async path stages the same way (a SharedArrayBuffer view, 8 bytes past its start).
      const expected = new Float64Array(1000);
      reference.generate(4, expected, 1, 2);
      const view = new Float64Array(new SharedArrayBuffer(8 * 1001), 8, 1000);
      await subject.generateAsync(4, view, 1, 2);
      if (!Buffer.from(view.buffer, 8, 8000).equals(Buffer.from(expected.buffer))) problems.push({ kind: 4, async: true });
      console.log(JSON.stringify({ calls, problems }));
      `,
      { env: childEnv(), timeoutMs: 120_000 },
    );
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    const { calls, problems } = JSON.parse(result.stdout) as { calls: number; problems: unknown[] };
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(500);
  });
});
