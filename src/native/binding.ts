/**
 * The only place that loads the native addon (`node_curand.node`). Loading never throws: an addon
 * that is missing, fails to load or has another ABI version leaves `binding` null and says why, and
 * the TypeScript backend carries on. The install script may never have run (`npm install
 * --ignore-scripts`, no compiler): nothing here depends on it.
 *
 * Where the addon comes from, first match wins:
 * 1. `NODE_CURAND_ADDON`: an explicit path to a `.node` file;
 * 2. node-gyp-build's search of the package root: `build/Release` (a local cmake-js or node-gyp
 *    build), then `prebuilds/<platform>-<arch>/` (what `npm run prebuilds` writes).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { CurandError } from '../errors.js';
import type { EnvironmentVariables } from '../types.js';
import { NATIVE_ABI_VERSION, type NativeBinding, type NativeErrorProps } from './binding-types.js';

export interface NativeLoad {
  binding: NativeBinding | null;
  /** The `.node` file that was (or would have been) loaded. */
  path: string | null;
  /** Why `binding` is null; null when it loaded. */
  error: string | null;
}

interface NodeGypBuild {
  resolve(dir: string): string;
}

const require = createRequire(import.meta.url);

/** The package root: this file is `<root>/src/native/binding.ts` or `<root>/dist/native/binding.js`. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let loaded: NativeLoad | undefined;

/** Loads the addon once per module instance (each worker thread has its own). */
export function loadNative(): NativeLoad {
  loaded ??= loadFrom(PACKAGE_ROOT, process.env);
  return loaded;
}

/** Finds and loads the addon for the package at `root` (not memoized; tests use it on copies). */
export function loadFrom(root: string, env: EnvironmentVariables): NativeLoad {
  let path: string;
  try {
    path = env.NODE_CURAND_ADDON || (require('node-gyp-build') as NodeGypBuild).resolve(root);
  } catch (error) {
    return { binding: null, path: null, error: `no native addon found: ${firstLine(error)}` };
  }
  let binding: NativeBinding;
  try {
    binding = require(path) as NativeBinding;
  } catch (error) {
    return { binding: null, path, error: `cannot load ${path}: ${firstLine(error)}` };
  }
  if (binding.abiVersion !== NATIVE_ABI_VERSION) {
    return {
      binding: null,
      path,
      error: `${path} has native ABI version ${String(binding.abiVersion)}, this package needs ${NATIVE_ABI_VERSION} (rebuild it: npm run build:native)`,
    };
  }
  binding.setErrorFactory(
    (message: string, props: NativeErrorProps) => new CurandError(props.code, message, props),
  );
  return { binding, path, error: null };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
