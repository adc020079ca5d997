/**
 * Worker thread of state-tampering-child.ts: runs the cases it is sent, one at a time, so that the
 * child can time each one out (a synchronous hang cannot be interrupted on its own thread).
 * Messages in: { id, index } (an EXPLICIT_CASES entry) or { id, case }; out: { id, result }.
 */
import { parentPort } from 'node:worker_threads';

import { EXPLICIT_CASES, runStateCase, type StateCase } from './state-tampering-model.js';

parentPort!.on('message', (message: { id: number; index?: number; case?: StateCase }) => {
  const c = message.index !== undefined ? EXPLICIT_CASES[message.index]! : message.case!;
  parentPort!.postMessage({ id: message.id, result: runStateCase(c) });
});
parentPort!.postMessage({ ready: true });
