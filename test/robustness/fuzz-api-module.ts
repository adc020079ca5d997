/**
 * The fuzz of the module functions (README "Reproducible runs"): random sequences of calls to
 * seedEverything, defaultGenerator, deriveSeed, workerSeed, withGenerator, useDeterministicAlgorithms,
 * reproRecord, diffRecords, backendInfo and the determinism controls, with hostile arguments and
 * hostile environments (NODE_CURAND_BACKEND), each checked against the error contract and, where
 * accepted, against what the README promises. These functions change process-wide state: every
 * run puts back the environment, Math.random and the determinism flags it found.
 */
import fc from 'fast-check';

import {
  backendInfo,
  backends,
  defaultGenerator,
  deriveSeed,
  diffRecords,
  Generator,
  hashSeedString,
  initialSeed,
  LAUNCHER_RANK_VARIABLES,
  parseWorkspaceConfig,
  RANK_VARIABLE,
  reproRecord,
  restoreMathRandom,
  seedEverything,
  useDeterministicAlgorithms,
  areDeterministicAlgorithmsEnabled,
  withGenerator,
  WORKER_BRANCH,
  workerSeed,
  type ReproRecord,
} from '../../src/index.js';
import type { PropertyResult } from './fuzz-api-model.js';
import { anyValueArb, checkProperty, describeThrown, fuzzParameters, HookError, kindOf, materialize, num, str, big, violation, type Allowed, type V } from './support.js';

type Cls = 'TypeError' | 'RangeError';

interface Expect {
  /** The call must be refused. */
  reject: boolean;
  /** Either outcome is clean. */
  either: boolean;
  classes: Set<Cls>;
  codes: Set<string>;
  names: string[];
  /** What the arguments were made of, for the message. */
  note?: string;
}

const expectation = (): Expect => ({ reject: false, either: false, classes: new Set(), codes: new Set(), names: [] });
const bad = (e: Expect, cls: Cls, ...names: string[]) => {
  e.reject = true;
  e.classes.add(cls);
  e.names.push(...names);
};
const maybe = (e: Expect, classes: Cls[], ...names: string[]) => {
  e.either = true;
  for (const c of classes) e.classes.add(c);
  e.names.push(...names);
};
const allowed = (e: Expect): Allowed => ({ classes: e.classes, codes: e.codes, names: e.names, hookErrors: true });

const TWO64 = 2n ** 64n;
const isUint64 = (v: V) => ('big' in v ? v.big >= 0n && v.big < TWO64 : 'num' in v ? Number.isSafeInteger(v.num) && v.num >= 0 : false);

/** A seed as seedEverything, deriveSeed, withGenerator take it: bigint or safe integer in [0, 2^64), or a string. */
function judgeSeedInput(e: Expect, v: V, ...names: string[]): bigint | null {
  const kind = kindOf(v);
  if (kind === 'string') return hashSeedString((v as { str: string }).str);
  if (kind !== 'number' && kind !== 'bigint') bad(e, 'TypeError', ...names);
  else if (!isUint64(v)) bad(e, 'RangeError', ...names);
  else return 'big' in v ? v.big : BigInt((v as { num: number }).num);
  return null;
}

function judgeBoolean(e: Expect, v: V | undefined, ...names: string[]): void {
  if (v === undefined || 'undef' in v || 'bool' in v) return;
  bad(e, 'TypeError', ...names);
}

const seedArb = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(fc.bigInt({ min: 0n, max: TWO64 - 1n }).map(big), fc.constantFrom<V>(num(0), num(42), num(2 ** 53 - 1), str('experiment-7'), str(''), str('42'), str('\u{1F600}'))) },
  { weight: 2, arbitrary: fc.constantFrom<V>(num(-1), num(1.5), num(NaN), num(2 ** 53), big(-1n), big(TWO64), { obj: 'boxed-string' }, { hook: 'toPrimitive-3' }) },
  { weight: 1, arbitrary: anyValueArb },
);
/** workerSeed's rank: a non-negative safe integer, values just outside, and anything else. */
const rankArb = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(fc.nat(10).map(num), fc.constantFrom<V>(num(-0), num(2 ** 53 - 1))) },
  { weight: 2, arbitrary: fc.constantFrom<V>(num(-1), num(1.5), num(NaN), num(Infinity), num(2 ** 53), big(1n), str('1'), { hook: 'valueOf-3' }) },
  { weight: 1, arbitrary: anyValueArb },
);
const boolArb = fc.oneof({ weight: 3, arbitrary: fc.boolean().map((b): V => ({ bool: b })) }, { weight: 1, arbitrary: fc.constantFrom<V>(str('warn'), str('1'), num(1), num(0), { nul: true }) }, { weight: 1, arbitrary: anyValueArb });

