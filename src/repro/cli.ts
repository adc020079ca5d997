#!/usr/bin/env node
/**
 * `npx node-curand info | record | diff | selftest` — the reproducibility layer from the shell — and
 * `npx node-curand bench`, the benchmark suite (bench/main.mjs, with its own options).
 * Exit status: 0 success; 1 differences that can change results (diff) or a failed known-answer
 * check (selftest); 2 usage errors.
 */

import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { backendInfo } from '../backends/info.js';
import { defaultGenerator } from './default-generators.js';
import { reproRecord, type ReproRecord } from './record.js';
import { diffRecords, type RecordDifference } from './record-diff.js';
import { seedEverything } from './seed-everything.js';
import { parseSeedText } from './seeds.js';
import { selftest, type SelftestReport } from './selftest.js';

const USAGE = `Usage: node-curand <command> [options]

Commands:
  info                 backends, libraries, GPUs, glibc and CPU math variant, seed, determinism settings
  record               a reproducibility record (JSON) of this machine and environment
  diff A.json B.json   the differences between two records that can change results, with reasons
  selftest             known-answer vectors on every available backend, and fingerprints to compare machines
  bench [options]      the benchmark suite: every backend and kernel against the JavaScript peers
                       (node-curand bench --help for its options; peers not installed are listed as skipped)
  bench python [options]  node-curand/python and node-curand/numpy against CPython's random and NumPy,
                       run side by side in a python3 subprocess (node-curand bench python --help)

Options:
  --json               machine-readable output (info, diff, selftest)
  --all                diff: also list differences that cannot change results
  -o, --output FILE    record: write to FILE instead of standard output
  --seed SEED          record: seedEverything(SEED) first (decimal, or text that is hashed), and record the default CPU generator
  -h, --help           this text

Exit status: 0 success; 1 diff found differences that can change results, or selftest failed; 2 usage error.`;

class UsageError extends Error {}

function show(value: unknown): string {
  return value === null || value === undefined ? 'none' : typeof value === 'string' ? value : JSON.stringify(value);
}

function info(json: boolean): string {
  const record = reproRecord();
  if (json) return JSON.stringify({ record, backendInfo: backendInfo() }, null, 2);
  const lines = [
    `${record.package.name} ${record.package.version} (stream version ${record.package.streamVersion})`,
    `  Node ${record.node.version}, ${record.os.platform} ${record.os.release} ${record.os.arch}, glibc ${show(record.glibc)}`,
    `  CPU ${show(record.cpu.model)}; glibc double math: ${show(record.cpu.hostMath)} (features: ${record.cpu.features.join(' ') || 'unknown'})`,
    `addon: ${record.addon.loaded ? record.addon.path : `not loaded: ${record.addon.error}`}`,
  ];
  if (record.libraries !== null) {
    lines.push('libraries:');
    const statuses = backendInfo().libraries!;
    for (const [name, lib] of Object.entries(record.libraries)) {
      const failure = statuses[name as keyof typeof statuses].attempts.find((a) => a.error !== null);
      lines.push(`  ${name.padEnd(7)} ${lib.loaded ? `${(lib.release ?? '?').padEnd(8)} ${lib.path}` : `not loaded${failure ? ` (${failure.candidate}: ${failure.error})` : ''}`}`);
    }
  }
  if (record.cuda !== null) {
    const devices = record.gpus.length === 0 ? `no devices${record.cuda.error ? ` (${record.cuda.error})` : ''}` : `${record.gpus.length} device(s)`;
    lines.push(`CUDA: runtime ${show(record.cuda.runtime)}, driver ${show(record.cuda.driver)}; ${devices}`);
  }
  for (const gpu of record.gpus) {
    lines.push(`  cuda:${gpu.index} ${gpu.name}, compute capability ${gpu.computeCapability}, ${gpu.multiProcessorCount} SMs, ${gpu.uuid}`);
  }
  lines.push('backends:');
  for (const [name, status] of Object.entries(record.backends)) {
    lines.push(`  ${name.padEnd(12)} ${status.available ? 'available' : `unavailable: ${status.reason}`}`);
  }
  lines.push(`new Generator() here: ${record.autoBackend}`);
  lines.push(
    record.seed.seed === null
      ? 'seed: none set (seedEverything() not called, NODE_CURAND_SEED unset)'
      : `seed: ${record.seed.seed} (${record.seed.source})${record.seed.rank ? `, rank ${record.seed.rank.join('/')} → ${record.seed.generatorSeed}` : ''}`,
  );
  const d = record.determinism;
  lines.push(
    `determinism: ${d.deterministicAlgorithms ? (d.warnOnly ? 'on (warn only)' : 'on') : 'off'}; cudnn.deterministic ${d.cudnnDeterministic}; ` +
      `cudnn.benchmark ${d.cudnnBenchmark}; CUBLAS_WORKSPACE_CONFIG ${d.cublasWorkspaceConfig ?? 'unset'}`,
  );
  return lines.join('\n');
}

function readRecord(file: string): ReproRecord {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ReproRecord;
  } catch (error) {
    throw new UsageError(`cannot read record ${file}: ${(error as Error).message}`);
  }
}

