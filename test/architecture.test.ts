/**
 * The layering docs/architecture.md draws, checked: no module imports one from a layer above its own,
 * and the module graph has no cycle. Read from the import statements of src/ (type-only imports
 * included: a type from above is a dependency on above too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from './native-support.js';

const SRC = join(REPO_ROOT, 'src');

/**
 * Each module's layer, lowest first. A module may import its own layer and those below, never one
 * above (docs/architecture.md, "Layers").
 */
const LAYERS: Array<[string, RegExp]> = [
  ['shared', /^(types|errors|validate|state|algorithms|shared-memory)\.ts$/],
  ['math', /^math\//],
  ['native', /^native\//],
  ['engines, distributions and draws', /^(engines|distributions|draws)\//],
  ['kernels', /^kernels\//],
  ['python and numpy', /^(python|numpy)\//],
  ['backends', /^backends\//],
  ['repro: seeds and policy', /^repro\/(seeds|ranks|spawn)\.ts$|^repro\/determinism\//],
  ['façade', /^generator\.ts$/],
  ['repro: process-wide API', /^repro\/(default-generators|math-random|rng-state|seed-everything|record|record-diff|selftest|register|cli)\.ts$/],
  ['entry', /^index\.ts$/],
];

function layerOf(file: string): number {
  const at = LAYERS.findIndex(([, pattern]) => pattern.test(file));
  if (at < 0) throw new Error(`${file} belongs to no layer of docs/architecture.md: add it to LAYERS (and to the page)`);
  return at;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The src/ modules a file imports (relative specifiers resolved; outside src/ ignored). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)) {
    const target = resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts'));
    if (target.startsWith(SRC + '/')) found.push(relative(SRC, target));
  }
  return found;
}

const files = sources(SRC).map((f) => relative(SRC, f));
const graph = new Map(files.map((f) => [f, importsOf(join(SRC, f))]));

describe('layers (docs/architecture.md)', () => {
  it('every module belongs to a layer', () => {
    for (const file of files) expect(() => layerOf(file)).not.toThrow();
  });

  it('no module imports from a layer above its own', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        if (layerOf(target) > layerOf(file)) upward.push(`${file} (${LAYERS[layerOf(file)]![0]}) imports ${target} (${LAYERS[layerOf(target)]![0]})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('the module graph has no cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