type Source = V | 'state' | 'generator' | 'tampered-state';
type Fn = 'sync' | 'async' | 'throws' | 'rejects' | 'record' | 'nested-seed-everything' | V;

type ModuleCmd =
  | { f: 'seedEverything'; seed: V | 'omit'; options: 'omit' | { v: V } | { mathRandom?: V; deterministic?: V; workers?: V; extra?: true } }
  | { f: 'defaultGenerator'; device: V | 'omit'; env: string | null; fresh: boolean }
  | { f: 'deriveSeed'; seed: V; path: V[] }
  | { f: 'workerSeed'; rank: V | 'omit'; seed: V | 'omit' }
  | { f: 'withGenerator'; source: Source; fn: Fn }
  | { f: 'useDeterministicAlgorithms'; enabled: V; options: 'omit' | { v: V } | { warnOnly?: V; extra?: true } }
  | { f: 'reproRecord' }
  | { f: 'diffRecords'; a: RecordArg; b: RecordArg; options: 'omit' | { v: V } | { all: V } }
  | { f: 'backendInfo' }
  | { f: 'hashSeedString'; text: V }
  | { f: 'parseWorkspaceConfig'; value: V }
  | { f: 'cudnn'; key: 'benchmark' | 'deterministic'; value: V }
  | { f: 'workspaceConfig'; value: V }
  | { f: 'environment'; variable: (typeof ENV_VARIABLES)[number]; value: string; then: 'seedEverything' | 'workerSeed' | 'defaultGenerator' };

/** What a launcher or a parent process may leave in the environment (README "Reproducible runs"). */
const ENV_VARIABLES = ['NODE_CURAND_SEED', 'NODE_CURAND_DETERMINISTIC', 'NODE_CURAND_WORKERS', 'NODE_CURAND_MATH_RANDOM', 'NODE_CURAND_RANK', 'RANK', 'SLURM_PROCID', 'NODE_CURAND_BACKEND'] as const;

type RecordArg = 'record' | 'json' | { mutate: number; value: V | 'delete' } | { drop: string } | { v: V };

/** What a record read from a file (or made by another version) may hold instead of a field. */
const jsonValueArb: fc.Arbitrary<V> = fc.constantFrom<V>(
  { undef: true },
  { nul: true },
  { bool: true },
  { bool: false },
  str(''),
  str('1'),
  str('x'),
  num(0),
  num(1),
  num(-1),
  num(1.5),
  num(2 ** 53),
  num(NaN),
  num(Infinity),
  { obj: 'empty' },
  { obj: 'array' },
  { obj: 'array3' },
);

const recordArgArb: fc.Arbitrary<RecordArg> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<RecordArg>('record', 'json') },
  { weight: 3, arbitrary: fc.record({ mutate: fc.nat(1000), value: fc.oneof({ weight: 1, arbitrary: fc.constant('delete' as const) }, { weight: 3, arbitrary: jsonValueArb }) }) },
  { weight: 1, arbitrary: anyValueArb.map((v) => ({ v })) },
);

const workspaceArb = fc.oneof(fc.constantFrom<V>(str(':4096:8'), str(':16:8'), str(':4096:2:16:8'), str('4096:8'), str(':4096'), str(''), str(':a:b'), { undef: true }), anyValueArb);

