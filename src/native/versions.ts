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
