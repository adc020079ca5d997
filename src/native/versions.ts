/** The NVIDIA libraries' version numbers, as release strings. */
import type { LibraryName } from './binding-types.js';

/** A library's own version encoding (binding-types.ts LibraryStatus.version) as major.minor[.patch]; null for null. */
export function libraryRelease(name: LibraryName | 'driver', v: number | null): string | null {
  if (v === null) return null;
  switch (name) {
    case 'curand': // 10400 = 10.4.0
      return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 100)}.${v % 100}`;
    case 'cublas': // 130101 = 13.1.1 (cublasGetProperty, read as major·10000 + minor·100 + patch)
      return `${Math.floor(v / 10000)}.${Math.floor((v % 10000) / 100)}.${v % 100}`;
    case 'cudnn': // 9: major·10000 + minor·100 + patch (92400 = 9.24.0); 8: major·1000 + minor·100 + patch
      return v >= 90000 ? `${Math.floor(v / 10000)}.${Math.floor((v % 10000) / 100)}.${v % 100}` : `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 100)}.${v % 100}`;
    default: // CUDA runtime and driver: major·1000 + minor·10 (13000 = 13.0)
      return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}`;
  }
}

/**
 * The CUDA major version a libcurand release ships with (its curandGetVersion number): cuRAND 10.2.x
 * and 10.3.0 came with CUDA 11, 10.3.1 to 10.3.x with CUDA 12, 10.4.x with CUDA 13 (the CUDA toolkit
 * release notes; the wheels nvidia-curand-cu11 10.3.0, nvidia-curand-cu12 10.3.1+, nvidia-curand
 * 10.4). libcurand's soname stayed `.so.10` across all three, so only this number tells them apart.
 * Null where the release is not one of these.
 */
export function curandCudaMajor(v: number | null): number | null {
  if (v === null) return null;
  if (v >= 10200 && v <= 10300) return 11;
  if (v > 10300 && v < 10400) return 12;
  if (v >= 10400 && v < 10500) return 13;
  return null;
}

/**
 * The oldest driver branch that runs a CUDA major's runtime (NVIDIA's CUDA compatibility table:
 * minor-version compatibility within a major needs at least the major's first driver).
 */
export const DRIVER_BRANCH_FOR_CUDA: Readonly<Record<number, string>> = { 11: 'R450', 12: 'R525', 13: 'R580' };
