#!/usr/bin/env bash
# Runs every BudgetWeb test: service, component (bUnit) and end-to-end (headless Chromium).
# On a machine without Chromium it first installs Debian's package; Playwright is pointed at it and downloads nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${BUDGETWEB_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
    echo "Chromium is missing; installing Debian's chromium package for the end-to-end tests..."
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

dotnet test BudgetWeb.sln "$@"
