#!/usr/bin/env bash
# npm run local: installs what it needs, builds dist/ if missing, then runs scripts/local.ts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
[ -f dist/index.js ] || npm run build --silent -- --quiet
exec bash scripts/node24.sh node_modules/tsx/dist/cli.mjs scripts/local.ts "$@"
