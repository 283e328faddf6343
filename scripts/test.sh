#!/usr/bin/env bash
# The one test command (npm test): the Debian servers the tests need, then lint, type-check and vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-servers.sh

echo "== lint and format (biome)"
npx biome check .
echo "== type-check"
npx tsc -p tsconfig.json
npx tsc -p firmware/tsconfig.json
npx tsc -p dashboard/tsconfig.json
echo "== tests (vitest)"
# the whole suite measures the rules' coverage against vitest.config.ts; a chosen subset does not
if [ $# -eq 0 ]; then npx vitest run --coverage; else npx vitest run "$@"; fi
