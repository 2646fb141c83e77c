#!/usr/bin/env bash
# Installs node modules from the lockfile when they are missing or older than the lockfile, and
# checks that `node` is a supported Node.js: callers put node_modules/.bin first on PATH (npm
# scripts do so by themselves), where the `node` devDependency puts the project's own Node.js.
set -euo pipefail
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-deps: npm ci"
  npm ci --no-audit --no-fund
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a >= 24 || (a === 22 && b >= 12) ? 0 : 1)'; then
  echo "ensure-deps: Node.js $(node --version) is too old (Panier needs ^22.12 or ^24): node_modules/.bin/node is missing;" >&2
  echo "  run \`npm ci\` again, or install Node.js 24 yourself (docs/runtime.md)" >&2
  exit 1
fi
node scripts/prisma-generate.mjs >/dev/null
