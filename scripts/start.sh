#!/usr/bin/env bash
# Installs (when needed), builds and starts the product: API + web UI on http://127.0.0.1:9090,
# embedded SQLite under ./data. Extra arguments go to freezer-api (e.g. -- --port 9191).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x node_modules/.bin/turbo ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx turbo run build --output-logs=errors-only
exec node apps/api/bin/freezer-api.js "$@"
