// @ts-check
// A benchmark worker thread (harness.mjs ThreadTeam): fills its part of a shared output with the
// candidate the main thread names, each time the main thread bumps the epoch.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

import { arrayOver, loadCandidate } from './candidates.mjs';
import { CONTROL } from './harness.mjs';

/** @typedef {import('./candidates.mjs').LoadedCandidate} LoadedCandidate */

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { libraryUrl, share, workers } = /** @type {{ libraryUrl: string, share: number, workers: number }} */ (workerData);
const control = new Int32Array(/** @type {SharedArrayBuffer} */ (workerData.control));
// From the TypeScript sources (tests, `node --import tsx src/repro/cli.ts bench`) the library is .ts, and
// Node 20 does not carry the parent's --import loader hooks into worker threads: register tsx here.
if (!existsSync(fileURLToPath(libraryUrl))) {
  const { register } = await import('tsx/esm/api');
  register();
}
const lib = /** @type {import('./candidates.mjs').Library} */ (await import(libraryUrl));
/** @type {Map<string, LoadedCandidate>} */
const loaded = new Map();

/** @param {unknown} error */
const fail = (error) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });

/**
 * @param {{ type: string, dist: import('./candidates.mjs').BenchDist, buffer: SharedArrayBuffer, start: number, end: number, ids: string[] }} m
 */
async function setup(m) {
  const out = arrayOver(m.dist, m.end - m.start, m.buffer, m.start);
  /** @type {(() => void)[]} */
  const fills = [];
  for (const id of m.ids) {
    let candidate = loaded.get(id);
    if (candidate === undefined) {
      candidate = await loadCandidate(id, lib, share, 1);
      loaded.set(id, candidate);
    }
    fills.push(candidate.fill(m.dist, out));
  }
  // Read before 'ready': the main thread may bump the epoch as soon as it has the message.
  let epoch = Atomics.load(control, CONTROL.EPOCH);
  port.postMessage({ type: 'ready' });
  for (;;) {
    Atomics.wait(control, CONTROL.EPOCH, epoch);
    epoch = Atomics.load(control, CONTROL.EPOCH);
    const command = Atomics.load(control, CONTROL.COMMAND);
    if (command === CONTROL.STOP) break;
    try {
      fills[command]();
    } catch (error) {
      Atomics.store(control, CONTROL.FAILED, 1);
      fail(error);
    }
    // The main thread sleeps until the last worker is done.
    if (Atomics.add(control, CONTROL.DONE, 1) + 1 === workers) Atomics.notify(control, CONTROL.DONE);
  }
  for (const candidate of loaded.values()) candidate.release();
  port.postMessage({ type: 'released' });
}

port.on('message', (m) => {
  if (m.type === 'setup') setup(m).catch(fail);
});
port.postMessage({ type: 'started' });