/** The commands, in groups that fail apart, so that one known failure does not hide the others. */
const MODULE_GROUPS: Record<string, fc.Arbitrary<ModuleCmd>> = {
  'seeding (seedEverything, defaultGenerator, deriveSeed, workerSeed, hashSeedString)': fc.oneof(
    fc.record({
      f: fc.constant('seedEverything' as const),
      seed: fc.oneof({ weight: 1, arbitrary: fc.constant('omit' as const) }, { weight: 4, arbitrary: seedArb }),
      options: fc.oneof(
        { weight: 1, arbitrary: fc.constant('omit' as const) },
        { weight: 4, arbitrary: fc.record({ mathRandom: boolArb, deterministic: boolArb, workers: boolArb, extra: fc.constant(true as const) }, { requiredKeys: [] }) },
        { weight: 1, arbitrary: anyValueArb.map((v) => ({ v })) },
      ),
    }),
    fc.record({
      f: fc.constant('defaultGenerator' as const),
      device: fc.oneof(fc.constant('omit' as const), fc.constantFrom<V>(str('cpu'), str('cuda'), str('cuda:0'), str('cuda:99999'), str('gpu'), str('CPU')), anyValueArb),
      env: fc.constantFrom(null, null, 'ts', 'cuda', 'bogus', 'curand-host', ''),
      // The CPU default generator is made once; disposing it makes the next call create it again.
      fresh: fc.boolean(),
    }),
    fc.record({ f: fc.constant('deriveSeed' as const), seed: seedArb, path: fc.array(fc.oneof({ weight: 3, arbitrary: fc.oneof(fc.nat(10).map(num), fc.bigInt({ min: 0n, max: TWO64 - 1n }).map(big)) }, { weight: 1, arbitrary: anyValueArb }), { maxLength: 4 }) }),
    fc.record({ f: fc.constant('workerSeed' as const), rank: fc.oneof(fc.constant('omit' as const), rankArb), seed: fc.oneof(fc.constant('omit' as const), seedArb) }),
    fc.record({ f: fc.constant('hashSeedString' as const), text: fc.oneof(fc.string().map(str), anyValueArb) }),
    fc.record({
      f: fc.constant('environment' as const),
      variable: fc.constantFrom(...ENV_VARIABLES),
      value: fc.constantFrom('', '0', '1', '7', 'true', 'warn', 'yes', '-1', '1.5', ' 5', '0x10', '99999999999999999999', '18446744073709551616', 'ts', 'cuda', 'x'),
      then: fc.constantFrom('seedEverything' as const, 'workerSeed' as const, 'defaultGenerator' as const),
    }),
  ),
  withGenerator: fc.oneof(
    fc.record({
      f: fc.constant('withGenerator' as const),
      source: fc.oneof({ weight: 2, arbitrary: seedArb as fc.Arbitrary<Source> }, { weight: 2, arbitrary: fc.constantFrom<Source>('state', 'generator', 'tampered-state') }),
      fn: fc.oneof({ weight: 4, arbitrary: fc.constantFrom<Fn>('sync', 'async', 'throws', 'rejects', 'record', 'nested-seed-everything') }, { weight: 1, arbitrary: anyValueArb as fc.Arbitrary<Fn> }),
    }),
    fc.record({ f: fc.constant('seedEverything' as const), seed: seedArb.filter((v) => kindOf(v) === 'string' || kindOf(v) === 'bigint'), options: fc.constant('omit' as const) }),
  ),
  'determinism controls (useDeterministicAlgorithms, backends.cudnn, backends.cublas, parseWorkspaceConfig)': fc.oneof(
    fc.record({
      f: fc.constant('useDeterministicAlgorithms' as const),
      enabled: boolArb,
      options: fc.oneof(fc.constant('omit' as const), fc.record({ warnOnly: boolArb, extra: fc.constant(true as const) }, { requiredKeys: [] }), anyValueArb.map((v) => ({ v }))),
    }),
    fc.record({ f: fc.constant('parseWorkspaceConfig' as const), value: workspaceArb }),
    fc.record({ f: fc.constant('cudnn' as const), key: fc.constantFrom('benchmark' as const, 'deterministic' as const), value: boolArb }),
    fc.record({ f: fc.constant('workspaceConfig' as const), value: workspaceArb }),
  ),
  'records (reproRecord, diffRecords, backendInfo)': fc.oneof(
    fc.constant<ModuleCmd>({ f: 'reproRecord' }),
    fc.record({ f: fc.constant('diffRecords' as const), a: recordArgArb, b: recordArgArb, options: fc.oneof(fc.constant('omit' as const), boolArb.map((all) => ({ all })), anyValueArb.map((v) => ({ v }))) }),
    fc.constant<ModuleCmd>({ f: 'backendInfo' }),
  ),
};

class Broken extends Error {}
function fail(message: string): never {
  throw new Broken(message);
}

/** Every dotted path of a record, for mutations. */
function pathsOf(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      out.push([...prefix, key]);
      pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
    }
  }
  return out;
}

