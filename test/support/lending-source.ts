import { WordBuffer } from '../../src/draws/word-buffer.js';

/**
 * A WordBuffer over given words (what a Generator's draws read, and what lends its words to bulk
 * draws), taking them in its blocks; `used()` counts the words read. Beyond the words given it
 * reads zeros, which a check of `used()` exposes.
 */
export function lendingSource(words: Uint32Array): { src: WordBuffer; used: () => number } {
  let taken = 0;
  const src = new WordBuffer((out) => {
    out.fill(0);
    out.set(words.subarray(taken, taken + out.length));
    taken += out.length;
  });
  return { src, used: () => taken - src.available };
}
