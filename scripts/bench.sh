#!/usr/bin/env bash
# `npm run bench`: speed and scale figures of the action, side by side in one table (bench/run.ts).
# Builds what the benchmark needs and the tests do not: the action bundle from the current sources
# (into .cache/bench/dist, so the committed dist/ is left alone) and versitygw v1.8.0, a fast
# S3-compatible server (into .cache/bin, once). Extra arguments go to bench/run.ts (e.g. --quick).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh

out=.cache/bench/dist
if [ ! -f "$out/index.js" ] || [ -n "$(find src package-lock.json -newer "$out/index.js" -print -quit)" ]; then
  echo "bench: building the action into $out"
  # package.json's build command; a second -o overrides its output folder (the last one wins).
  npm run build --silent -- -o "$out" --quiet
fi

if [ ! -x .cache/bin/versitygw ]; then
  echo "bench: building versitygw v1.8.0 into .cache/bin (about a minute, once)"
  GOBIN="$root/.cache/bin" GOFLAGS=-mod=mod go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
fi

exec bash scripts/node24.sh node_modules/tsx/dist/cli.mjs bench/run.ts --dist "$out/index.js" "$@"
