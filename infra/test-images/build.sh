#!/usr/bin/env bash
# Builds the two images the container-based tests run on, from this machine's own PostgreSQL 15, Erlang and RabbitMQ
# (the Debian packages), for engines that cannot pull the official images:
#
#   build.sh [postgres|rabbitmq]...   both when none is named
#
# Environment (the same variables the tests read):
#   SME_TEST_POSTGRES_IMAGE   tag of the PostgreSQL image (default smeplatform-test/postgres:15)
#   SME_TEST_RABBITMQ_IMAGE   tag of the RabbitMQ image (default smeplatform-test/rabbitmq:3-management)
#   DOCKER_HOST, DOCKER_API_VERSION   the engine to build on (see dockerd.sh env)
#
# The images behave as far as the tests and Testcontainers' modules need like postgres:15 and
# rabbitmq:3-management: POSTGRES_USER/PASSWORD/DB and RABBITMQ_DEFAULT_USER/PASS are honoured, pg_isready is on the
# PATH, RabbitMQ logs "Server startup complete" to the console and serves the management API on 15672.
# A root file system is assembled in a temp folder and imported as one layer: `docker import` keeps the files' owners,
# so the data folders belong to the postgres and rabbitmq users as the servers require.
set -euo pipefail

readonly HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly POSTGRES_IMAGE=${SME_TEST_POSTGRES_IMAGE:-smeplatform-test/postgres:15}
readonly RABBITMQ_IMAGE=${SME_TEST_RABBITMQ_IMAGE:-smeplatform-test/rabbitmq:3-management}
readonly SHELL_TOOLS=(sh bash basename cat chmod cut date df dirname env expr head id ls mkdir readlink rm sed grep tr uname sleep)

die() { echo "build.sh: $*" >&2; exit 1; }
say() { echo "build.sh: $*"; }

# Copies a file to the same place in the image, following symlinks (Debian's /lib is usr/lib, and so in the image).
copy_file() {
  local src=$1 root=$2 dest
  dest="$root$(readlink -f "$(dirname "$src")")/$(basename "$src")"
  mkdir -p "$(dirname "$dest")"
  cp -L --preserve=mode "$src" "$dest"
}

copy_tree() {
  local src root=$2
  src=$(readlink -f "$1")
  mkdir -p "$root$(dirname "$src")"
  cp -a "$src" "$root$(dirname "$src")/"
}

# Every shared library that the executables and libraries below these folders load (what ldd lists; it fails on the
# scripts among them, which is fine).
copy_libraries() {
  local root=$1 lib
  shift
  find "$@" -type f \( -perm -u+x -o -name '*.so' -o -name '*.so.*' \) -print0 \
    | { xargs -0 -r ldd 2>/dev/null || true; } \
    | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' \
    | sort -u \
    | while IFS= read -r lib; do copy_file "$lib" "$root"; done
}

# The skeleton of a merged-/usr Debian root with one service user, its tools and their libraries.
make_root() {
  local root=$1 user=$2 tool path
  mkdir -p "$root"/{usr/bin,usr/sbin,usr/lib,usr/lib64,usr/local/bin,etc,tmp,var/run,dev,proc,sys}
  chmod 1777 "$root/tmp"
  ln -s usr/bin "$root/bin"
  ln -s usr/sbin "$root/sbin"
  ln -s usr/lib "$root/lib"
  ln -s usr/lib64 "$root/lib64"
  id "$user" >/dev/null 2>&1 || die "this machine has no '$user' user: install the package that creates it"
  { getent passwd root; getent passwd "$user"; } >"$root/etc/passwd"
  { getent group root; getent group "$(id -gn "$user")"; } >"$root/etc/group"
  cp /etc/nsswitch.conf "$root/etc/"
  for tool in "${SHELL_TOOLS[@]}"; do
    path=$(command -v "$tool") || die "missing tool: $tool"
    copy_file "$path" "$root"
  done
  copy_libraries "$root" "$root/usr/bin"
}