function recordArg(arg: RecordArg, e: Expect, name: string): { value: unknown; note: string } {
  if (arg === 'record') return { value: reproRecord(), note: 'record' };
  if (arg === 'json') return { value: JSON.parse(JSON.stringify(reproRecord())), note: 'record (JSON)' };
  if ('v' in arg) {
    bad(e, 'TypeError', name);
    e.classes.add('RangeError');
    return { value: materialize(arg.v), note: `value` };
  }
  if ('drop' in arg) {
    // A record of another version, without one field.
    const record = JSON.parse(JSON.stringify(reproRecord())) as Record<string, unknown>;
    delete record[arg.drop];
    maybe(e, ['TypeError', 'RangeError'], name, arg.drop);
    return { value: record, note: `record without ${arg.drop}` };
  }
  const record = JSON.parse(JSON.stringify(reproRecord())) as Record<string, unknown>;
  const paths = pathsOf(record);
  const path = paths[arg.mutate % paths.length];
  let node = record;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (arg.value === 'delete') delete node[last];
  else node[last] = materialize(arg.value);
  // A record edited by hand (or from another version): a list of differences, or an error naming the field.
  maybe(e, ['TypeError', 'RangeError'], name, path.join('.'), last);
  return { value: record, note: `record with ${path.join('.')} ${arg.value === 'delete' ? 'deleted' : `= ${JSON.stringify(arg.value, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x))}`}` };
}

const sentinel = () => new HookError('fn');

