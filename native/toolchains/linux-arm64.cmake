# CMake toolchain file of the linux-arm64 cross build (`npm run prebuilds -- --arch arm64`,
# scripts/prebuild.mjs) with Debian's aarch64 GNU toolchain (apt: g++-aarch64-linux-gnu). The addon
# links nothing but glibc (NVIDIA libraries are dlopen()ed), so no target sysroot is needed beyond the
# one that package installs.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
