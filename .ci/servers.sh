#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis servers on free loopback ports, kept in one folder: what
# .ci/run starts beside the suite, and what the scale tests (tests/scale/) restart to
# inject their faults. Also for running those tests by hand:
#
#   dir=$(mktemp -d /tmp/rebound-servers.XXXXXX)
#   eval "$(bash .ci/servers.sh start "$dir")"      # exports TEST_DATABASE_URL, TEST_REDIS_URL, TEST_SERVERS
#   .venv/bin/pytest tests/scale
#   bash .ci/servers.sh stop "$dir"                 # stops both and removes the folder
#
#   bash .ci/servers.sh stop-postgres|start-postgres|stop-redis|start-redis DIR
#
# Redis keeps nothing on disk (--save "", no append-only file): a restart empties it, the
# harshest case for the queue of PDF jobs. PostgreSQL runs with fsync off (test data only).
set -euo pipefail
command="${1:?usage: servers.sh start|stop|stop-postgres|start-postgres|stop-redis|start-redis DIR}"
dir="${2:?usage: servers.sh $command DIR}"

pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
as_pg=()
if [ "$(id -u)" = "0" ]; then  # PostgreSQL refuses to run as root
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  as_pg=(runuser -u postgres --)
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
  local port
  port="$(cat "$dir/postgres.port")"
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/pg -c fsync=off -c max_connections=200" start >/dev/null
}

stop_postgres() {
  # "fast": sessions are ended at once, as in a restart for an upgrade.
  [ -d "$dir/pg/data" ] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}

start_redis() {
  local port
  port="$(cat "$dir/redis.port")"
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --daemonize yes \
    --dir "$dir/redis" --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/server.log" >/dev/null
  for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "Redis did not start; see $dir/redis/server.log" >&2
  return 1
}

stop_redis() {
  local pid
  [ -f "$dir/redis/redis.pid" ] || return 0
  pid="$(cat "$dir/redis/redis.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  rm -f "$dir/redis/redis.pid"
}

case "$command" in
  start)
    command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install redis-server)" >&2; exit 1; }
    mkdir -p "$dir/pg" "$dir/redis"
    [ ${#as_pg[@]} -gt 0 ] && chown postgres "$dir" "$dir/pg"
    free_port >"$dir/postgres.port"
    free_port >"$dir/redis.port"
    "${as_pg[@]}" "$pgbin/initdb" -D "$dir/pg/data" -U rebound --auth=trust -E UTF8 >/dev/null
    start_postgres
    "${as_pg[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$(cat "$dir/postgres.port")" -U rebound rebound_test
    start_redis
    echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$(cat "$dir/postgres.port"), $(redis-server --version | awk '{print $1, $3}') on 127.0.0.1:$(cat "$dir/redis.port")" >&2
    echo "export TEST_DATABASE_URL=postgresql://rebound@127.0.0.1:$(cat "$dir/postgres.port")/rebound_test"
    echo "export TEST_REDIS_URL=redis://127.0.0.1:$(cat "$dir/redis.port")/0"
    echo "export TEST_SERVERS=$dir"
    ;;
  stop)
    stop_redis
    stop_postgres
    rm -rf "$dir"
    ;;
  stop-postgres) stop_postgres ;;
  start-postgres) start_postgres ;;
  stop-redis) stop_redis ;;
  start-redis) start_redis ;;
  *) echo "unknown command $command" >&2; exit 2 ;;
esac
