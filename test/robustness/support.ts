/**
 * Shared by the robustness battery (test/robustness/): how many fast-check runs and with which seed,
 * the error contract every rejected call must meet, hostile values described as plain data (so that
 * a counterexample prints as what to type), and children run with a time limit that report JSON.
 *
 * The contract (README "Errors", issue 12): bad input gets a TypeError (wrong kind of value) or a
 * RangeError (right kind, outside the accepted range) naming the argument, or a CurandError with a
 * documented `code`; never a V8 message from inside the library; the generator is left as it was.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import fc from 'fast-check';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

// ---------------------------------------------------------------------------------------------
// Runs, seed and replay

/** Multiplies every property's run count: NODE_CURAND_FUZZ_RUNS=20 for a deeper local run. */
export const FUZZ_FACTOR = Math.max(0.05, Number(process.env.NODE_CURAND_FUZZ_RUNS ?? '1') || 1);
/** A fixed seed, so that CI runs the same cases every time; NODE_CURAND_FUZZ_SEED replays another. */
export const FUZZ_SEED = Number(process.env.NODE_CURAND_FUZZ_SEED ?? '1212') | 0;
/** With NODE_CURAND_FUZZ_SEED and a property chosen by `-t`, replays one counterexample. */
export const FUZZ_PATH = process.env.NODE_CURAND_FUZZ_PATH;

let announced = false;
function announce(): void {
  if (announced) return;
  announced = true;
  console.log(`[robustness] fast-check seed ${FUZZ_SEED} (NODE_CURAND_FUZZ_SEED), runs ×${FUZZ_FACTOR} (NODE_CURAND_FUZZ_RUNS)`);
}

/** fast-check parameters for a property of `baseRuns` runs, bounded by `timeLimitMs` (also scaled). */
export function fuzzParameters<T>(baseRuns: number, timeLimitMs: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  announce();
  return {
    numRuns: Math.max(1, Math.round(baseRuns * FUZZ_FACTOR)),
    seed: FUZZ_SEED,
    ...(FUZZ_PATH === undefined ? {} : { path: FUZZ_PATH }),
    interruptAfterTimeLimit: Math.round(timeLimitMs * Math.max(1, FUZZ_FACTOR)),
    markInterruptAsFailure: false,
    ...extra,
  };
}

/**
 * Runs a property; returns null when it holds, else fast-check's report (counterexample, error,
 * seed and path) followed by the command line that replays it.
 */
export async function checkProperty<T>(name: string, property: fc.IAsyncProperty<T> | fc.IProperty<T>, params: fc.Parameters<T>): Promise<string | null> {
  const details = await fc.check(property as fc.IAsyncProperty<T>, params);
  if (!details.failed) return null;
  if (details.interrupted && details.counterexample === null) {
    return `${name}: no run finished within the time limit (${params.interruptAfterTimeLimit} ms): a hang, or a budget too small for this machine`;
  }
  const report = (fc.defaultReportMessage(details) ?? 'failed').replace(/\n*Hint: Enable verbose mode[^\n]*\n?/, '\n');
  const error = details.errorInstance;
  return (
    `${name}: ${error instanceof Error ? error.message : String(error)}\n${report}\n` +
    `replay: NODE_CURAND_FUZZ_SEED=${details.seed} NODE_CURAND_FUZZ_PATH='${details.counterexamplePath ?? ''}' ` +
    `npx vitest run test/robustness/ -t '${name.replaceAll("'", '')}'`
  );
}

// ---------------------------------------------------------------------------------------------
// The error contract

/** Codes a CurandError may carry: those src/errors.ts or the README documents. */
export const DOCUMENTED_CODES: ReadonlySet<string> = (() => {
  const text = readFileSync(`${REPO_ROOT}/src/errors.ts`, 'utf8') + readFileSync(`${REPO_ROOT}/README.md`, 'utf8');
  return new Set(text.match(/\bERR_(?:CURAND|CUDA)_[A-Z_]+\b/g) ?? []);
})();

