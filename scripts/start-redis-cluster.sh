#!/usr/bin/env bash
# Starts a local Redis Cluster of three masters (no replicas), for the tests and benchmarks that
# run on a Cluster, unless it already answers with cluster_state:ok. Idempotent.
#   bash scripts/start-redis-cluster.sh [first-port]   (default 7101: ports 7101, 7102, 7103)
# Each node's files (nodes.conf, log) live in ${REDIS_CLUSTER_DIR:-/tmp/panier-redis-cluster}/<port>.
set -euo pipefail
FIRST=${1:-${REDIS_CLUSTER_FIRST_PORT:-7101}}
PORTS=("$FIRST" "$((FIRST + 1))" "$((FIRST + 2))")
ROOT=${REDIS_CLUSTER_DIR:-/tmp/panier-redis-cluster}

cluster_ok() { redis-cli -p "${PORTS[0]}" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }

if cluster_ok; then
  echo "start-redis-cluster: already up on ${PORTS[*]}"
  exit 0
fi
command -v redis-server >/dev/null || { echo "start-redis-cluster: redis-server is not installed" >&2; exit 1; }

for port in "${PORTS[@]}"; do
  if [ "$(redis-cli -p "$port" ping 2>/dev/null)" != "PONG" ]; then
    # A node that is down loses its cluster (no persistence): start it afresh.
    rm -rf "${ROOT:?}/$port" && mkdir -p "$ROOT/$port"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$ROOT/$port/nodes.conf" \
      --dir "$ROOT/$port" --save '' --appendonly no --daemonize yes --logfile "$ROOT/$port/redis.log"
  fi
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 50); do [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ] && break; sleep 0.1; done
done

# Nodes up but no cluster yet (or a half-formed one): reset them and create it.
if ! cluster_ok; then
  for port in "${PORTS[@]}"; do
    redis-cli -p "$port" flushall >/dev/null
    redis-cli -p "$port" cluster reset hard >/dev/null
  done
  redis-cli --cluster create "${PORTS[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >/dev/null
fi
for _ in $(seq 1 100); do
  if cluster_ok; then
    echo "start-redis-cluster: up on ${PORTS[*]}"
    exit 0
  fi
  sleep 0.1
done
echo "start-redis-cluster: cluster_state is not ok on ${PORTS[*]}" >&2
exit 1
