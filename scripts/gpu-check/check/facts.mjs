// The machine and the library as the kit found them: backendInfo() (libraries loaded, CUDA driver and
// runtime versions, devices), Node, the CPU, and what run.sh captured from nvidia-smi.
//
//   node facts.mjs OUT.json [WORKDIR]   (WORKDIR: run.sh's folder holding nvidia-smi*.txt, lscpu.txt)
import { existsSync, readFileSync } from 'node:fs';
import { arch, cpus, hostname, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

import { lib, SIMULATED, writeJson } from './common.mjs';

const [outPath, workDir] = process.argv.slice(2);

function text(name) {
  const path = workDir ? join(workDir, name) : null;
  return path && existsSync(path) ? readFileSync(path, 'utf8').trim() : null;
}

const info = lib.backendInfo();
const cpuList = cpus();
const lscpu = text('lscpu.txt');
const flags = /^Flags:\s*(.*)$/m.exec(lscpu ?? '')?.[1]?.split(/\s+/) ?? [];
const facts = {
  simulated: SIMULATED,
  hostname: hostname(),
  platform: `${platform()} ${arch()} ${release()}`,
  node: { version: process.version, execPath: process.execPath, v8: process.versions.v8 },
  cpu: {
    model: cpuList[0]?.model ?? null,
    logicalCores: cpuList.length,
    simdFlags: flags.filter((f) => /^(avx2|avx512f|avx512dq|avx512vl|fma)$/.test(f)),
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
  },
  loadAverage: loadavg(),
  env: Object.fromEntries(
    ['CUDA_VISIBLE_DEVICES', 'NODE_CURAND_LIB_DIRS', 'NODE_CURAND_ADDON', 'NODE_CURAND_BACKEND', 'FAKE_CURAND_REAL'].map((k) => [k, process.env[k] ?? null]),
  ),
  backendInfo: info,
  cudaSummary: info.cuda
    ? {
        driverVersion: info.cuda.driverVersion,
        runtimeVersion: info.cuda.runtimeVersion,
        devices: info.cuda.devices.map((d) => `${d.index}: ${d.name} (sm_${d.computeCapability.join('')}, ${d.multiProcessorCount} SMs, ${(d.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB)`),
        error: info.cuda.error,
      }
    : null,
  libraries: Object.fromEntries(Object.entries(info.libraries ?? {}).map(([name, s]) => [name, s.loaded ? { path: s.path, version: s.version } : null])),
  nvidiaSmi: text('nvidia-smi.txt'),
  nvidiaSmiQuery: text('nvidia-smi-query.txt'),
  kitManifest: (() => {
    const path = new URL('../../manifest.json', import.meta.url);
    if (!existsSync(path)) return null;
    const { schema, packedAt, commit, dirty, nativeAbi, node, testFiles, totalBytes } = JSON.parse(readFileSync(path, 'utf8'));
    return { schema, packedAt, commit, dirty, nativeAbi, node, testFiles, totalBytes };
  })(),
};
writeJson(outPath, facts);
console.log(`node ${process.version}; ${facts.cpu.model} ×${facts.cpu.logicalCores}; cuda: ${info.backends.cuda.available ? 'available' : `unavailable (${info.backends.cuda.reason})`}`);
for (const line of facts.cudaSummary?.devices ?? []) console.log(`  device ${line}`);
if (facts.cudaSummary) console.log(`  driver ${facts.cudaSummary.driverVersion}, runtime ${facts.cudaSummary.runtimeVersion}`);
for (const [name, s] of Object.entries(facts.libraries)) console.log(`  ${name}: ${s ? `${s.path} (version ${s.version})` : 'not loaded'}`);
