#!/usr/bin/env bash
# The suites that use Redis most, again on a local Redis Cluster of three masters (started when it
# is not running): `npm test` with TEST_REDIS_CLUSTER_NODES, which isolates the run by key prefix.
# Any Jest arguments replace the list, e.g. `bash scripts/test-cluster.sh test/e2e/carts.e2e-spec.ts`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/start-redis-cluster.sh 7101
export TEST_REDIS_CLUSTER_NODES=${TEST_REDIS_CLUSTER_NODES:-127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103}
# Carts and sockets across instances, offer decisions and fan-outs (in process and in killed worker
# processes), push, rate limits, idempotency, consent, erasure and data access; the log redaction
# check, always last, reads what they logged.
SUITES=(
  test/integration/offer-decision.int-spec.ts
  test/integration/campaign-worker-crash.int-spec.ts
  test/integration/campaign-cart.int-spec.ts
  test/integration/consent.int-spec.ts
  test/e2e/carts.e2e-spec.ts
  test/e2e/carts-instances.e2e-spec.ts
  test/e2e/socket-adapter.e2e-spec.ts
  test/e2e/socket-connections.e2e-spec.ts
  test/e2e/campaign-fanout.e2e-spec.ts
  test/e2e/campaign-delivery.e2e-spec.ts
  test/e2e/campaign-cart.e2e-spec.ts
  test/e2e/campaign-instances.e2e-spec.ts
  test/e2e/push-delivery.e2e-spec.ts
  test/e2e/rate-limits.e2e-spec.ts
  test/e2e/idempotency.e2e-spec.ts
  test/e2e/erasure.e2e-spec.ts
  test/e2e/erasure-completeness.e2e-spec.ts
  test/e2e/shopper-data.e2e-spec.ts
  test/e2e/processes.e2e-spec.ts
  test/e2e/log-redaction.e2e-spec.ts
)
if [ $# -gt 0 ]; then SUITES=("$@"); fi
exec npm test -- "${SUITES[@]}" --selectProjects integration e2e
