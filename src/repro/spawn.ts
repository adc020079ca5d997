/**
 * Spawning child generators as NumPy's SeedSequence.spawn does: child k of a generator seeded with s
 * gets deriveSeed(s, k), later spawns continue the count, and a child's children extend the key.
 */

import { toInteger } from '../validate.js';
import { seedSequenceUint64 } from './seeds.js';

/** Where a generator's seed came from in a spawn tree: the root seed and the key below it. */
interface Lineage {
  /** The generator's seed when this was recorded; a later setSeed to another value starts a new tree. */
  seed: bigint;
  root: bigint;
  key: readonly bigint[];
  /** Children spawned so far (NumPy's n_children_spawned). */
  spawned: number;
}

/** Spawn bookkeeping per generator, kept out of the Generator class (and collected with it). */
const lineages = new WeakMap<object, Lineage>();

/** The most children one spawn() call makes. */
export const MAX_SPAWN = 1 << 20;

/**
 * The next `n` children of `parent`, as NumPy's SeedSequence.spawn makes them: child i of a
 * generator seeded with s (and not itself spawned) has seed deriveSeed(s, i); a child of a child
 * extends the key (deriveSeed(s, i, j)). Repeated calls continue the count. `create` builds one
 * child from its seed; if any creation fails, the children made so far are disposed and the count
 * is unchanged.
 */
export function spawnChildren<T extends { readonly seed: bigint; dispose(): void }>(parent: T, count: unknown, create: (seed: bigint) => T): T[] {
  const n = toInteger(count, 'n', 0, MAX_SPAWN);
  const known = lineages.get(parent);
  const lineage: Lineage =
    known !== undefined && known.seed === parent.seed ? known : { seed: parent.seed, root: parent.seed, key: [], spawned: 0 };
  const children: T[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const key = [...lineage.key, BigInt(lineage.spawned + i)];
      const seed = seedSequenceUint64(lineage.root, key);
      const child = create(seed);
      children.push(child);
      lineages.set(child, { seed, root: lineage.root, key, spawned: 0 });
    }
  } catch (error) {
    for (const child of children) child.dispose();
    throw error;
  }
  lineages.set(parent, { ...lineage, spawned: lineage.spawned + n });
  return children;
}
