// The same seed on every backend this machine has: node-curand's TypeScript path writes the same
// bits as cuRAND's host generator (and, for raw words and uniforms, as the GPU).
import { Generator, backendInfo } from 'node-curand';

const info = backendInfo();
console.log('node-curand backends on this machine:');
for (const [name, status] of Object.entries(info.backends)) {
  console.log(`  ${name.padEnd(12)} ${status.available ? 'available' : `unavailable: ${status.reason}`}`);
}
if (info.libraries?.curand.loaded) {
  console.log(`  libcurand    ${info.libraries.curand.path} (version ${info.libraries.curand.version})`);
}
console.log(`  new Generator() uses: ${'error' in info.default ? info.default.error : `${info.default.backend} on ${info.default.device}`}`);

const backends = Object.entries(info.backends).filter(([, s]) => s.available).map(([name]) => name);
for (const algorithm of ['philox4x32-10', 'mtgp32']) {
  console.log(`\n${algorithm}, seed 1234:`);
  const rows = [];
  for (const backend of backends) {
    const g = new Generator({ algorithm, seed: 1234n, backend });
    const uniform = g.uniform(4);
    const normal = g.normal(4, 1, 2);
    const words = g.uint32(2);
    g.dispose();
    rows.push({ backend, uniform, normal, words });
    console.log(
      `  ${backend.padEnd(12)} uniform ${Array.from(uniform, (x) => x.toFixed(6)).join(' ')}` +
        ` | normal(1,2) ${Array.from(normal, (x) => x.toFixed(6)).join(' ')}` +
        ` | uint32 ${Array.from(words, (x) => x.toString(16).padStart(8, '0')).join(' ')}`,
    );
  }
  const same = rows.every((r) =>
    ['uniform', 'normal', 'words'].every((k) => Buffer.compare(Buffer.from(r[k].buffer), Buffer.from(rows[0][k].buffer)) === 0),
  );
  if (rows.length > 1) console.log(`  ${same ? 'identical bits on every backend' : 'BACKENDS DIFFER'}`);
}
