#!/usr/bin/env bash
# A private PostgreSQL cluster for local development and tests: no Docker, no system service.
#
#   postgres.sh start    DATA_DIR PORT [LOG_FILE]   initdb if needed, start, wait until it answers
#   postgres.sh stop     DATA_DIR                   fast shutdown (idempotent)
#   postgres.sh createdb PORT NAME...               create each database unless it exists
#   postgres.sh status   DATA_DIR                   exit 0 when running, 3 when not
#
# Environment:
#   SME_PG_FAST=1          fsync/synchronous_commit/full_page_writes off: throw-away test clusters only
#   SME_PG_START_TIMEOUT   seconds to wait for the server to accept connections (default 90)
#
# The same script serves `./sme up` (.sme/pg/data) and the C# test fixtures (one temp cluster per
# test run), so that tests run against servers started exactly the way developers start them.
set -euo pipefail

readonly POLL_INTERVAL=0.2

die() { echo "postgres.sh: $*" >&2; exit 1; }
say() { echo "postgres.sh: $*"; }

# Finds a PostgreSQL server binary: PATH first, then the usual Debian and /usr/local locations.
# Debian puts initdb/pg_ctl/postgres in /usr/lib/postgresql/<major>/bin only (newest major wins).
find_bin() {
  local name=$1 candidate
  if candidate=$(command -v "$name" 2>/dev/null) && [[ -x $candidate ]]; then
    echo "$candidate"; return 0
  fi
  for candidate in /usr/local/bin/"$name" /usr/local/pgsql/bin/"$name"; do
    [[ -x $candidate ]] && { echo "$candidate"; return 0; }
  done
  local dir
  while IFS= read -r dir; do
    [[ -x $dir/$name ]] && { echo "$dir/$name"; return 0; }
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -t/ -k5 -n -r)
  return 1
}

