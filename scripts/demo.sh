#!/usr/bin/env bash
# One command to a running Panier with demo data: installs what it needs, uses (or starts) the
# local PostgreSQL and Redis, writes a .env with fresh secrets and DEMO_MODE=true if there is none,
# migrates, seeds the demo world (generated, nothing downloaded; idempotent), prints the keys and
# a shopper to try, and starts the service on PORT (default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
# The project's Node.js (the `node` devDependency) before the system's, also outside `npm run`.
export PATH="$PWD/node_modules/.bin:$PATH"
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
npm run --silent build

if [ ! -f .env ]; then
  echo "demo: writing .env with fresh secrets, readable by you only (keep it out of version control)"
  {
    echo "NODE_ENV=development"
    echo "PORT=${PORT:-3000}"
    echo "DATABASE_URL=${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/panier}"
    echo "REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}"
    echo "DEMO_MODE=true"
    node dist/src/cli/generate-keys.js
  } | bash scripts/write-private-file.sh .env
else
  # Written world-readable, and without demo mode, by earlier versions of this script.
  chmod go-rwx .env
  grep -q '^DEMO_MODE=' .env || echo "DEMO_MODE=true" >>.env
fi

npm run --silent db:deploy
node dist/prisma/seed.js
echo "demo: starting Panier — docs at http://127.0.0.1:$(grep -E '^PORT=' .env | cut -d= -f2)/docs"
exec node --enable-source-maps --max-semi-space-size=32 dist/src/main.js
