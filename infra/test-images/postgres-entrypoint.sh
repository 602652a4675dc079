#!/bin/sh
# Entry point of the test PostgreSQL image (build.sh): on the first start it creates the cluster from POSTGRES_USER,
# POSTGRES_PASSWORD and POSTGRES_DB as the official postgres image does (password login from other hosts, trust on the
# socket inside the container), then runs postgres in the foreground with the container's arguments (-c name=value).
# Shell built-ins only: the image holds no other tools.
set -eu

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
[ "${1:-}" = postgres ] && shift

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "docker-entrypoint.sh: POSTGRES_PASSWORD is required" >&2
    exit 1
  fi
  printf '%s\n' "$POSTGRES_PASSWORD" | initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/dev/stdin \
    -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 --no-instructions
  # initdb allows loopback only; the tests come in through Docker's published port, from the bridge.
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    # Single-user mode: the database exists before the server accepts its first connection.
    printf 'CREATE DATABASE "%s";\n' "$POSTGRES_DB" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
fi

postgres -D "$PGDATA" -c listen_addresses='*' "$@" &
pid=$!
# `docker stop` sends SIGTERM, which postgres takes for a smart shutdown (it waits for every client, pooled ones too,
# until Docker kills it): make it a fast shutdown, as the official image does with STOPSIGNAL SIGINT (which
# `docker import` cannot set).
trap 'kill -INT "$pid"' TERM INT
set +e
while :; do
  wait "$pid"
  status=$?
  kill -0 "$pid" 2>/dev/null || exit "$status"
done
