#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, npm install, lint, typecheck, build,
# unit + integration (Vitest), end-to-end (Playwright in Debian Chromium). Ends with one total line.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NODE_ENV=test
results=test-results
rm -rf "$results" && mkdir -p "$results/steps"

step() { # name, command... — a static step counts as one test in the total
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo pass > "$results/steps/$name"; else echo fail > "$results/steps/$name"; echo "== $name FAILED"; fi
}

bash scripts/ensure-system-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

if [ ! -x node_modules/.bin/turbo ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund || { echo "0 passed, 1 failed"; exit 1; }
fi

step lint npx eslint . --max-warnings 0
step format npx prettier --check . --log-level warn
step typecheck npx turbo run typecheck --output-logs=errors-only
step build npx turbo run build --output-logs=errors-only

echo "== vitest (unit + integration)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"
echo $? > "$results/vitest.exit"

echo "== playwright (e2e)"
if ls e2e/*.spec.ts >/dev/null 2>&1; then
  npx playwright test
else
  echo "no e2e specs"
fi

node scripts/test-summary.mjs "$results"
