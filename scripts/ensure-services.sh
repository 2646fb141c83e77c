#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on the addresses Panier uses, starting local servers
# that are installed but stopped. Says what to install when neither is possible.
set -euo pipefail

PG_HOST=${PGHOST:-127.0.0.1}
PG_PORT=${PGPORT:-5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}

pg_up() {
  if command -v pg_isready >/dev/null 2>&1; then pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; else (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null; fi
}
redis_up() {
  if command -v redis-cli >/dev/null 2>&1; then [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; else (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT") 2>/dev/null; fi
}
wait_for() {
  local name=$1 check=$2
  for _ in $(seq 1 30); do $check && return 0; sleep 1; done
  echo "ensure-services: $name did not come up" >&2
  return 1
}

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "ensure-services: starting PostgreSQL"
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for PostgreSQL pg_up
  else
    cat >&2 <<MSG
ensure-services: PostgreSQL is not reachable on $PG_HOST:$PG_PORT and no local server is installed.
  Debian/Ubuntu: sudo apt-get install -y postgresql   (then re-run this command)
  Docker:        docker compose up -d postgres redis
  Or point DATABASE_URL at a server of yours (user postgres, trust or password auth).
MSG
    exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "ensure-services: starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || redis-server --daemonize yes --port "$REDIS_PORT" --save ""
    wait_for Redis redis_up
  else
    cat >&2 <<MSG
ensure-services: Redis is not reachable on $REDIS_HOST:$REDIS_PORT and no local server is installed.
  Debian/Ubuntu: sudo apt-get install -y redis-server   (then re-run this command)
  Docker:        docker compose up -d redis
MSG
    exit 1
  fi
fi
# Debian's own PostgreSQL asks for a password on 127.0.0.1 (scram-sha-256) and the postgres role
# has none: Panier's default URL uses postgres/postgres. Where we may (root, local server, no
# DATABASE_URL of the user's), give the role that password once; servers with trust auth ignore it.
if [ -z "${DATABASE_URL:-}" ] && command -v psql >/dev/null 2>&1; then
  if ! PGPASSWORD=postgres psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v runuser >/dev/null 2>&1 && id postgres >/dev/null 2>&1; then
      echo "ensure-services: setting the local postgres role's password to 'postgres' (development default)"
      runuser -u postgres -- psql -p "$PG_PORT" -tAc "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
    else
      echo "ensure-services: cannot log in to PostgreSQL as postgres/postgres on $PG_HOST:$PG_PORT." >&2
      echo "  Run: sudo -u postgres psql -c \"ALTER USER postgres PASSWORD 'postgres'\"  (or set DATABASE_URL)" >&2
      exit 1
    fi
  fi
fi
echo "ensure-services: PostgreSQL and Redis are up"
