#!/usr/bin/env bash
# Run the whole test suite twice: on SQLite (the default) and on a throwaway PostgreSQL
# server started here (initdb + pg_ctl on a private Unix socket), stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

echo "== tests on SQLite =="
env -u DATABASE_URL $py -m pytest -q -p no:cacheprovider "$@"

echo "== tests on PostgreSQL =="
source scripts/pg-throwaway.sh
pg_start
trap pg_stop EXIT
DATABASE_URL="$PG_URL" $py -m pytest -q -p no:cacheprovider "$@"