/** Messages V8 (or Node) writes; seen in a library error they mean an unchecked case. */
export const V8_INTERNAL: readonly RegExp[] = [
  /Cannot read propert(y|ies) of/,
  /Cannot set propert(y|ies) of/,
  /is not a function/,
  /is not a constructor/,
  /is not iterable/,
  /Array buffer allocation failed/,
  /Invalid typed array length/,
  /Invalid array length/,
  /Cannot perform %TypedArray%/,
  /Cannot perform Construct on a detached ArrayBuffer/,
  /Detached operation/,
  /this is not a typed array/,
  /Do not know how to serialize a BigInt/,
  /Cannot convert .* to a BigInt/,
  /Cannot convert a Symbol value/,
  /Cannot convert undefined or null to object/,
  /Cannot create property/,
  /Cannot use 'in' operator/,
  /Cannot convert object to primitive value/,
  /Cannot mix BigInt and other types/,
  /Maximum call stack size exceeded/,
  /Cannot destructure/,
  /Unexpected token|Unexpected end of JSON|is not valid JSON/,
  /out of memory/i,
];

/** Thrown by the hooks of hostile values (getters, valueOf, Proxy traps): the user's own error. */
export class HookError extends Error {
  constructor(readonly hook: string) {
    super(`hook ${hook} threw on purpose`);
    this.name = 'HookError';
  }
}

/** What a rejected call may throw. */
export interface Allowed {
  /** Argument-error classes the call may throw (from the invalid arguments it was given). */
  classes: ReadonlySet<'TypeError' | 'RangeError'>;
  /** CurandError codes it may throw. */
  codes: ReadonlySet<string>;
  /** Names one of which the message of a TypeError/RangeError must contain (argument names). */
  names: readonly string[];
  /** A getter or Proxy trap of an argument may run (then its error, or success, is clean). */
  hookErrors?: boolean;
}

function namesIn(message: string, names: readonly string[]): boolean {
  return names.some((name) => {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`).test(message);
  });
}

/** Describes how `error` breaks the contract, or returns null when it meets it. */
export function violation(error: unknown, allowed: Allowed): string | null {
  if (!(error instanceof Error)) return `threw a non-Error: ${describeThrown(error)}`;
  const message = error.message;
  if (error instanceof HookError || error.name === 'HookError') {
    // A getter or Proxy trap of an object argument is the caller's own code: its error may pass.
    // valueOf, toString and Symbol.toPrimitive run only if the library coerces a value it should
    // have refused by its kind.
    const hook = String((error as HookError).hook);
    if (!/valueOf|toString|toPrimitive/.test(hook)) return null;
    return `let the argument's ${hook} run and throw (should have refused the value by its kind): ${message}`;
  }
  const internal = V8_INTERNAL.find((re) => re.test(message));
  if (internal !== undefined) return `V8-internal message: ${error.name}: ${message}`;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_CURAND') || typeof code === 'string' && code.startsWith('ERR_CUDA')) {
    if (!DOCUMENTED_CODES.has(code)) return `undocumented code ${code} (${error.name}: ${message})`;
    if (allowed.codes.has(code)) return null;
    return `unexpected ${error.name} ${code}: ${message} (expected ${expectedText(allowed)})`;
  }
  if (error.name === 'TypeError' || error.name === 'RangeError') {
    const cls = error.name as 'TypeError' | 'RangeError';
    if (!allowed.classes.has(cls)) return `${cls} where ${expectedText(allowed)} was expected: ${message}`;
    if (!namesIn(message, allowed.names)) return `${cls} does not name the argument (${allowed.names.join(' | ')}): ${message}`;
    return null;
  }
  return `unexpected ${error.name}: ${message} (expected ${expectedText(allowed)})`;
}

