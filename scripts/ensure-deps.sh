#!/usr/bin/env bash
# Installs node modules from the lockfile when they are missing or older than the lockfile.
set -euo pipefail
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-deps: npm ci"
  npm ci --no-audit --no-fund
fi
node scripts/prisma-generate.mjs >/dev/null
