/**
 * The error policy, in one place:
 * - A bad argument is a TypeError (wrong kind of value) or a RangeError (right kind, outside the
 *   accepted range) that names the argument and what is accepted (validate.ts), thrown before
 *   anything changes. One argument error is found late, when an async call completes: an output
 *   array detached or shrunk meanwhile, a TypeError with code ERR_CURAND_OUTPUT_DETACHED
 *   (outputDetached below); the state is put back first.
 * - Everything else is a CurandError with a stable `code`: cuRAND and CUDA failures (with the numeric
 *   `status` and its `statusName`), and the generator's own conditions (disposed, busy, a state or a
 *   backend it cannot use). cuRAND refusing a combination is ERR_CURAND_UNSUPPORTED with cuRAND's
 *   status; a combination cuRAND accepts but node-curand cannot reproduce is ERR_CURAND_NOT_IMPLEMENTED.
 * - A method called on something that is not a Generator is a TypeError that says so.
 */

export type CurandErrorCode =
  /** cuRAND returned a status other than CURAND_STATUS_SUCCESS. */
  | 'ERR_CURAND_STATUS'
  /** The CUDA runtime returned an error. */
  | 'ERR_CUDA_STATUS'
  /** cuRAND itself does not support the requested combination (e.g. an offset for MTGP32). */
  | 'ERR_CURAND_UNSUPPORTED'
  /** The requested backend or device cannot run here; `reason` says why. */
  | 'ERR_CURAND_BACKEND_UNAVAILABLE'
  /** The operation is valid for cuRAND but this backend does not implement it (yet). */
  | 'ERR_CURAND_NOT_IMPLEMENTED'
  /** A saved state cannot be expressed on the requested backend. */
  | 'ERR_CURAND_STATE'
  /** A synchronous call was made while an asynchronous call on the same generator was still running. */
  | 'ERR_CURAND_BUSY'
  /** The generator was disposed (dispose() or `using`): every later call throws this. */
  | 'ERR_CURAND_DISPOSED'
  /**
   * A call its context does not allow: seedEverything(), getRngState() or setRngState() inside
   * withGenerator(), workerSeed() with no job seed or in a thread with no rank.
   */
  | 'ERR_CURAND_CONTEXT'
  /** Deterministic mode refused something that would make results depend on the machine (NondeterminismError). */
  | 'ERR_CURAND_NONDETERMINISTIC';

export interface CurandErrorDetails {
  status?: number;
  statusName?: string;
  operation?: string;
  reason?: string;
  cause?: unknown;
}

export class CurandError extends Error {
  readonly code: CurandErrorCode;
  readonly status?: number;
  readonly statusName?: string;
  readonly operation?: string;
  readonly reason?: string;

  constructor(code: CurandErrorCode, message: string, details: CurandErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CurandError';
    this.code = code;
    if (details.status !== undefined) this.status = details.status;
    if (details.statusName !== undefined) this.statusName = details.statusName;
    if (details.operation !== undefined) this.operation = details.operation;
    if (details.reason !== undefined) this.reason = details.reason;
  }
}

/** cuRAND's `curandStatus_t` names, for errors raised in TypeScript on cuRAND's behalf. */
export const CURAND_STATUS = {
  CURAND_STATUS_SUCCESS: 0,
  CURAND_STATUS_VERSION_MISMATCH: 100,
  CURAND_STATUS_NOT_INITIALIZED: 101,
  CURAND_STATUS_ALLOCATION_FAILED: 102,
  CURAND_STATUS_TYPE_ERROR: 103,
  CURAND_STATUS_OUT_OF_RANGE: 104,
  CURAND_STATUS_LENGTH_NOT_MULTIPLE: 105,
  CURAND_STATUS_DOUBLE_PRECISION_REQUIRED: 106,
  CURAND_STATUS_LAUNCH_FAILURE: 201,
  CURAND_STATUS_PREEXISTING_FAILURE: 202,
  CURAND_STATUS_INITIALIZATION_FAILED: 203,
  CURAND_STATUS_ARCH_MISMATCH: 204,
  CURAND_STATUS_INTERNAL_ERROR: 999,
} as const;

export type CurandStatusName = keyof typeof CURAND_STATUS;

/** An output array detached or shrunk while an async call ran, so nothing could be written into it. */
export function outputDetached(operation: string): TypeError {
  return Object.assign(
    new TypeError(
      `${operation}: out was detached or shrunk while the call ran, so its values could not be written; ` +
        `the generator's state is as it was before the call (do not transfer or resize an output until its promise settles)`,
    ),
    { code: 'ERR_CURAND_OUTPUT_DETACHED' as const },
  );
}

/** An error for a combination cuRAND rejects, raised before any state changes. */
export function unsupported(message: string, statusName: CurandStatusName, operation: string): CurandError {
  return new CurandError('ERR_CURAND_UNSUPPORTED', `${message} (cuRAND returns ${statusName})`, {
    status: CURAND_STATUS[statusName],
    statusName,
    operation,
  });
}
