#!/usr/bin/env bash
# A throwaway PostgreSQL 15 (Debian's postgresql package) for the tests and benchmarks: a new
# cluster in a temporary directory, run by an unprivileged user, reachable on a Unix socket in
# that directory and on 127.0.0.1 at a free port. Nothing outside the directory is touched.
#
#   eval "$(bash scripts/pg-test-server.sh start DIR)"   # DIR must not exist; prints exports
#   bash scripts/pg-test-server.sh stop DIR              # stops it and removes DIR
#
# start prints, for the caller to eval:
#   FRLIC_TEST_PG_URL    postgresql:// URL of the superuser `frlic_admin` (password auth on TCP)
#   FRLIC_TEST_PG_SOCKET the socket directory (trust auth for local connections)
#   FRLIC_TEST_PG_PORT   the port
# The cluster runs with fsync off: it holds test data only, and the tests measure no
# durability of PostgreSQL itself. PG_TEST_DURABLE=1 keeps PostgreSQL's defaults (fsync on, as a
# team's server runs): the benchmarks use it, so that their figures include the commits' flushes.
set -euo pipefail

usage() {
  echo "usage: pg-test-server.sh start|stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
dir=$2

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "pg-test-server.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 2; }

# PostgreSQL refuses to run as root: as root, the cluster belongs to the package's `postgres`
# user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
  start)
    [ ! -e "$dir" ] || { echo "pg-test-server.sh: $dir exists" >&2; exit 2; }
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    chmod 700 "$dir"
    password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    printf '%s\n' "$password" | as_owner tee "$dir/pwfile" >/dev/null
    as_owner "$bindir/initdb" -D "$dir/data" -U frlic_admin --pwfile="$dir/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner rm -f "$dir/pwfile"
    durability="-c fsync=off -c full_page_writes=off"
    [ "${PG_TEST_DURABLE:-0}" = 1 ] && durability=""
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $durability -c max_connections=100" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    # Clients that are not the cluster's owner reach the socket through the directory.
    chmod 755 "$dir"
    echo "export FRLIC_TEST_PG_URL='postgresql://frlic_admin:$password@127.0.0.1:$port/postgres'"
    echo "export FRLIC_TEST_PG_SOCKET='$dir'"
    echo "export FRLIC_TEST_PG_PORT='$port'"
    ;;
  stop)
    [ -d "$dir/data" ] || exit 0
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
