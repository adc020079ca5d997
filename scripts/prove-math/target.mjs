/**
 * Whose glibc the proofs' C oracles run against: this machine's (default), or, with `--target aarch64`
 * on the command line, Debian's arm64 glibc (/usr/aarch64-linux-gnu, apt: g++-aarch64-linux-gnu) under
 * qemu-user (apt: qemu-user) — the libm cuRAND's host generators call on an Arm64 server. glibc has no
 * ifunc variants of these functions on aarch64, so the x86 variant a proof asks for only picks the
 * port the aarch64 results are compared with.
 */

import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';

const SYSROOT = '/usr/aarch64-linux-gnu';
const at = process.argv.indexOf('--target');
export const TARGET = at > 0 ? process.argv[at + 1] : 'native';
if (TARGET !== 'native' && TARGET !== 'aarch64') throw new Error(`--target ${TARGET}: expected native or aarch64`);

/**
 * Compiles a C oracle to `exe` with the target's compiler (inputs arrive at run time, and -fno-builtin
 * keeps gcc from folding calls with MPFR). For aarch64, `exe` is a script that runs the aarch64 binary
 * under qemu with the target's glibc, so callers spawn it as they would a native one.
 */
export function compileOracle(source, exe) {
  if (TARGET === 'native') {
    execFileSync('gcc', ['-O2', '-fno-builtin', '-o', exe, source, '-lm'], { stdio: 'inherit' });
    return;
  }
  execFileSync('aarch64-linux-gnu-gcc', ['-O2', '-fno-builtin', '-o', `${exe}.aarch64`, source, '-lm'], { stdio: 'inherit' });
  writeFileSync(exe, `#!/bin/sh\nexec qemu-aarch64 -L ${SYSROOT} '${exe}.aarch64' "$@"\n`);
  chmodSync(exe, 0o755);
}

/** The target glibc's version line ("GNU C Library (Debian GLIBC 2.36-9+deb12u14) stable release version 2.36."). */
export function targetGlibc() {
  const command = TARGET === 'native' ? ['ldd', ['--version']] : ['qemu-aarch64', ['-L', SYSROOT, `${SYSROOT}/lib/libc.so.6`]];
  try {
    return execFileSync(...command, { encoding: 'utf8' }).split('\n')[0] + (TARGET === 'native' ? '' : ' (aarch64, under qemu)');
  } catch {
    return 'unknown';
  }
}
