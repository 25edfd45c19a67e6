# shellcheck shell=bash
# A throwaway PostgreSQL server for tests: `source` this, then `pg_start` / `pg_stop`.
# The server refuses to run as root, so as root it runs as the `postgres` user.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

pg_start() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/jixiao-pg.XXXXXX)
  PG_PORT=${PG_PORT:-54329}
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_DIR"; chmod 700 "$PG_DIR"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-k $PG_DIR -p $PG_PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  "${as[@]}" "$bin/createdb" -h "$PG_DIR" -p "$PG_PORT" -U postgres jixiao
  export PG_URL="postgresql://postgres@/jixiao?host=$PG_DIR&port=$PG_PORT"
  echo "PostgreSQL running at $PG_DIR port $PG_PORT"
}

pg_stop() {
  local bin; bin=$(pg_bin)
  [ -n "${PG_DIR:-}" ] || return 0
  local as=()
  [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
