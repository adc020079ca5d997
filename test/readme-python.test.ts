/**
 * README's "same numbers as the Python program" example, as a doctest: every line of the block after
 * the `<!-- doctest: … -->` marker of the form
 *
 *   <JS expression>;   // <value as JSON>   ← <Python statements; last one an expression>
 *
 * is run in Node through the package's own exports (a module in the repository, so `node-curand/…`
 * resolves to the built dist/ as it does for a user) and, after the arrow, in the machine's python3
 * with NumPy; both must give the value the README shows.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPython, runPython } from './support/cpython.js';
import { hasNumpy } from './support/numpy.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Example {
  js: string;
  shown: unknown;
  python: string;
}

/** The marked block: its import lines and its examples. */
function doctest(): { imports: string[]; examples: Example[] } {
  const block = /<!-- doctest: test\/readme-python\.test\.ts[^\n]*-->\n```js\n([\s\S]*?)```/.exec(README);
  if (block === null) throw new Error('README.md has no block marked for test/readme-python.test.ts');
  const lines = block[1].split('\n');
  const examples = lines.flatMap((line) => {
    const m = /^(.+?);\s*\/\/\s*(.+?)\s+←\s+(.+)$/.exec(line);
    return m === null ? [] : [{ js: m[1], shown: JSON.parse(m[2]) as unknown, python: m[3] }];
  });
  return { imports: lines.filter((line) => line.startsWith('import ')), examples };
}

/** Each example's value in Node, through the package's exports, as JSON (typed arrays as arrays). */
function nodeValues(imports: string[], examples: Example[]): unknown[] {
  const dir = join(ROOT, '.cache', 'readme-doctest');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'example.mjs');
  const plain = 'const plain = (v) => (ArrayBuffer.isView(v) ? Array.from(v) : v);';
  writeFileSync(file, [...imports, plain, `console.log(JSON.stringify([${examples.map((e) => `plain(${e.js})`).join(', ')}]));`].join('\n'));
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the README example failed in Node: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown[];
}

describe.runIf(hasPython && hasNumpy)('[python] [numpy] README: the same numbers as the Python program', () => {
  const { imports, examples } = doctest();

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it('each line gives in Node the value the README shows', () => {
    expect(nodeValues(imports, examples)).toEqual(examples.map((e) => e.shown));
  });

  it('and Python gives it too', () => {
    const script = [
      'import random',
      'import numpy as np',
      'out = []',
      'for code in inp:',
      '    *stmts, last = [s.strip() for s in code.split(";")]',
      '    scope = {"random": random, "np": np}',
      '    for s in stmts: exec(s, scope)',
      '    v = eval(last, scope)',
      '    out.append(v.tolist() if hasattr(v, "tolist") else v)',
    ].join('\n');
    expect(runPython<unknown[]>(script, examples.map((e) => e.python))).toEqual(examples.map((e) => e.shown));
  });
});
