// Types of search-paths.mjs for the TypeScript side.

/** The two file-system questions the search asks; tests pass a fake. */
export interface FsProbe {
  isDirectory(path: string): boolean;
  /** Entry names, or [] when the directory cannot be read. */
  readdir(path: string): string[];
}

export type SearchEnv = Readonly<Record<string, string | undefined>>;

export interface SearchSpec {
  /** The colon-separated list of directories the user can set, searched first. */
  listVariable: string;
  /** Subdirectories of CUDA_PATH and CUDA_HOME, e.g. ['lib64', 'lib']. */
  cudaSubdirs: readonly string[];
  /** Wheel directories under `nvidia/`, e.g. ['cu13', 'cu12', 'curand']. */
  wheels: readonly string[];
  /** 'lib' or 'include'. */
  leaf: string;
}

export const nodeFs: FsProbe;
export const DEFAULT_CUDA_ROOT: string;
export function splitPathList(value: string | undefined): string[];
export function pythonPackageDirs(env: SearchEnv, probe?: FsProbe): string[];
export function searchDirs(spec: SearchSpec, env: SearchEnv, probe?: FsProbe): string[];
