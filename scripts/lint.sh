#!/usr/bin/env bash
# Linters: biome (TS format + lint), tsc (strict types), ruff (Python), actionlint and zizmor
# (workflows), cfn-lint (CloudFormation). Tools are installed into the repo by scripts/setup.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
echo "== lint: biome, tsc"
npx biome check .
npx tsc --noEmit
echo "== lint: ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
if ls .github/workflows/*.yml >/dev/null 2>&1; then
  echo "== lint: actionlint"
  if [ ! -x .cache/bin/actionlint ]; then
    GOBIN="$root/.cache/bin" GOFLAGS=-mod=mod go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
  fi
  shellcheck_flag=-shellcheck=
  command -v shellcheck >/dev/null && shellcheck_flag=
  .cache/bin/actionlint $shellcheck_flag
  # Security audits of the workflows and .github/dependabot.yml (configuration: .github/zizmor.yml).
  # Offline: the audits that query GitHub (impostor commits, known-vulnerable actions) need a token
  # and the network, which the tests do not have.
  echo "== lint: zizmor"
  .venv/bin/zizmor --offline --quiet --strict-collection .github
fi
if [ -d infra ]; then
  echo "== lint: cfn-lint"
  .venv/bin/cfn-lint infra/*.yml
fi
