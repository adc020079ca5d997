// The GPU kit's stand-in for 'vitest' (the pack step aliases 'vitest' to this file when it bundles
// the [cuda] test files): the same describe/it/hooks API collected into a tree, then run one test at
// a time, in file order, by runAll(). Only tests whose full name matches the filter run (the kit
// runs the [cuda] ones); the counts and every failure go to a JSON file, rewritten after each test
// so that a step killed by its timeout still leaves what it had. `expect` is vitest's own
// (@vitest/expect on chai, bundled), set up as vitest's createExpect does, so matchers behave alike.
// A runner of its own rather than node:test: one filter over the whole describe chain and one JSON
// shape, the same on Node 20 and Node 24.
import { writeFileSync } from 'node:fs';
import { format } from 'node:util';

import {
  ASYMMETRIC_MATCHERS_OBJECT,
  chai,
  ChaiStyleAssertions,
  customMatchers,
  getState,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';
import { clearAllMocks, fn, resetAllMocks, restoreAllMocks, spyOn } from '@vitest/spy';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

export const expect = (value, message) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  return chai.expect(value, message);
};
Object.assign(expect, chai.expect);
Object.assign(expect, globalThis[ASYMMETRIC_MATCHERS_OBJECT]);
expect.getState = () => getState(expect);
expect.setState = (state) => setState(state, expect);
expect.extend = (matchers) => chai.expect.extend(expect, matchers);
expect.assert = chai.assert;
expect.unreachable = (message) => chai.assert.fail(`expected${message ? ` "${message}" ` : ' '}not to be reached`);
expect.soft = (...args) => expect(...args);
chai.util.addMethod(expect, 'assertions', (n) => expect.setState({ expectedAssertionsNumber: n }));
chai.util.addMethod(expect, 'hasAssertions', () => expect.setState({ isExpectingAssertions: true }));
expect.extend(customMatchers);
export const assert = chai.assert;

/** vi: the spies only (no module mocking or fake timers in the bundle). */
export const vi = {
  fn,
  spyOn,
  restoreAllMocks,
  resetAllMocks,
  clearAllMocks,
};

const DEFAULT_TIMEOUT_MS = 120_000; // vitest.config.ts testTimeout / hookTimeout

function newSuite(name, mode, parent) {
  return { kind: 'suite', name, mode, parent, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
}

const root = newSuite('', 'run', null);
let current = root;
let currentFile = '';

/** Starts the tests of one bundled file (called by the generated entry before importing it). */
export function setFile(file) {
  currentFile = file;
  const suite = newSuite(file, 'run', root);
  suite.file = file;
  root.children.push(suite);
  current = suite;
}

function addSuite(name, body, mode) {
  const suite = newSuite(String(name), mode, current);
  suite.file = currentFile;
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    const result = body?.();
    if (result && typeof result.then === 'function') suite.collectError = new Error('async describe() bodies are not supported by the GPU kit runner');
  } catch (error) {
    suite.collectError = error;
  } finally {
    current = parent;
  }
}

function addTest(name, a, b, mode) {
  let body = a;
  let timeout = DEFAULT_TIMEOUT_MS;
  if (typeof a === 'object' && a !== null) {
    body = b;
    timeout = a.timeout ?? timeout;
    if (a.skip) mode = 'skip';
  } else if (typeof b === 'number') {
    timeout = b;
  } else if (typeof b === 'object' && b !== null) {
    timeout = b.timeout ?? timeout;
  }
  current.children.push({ kind: 'test', name: String(name), body, timeout, mode: body ? mode : 'todo', parent: current, file: currentFile });
}