function expectedText(allowed: Allowed): string {
  const parts = [...allowed.classes, ...allowed.codes];
  return parts.length === 0 ? 'no error' : parts.join(' or ');
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}${(error as { code?: string }).code ? ` [${(error as { code?: string }).code}]` : ''}: ${error.message}`;
  try {
    return `${typeof error} ${String(error)}`;
  } catch {
    return typeof error;
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values, as data

/**
 * A value described as plain data (fast-check prints it as is), made by `materialize`. Objects
 * with hooks throw HookError from the named hook.
 */
export type V =
  | { num: number }
  | { big: bigint }
  | { str: string }
  | { bool: boolean }
  | { nul: true }
  | { undef: true }
  | { sym: true }
  | { hook: 'valueOf-throws' | 'toString-throws' | 'toPrimitive-throws' | 'valueOf-3' | 'toPrimitive-3' | 'toString-3' | 'getter-throws' }
  | { obj: 'empty' | 'array' | 'array3' | 'date' | 'regexp' | 'function' | 'boxed-number' | 'boxed-bigint' | 'boxed-string' | 'null-proto' }
  | { proxy: 'throwing' | 'transparent' };

export const num = (x: number): V => ({ num: x });
export const big = (x: bigint): V => ({ big: x });
export const str = (x: string): V => ({ str: x });
export const UNDEF: V = { undef: true };

export function materialize(v: V): unknown {
  if ('num' in v) return v.num;
  if ('big' in v) return v.big;
  if ('str' in v) return v.str;
  if ('bool' in v) return v.bool;
  if ('nul' in v) return null;
  if ('undef' in v) return undefined;
  if ('sym' in v) return Symbol('hostile');
  if ('hook' in v) {
    switch (v.hook) {
      case 'valueOf-throws':
        return { valueOf: () => { throw new HookError('valueOf'); } };
      case 'toString-throws':
        return { toString: () => { throw new HookError('toString'); } };
      case 'toPrimitive-throws':
        return { [Symbol.toPrimitive]: () => { throw new HookError('toPrimitive'); } };
      case 'valueOf-3':
        return { valueOf: () => 3 };
      case 'toPrimitive-3':
        return { [Symbol.toPrimitive]: (hint: string) => (hint === 'string' ? '3' : 3) };
      case 'toString-3':
        return { toString: () => '3' };
      case 'getter-throws':
        return Object.defineProperty({}, 'value', { get: () => { throw new HookError('getter'); }, enumerable: true });
    }
  }
  if ('obj' in v) {
    switch (v.obj) {
      case 'empty':
        return {};
      case 'array':
        return [];
      case 'array3':
        return [3];
      case 'date':
        return new Date(3);
      case 'regexp':
        return /3/;
      case 'function':
        return () => 3;
      case 'boxed-number':
        return Object(3);
      case 'boxed-bigint':
        return Object(3n);
      case 'boxed-string':
        return Object('3');
      case 'null-proto':
        return Object.create(null);
    }
  }
  if (v.proxy === 'transparent') return new Proxy({}, {});
  const trap = (name: string) => () => {
    throw new HookError(`proxy ${name} trap`);
  };
  return new Proxy({}, { get: trap('get'), has: trap('has'), ownKeys: trap('ownKeys'), getPrototypeOf: trap('getPrototypeOf'), getOwnPropertyDescriptor: trap('getOwnPropertyDescriptor') });
}

/** The JS kind a value has once made ('number', 'bigint', 'string', 'object', …). */
export function kindOf(v: V): string {
  if ('num' in v) return 'number';
  if ('big' in v) return 'bigint';
  if ('str' in v) return 'string';
  if ('bool' in v) return 'boolean';
  if ('nul' in v) return 'null';
  if ('undef' in v) return 'undefined';
  if ('sym' in v) return 'symbol';
  return 'object';
}

/** Anything but the right kind: every category of JavaScript value, hooks and Proxies included. */
export const anyValueArb: fc.Arbitrary<V> = fc.oneof(
  fc.constantFrom<V>(
    { undef: true },
    { nul: true },
    { bool: true },
    { bool: false },
    { sym: true },
    { str: '' },
    { str: '3' },
    { str: '2' },
    { str: '-1' },
    { str: '0x10' },
    { str: '1e3' },
    { str: 'NaN' },
    { str: '__proto__' },
    { str: 'constructor' },
    { num: NaN },
    { num: Infinity },
    { num: -Infinity },
    { num: -0 },
    { num: 0.5 },
    { num: -1 },
    { num: 2 ** 53 },
    { num: 2 ** 53 - 1 },
    { num: 2 ** 64 },
    { num: Number.MAX_VALUE },
    { num: Number.MIN_VALUE },
    { big: -1n },
    { big: 0n },
    { big: 3n },
    { big: 2n ** 64n },
    { big: 2n ** 64n - 1n },
    { big: 2n ** 128n },
  ),
  fc.constantFrom<V>(
    { hook: 'valueOf-throws' },
    { hook: 'toString-throws' },
    { hook: 'toPrimitive-throws' },
    { hook: 'valueOf-3' },
    { hook: 'toPrimitive-3' },
    { hook: 'toString-3' },
    { hook: 'getter-throws' },
    { obj: 'empty' },
    { obj: 'array' },
    { obj: 'array3' },
    { obj: 'date' },
    { obj: 'regexp' },
    { obj: 'function' },
    { obj: 'boxed-number' },
    { obj: 'boxed-bigint' },
    { obj: 'boxed-string' },
    { obj: 'null-proto' },
    { proxy: 'throwing' },
    { proxy: 'transparent' },
  ),
);

// ---------------------------------------------------------------------------------------------
// Output arrays with odd backings

export type ElementType = 'Uint32Array' | 'Float32Array' | 'Float64Array' | 'Int32Array' | 'Uint8Array' | 'Uint16Array' | 'BigUint64Array' | 'Uint8ClampedArray';

/**
 * How an output array is made: an element type, a length, a view `offset` elements into its buffer
 * (guard elements on both sides, filled with a canary), a backing buffer, and a wrapper that lies
 * about what the object is.
 */
export interface OutSpec {
  type: ElementType;
  length: number;
  offset: number;
  backing: 'plain' | 'sab' | 'growable-sab' | 'resizable-fixed' | 'resizable-tracking' | 'detached' | 'resized-away';
  /**
   * none; subclass (class X extends Type); lying-length (own `length` property = lie);
   * proto-as-expected (the prototype replaced by the expected type's); proxy (Proxy of the array,
   * optionally lying about length); fake (Object.create(expected.prototype) with a length).
   */
  wrapper: 'none' | 'subclass' | 'lying-length' | 'proto-as-expected' | 'proxy' | 'proxy-lying' | 'fake';
  lie: number;
}

const CTORS: Record<ElementType, new (...args: never[]) => ArrayLike<number | bigint> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }> = {
  Uint32Array,
  Float32Array,
  Float64Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  BigUint64Array,
  Uint8ClampedArray,
} as never;

const CANARY = 0xa5;
const GUARD_BYTES = 64;

/** An array built from a spec, with what it really is (for checks that do not trust the object). */
export interface BuiltOut {
  value: unknown;
  /** The real typed array behind the wrapper, or null for a fake. */
  real: (ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number; length: number }) | null;
  /** The whole buffer with its guards, to check that nothing outside the view was written. */
  bytes: Uint8Array | null;
  viewStart: number;
  viewEnd: number;
}

/** The element type a call writes, by name. */
export function typeName(Type: { name: string }): ElementType {
  return Type.name as ElementType;
}

export function buildOut(spec: OutSpec, expected: ElementType): BuiltOut {
  const Ctor = CTORS[spec.type] as unknown as { new (buffer: ArrayBufferLike, offset: number, length?: number): BuiltOut['real'] & object; BYTES_PER_ELEMENT: number; prototype: object };
  const size = Ctor.BYTES_PER_ELEMENT;
  const viewStart = GUARD_BYTES + spec.offset * size;
  const total = viewStart + spec.length * size + GUARD_BYTES;
  let buffer: ArrayBufferLike;
  switch (spec.backing) {
    case 'sab':
      buffer = new SharedArrayBuffer(total);
      break;
    case 'growable-sab':
      buffer = new (SharedArrayBuffer as unknown as new (n: number, o: object) => SharedArrayBuffer)(total, { maxByteLength: total * 2 });
      break;
    case 'resizable-fixed':
    case 'resizable-tracking':
    case 'resized-away':
      buffer = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer)(total, { maxByteLength: total * 2 });
      break;
    default:
      buffer = new ArrayBuffer(total);
  }
  const bytes = new Uint8Array(buffer);
  bytes.fill(CANARY);
  let real: NonNullable<BuiltOut['real']>;
  if (spec.wrapper === 'subclass') {
    const Sub = class extends (Ctor as unknown as new (b: ArrayBufferLike, o: number, l?: number) => object) {};
    real = new Sub(buffer, viewStart, spec.backing === 'resizable-tracking' ? undefined : spec.length) as never;
  } else {
    real = new Ctor(buffer, viewStart, spec.backing === 'resizable-tracking' ? undefined : spec.length);
  }
  let keepBytes: Uint8Array | null = bytes;
  if (spec.backing === 'resizable-tracking') {
    // Tracking views end where the buffer ends: shrink it to the view's end (no right guard).
    (buffer as ArrayBuffer & { resize(n: number): void }).resize(viewStart + spec.length * size);
    keepBytes = new Uint8Array(buffer);
  }
  if (spec.backing === 'resized-away') {
    (buffer as ArrayBuffer & { resize(n: number): void }).resize(0);
    keepBytes = null;
  }
  if (spec.backing === 'detached') {
    structuredClone(buffer, { transfer: [buffer as ArrayBuffer] });
    keepBytes = null;
  }
  const expectedCtor = CTORS[expected] as unknown as { prototype: object };
  let value: unknown = real;
  switch (spec.wrapper) {
    case 'lying-length':
      Object.defineProperty(real, 'length', { value: spec.lie });
      break;
    case 'proto-as-expected':
      Object.setPrototypeOf(real, expectedCtor.prototype);
      break;
    case 'proxy':
      value = new Proxy(real, {});
      break;
    case 'proxy-lying':
      value = new Proxy(real, { get: (t, k) => (k === 'length' ? spec.lie : Reflect.get(t, k)) });
      break;
    case 'fake':
      value = Object.defineProperties(Object.create(expectedCtor.prototype), {
        length: { value: spec.length },
        byteLength: { value: spec.length * 4 },
        byteOffset: { value: 0 },
        buffer: { value: new ArrayBuffer(spec.length * 4) },
      });
      return { value, real: null, bytes: null, viewStart, viewEnd: viewStart };
  }
  const viewEnd = viewStart + intrinsicByteLength(real);
  return { value, real, bytes: keepBytes, viewStart, viewEnd };
}

const byteLengthGetter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'byteLength')!.get!;
const lengthGetter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'length')!.get!;
const tagGetter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, Symbol.toStringTag)!.get!;

/** A typed array's length and type from its internal slots, whatever its own properties claim. */
export function intrinsicLength(a: object): number {
  return lengthGetter.call(a) as number;
}
export function intrinsicByteLength(a: object): number {
  return byteLengthGetter.call(a) as number;
}
export function intrinsicType(a: object): string | undefined {
  return tagGetter.call(a) as string | undefined;
}

/** Whether any byte outside the view (the guards) changed. */
export function guardsIntact(built: BuiltOut): boolean {
  const bytes = built.bytes;
  if (bytes === null) return true;
  for (let i = 0; i < Math.min(built.viewStart, bytes.length); i++) if (bytes[i] !== CANARY) return false;
  for (let i = built.viewEnd; i < bytes.length; i++) if (bytes[i] !== CANARY) return false;
  return true;
}

/** The bytes of the view itself, read through the real array's slots. */
export function viewBytes(built: BuiltOut): Uint8Array {
  const real = built.real;
  if (real === null) return new Uint8Array(0);
  const length = intrinsicByteLength(real);
  if (length === 0) return new Uint8Array(0);
  return new Uint8Array(real.buffer, real.byteOffset, length).slice();
}

// ---------------------------------------------------------------------------------------------
// Children

/**
 * A worker thread running a TypeScript module of this folder (through tsx's loader, which
 * `node --import tsx` does not pass on to workers).
 */
export function tsWorker(script: string, workerData: unknown = null): Worker {
  const url = new URL(script, import.meta.url).href;
  const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(source, { eval: true, workerData });
}

export interface ChildOutcome<R> {
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  ms: number;
  stdout: string;
  stderr: string;
  /** The JSON the child printed on a line starting with RESULT, if any. */
  result: R | null;
}

/**
 * Runs `script` (a file under test/robustness, .ts through tsx or .mjs) in a child Node process with
 * `args`, killed after `timeoutMs`; crash-prone work goes there so that a crash fails a test instead
 * of the runner.
 */
export async function runChild<R>(script: string, args: string[], options: { timeoutMs: number; nodeArgs?: string[]; env?: NodeJS.ProcessEnv }): Promise<ChildOutcome<R>> {
  // Concurrent tests share the machine: at most CHILD_SLOTS children of this process run at once,
  // and a child's time limit starts when it does.
  while (running >= CHILD_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await spawnChild<R>(script, args, options);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Children one test process runs at once (two test processes on this 2-core machine: four). */
const CHILD_SLOTS = 2;
let running = 0;
const waiting: (() => void)[] = [];

function spawnChild<R>(script: string, args: string[], options: { timeoutMs: number; nodeArgs?: string[]; env?: NodeJS.ProcessEnv }): Promise<ChildOutcome<R>> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const nodeArgs = [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), ...(options.nodeArgs ?? [])];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, path, ...args], { cwd: REPO_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      let result: R | null = null;
      if (line !== undefined) {
        try {
          result = JSON.parse(line.slice('RESULT '.length), (_k, v) => v) as R;
        } catch {
          result = null;
        }
      }
      resolve({ status, signal, timedOut, ms: Date.now() - started, stdout, stderr, result });
    });
  });
}

/** What a child's outcome says when it did not exit cleanly, for a failure message. */
export function childTrouble(outcome: ChildOutcome<unknown>, what: string): string | null {
  if (outcome.timedOut) return `${what}: timed out after ${outcome.ms} ms (hang)\n${tail(outcome.stderr)}${tail(outcome.stdout)}`;
  if (outcome.signal !== null) return `${what}: killed by ${outcome.signal} (crash)\n${tail(outcome.stderr)}${tail(outcome.stdout)}`;
  if (outcome.status !== 0) return `${what}: exit status ${outcome.status}\n${tail(outcome.stderr)}${tail(outcome.stdout)}`;
  return null;
}

function tail(text: string, lines = 25): string {
  const all = text.trimEnd().split('\n');
  return all.length <= 1 && all[0] === '' ? '' : `${all.slice(-lines).join('\n')}\n`;
}

/** For children: print the result where runChild finds it (JSON; bigints as decimal strings). */
export function emitResult(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}\n`);
}

/** For children: one finished case, printed at once (casesOf reads them even after a crash). */
export function emitCase(result: unknown): void {
  process.stdout.write(`CASE ${JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}\n`);
}

/** The cases a child printed with emitCase, in order. */
export function casesOf<R>(outcome: ChildOutcome<unknown>): R[] {
  return outcome.stdout
    .split('\n')
    .filter((line) => line.startsWith('CASE '))
    .map((line) => JSON.parse(line.slice('CASE '.length)) as R);
}