need_bin() {
  find_bin "$1" || die "cannot find '$1' (looked in PATH, /usr/local/bin, /usr/lib/postgresql/*/bin); install PostgreSQL (apt-get install postgresql)"
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# PostgreSQL refuses to run as root: as root, run the server tools as the 'postgres' system user.
as_pg() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

require_port() {
  if ! [[ $1 =~ ^[0-9]+$ ]] || (( $1 < 1 || $1 > 65535 )); then
    die "invalid port '$1'"
  fi
}

abs_path() {
  local dir=$1
  [[ $dir = /* ]] || dir="$PWD/$dir"
  echo "${dir%/}"
}

is_running() {
  local data_dir=$1 pg_ctl
  [[ -f $data_dir/PG_VERSION ]] || return 1
  pg_ctl=$(need_bin pg_ctl)
  # pg_ctl status: 0 running, 3 not running, 4 no accessible data directory.
  as_pg "$pg_ctl" status -D "$data_dir" >/dev/null 2>&1
}

# Port of a running cluster, read from postmaster.pid (line 4).
running_port() {
  sed -n 4p "$1/postmaster.pid" 2>/dev/null || true
}

# As root the server runs as 'postgres', which must be able to traverse every parent folder: a temp
# dir made by mktemp/mkdtemp is 0700 root, so a data dir below it is out of reach. Say which one.
check_reachable() {
  local data_dir=$1 dir="" part
  as_pg test -w "$data_dir" && return 0
  local -a parts
  IFS=/ read -r -a parts <<<"${data_dir#/}"
  for part in "${parts[@]}"; do
    dir="$dir/$part"
    if ! as_pg test -x "$dir"; then
      die "the postgres user cannot enter $dir (mode $(stat -c %a "$dir")); use a data dir below folders it can traverse, or chmod o+x $dir"
    fi
  done
  die "cannot write $data_dir"
}

wait_ready() {
  local port=$1 timeout=$2 pg_isready deadline
  pg_isready=$(need_bin pg_isready)
  deadline=$((SECONDS + timeout))
  until "$pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 2; do
    (( SECONDS < deadline )) || return 1
    sleep "$POLL_INTERVAL"
  done
}

cmd_start() {
  (( $# >= 2 )) || die "usage: postgres.sh start DATA_DIR PORT [LOG_FILE]"
  local data_dir port log_file timeout
  data_dir=$(abs_path "$1"); port=$2
  require_port "$port"
  log_file=$(abs_path "${3:-$(dirname "$data_dir")/postgres.log}")
  timeout=${SME_PG_START_TIMEOUT:-90}

  local initdb pg_ctl
  initdb=$(need_bin initdb)
  pg_ctl=$(need_bin pg_ctl)

  if is_running "$data_dir"; then
    local actual
    actual=$(running_port "$data_dir")
    if [[ -n $actual && $actual != "$port" ]]; then
      die "cluster $data_dir is already running on port $actual, not $port; stop it first"
    fi
    say "already running ($data_dir, port $port)"
    wait_ready "$port" "$timeout" || die "running but not answering on 127.0.0.1:$port; see $log_file"
    return 0
  fi

  mkdir -p "$data_dir" "$(dirname "$log_file")"
  touch "$log_file"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (it comes with the postgresql package)"
    chown postgres: "$data_dir" "$log_file"
  fi
  chmod 700 "$data_dir"
  check_reachable "$data_dir"
  as_pg test -w "$log_file" || die "cannot write the log file $log_file"

  if [[ ! -f $data_dir/PG_VERSION ]]; then
    say "initdb $data_dir"
    # Trust on loopback: this cluster is private to one developer or one test run, listens on
    # 127.0.0.1 only and lives under .sme/ or a temp dir, so a password would protect nothing
    # (anyone able to connect to loopback can read the data files too). Production uses
    # scram-sha-256 with managed secrets (see infra/k8s).
    as_pg "$initdb" -D "$data_dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-instructions \
      >>"$log_file" 2>&1 \
      || { tail -n 30 "$log_file" >&2; die "initdb failed; see $log_file"; }
  fi

  # A unix socket path must fit in sockaddr_un (107 bytes); we connect over TCP anyway, so a deep
  # checkout just goes without the socket.
  local socket_dir=$data_dir
  if (( ${#data_dir} + 20 > 100 )); then
    socket_dir=""
  fi

  local -a opts=(
    -p "$port"
    -c listen_addresses=127.0.0.1
    -c "unix_socket_directories='$socket_dir'"
    -c max_connections=200
  )
  if [[ ${SME_PG_FAST:-0} == 1 ]]; then
    # Throw-away test clusters only: a crash may lose or corrupt data, which tests do not keep.
    opts+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
  fi

  say "starting on 127.0.0.1:$port (data $data_dir, log $log_file)"
  local started=$SECONDS
  if ! as_pg "$pg_ctl" start -D "$data_dir" -l "$log_file" -w -t "$timeout" -o "${opts[*]}" >/dev/null; then
    tail -n 30 "$log_file" >&2
    die "pg_ctl start failed; see $log_file"
  fi
  if ! wait_ready "$port" "$timeout"; then
    tail -n 30 "$log_file" >&2
    die "not accepting connections on 127.0.0.1:$port after ${timeout}s; see $log_file"
  fi
  say "ready on 127.0.0.1:$port in $((SECONDS - started))s"
}

cmd_stop() {
  (( $# >= 1 )) || die "usage: postgres.sh stop DATA_DIR"
  local data_dir pg_ctl
  data_dir=$(abs_path "$1")
  if ! is_running "$data_dir"; then
    say "not running ($data_dir)"
    return 0
  fi
  pg_ctl=$(need_bin pg_ctl)
  as_pg "$pg_ctl" stop -D "$data_dir" -m fast -w -t 60 >/dev/null \
    || die "pg_ctl stop failed for $data_dir"
  say "stopped ($data_dir)"
}

cmd_status() {
  (( $# >= 1 )) || die "usage: postgres.sh status DATA_DIR"
  local data_dir
  data_dir=$(abs_path "$1")
  if is_running "$data_dir"; then
    echo "running pid=$(head -n1 "$data_dir/postmaster.pid" 2>/dev/null) port=$(running_port "$data_dir") data=$data_dir"
  else
    echo "stopped data=$data_dir"
    return 3
  fi
}

cmd_createdb() {
  (( $# >= 2 )) || die "usage: postgres.sh createdb PORT NAME..."
  local port=$1; shift
  require_port "$port"
  local psql name exists
  psql=$(need_bin psql)
  local -a conn=(-X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)
  for name in "$@"; do
    [[ $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "invalid database name '$name' (use [a-z0-9_])"
    exists=$("$psql" "${conn[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")
    if [[ $exists == 1 ]]; then
      say "database $name exists"
      continue
    fi
    # Another process may create it between the check and here: "already exists" is success.
    local out
    if ! out=$("$psql" "${conn[@]}" -c "CREATE DATABASE \"$name\"" 2>&1); then
      [[ $out == *"already exists"* ]] || die "CREATE DATABASE $name failed: $out"
    fi
    say "database $name created"
  done
}

usage() {
  # The comment block at the top of this file, up to the first line of code.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

main() {
  local cmd=${1:-help}
  (( $# > 0 )) && shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    createdb) cmd_createdb "$@" ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
