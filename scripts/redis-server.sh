#!/usr/bin/env bash
# A throw-away Redis for tests, benchmarks and the demo: loopback only, a free port, no
# persistence, its own data directory. Installs nothing itself.
#
#   eval "$(scripts/redis-server.sh start)"   # sets REDIS_URL and REDIS_PID_FILE
#   scripts/redis-server.sh stop "$REDIS_PID_FILE"
#
# `start` prints `REDIS_URL=redis://127.0.0.1:PORT` and `REDIS_PID_FILE=...` (shell-quoted
# assignments). The PID goes to $REDIS_PID_FILE when it is set, else into the data directory.
# `stop` kills the server by that PID (never by name) and removes its data directory.
set -euo pipefail

usage() {
  echo "usage: $0 start | stop [PID_FILE]" >&2
  exit 2
}

free_port() {
  node -e "const s = require('node:net').createServer();
s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

answers_ping() {
  local port=$1
  if command -v redis-cli > /dev/null; then
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2> /dev/null)" = "PONG" ]
  else
    (exec 3<> "/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2> /dev/null
  fi
}

start() {
  if ! command -v redis-server > /dev/null; then
    echo "redis-server is not installed; install it with: apt-get install -y redis-server" >&2
    exit 1
  fi
  local dir port pid pid_file
  dir=$(mktemp -d "${TMPDIR:-/tmp}/genai-telemetry-redis.XXXXXX")
  pid_file=${REDIS_PID_FILE:-$dir/redis.pid}
  # A port found free can be taken before the server binds it: try a few.
  for _ in 1 2 3; do
    port=$(free_port)
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
      --daemonize no --logfile "$dir/redis.log" > /dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
      if answers_ping "$port"; then
        echo "$pid" > "$pid_file"
        echo "$dir" > "$pid_file.dir"
        printf 'REDIS_URL=%q\nREDIS_PID_FILE=%q\n' "redis://127.0.0.1:$port" "$pid_file"
        return 0
      fi
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.05
    done
    kill "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
  done
  echo "redis-server did not start; its log:" >&2
  cat "$dir/redis.log" >&2 || true
  rm -rf "$dir"
  exit 1
}

stop() {
  local pid_file=${1:-${REDIS_PID_FILE:-}}
  [ -n "$pid_file" ] && [ -f "$pid_file" ] || {
    echo "no PID file (pass it, or set REDIS_PID_FILE)" >&2
    exit 1
  }
  local pid dir
  pid=$(cat "$pid_file")
  dir=$(cat "$pid_file.dir" 2> /dev/null || true)
  if kill "$pid" 2> /dev/null; then
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.05
    done
  fi
  rm -f "$pid_file" "$pid_file.dir"
  # Only the directory this script created (its template), never anything else.
  case "$dir" in
    */genai-telemetry-redis.*) rm -rf "$dir" ;;
  esac
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) usage ;;
esac