/** Runs one command; throws Broken with what went wrong. */
async function runModuleCmd(cmd: ModuleCmd, step: number): Promise<void> {
  const what = `step ${step} ${JSON.stringify(cmd, (_k, v) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`;
  const e = expectation();
  let call: () => unknown;
  let check: (value: unknown) => void = () => undefined;
  let async = false;
  let cleanup = () => undefined as void;
  try {
    switch (cmd.f) {
      case 'seedEverything': {
        const expectedSeed = cmd.seed === 'omit' ? null : judgeSeedInput(e, cmd.seed, 'seed');
        const args: unknown[] = [];
        let deterministic: unknown;
        if (cmd.seed !== 'omit' || cmd.options !== 'omit') args.push(cmd.seed === 'omit' ? undefined : materialize(cmd.seed));
        if (cmd.options !== 'omit') {
          if ('v' in cmd.options) {
            const k = kindOf(cmd.options.v);
            if (k === 'undefined') {
              /* the default */
            } else if (k !== 'object') bad(e, 'TypeError', 'options');
            else maybe(e, ['TypeError'], 'options', 'option', '0', 'value');
            args.push(materialize(cmd.options.v));
          } else {
            const o: Record<string, unknown> = {};
            for (const key of ['mathRandom', 'deterministic', 'workers'] as const) {
              const v = cmd.options[key];
              if (v === undefined) continue;
              o[key] = materialize(v);
              if (key === 'deterministic') {
                deterministic = o[key];
                if (!('undef' in v) && !('bool' in v) && !('str' in v && v.str === 'warn')) bad(e, kindOf(v) === 'string' ? 'RangeError' : 'TypeError', 'options.deterministic', 'deterministic');
                if ('str' in v && v.str !== 'warn') e.classes.add('TypeError');
              } else judgeBoolean(e, v, `options.${key}`, key);
            }
            if (cmd.options.extra === true) {
              o.seeed = 1;
              bad(e, 'TypeError', 'seeed', 'option');
            }
            args.push(o);
          }
        }
        // No seed at all in deterministic mode: refused (README), with the documented code.
        const willBeDeterministic = deterministic === true || (deterministic === undefined && areDeterministicAlgorithmsEnabled());
        if (cmd.seed === 'omit' && (process.env.NODE_CURAND_SEED ?? '') === '' && willBeDeterministic) {
          e.codes.add('ERR_CURAND_NONDETERMINISTIC');
          e.reject = true;
        }
        call = () => seedEverything(...(args as []));
        check = (value) => {
          const report = value as { seed: bigint; generatorSeed: bigint };
          if (expectedSeed !== null && report.seed !== expectedSeed) fail(`${what}: report.seed ${report.seed}, expected ${expectedSeed}`);
          const g = defaultGenerator();
          if (g.seed !== report.generatorSeed) fail(`${what}: defaultGenerator().seed ${g.seed} vs report.generatorSeed ${report.generatorSeed}`);
          const r = Math.random();
          if (!(r >= 0 && r < 1)) fail(`${what}: Math.random() gave ${r}`);
        };
        break;
      }
      case 'defaultGenerator': {
        const args = cmd.device === 'omit' ? [] : [materialize(cmd.device)];
        if (cmd.device !== 'omit') {
          const k = kindOf(cmd.device);
          if (k === 'undefined') {
            /* the default */
          } else if (k !== 'string') bad(e, 'TypeError', 'device');
          else {
            const d = (cmd.device as { str: string }).str;
            if (d === 'cuda' || /^cuda:(0|[1-9][0-9]{0,3})$/.test(d)) {
              e.reject = true;
              e.codes.add('ERR_CURAND_BACKEND_UNAVAILABLE');
            } else if (d !== 'cpu') bad(e, 'RangeError', 'device');
          }
        }
        if (cmd.env === 'bogus') maybe(e, ['RangeError'], 'NODE_CURAND_BACKEND');
        // NODE_CURAND_BACKEND=cuda and a CPU default: a CPU generator, or an error that names the variable (issue 12).
        if (cmd.env === 'cuda') {
          maybe(e, ['RangeError', 'TypeError'], 'NODE_CURAND_BACKEND');
          e.codes.add('ERR_CURAND_BACKEND_UNAVAILABLE');
        }
        if (!areDeterministicAlgorithmsEnabled() || (process.env.NODE_CURAND_SEED ?? '') === '') e.codes.add('ERR_CURAND_NONDETERMINISTIC');
        if (areDeterministicAlgorithmsEnabled() && (process.env.NODE_CURAND_SEED ?? '') === '') e.either = true;
        if (cmd.fresh) {
          try {
            defaultGenerator().dispose();
          } catch {
            // none could be made (deterministic mode, unseeded): nothing to dispose
          }
        }
        call = () => {
          const before = process.env.NODE_CURAND_BACKEND;
          if (cmd.env === null) delete process.env.NODE_CURAND_BACKEND;
          else process.env.NODE_CURAND_BACKEND = cmd.env;
          try {
            return defaultGenerator(...(args as []));
          } finally {
            if (before === undefined) delete process.env.NODE_CURAND_BACKEND;
            else process.env.NODE_CURAND_BACKEND = before;
          }
        };
        check = (value) => {
          if (!(value instanceof Generator)) fail(`${what}: returned ${typeof value}`);
          if (value.device !== 'cpu') fail(`${what}: device ${value.device}`);
          if (value.seed !== initialSeed()) fail(`${what}: seed ${value.seed} vs initialSeed() ${initialSeed()}`);
        };
        break;
      }
      case 'deriveSeed': {
        judgeSeedInput(e, cmd.seed, 'seed');
        cmd.path.forEach((p, i) => {
          const k = kindOf(p);
          if (k !== 'number' && k !== 'bigint') bad(e, 'TypeError', 'path', `path[${i}]`);
          else if (!isUint64(p)) bad(e, 'RangeError', 'path', `path[${i}]`);
        });
        const seed = materialize(cmd.seed);
        const path = cmd.path.map(materialize);
        call = () => deriveSeed(seed as bigint, ...(path as bigint[]));
        check = (value) => {
          if (typeof value !== 'bigint' || value < 0n || value >= TWO64) fail(`${what}: returned ${String(value)}`);
          if (deriveSeed(seed as bigint, ...(path as bigint[])) !== value) fail(`${what}: not deterministic`);
        };
        break;
      }
      case 'workerSeed': {
        // workerSeed(rank?, seed?): undefined is the same as omitted.
        const rank = cmd.rank === 'omit' || 'undef' in cmd.rank ? null : cmd.rank;
        const seedGiven = cmd.seed !== 'omit' && !('undef' in cmd.seed);
        if (rank !== null) {
          if (kindOf(rank) !== 'number') bad(e, 'TypeError', 'rank');
          else if (!(Number.isSafeInteger((rank as { num: number }).num) && (rank as { num: number }).num >= 0)) bad(e, 'RangeError', 'rank');
        }
        const root = seedGiven ? judgeSeedInput(e, cmd.seed as V, 'seed') : null;
        if (rank === null) {
          // The main thread of a process without a launcher rank has no rank: always refused, for
          // a bad argument with an argument error, else as a call its context does not allow.
          e.reject = true;
          e.codes.add('ERR_CURAND_CONTEXT');
        } else if (!seedGiven) {
          // With a rank, only a missing job seed (none set by an earlier step) refuses the call.
          e.either = true;
          e.codes.add('ERR_CURAND_CONTEXT');
        }
        const args = [cmd.rank === 'omit' ? undefined : materialize(cmd.rank), ...(cmd.seed === 'omit' ? [] : [materialize(cmd.seed)])];
        call = () => workerSeed(...(args as []));
        check = (value) => {
          if (typeof value !== 'bigint' || value < 0n || value >= TWO64) fail(`${what}: returned ${String(value)}`);
          const launched = [...LAUNCHER_RANK_VARIABLES, RANK_VARIABLE].some((name) => (process.env[name] ?? '') !== '');
          if (root !== null && !launched && value !== deriveSeed(root, WORKER_BRANCH, (rank as { num: number }).num)) {
            fail(`${what}: ${value} is not deriveSeed(seed, WORKER_BRANCH, rank)`);
          }
        };
        break;
      }
      case 'withGenerator': {
        let source: unknown;
        let reference: (() => Generator) | null = null;
        let own: Generator | null = null;
        if (cmd.source === 'state' || cmd.source === 'tampered-state') {
          const g = new Generator({ backend: 'ts', seed: 5n });
          g.uint32(5);
          const state = g.getState();
          g.dispose();
          if (cmd.source === 'tampered-state') {
            (state as unknown as { engine: unknown }).engine = { cursor: 'x' };
            // The scope accepts the envelope; the engine is refused when a default generator is made.
            maybe(e, ['TypeError', 'RangeError'], 'state', 'state.engine', 'state.engine.cursor', 'cursor');
            e.codes.add('ERR_CURAND_STATE');
          } else reference = () => Generator.fromState(state, { backend: 'ts' });
          source = state;
        } else if (cmd.source === 'generator') {
          own = new Generator({ backend: 'ts', seed: 9n });
          source = own;
        } else {
          const seed = judgeSeedInput(e, cmd.source, 'source', 'seed');
          if (kindOf(cmd.source) !== 'string' && kindOf(cmd.source) !== 'number' && kindOf(cmd.source) !== 'bigint') e.names.push('withGenerator()');
          source = materialize(cmd.source);
          if (seed !== null) reference = () => new Generator({ backend: 'ts', seed });
        }
        let fn: unknown;
        const thrown = sentinel();
        const fnKind = cmd.fn;
        if (typeof fnKind === 'string') {
          fn = {
            sync: () => defaultGenerator().uint32(4),
            async: async () => {
              await new Promise((resolve) => setImmediate(resolve));
              return defaultGenerator().uint32(4);
            },
            throws: () => {
              throw thrown;
            },
            rejects: async () => {
              throw thrown;
            },
            record: () => JSON.stringify(reproRecord()),
            'nested-seed-everything': () => seedEverything(1n),
          }[fnKind];
          if (fnKind === 'nested-seed-everything') {
            e.reject = true;
            e.codes.add('ERR_CURAND_CONTEXT');
          }
          async = fnKind === 'async' || fnKind === 'rejects';
        } else {
          fn = materialize(fnKind);
          if (kindOf(fnKind) !== 'object' || !('obj' in fnKind && fnKind.obj === 'function')) bad(e, 'TypeError', 'fn');
        }
        const outer = outerState();
        call = () => withGenerator(source as bigint, fn as () => unknown);
        check = (value) => {
          if (fnKind === 'throws' || fnKind === 'rejects') fail(`${what}: fn threw, withGenerator returned`);
          if ((fnKind === 'sync' || fnKind === 'async') && reference !== null) {
            using r = reference();
            const want = r.uint32(4);
            if (Buffer.compare(Buffer.from((value as Uint32Array).buffer), Buffer.from(want.buffer)) !== 0) fail(`${what}: the scope's defaultGenerator() is not the source's stream`);
          }
          if ((fnKind === 'sync' || fnKind === 'async') && own !== null && own.position !== 4n) fail(`${what}: the given generator was not the scope's (position ${own.position})`);
          if (outerState() !== outer) fail(`${what}: the outer default generator changed`);
        };
        cleanup = () => own?.dispose();
        if ((fnKind === 'throws' || fnKind === 'rejects') && !e.reject) {
          // The caller's own error comes back unchanged.
          const result = await settle(call, async);
          cleanup();
          if (result.ok) fail(`${what}: fn's error was swallowed`);
          if (result.error !== thrown) fail(`${what}: fn's error came back as ${describeThrown(result.error)}`);
          return;
        }
        break;
      }
      case 'useDeterministicAlgorithms': {
        if (!('bool' in cmd.enabled)) bad(e, 'TypeError', 'enabled');
        const args: unknown[] = [materialize(cmd.enabled)];
        if (cmd.options !== 'omit') {
          if ('v' in cmd.options) {
            const k = kindOf(cmd.options.v);
            if (k === 'undefined') {
              /* the default */
            } else if (k !== 'object') bad(e, 'TypeError', 'options');
            else maybe(e, ['TypeError'], 'options', 'option', '0', 'value');
            args.push(materialize(cmd.options.v));
          } else {
            const o: Record<string, unknown> = {};
            if (cmd.options.warnOnly !== undefined) {
              o.warnOnly = materialize(cmd.options.warnOnly);
              judgeBoolean(e, cmd.options.warnOnly, 'options.warnOnly', 'warnOnly');
            }
            if (cmd.options.extra === true) {
              o.warnonly = true;
              bad(e, 'TypeError', 'warnonly', 'option');
            }
            args.push(o);
          }
        }
        call = () => useDeterministicAlgorithms(...(args as [boolean]));
        check = () => {
          if (areDeterministicAlgorithmsEnabled() !== args[0]) fail(`${what}: areDeterministicAlgorithmsEnabled() is ${areDeterministicAlgorithmsEnabled()}`);
        };
        break;
      }
      case 'reproRecord':
      case 'backendInfo': {
        const f = cmd.f === 'reproRecord' ? reproRecord : backendInfo;
        call = () => (f as (...x: unknown[]) => unknown)(1, 'extra');
        check = (value) => {
          const text = JSON.stringify(value);
          if (typeof text !== 'string') fail(`${what}: not JSON-serialisable`);
        };
        break;
      }
      case 'diffRecords': {
        const a = recordArg(cmd.a, e, 'a');
        const b = recordArg(cmd.b, e, 'b');
        const args: unknown[] = [a.value, b.value];
        if (cmd.options !== 'omit') {
          if ('v' in cmd.options) {
            const k = kindOf(cmd.options.v);
            if (k !== 'undefined' && k !== 'object') maybe(e, ['TypeError'], 'options');
            if (k === 'null') maybe(e, ['TypeError'], 'options');
            args.push(materialize(cmd.options.v));
          } else {
            // options.all is a boolean when given (undefined: false).
            const k = kindOf(cmd.options.all);
            if (k !== 'undefined' && k !== 'boolean') bad(e, 'TypeError', 'options.all');
            args.push({ all: materialize(cmd.options.all) });
          }
        }
        call = () => diffRecords(...(args as [ReproRecord, ReproRecord]));
        check = (value) => {
          if (!Array.isArray(value)) fail(`${what}: returned ${typeof value}`);
          for (const d of value as unknown[]) {
            const entry = d as { field?: unknown; impact?: unknown; reason?: unknown };
            if (typeof entry.field !== 'string' || typeof entry.reason !== 'string' || !['changes', 'may-change', 'none'].includes(entry.impact as string)) fail(`${what}: malformed difference ${JSON.stringify(d)}`);
          }
          if ((cmd.a === 'record' || cmd.a === 'json') && (cmd.b === 'record' || cmd.b === 'json') && (value as unknown[]).length > 0) {
            fail(`${what}: two records of the same moment differ: ${JSON.stringify(value)}`);
          }
        };
        e.note = `${a.note} vs ${b.note}`;
        break;
      }
      case 'hashSeedString': {
        if (kindOf(cmd.text) !== 'string') bad(e, 'TypeError', 'text');
        const text = materialize(cmd.text);
        call = () => hashSeedString(text as string);
        check = (value) => {
          if (typeof value !== 'bigint' || value < 0n || value >= TWO64) fail(`${what}: returned ${String(value)}`);
        };
        break;
      }
      case 'parseWorkspaceConfig':
      case 'workspaceConfig': {
        const k = kindOf(cmd.value);
        const text = 'str' in cmd.value ? cmd.value.str : null;
        if (cmd.f === 'workspaceConfig' && k === 'undefined') {
          /* unsets it */
        } else if (k !== 'string') bad(e, 'TypeError', 'CUBLAS_WORKSPACE_CONFIG', 'backends.cublas.workspaceConfig');
        else if (!/^(?::\d+:\d+)+$/.test(text!)) bad(e, 'RangeError', 'CUBLAS_WORKSPACE_CONFIG', 'backends.cublas.workspaceConfig');
        const value = materialize(cmd.value);
        call =
          cmd.f === 'parseWorkspaceConfig'
            ? () => parseWorkspaceConfig(value)
            : () => {
                backends.cublas.workspaceConfig = value as string;
              };
        check = () => {
          if (cmd.f === 'workspaceConfig' && backends.cublas.workspaceConfig !== value) fail(`${what}: workspaceConfig reads back ${backends.cublas.workspaceConfig}`);
        };
        break;
      }
      case 'environment': {
        // A variable's value is refused naming the variable, or used; the documented refusals apply.
        maybe(e, ['TypeError', 'RangeError'], cmd.variable);
        e.codes.add('ERR_CURAND_NONDETERMINISTIC');
        e.codes.add('ERR_CURAND_BACKEND_UNAVAILABLE');
        // workerSeed() in a main thread without a launcher rank is refused (README).
        if (cmd.then === 'workerSeed') e.codes.add('ERR_CURAND_CONTEXT');
        const f = { seedEverything: () => seedEverything(undefined, { workers: true }), workerSeed: () => workerSeed(), defaultGenerator: () => defaultGenerator() }[cmd.then];
        call = () => {
          const before = process.env[cmd.variable];
          process.env[cmd.variable] = cmd.value;
          try {
            return f();
          } finally {
            if (before === undefined) delete process.env[cmd.variable];
            else process.env[cmd.variable] = before;
          }
        };
        break;
      }
      case 'cudnn': {
        if (!('bool' in cmd.value)) bad(e, 'TypeError', `backends.cudnn.${cmd.key}`);
        const value = materialize(cmd.value);
        call = () => {
          backends.cudnn[cmd.key] = value as boolean;
        };
        check = () => {
          if (backends.cudnn[cmd.key] !== value) fail(`${what}: reads back ${backends.cudnn[cmd.key]}`);
        };
        break;
      }
    }
    const result = await settle(call, async);
    const note = e.note;
    const label = note === undefined ? what : `${what} [${note}]`;
    if (!result.ok) {
      if (!e.reject && !e.either) fail(`${label}: a valid call was refused: ${describeThrown(result.error)}`);
      const problem = violation(result.error, allowed(e));
      if (problem !== null) fail(`${label}: ${problem}`);
      return;
    }
    if (e.reject) fail(`${label}: accepted, but should have been refused with ${[...e.classes, ...e.codes].join(' or ')}`);
    check(result.value);
  } finally {
    cleanup();
  }
}

