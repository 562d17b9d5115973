# Shared by bench/run, bench/soak and bench/durability (sourced, not run): starting and
# stopping only the processes a script started, health polls, fresh databases, and
# reading wrk's RESULT line. The sourcing script sets BENCH_NAME, and OUT before
# calling fresh_database; PG_ADMIN_URL may be set in the environment as BENCH_POSTGRES.

FAILED=0
STARTED_PIDS=()
PG_ADMIN_URL=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
PG_HOST_URL=${PG_ADMIN_URL%/*}

say() { printf '[%s] %s\n' "${BENCH_NAME:-bench}" "$*" >&2; }
fail() { say "FAILED: $*"; FAILED=1; }
now_us() { echo "${EPOCHREALTIME/./}"; }

# Forgets a process this script started (it has ended, or was killed on purpose).
forget_pid() {
  local pid=$1 kept=() p
  for p in "${STARTED_PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  STARTED_PIDS=("${kept[@]}")
}

# Stops a process this script started (and only those: it forgets each once stopped).
stop_pid() {
  local pid=$1
  forget_pid "$pid"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do stop_pid "$pid"; done
}
trap cleanup EXIT

# Installs wrk from Debian when it is missing.
ensure_wrk() {
  command -v wrk >/dev/null && return 0
  say "installing wrk from Debian"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
}

# One GET /healthz over bash's own socket (no process started, so polling is cheap).
health_ok() {
  local line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$1" >&3
  IFS= read -r -t 5 line <&3 || true
  exec 3<&-
  [[ $line == "HTTP/1.1 200"* ]]
}
# Polls every 5 ms. The ports are below Linux's ephemeral range (32768-60999): a poll
# loop connecting to a port in that range while nothing listens there walks through the
# ephemeral ports, and one attempt connects to itself on the very port quire is about
# to bind ("Address already in use"; seen after a SIGKILL, when start-up is slower).
wait_for_health() {
  local deadline=$(($(now_us) + $2 * 1000000))
  until health_ok "$1"; do
    (($(now_us) < deadline)) || return 1
    sleep 0.005
  done
}

rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
seed_value() { awk -F': ' -v k="$1" '$1 == k { print $2 }' "$2"; }

# A value from a wrk script's `RESULT key=value …` line: result_value KEY LINE.
result_value() { sed -E "s/.*(^| )$1=([0-9]+).*/\\2/" <<<"$2"; }

# Prints the URL of the database NAME (a file in OUT, or a Postgres database).
database_url() {
  if [[ $1 == sqlite ]]; then echo "sqlite://$OUT/$2.db"; else echo "$PG_HOST_URL/$2"; fi
}

# Prints the URL of a new, empty database NAME (a file in OUT, or a Postgres database).
fresh_database() {
  local backend=$1 name=$2
  if [[ $backend == sqlite ]]; then
    rm -f "$OUT/$name.db" "$OUT/$name.db-wal" "$OUT/$name.db-shm"
  else
    timeout 300 psql "$PG_ADMIN_URL" -v ON_ERROR_STOP=1 -q \
      -c "drop database if exists $name with (force)" -c "create database $name" >&2
  fi
  database_url "$backend" "$name"
}

# Starts the local Postgres cluster if nothing answers at PG_ADMIN_URL's host and port.
ensure_postgres() {
  local host_port=${PG_HOST_URL#*@}
  local host=${host_port%:*} port=${host_port##*:}
  if ! pg_isready -h "$host" -p "$port" -q; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -h "$host" -p "$port" -q && break; sleep 1; done
  fi
  pg_isready -h "$host" -p "$port" -q
}

# The conditions a figure was taken in, for the results: cores, load, other compilers.
machine_conditions() {
  local model memory load rustc
  model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  rustc=$(pgrep -c -x rustc || true)
  echo "$(getconf _NPROCESSORS_ONLN) cores ($model), $memory; load average $load at the end, $rustc rustc processes running then"
}

# Signs the seeded teacher in through the real form; prints the session token.
teacher_session() {
  local base=$1 seed_file=$2 jar=$OUT/teacher-cookies.txt
  rm -f "$jar"
  curl -s -o /dev/null --max-time 10 -c "$jar" -H "Origin: $base" \
    --data-urlencode "username=$(seed_value teacher "$seed_file")" \
    --data-urlencode "password=$(seed_value password "$seed_file")" "$base/sign-in" || true
  awk '$6 == "quire_session" { print $7 }' "$jar"
}

# Posts WAITING comments on a post through the real form, each by an account of its own
# (the last WAITING tokens, which no comment run uses) from an address of its own.
leave_waiting() {
  local base=$1 tokens=$2 post_id=$3 i=0 status token
  while IFS= read -r token; do
    i=$((i + 1))
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Origin: $base" \
      -H "Sec-Fetch-Site: same-origin" -H "Cookie: quire_session=$token" \
      -H "X-Forwarded-For: 10.255.0.$i" --data-urlencode "body=Waiting comment $i for the queue." \
      "$base/posts/$post_id/comments" || true)
    [[ $status == 303 ]] || fail "a waiting comment answered $status"
  done < <(tail -n "$WAITING" "$tokens")
}
