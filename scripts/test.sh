#!/usr/bin/env bash
# The whole suite: unit, integration (real PostgreSQL and Redis) and e2e (the running service
# over HTTP and socket.io). Installs what it needs and starts local services that are down.
set -euo pipefail
cd "$(dirname "$0")/.."
# The project's Node.js (the `node` devDependency) before the system's, also outside `npm run`.
export PATH="$PWD/node_modules/.bin:$PATH"
bash scripts/ensure-deps.sh
bash scripts/ensure-services.sh
bash scripts/ensure-browser.sh
# One database (panier_test) and one Redis db (13) per run, recreated by Jest's global set-up.
exec node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js --runInBand "$@"