/** vitest's title formatting for each(): printf placeholders, or $name for object rows. */
function title(template, row, index) {
  const args = Array.isArray(row) ? row : [row];
  let text = String(template).replace(/%#/g, String(index)).replace(/%\$/g, String(index + 1));
  if (row !== null && typeof row === 'object' && !Array.isArray(row)) {
    text = text.replace(/\$([\w.]+)/g, (match, key) => (key in row ? format('%s', row[key]) : match));
  }
  const placeholders = (text.match(/%[sdifjoOc%]/g) ?? []).filter((p) => p !== '%%').length;
  return placeholders > 0 ? format(text, ...args.slice(0, placeholders)) : text;
}

function withModifiers(add) {
  const base = (name, a, b) => add(name, a, b, 'run');
  base.skip = (name, a, b) => add(name, a, b, 'skip');
  base.only = base;
  base.todo = (name) => add(name, undefined, undefined, 'todo');
  base.concurrent = base;
  base.sequential = base;
  base.fails = (name, a, b) => add(name, a, b, 'skip');
  base.runIf = (condition) => (condition ? base : base.skip);
  base.skipIf = (condition) => (condition ? base.skip : base);
  const each = (mode) => (table) => (name, a, b) => {
    table.forEach((row, index) => {
      const wrap = (body) => (body ? () => (Array.isArray(row) ? body(...row) : body(row)) : body);
      if (typeof a === 'function') add(title(name, row, index), wrap(a), b, mode);
      else add(title(name, row, index), a, wrap(b), mode);
    });
  };
  base.each = each('run');
  base.for = (table) => (name, a, b) =>
    table.forEach((row, index) => {
      const body = typeof a === 'function' ? a : b;
      const options = typeof a === 'function' ? b : a;
      add(title(name, row, index), options, body ? () => body(row) : body, 'run');
    });
  base.skip.each = each('skip');
  return base;
}

export const describe = withModifiers((name, a, b, mode) => addSuite(name, typeof a === 'function' ? a : b, mode));
export const suite = describe;
export const it = withModifiers(addTest);
export const test = it;
export const beforeAll = (hook) => current.beforeAll.push(hook);
export const afterAll = (hook) => current.afterAll.push(hook);
export const beforeEach = (hook) => current.beforeEach.push(hook);
export const afterEach = (hook) => current.afterEach.push(hook);

function fullName(node) {
  const parts = [];
  for (let n = node; n !== null && n.parent !== null; n = n.parent) if (n.kind === 'test' || n.parent !== root) parts.unshift(n.name);
  return parts.join(' > ');
}

function skipped(node) {
  for (let n = node; n !== null; n = n.parent) if (n.mode !== 'run') return n.mode;
  return null;
}

function withTimeout(promiseOrValue, ms, what) {
  if (!promiseOrValue || typeof promiseOrValue.then !== 'function') return Promise.resolve(promiseOrValue);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promiseOrValue, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error) {
  if (error instanceof Error) return { message: error.message, stack: error.stack?.split('\n').slice(0, 12).join('\n') ?? null };
  return { message: String(error), stack: null };
}

/**
 * Runs every collected test whose full name matches `filter`, writes the results to `jsonPath`
 * (after each test) and returns them; failures are also printed.
 */
export async function runAll({ filter, jsonPath, log = console.log } = {}) {
  const results = { filter: String(filter ?? ''), passed: 0, failed: 0, skipped: 0, todo: 0, filteredOut: 0, collectErrors: [], tests: [] };
  const save = () => jsonPath && writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  const selected = (test) => filter === undefined || filter.test(fullName(test));

  /** Whether a suite holds any selected test that is not skipped (so its hooks are worth running). */
  const live = (node) => (node.kind === 'test' ? selected(node) && skipped(node) === null : node.children.some(live));

  async function runSuite(suite, eachHooks) {
    if (suite.collectError) {
      const entry = { file: suite.file, name: fullName(suite) || suite.file, state: 'fail', ms: 0, error: describeError(suite.collectError) };
      results.collectErrors.push(entry);
      results.failed++;
      results.tests.push(entry);
      log(`✗ ${entry.name} (collecting failed): ${entry.error.message}`);
      save();
    }
    const running = live(suite);
    let setupError = null;
    if (running) {
      for (const hook of suite.beforeAll) {
        try {
          await withTimeout(hook(), DEFAULT_TIMEOUT_MS, 'beforeAll');
        } catch (error) {
          setupError = error;
          break;
        }
      }
    }
    const hooks = { before: [...eachHooks.before, ...suite.beforeEach], after: [...suite.afterEach, ...eachHooks.after] };
    for (const child of suite.children) {
      if (child.kind === 'suite') await runSuite(child, hooks);
      else await runTest(child, hooks, setupError);
    }
    if (running) {
      for (const hook of suite.afterAll) {
        try {
          await withTimeout(hook(), DEFAULT_TIMEOUT_MS, 'afterAll');
        } catch (error) {
          const entry = { file: suite.file, name: `${fullName(suite)} (afterAll)`, state: 'fail', ms: 0, error: describeError(error) };
          results.failed++;
          results.tests.push(entry);
          log(`✗ ${entry.name}: ${entry.error.message}`);
          save();
        }
      }
    }
  }

  async function runTest(test, hooks, setupError) {
    const name = fullName(test);
    if (!selected(test)) {
      results.filteredOut++;
      return;
    }
    const skip = skipped(test);
    if (skip !== null) {
      results[skip === 'todo' ? 'todo' : 'skipped']++;
      results.tests.push({ file: test.file, name, state: skip, ms: 0, error: null });
      log(`↓ ${name} [${skip}]`);
      save();
      return;
    }
    const started = performance.now();
    let error = setupError;
    if (error === null) {
      expect.setState({ assertionCalls: 0, expectedAssertionsNumber: null, isExpectingAssertions: false, currentTestName: name });
      try {
        for (const hook of hooks.before) await withTimeout(hook(), DEFAULT_TIMEOUT_MS, 'beforeEach');
        await withTimeout(test.body(), test.timeout, 'test');
        const state = expect.getState();
        if (state.expectedAssertionsNumber !== null && state.assertionCalls !== state.expectedAssertionsNumber) {
          throw new Error(`expected number of assertions to be ${state.expectedAssertionsNumber}, but got ${state.assertionCalls}`);
        }
        if (state.isExpectingAssertions && state.assertionCalls === 0) throw new Error('expected any number of assertion, but got none');
      } catch (caught) {
        error = caught;
      }
      for (const hook of hooks.after) {
        try {
          await withTimeout(hook(), DEFAULT_TIMEOUT_MS, 'afterEach');
        } catch (caught) {
          error ??= caught;
        }
      }
    }
    const ms = Math.round(performance.now() - started);
    const entry = { file: test.file, name, state: error === null ? 'pass' : 'fail', ms, error: error === null ? null : describeError(error) };
    results[error === null ? 'passed' : 'failed']++;
    results.tests.push(entry);
    log(`${error === null ? '✓' : '✗'} ${name} (${ms} ms)${error === null ? '' : `\n    ${entry.error.stack ?? entry.error.message}`.replace(/\n/g, '\n    ')}`);
    save();
  }

  save();
  for (const file of root.children) await runSuite(file, { before: [], after: [] });
  save();
  return results;
}