postgres_home() {
  local initdb
  initdb=$(command -v initdb || echo /usr/local/bin/initdb)
  [[ -x $initdb ]] || initdb=$(compgen -G '/usr/lib/postgresql/15/bin/initdb' || true)
  [[ -n $initdb && -x $initdb ]] || die "PostgreSQL 15 is not installed (apt-get install postgresql-15)"
  dirname "$(dirname "$(readlink -f "$initdb")")"
}

build_postgres() {
  local root=$1/postgres home share
  home=$(postgres_home)
  "$home/bin/postgres" --version | grep -q ' 15\.' || die "$home is not PostgreSQL 15"
  share=/usr/share/postgresql/$(basename "$home")
  make_root "$root" postgres
  copy_tree "$home" "$root"
  copy_tree "$share" "$root"
  copy_tree /usr/share/zoneinfo "$root"
  [[ -d /usr/lib/locale/C.utf8 ]] && copy_tree /usr/lib/locale/C.utf8 "$root"
  copy_libraries "$root" "$home"
  install -m 755 "$HERE/postgres-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  install -d -m 700 -o postgres -g postgres "$root/var/lib/postgresql/data"
  install -d -m 2775 -o postgres -g postgres "$root/var/run/postgresql"
  chown postgres:postgres "$root/var/lib/postgresql"

  tar -C "$root" --numeric-owner -c . | docker import \
    --change "ENV PATH=$home/bin:/usr/local/bin:/usr/bin" \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'USER postgres' \
    --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["postgres"]' \
    - "$POSTGRES_IMAGE" >/dev/null
}

build_rabbitmq() {
  local root=$1/rabbitmq
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server && -d /usr/lib/erlang ]] || die "RabbitMQ is not installed (apt-get install rabbitmq-server)"
  compgen -G '/usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins/rabbitmq_management-*' >/dev/null \
    || die "this RabbitMQ has no management plugin"
  make_root "$root" rabbitmq
  copy_tree /usr/lib/erlang "$root"
  copy_tree /usr/lib/rabbitmq "$root"
  copy_libraries "$root" /usr/lib/erlang
  install -m 755 "$HERE/rabbitmq-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  install -d -m 755 "$root/etc/rabbitmq"
  install -m 644 "$HERE/rabbitmq.conf" "$root/etc/rabbitmq/rabbitmq.conf"
  echo '[rabbitmq_management].' >"$root/etc/rabbitmq/enabled_plugins"
  install -d -m 755 -o rabbitmq -g rabbitmq "$root/var/lib/rabbitmq" "$root/var/log/rabbitmq"

  tar -C "$root" --numeric-owner -c . | docker import \
    --change 'ENV PATH=/usr/lib/rabbitmq/bin:/usr/lib/erlang/bin:/usr/local/bin:/usr/bin' \
    --change 'ENV HOME=/var/lib/rabbitmq' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'USER rabbitmq' \
    --change 'EXPOSE 5672 15672' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["rabbitmq-server"]' \
    - "$RABBITMQ_IMAGE" >/dev/null
}

main() {
  local -a wanted=("$@") what started
  ((${#wanted[@]} > 0)) || wanted=(postgres rabbitmq)
  [[ $(id -u) -eq 0 ]] || die "run as root (the image files must belong to the postgres and rabbitmq users)"
  docker version >/dev/null 2>&1 || die "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset})"
  work=$(mktemp -d /tmp/sme-test-images.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  for what in "${wanted[@]}"; do
    started=$SECONDS
    case $what in
      postgres) build_postgres "$work"; say "$POSTGRES_IMAGE built in $((SECONDS - started))s" ;;
      rabbitmq) build_rabbitmq "$work"; say "$RABBITMQ_IMAGE built in $((SECONDS - started))s" ;;
      *) die "unknown image '$what' (postgres or rabbitmq)" ;;
    esac
  done
}

main "$@"
