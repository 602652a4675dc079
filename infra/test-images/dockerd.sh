#!/usr/bin/env bash
# A private Docker engine for the container-based test run (CI), beside any system one, as root.
#
#   dockerd.sh start DIR   start dockerd with its socket, data, pid file and log under DIR; wait until it answers
#   dockerd.sh stop  DIR   stop that dockerd by its pid and put the host's iptables rules and ip_forward back
#   dockerd.sh env   DIR   print the variables Testcontainers and the docker client need to use it
#
# dockerd adds its own iptables chains, sets the FORWARD policy to DROP and turns ip_forward on while it runs.
# The host's rules and ip_forward are saved before the start and restored at the stop, so that nothing else on the
# machine is left behind a changed firewall; the docker0 bridge goes too when this script created it.
set -euo pipefail

readonly POLL_INTERVAL=0.2
readonly START_TIMEOUT=60
readonly STOP_TIMEOUT=30

die() { echo "dockerd.sh: $*" >&2; exit 1; }
say() { echo "dockerd.sh: $*"; }

abs_path() {
  local dir=$1
  [[ $dir = /* ]] || dir="$PWD/$dir"
  echo "${dir%/}"
}

# The engine speaks API 1.41 (Docker 20.10); newer clients must be told not to ask for more.
print_env() {
  local dir=$1
  echo "export DOCKER_HOST=unix://$dir/docker.sock"
  echo "export DOCKER_API_VERSION=1.41"
  # The resource reaper is an image of its own, which cannot be pulled here; the tests remove their containers.
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  echo "export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"
}

docker_answers() {
  DOCKER_HOST="unix://$1/docker.sock" DOCKER_API_VERSION=1.41 docker version >/dev/null 2>&1
}

cmd_start() {
  (( $# == 1 )) || die "usage: dockerd.sh start DIR"
  local dir
  dir=$(abs_path "$1")
  command -v dockerd >/dev/null || die "dockerd is missing (apt-get install docker.io)"
  [[ $(id -u) -eq 0 ]] || die "dockerd needs root"
  mkdir -p "$dir"/{data,exec}
  if [[ -s $dir/dockerd.pid ]] && kill -0 "$(<"$dir/dockerd.pid")" 2>/dev/null; then
    die "a dockerd is already running from $dir (pid $(<"$dir/dockerd.pid"))"
  fi

  # What the stop puts back. Saved only once per start, before dockerd touches anything.
  iptables-save >"$dir/iptables.saved"
  cat /proc/sys/net/ipv4/ip_forward >"$dir/ip_forward.saved"
  if ip link show docker0 >/dev/null 2>&1; then : >"$dir/docker0.existed"; else rm -f "$dir/docker0.existed"; fi

  say "starting (socket $dir/docker.sock, log $dir/dockerd.log)"
  local started=$SECONDS
  # setsid: the engine must not get the signals meant for the shell that started it (a CI job's Ctrl-C).
  setsid dockerd \
    --host "unix://$dir/docker.sock" \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" \
    </dev/null >"$dir/dockerd.log" 2>&1 &
  until docker_answers "$dir"; do
    if (( SECONDS - started > START_TIMEOUT )); then
      tail -n 30 "$dir/dockerd.log" >&2
      die "dockerd did not answer within ${START_TIMEOUT}s"
    fi
    sleep "$POLL_INTERVAL"
  done
  say "ready in $((SECONDS - started))s (pid $(<"$dir/dockerd.pid"))"
}

reset_table() {
  local table=$1 chain
  shift
  iptables -t "$table" -F
  iptables -t "$table" -X
  for chain in "$@"; do
    iptables -t "$table" -P "$chain" ACCEPT
  done
}

cmd_stop() {
  (( $# == 1 )) || die "usage: dockerd.sh stop DIR"
  local dir pid=""
  dir=$(abs_path "$1")
  [[ -s $dir/dockerd.pid ]] && pid=$(<"$dir/dockerd.pid")
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    # Containers still running (a test host that was killed) go first, so that the engine stops promptly.
    local running
    running=$(DOCKER_HOST="unix://$dir/docker.sock" DOCKER_API_VERSION=1.41 docker ps -q 2>/dev/null || true)
    if [[ -n $running ]]; then
      # shellcheck disable=SC2086 # one id per word
      DOCKER_HOST="unix://$dir/docker.sock" DOCKER_API_VERSION=1.41 docker rm -f $running >/dev/null 2>&1 || true
    fi
    kill -TERM "$pid"
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
      if (( SECONDS >= deadline )); then
        say "dockerd (pid $pid) still alive after ${STOP_TIMEOUT}s; SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep "$POLL_INTERVAL"
    done
    say "stopped (pid $pid)"
  else
    say "not running ($dir)"
  fi
  rm -f "$dir/dockerd.pid"

  if [[ -f $dir/iptables.saved ]]; then
    # iptables-restore replaces only the tables in the saved dump: a table that was empty before (nat, often) must
    # be emptied here, with the default ACCEPT policies, or Docker's chains and FORWARD DROP would stay.
    reset_table filter INPUT FORWARD OUTPUT
    reset_table nat PREROUTING INPUT OUTPUT POSTROUTING
    iptables-restore <"$dir/iptables.saved" || say "could not restore the iptables rules from $dir/iptables.saved"
    rm -f "$dir/iptables.saved"
  fi
  if [[ -f $dir/ip_forward.saved ]]; then
    cat "$dir/ip_forward.saved" >/proc/sys/net/ipv4/ip_forward || say "could not restore ip_forward"
    rm -f "$dir/ip_forward.saved"
  fi
  if [[ ! -e $dir/docker0.existed ]] && ip link show docker0 >/dev/null 2>&1; then
    ip link delete docker0 || say "could not delete the docker0 bridge"
  fi
}

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

main() {
  local cmd=${1:-help}
  (( $# > 0 )) && shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    env) (( $# == 1 )) || die "usage: dockerd.sh env DIR"; print_env "$(abs_path "$1")" ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