function outerState(): string {
  try {
    return JSON.stringify(defaultGenerator().getState());
  } catch (error) {
    return describeThrown(error);
  }
}

async function settle(fn: () => unknown, async: boolean): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    const value = fn();
    return { ok: true, value: async || value instanceof Promise ? await value : value };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Process-wide state a run may change, put back afterwards. */
function snapshot(): () => void {
  const env = { ...process.env };
  const random = Math.random;
  return () => {
    restoreMathRandom();
    try {
      useDeterministicAlgorithms(false);
      backends.cudnn.benchmark = false;
      backends.cudnn.deterministic = false;
    } catch {
      // put back below in any case
    }
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    Math.random = random;
  };
}

/** Fixed calls for what this battery found in the module functions (beyond issue 12's list). */
export const MODULE_CASES: { name: string; cmd: ModuleCmd }[] = [
  { name: 'diffRecords of a record without autoBackend', cmd: { f: 'diffRecords', a: 'record', b: { drop: 'autoBackend' }, options: 'omit' } },
  { name: 'diffRecords(a, b, null) of records that differ', cmd: { f: 'diffRecords', a: 'record', b: { drop: 'glibc' }, options: { v: { nul: true } } } },
  { name: 'useDeterministicAlgorithms(false, { warnOnly: null })', cmd: { f: 'useDeterministicAlgorithms', enabled: { bool: false }, options: { warnOnly: { nul: true } } } },
  { name: "item 12: NODE_CURAND_BACKEND=cuda and defaultGenerator('cpu')", cmd: { f: 'defaultGenerator', device: str('cpu'), env: 'cuda', fresh: true } },
];

/** Runs one fixed call (MODULE_CASES) with the process-wide state put back; the failure, or null. */
export async function runModuleCase(cmd: ModuleCmd): Promise<string | null> {
  const restore = snapshot();
  try {
    await runModuleCmd(cmd, 0);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : describeThrown(error);
  } finally {
    restore();
  }
}

export async function fuzzModuleFunctions(): Promise<PropertyResult[]> {
  const results: PropertyResult[] = [];
  for (const [group, arb] of Object.entries(MODULE_GROUPS)) {
    const property = fc.asyncProperty(fc.array(arb, { minLength: 1, maxLength: 8 }), async (cmds) => {
      const restore = snapshot();
      try {
        for (const [i, cmd] of cmds.entries()) await runModuleCmd(cmd, i);
      } finally {
        restore();
      }
    });
    const started = Date.now();
    const name = `fuzz module functions: ${group}`;
    const failure = await checkProperty(name, property, fuzzParameters(group.startsWith('records') ? 120 : 60, 10_000));
    results.push({ name, failure, ms: Date.now() - started });
  }
  return results;
}