const IMPACT_LABEL: Record<RecordDifference['impact'], string> = { changes: 'changes', 'may-change': 'may change', none: 'no effect' };

function diff(files: string[], json: boolean, all: boolean): [string, number] {
  if (files.length !== 2) throw new UsageError('diff takes two record files: node-curand diff a.json b.json');
  const [a, b] = files.map(readRecord);
  const differences = diffRecords(a, b, { all });
  const relevant = differences.filter((x) => x.impact !== 'none').length;
  if (json) return [JSON.stringify(differences, null, 2), relevant > 0 ? 1 : 0];
  const lines = [`A: ${files[0]} (${a.createdAt})`, `B: ${files[1]} (${b.createdAt})`];
  if (differences.length === 0) lines.push(all ? 'no differences' : 'no differences that can change results');
  else lines.push(`${relevant} difference(s) that can change results${all ? `, ${differences.length - relevant} that cannot` : ''}:`);
  for (const x of differences) {
    lines.push(`  ${IMPACT_LABEL[x.impact].padEnd(10)}  ${x.field}: ${show(x.a)} → ${show(x.b)}`);
    lines.push(`  ${''.padEnd(10)}  ${x.reason}`);
  }
  return [lines.join('\n'), relevant > 0 ? 1 : 0];
}

function selftestText(report: SelftestReport): string {
  const lines = [`${report.package} selftest`];
  for (const b of report.backends) {
    if (!b.available) {
      lines.push(`${b.backend}: not available (${b.reason})`);
      continue;
    }
    const count = (s: string) => b.checks.filter((c) => c.status === s).length;
    lines.push(`${b.backend}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
    for (const c of b.checks) if (c.status !== 'pass') lines.push(`  ${c.status === 'fail' ? 'FAIL' : 'skip'} ${c.name}: ${c.detail}`);
  }
  const available = report.backends.filter((b) => b.available);
  const reference = available[0];
  lines.push('', `fingerprints of the first ${report.fingerprintLength} values, seed ${report.fingerprintSeed} ('=': same as ${reference.backend}):`);
  lines.push(`  ${''.padEnd(30)}${available.map((b) => b.backend.padEnd(18)).join('')}`.trimEnd());
  for (const key of Object.keys(reference.fingerprints)) {
    const cells = available.map((b, i) => {
      const v = b.fingerprints[key];
      return (i > 0 && v === reference.fingerprints[key] && v !== 'n/a' ? '=' : v).padEnd(18);
    });
    lines.push(`  ${key.padEnd(30)}${cells.join('')}`.trimEnd());
  }
  lines.push('backend fingerprints (equal on two machines: the same numbers):');
  for (const b of available) lines.push(`  ${b.backend.padEnd(12)} ${b.fingerprint}`);
  lines.push(report.ok ? 'selftest passed' : 'selftest FAILED');
  return lines.join('\n');
}

export function main(argv: string[]): number {
  if (argv[0] === 'bench') {
    process.stderr.write('bench is asynchronous and has its own options: call bench(argv) (as the program does)\n');
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        all: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  try {
    if (command !== 'diff' && rest.length > 0) throw new UsageError(`${command} takes no arguments, got ${rest.join(' ')}`);
    let text: string;
    let status = 0;
    switch (command) {
      case 'info':
        text = info(values.json === true);
        break;
      case 'record': {
        if (values.seed !== undefined) {
          // As NODE_CURAND_SEED: a decimal integer is that seed, any other text is hashed.
          seedEverything(parseSeedText(values.seed));
          defaultGenerator('cpu');
        }
        const json = `${JSON.stringify(reproRecord(), null, 2)}\n`;
        if (values.output !== undefined) {
          writeFileSync(values.output, json);
          text = `record written to ${values.output}`;
        } else {
          process.stdout.write(json);
          return 0;
        }
        break;
      }
      case 'diff':
        [text, status] = diff(rest, values.json === true, values.all === true);
        break;
      case 'selftest': {
        const report = selftest();
        text = values.json ? JSON.stringify(report, null, 2) : selftestText(report);
        status = report.ok ? 0 : 1;
        break;
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
    process.stdout.write(`${text}\n`);
    return status;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

/** Run as a program (also through npm's bin link), not when imported (tests call main). */
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

interface BenchModule {
  runBench(argv: string[], libraryUrl: string): Promise<number>;
}

/**
 * `bench` with the rest of the command line. The suite lives in bench/, next to src/ and dist/ in
 * the repository and in the package alike (package.json `files`), and measures this copy of the
 * library: the one this file was loaded with.
 */
export async function bench(argv: string[]): Promise<number> {
  const module = (await import(new URL('../../bench/main.mjs', import.meta.url).href)) as BenchModule;
  return module.runBench(argv, new URL('../index.js', import.meta.url).href);
}

if (isEntryPoint()) {
  const argv = process.argv.slice(2);
  if (argv[0] === 'bench') {
    void bench(argv.slice(1)).then((status) => {
      process.exitCode = status;
    });
  } else {
    process.exitCode = main(argv);
  }
}
