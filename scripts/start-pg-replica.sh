#!/usr/bin/env bash
# A throwaway PostgreSQL primary and its streaming replica, for the read-replica test and for trying
# DATABASE_READ_URL by hand: the primary on PG_REPLICA_PRIMARY_PORT (5434), the replica, made with
# pg_basebackup -R, on PG_REPLICA_PORT (5435). Idempotent: servers already up are left alone.
# `scripts/start-pg-replica.sh stop` stops both. Data under PG_REPLICA_DIR (default /tmp/panier-pg-replica).
set -euo pipefail

PRIMARY_PORT=${PG_REPLICA_PRIMARY_PORT:-5434}
REPLICA_PORT=${PG_REPLICA_PORT:-5435}
DIR=${PG_REPLICA_DIR:-/tmp/panier-pg-replica}

bin=${PG_BIN:-}
if [ -z "$bin" ]; then
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ]; then bin=$newest; else bin=$(dirname "$(command -v initdb || echo /nonexistent/initdb)"); fi
fi
if [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_basebackup" ]; then
  echo "start-pg-replica: initdb and pg_basebackup not found (set PG_BIN; Debian: apt-get install postgresql)" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

up() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$1"; }
wait_up() {
  for _ in $(seq 1 60); do up "$1" && return 0; sleep 0.5; done
  echo "start-pg-replica: the server on port $1 did not come up (log: $DIR/$2.log)" >&2
  exit 1
}
start() { as_pg "$bin/pg_ctl" -D "$DIR/$1" -l "$DIR/$1.log" -w -o "-p $2 -k $DIR -c listen_addresses=127.0.0.1" start >/dev/null; }

if [ "${1:-}" = "stop" ]; then
  for node in replica primary; do
    [ -f "$DIR/$node/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$DIR/$node" -m fast stop >/dev/null || true
  done
  echo "start-pg-replica: stopped"
  exit 0
fi

mkdir -p "$DIR"
[ "$(id -u)" = "0" ] && chown postgres: "$DIR"

if ! up "$PRIMARY_PORT"; then
  if [ ! -f "$DIR/primary/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$DIR/primary" -U postgres --auth=trust --no-sync >/dev/null
    # Throwaway test servers: durability does not matter, speed does.
    cat >>"$DIR/primary/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 4
hot_standby = on
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
CONF
    echo "host replication postgres 127.0.0.1/32 trust" >>"$DIR/primary/pg_hba.conf"
  fi
  start primary "$PRIMARY_PORT"
  wait_up "$PRIMARY_PORT" primary
fi

if ! up "$REPLICA_PORT"; then
  if [ ! -f "$DIR/replica/standby.signal" ]; then
    rm -rf "$DIR/replica"
    # -R writes primary_conninfo and standby.signal: the copy starts as a streaming standby.
    as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/replica" -R -X stream --no-sync
  fi
  start replica "$REPLICA_PORT"
  wait_up "$REPLICA_PORT" replica
fi

state=$(as_pg "$bin/psql" -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -tAc 'SELECT pg_is_in_recovery()')
if [ "$state" != "t" ]; then
  echo "start-pg-replica: the server on port $REPLICA_PORT is not a standby" >&2
  exit 1
fi
echo "start-pg-replica: primary on 127.0.0.1:$PRIMARY_PORT, streaming replica on 127.0.0.1:$REPLICA_PORT"
