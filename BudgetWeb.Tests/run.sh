#!/usr/bin/env bash
# Runs every BudgetWeb test: service, component (bUnit) and end-to-end (headless Chromium), on SQLite and on a live
# PostgreSQL. On a machine without Chromium or PostgreSQL it first installs Debian's packages; Playwright is pointed
# at Chromium and downloads nothing. PostgreSQL runs as a throw-away cluster in a temporary folder, stopped at the end
# whatever happens, unless BUDGETWEB_TEST_POSTGRES already names a server to use.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

install_debian_package() {
    echo "$1 is missing; installing Debian's $2 package for the tests..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}

if [ -z "${BUDGETWEB_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
    install_debian_package Chromium chromium
fi

if [ -z "${BUDGETWEB_TEST_POSTGRES:-}" ]; then
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$pg_bin" ]; then
        install_debian_package PostgreSQL postgresql
        pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi

    # PostgreSQL refuses to run as root: the cluster belongs to the postgres user (created by the package).
    as_postgres=()
    if [ "$(id -u)" -eq 0 ]; then
        as_postgres=(runuser -u postgres --)
    elif [ "$(id -un)" != postgres ] && id postgres >/dev/null 2>&1; then
        as_postgres=(sudo -u postgres)
    fi

    pg_dir=$(mktemp -d /tmp/budgetweb-postgres.XXXXXX)
    chmod 755 "$pg_dir"
    if [ ${#as_postgres[@]} -gt 0 ]; then $sudo chown postgres "$pg_dir"; fi
    stop_postgres() {
        "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" stop -m immediate >/dev/null 2>&1 || true
        $sudo rm -rf "$pg_dir"
    }
    trap stop_postgres EXIT

    pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log"
    # fsync off: the cluster is thrown away, and durability is PostgreSQL's job, not what the tests check.
    "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
        -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
        || { cat "$pg_dir/server.log" >&2; echo "PostgreSQL did not start; the PostgreSQL tests can't run." >&2; exit 1; }
    export BUDGETWEB_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
    echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') is running on port $pg_port for the tests."
fi

dotnet test BudgetWeb.sln "$@"
