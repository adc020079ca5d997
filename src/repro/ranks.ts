/**
 * Where a process or thread sits in a job (its rank), and the seed that gives it: worker streams
 * that are the same however many workers a job has, and whoever starts them.
 */

import { CurandError } from '../errors.js';
import { seedSequenceUint64 } from './seeds.js';
import type { EnvironmentVariables } from '../types.js';
import { isDecimal } from '../validate.js';

/**
 * The branch of a job's key space that worker seeds live in: worker r of a job seeded with s is
 * seeded with deriveSeed(s, WORKER_BRANCH, r) (one more key element per nested level), so worker
 * streams never coincide with the streams deriveSeed(s, k) / spawn() give to work items, as long
 * as item keys stay below 2^32 − 1.
 */
export const WORKER_BRANCH = 0xffffffff;

/** The seed of the worker at `rank` in the job seeded with `seed`. */
export function rankSeed(seed: bigint, rank: WorkerRank): bigint {
  return seedSequenceUint64(seed, [BigInt(WORKER_BRANCH), ...rank.path.map(BigInt)]);
}

/** Where this thread sits in a job: a path of ranks under the job seed, outermost first. */
export interface WorkerRank {
  path: number[];
  /**
   * Where each element of `path` came from: an environment variable, 'cluster.worker.id',
   * 'workerData.nodeCurandRank', 'rank' (workerSeed's argument) or 'threadId' (creation order).
   */
  sources: string[];
}

/**
 * Launcher variables holding a process's global rank, in the order they are trusted: torchrun
 * (RANK), Slurm, Open MPI, MPICH/Intel MPI (PMI), Kubernetes indexed jobs, and torchrun's
 * per-node LOCAL_RANK only when nothing global is set.
 */
export const LAUNCHER_RANK_VARIABLES = ['RANK', 'SLURM_PROCID', 'OMPI_COMM_WORLD_RANK', 'PMI_RANK', 'JOB_COMPLETION_INDEX', 'LOCAL_RANK'] as const;

/** Set by a program for the child processes it starts itself (child_process, cluster.fork). */
export const RANK_VARIABLE = 'NODE_CURAND_RANK';

/** The workerData key a parent sets for each worker thread. */
export const WORKER_RANK_KEY = 'nodeCurandRank';

export interface RankContext {
  env: EnvironmentVariables;
  isMainThread: boolean;
  workerData: unknown;
  /** cluster.worker.id in a cluster worker, else null. */
  clusterWorkerId: number | null;
  /** worker_threads.threadId: 1 for the first worker thread the process created, 2 for the next, … (0 in the main thread). */
  threadId: number;
  /** This thread's own rank, given by the caller (workerSeed(rank)); it takes the worker-thread level's place. */
  rank?: number;
  /**
   * Whether deterministic mode refuses a rank taken from creation order (asked only when a worker
   * thread has no rank, so a malformed NODE_CURAND_DETERMINISTIC matters only then).
   */
  refusesCreationOrder: () => boolean;
}

/** The source named for a rank taken from the order the process created its worker threads in (threadId − 1). */
export const CREATION_ORDER_SOURCE = 'threadId';

function rankValue(value: unknown, source: string): number {
  if (typeof value === 'number' ? Number.isSafeInteger(value) && value >= 0 : typeof value === 'string' && isDecimal(value) && Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  throw new RangeError(`${source} must be a non-negative integer (the rank), got ${JSON.stringify(value)}`);
}

/**
 * This thread's rank path, or null in a process that is not a worker of anything. Each level a
 * worker can be started at adds one element, so ranks stay distinct when levels are nested:
 * launcher rank (LAUNCHER_RANK_VARIABLES), NODE_CURAND_RANK, cluster worker (id − 1), worker thread
 * (the rank given to workerSeed, else workerData.nodeCurandRank, else the thread's creation order,
 * threadId − 1, which deterministic mode refuses: see creationOrderWarning for when it is reproducible).
 */
export function findRank(context: RankContext): WorkerRank | null {
  const path: number[] = [];
  const sources: string[] = [];
  const add = (value: unknown, source: string) => {
    path.push(rankValue(value, source));
    sources.push(source);
  };
  const launcher = LAUNCHER_RANK_VARIABLES.find((name) => (context.env[name] ?? '') !== '');
  if (launcher !== undefined) add(context.env[launcher], launcher);
  if ((context.env[RANK_VARIABLE] ?? '') !== '') add(context.env[RANK_VARIABLE], RANK_VARIABLE);
  if (context.clusterWorkerId !== null) add(context.clusterWorkerId - 1, 'cluster.worker.id');
  if (context.rank !== undefined) {
    add(context.rank, 'rank');
  } else if (!context.isMainThread) {
    const data = context.workerData as Record<string, unknown> | null | undefined;
    const value = typeof data === 'object' && data !== null ? data[WORKER_RANK_KEY] : undefined;
    if (value !== undefined) {
      add(value, `workerData.${WORKER_RANK_KEY}`);
    } else if (!context.refusesCreationOrder()) {
      add(context.threadId - 1, CREATION_ORDER_SOURCE);
    } else {
      throw new CurandError(
        'ERR_CURAND_CONTEXT',
        `this worker thread has no rank, and deterministic mode does not take one from the order in which the process created its threads ` +
          `(that order depends on timing as soon as threads are created from several threads or under load): start it with ` +
          `new Worker(file, { workerData: { ${WORKER_RANK_KEY}: k } }), or call workerSeed(k) (k = 0, 1, … in an order that does not depend on timing)`,
      );
    }
  }
  return path.length === 0 ? null : { path, sources };
}

/**
 * The one-time warning (per thread) for a rank taken from creation order, saying when that is
 * reproducible; null when `rank` did not come from it.
 */
export function creationOrderWarning(rank: WorkerRank | null): string | null {
  const level = rank?.sources.indexOf(CREATION_ORDER_SOURCE) ?? -1;
  if (level < 0) return null;
  return (
    `this worker thread has no rank (workerData.${WORKER_RANK_KEY}, workerSeed(rank)), so node-curand gives it rank ${rank!.path[level]}, ` +
    `its place in the order in which this process created its worker threads (threadId − 1). Its seed is the same in every run only if ` +
    `the program, started the same way (a loader such as --import tsx adds a thread of its own), creates its worker threads in the same ` +
    `order every run: one thread creating them one after another, as a loop of new Worker() or a pool (piscina, tinypool) starting its ` +
    `threads does, and no threads created at the same time from other threads (nested workers) or at times that depend on load (pools ` +
    `that add or replace threads). Which task a pool runs on which thread depends on timing anyway: give a task its own numbers with ` +
    `deriveSeed(seed, taskIndex). Deterministic mode refuses this rank.`
  );
}
