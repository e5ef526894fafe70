#!/usr/bin/env bash
# Benchmark blogsite in its production configuration. Not a test: it prints
# figures (and saves them in bench/out/); bench/RESULTS.md records them.
#
#   bench/run.sh [--anchor] [--postgres] [--sizes "1000 100000"] [--duration 10s]
#
# Starts gunicorn with deploy/gunicorn.conf.py (DJANGO_DEBUG=0, 4 sync
# workers, no access log, rate limits off) on its own port and its own
# database, seeds 100 users and each size of posts in turn
# (`manage.py seed_demo`), and runs Debian's wrk (2 threads, 32 connections)
# on each endpoint: requests per second, p50 and p99 latency, and the largest
# worker's memory (RSS) afterwards.
#
#   --anchor    also runs the Flask seed app (../shared/anchors/seed_flask,
#               100 users) and the bare WSGI app (../shared/anchors/raw_wsgi)
#               under the same gunicorn settings, and prints ratios.
#   --postgres  PostgreSQL and Redis of its own (deploy/stack.sh services,
#               data in var/bench/services) instead of SQLite and local memory.
#
# Ports: BENCH_PORT (default 8090) and the four after it. BENCH_WORKERS
# (default 4) gunicorn workers for every app. BENCH_ANCHORS: where the
# anchors are, if not in ../shared/anchors.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_DIR"

ANCHOR=0
POSTGRES=0
SIZES="1000 100000"
DURATION=10s
while (($#)); do
    case "$1" in
    --anchor) ANCHOR=1 ;;
    --postgres) POSTGRES=1 ;;
    --sizes) SIZES="$2" && shift ;;
    --duration) DURATION="$2" && shift ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' && exit 2 ;;
    esac
    shift
done

PORT="${BENCH_PORT:-8090}"
SEED_PORT=$((PORT + 1))
RAW_PORT=$((PORT + 2))
WORKERS="${BENCH_WORKERS:-4}"
ANCHORS="${BENCH_ANCHORS:-$PROJECT_DIR/../shared/anchors}"
BENCH_DIR="$PROJECT_DIR/var/bench"
PY="$PROJECT_DIR/.venv/bin/python"
mkdir -p "$BENCH_DIR" bench/out
command -v wrk >/dev/null || {
    echo "bench: wrk is not installed (apt-get install wrk)" >&2
    exit 1
}
[[ -x "$PY" ]] || {
    echo "bench: no .venv: run 'make run' or 'make test' first" >&2
    exit 1
}

OUT="bench/out/run-$(date +%Y%m%d-%H%M%S).txt"
exec > >(tee "$OUT") 2>&1

SERVICES=(env STACK_DIR="$BENCH_DIR/services" STACK_PG_PORT=$((PORT + 3)) STACK_REDIS_PORT=$((PORT + 4)))
cleanup() {
    local pidfile
    for pidfile in "$BENCH_DIR"/*.pid; do
        [[ -s "$pidfile" ]] && kill "$(cat "$pidfile")" 2>/dev/null
        rm -f "$pidfile"
    done
    ((POSTGRES)) && "${SERVICES[@]}" deploy/stack.sh services-stop >/dev/null
    return 0
}
trap cleanup EXIT

# --- the machine -------------------------------------------------------------
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:  $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "load:     $(cut -d" " -f1-3 /proc/loadavg) (1, 5, 15 min: other work on the machine skews every figure)"
echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "command:  bench/run.sh $([[ $ANCHOR == 1 ]] && echo --anchor) $([[ $POSTGRES == 1 ]] && echo --postgres)"
echo "settings: gunicorn sync x$WORKERS, wrk -t2 -c32 -d$DURATION, $("$PY" -c 'import django; print("Django", django.get_version())')"

# --- blogsite's environment --------------------------------------------------
export DJANGO_SETTINGS_MODULE=blogsite.settings DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DJANGO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_SECRET_KEY
export RATELIMIT_ENABLE=0 WEB_CONCURRENCY="$WORKERS" GUNICORN_THREADS=1 GUNICORN_ACCESSLOG= GUNICORN_MAX_REQUESTS=0
unset REDIS_URL TASKS_BACKEND
if ((POSTGRES)); then
    "${SERVICES[@]}" deploy/stack.sh services-start
    export DATABASE_URL="postgres://blogsite:blogsite@127.0.0.1:$((PORT + 3))/blogsite"
    export REDIS_URL="redis://127.0.0.1:$((PORT + 4))/0"
    echo "database: PostgreSQL, cache: Redis"
else
    export DATABASE_URL="sqlite:///$BENCH_DIR/bench.sqlite3"
    echo "database: SQLite, cache: local memory"
fi

manage() { "$PY" manage.py "$@"; }
manage migrate --noinput >/dev/null
manage flush --noinput
manage collectstatic --noinput >/dev/null

# --- measuring ---------------------------------------------------------------
wait_http() { # wait_http URL: until it answers, at most 60 s
    local deadline=$((SECONDS + 60))
    until "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null; do
        ((SECONDS < deadline)) || {
            echo "bench: $1 did not answer" >&2
            exit 1
        }
        sleep 0.3
    done
}

worker_rss_mb() { # the largest worker of the gunicorn whose master is in PIDFILE
    local master worker rss max=0
    master="$(cat "$1")"
    for worker in $(pgrep -P "$master"); do
        rss="$(awk '/VmRSS/ {print $2}' "/proc/$worker/status" 2>/dev/null || echo 0)"
        ((rss > max)) && max=$rss
    done
    echo $((max / 1024))
}

declare -A RPS
printf -v ROW_FORMAT '%%-10s %%-28s %%9s %%8s %%8s %%7s %%8s\n'
table_header() { printf "$ROW_FORMAT" "$1" path "req/s" "p50 ms" "p99 ms" errors "RSS MB"; }

measure() { # measure GROUP BASE_URL PATH PIDFILE
    local group="$1" url="$2$3" path="$3" result
    wrk -t1 -c4 -d1s "$url" >/dev/null # warm-up: templates, URL resolvers, connections
    result="$(wrk -t2 -c32 -d"$DURATION" -s bench/report.lua "$url" | awk '/^RESULT/ {print $2, $3, $4, $6}')"
    read -r rps p50 p99 errors <<<"$result"
    RPS["$group $path"]="$rps"
    printf "$ROW_FORMAT" "$group" "$path" "$rps" "$p50" "$p99" "$errors" "$(worker_rss_mb "$4")"
}

start_gunicorn() { # start_gunicorn NAME PORT GUNICORN ARGS...: in the background, pid in var/bench/NAME.pid
    local name="$1" port="$2" gunicorn="$3"
    shift 3
    "$gunicorn" --bind "127.0.0.1:$port" --pid "$BENCH_DIR/$name.pid" "$@" >"bench/out/$name.log" 2>&1 &
    wait_http "http://127.0.0.1:$port/"
}

stop_gunicorn() {
    local pidfile="$BENCH_DIR/$1.pid" pid
    pid="$(cat "$pidfile")"
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    rm -f "$pidfile"
}

# --- blogsite ----------------------------------------------------------------
BASE="http://127.0.0.1:$PORT"

bench_blogsite() { # bench_blogsite POSTS: seed, start, measure every endpoint; left running
    local posts="$1" post_id
    manage seed_demo --users 100 --posts "$posts" >/dev/null
    start_gunicorn blogsite "$PORT" .venv/bin/gunicorn -c deploy/gunicorn.conf.py blogsite.wsgi
    post_id="$("$PY" -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1]))["results"][0]["id"])' "$BASE/api/posts/?page_size=1")"
    echo
    echo "blogsite with $posts posts, 100 users:"
    table_header size
    for path in / "/posts/$post_id/" /api/posts/ "/api/users/?page_size=100" "/users/?page_size=100" /api/products/; do
        measure "$posts" "$BASE" "$path" "$BENCH_DIR/blogsite.pid"
    done
}

# --- the anchors -------------------------------------------------------------
# Each pair is measured back to back, blogsite then the seed, so a change in
# the machine's load between the two hardly moves their ratio.
compare_with_anchors() {
    [[ -f "$ANCHORS/seed_flask/app.py" ]] || {
        echo "bench: no anchors at $ANCHORS" >&2
        exit 1
    }
    local venv="$BENCH_DIR/flask-venv" ours theirs
    if [[ ! -x "$venv/bin/gunicorn" ]]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet "flask~=3.1" "gunicorn~=23.0" >"bench/out/flask-venv.log" 2>&1 ||
            { cat bench/out/flask-venv.log && exit 1; }
    fi
    "$venv/bin/python" "$ANCHORS/seed_flask/seed_data.py" 100 --db "$BENCH_DIR/seed_flask.db" >/dev/null
    SEED_DB="$BENCH_DIR/seed_flask.db" start_gunicorn seed "$SEED_PORT" "$venv/bin/gunicorn" \
        --chdir "$ANCHORS/seed_flask" --workers "$WORKERS" app:app
    start_gunicorn raw "$RAW_PORT" "$venv/bin/gunicorn" --chdir "$ANCHORS/raw_wsgi" --workers "$WORKERS" app:app
    echo
    echo "side by side with the anchors (same gunicorn settings: sync x$WORKERS):"
    table_header app
    measure raw "http://127.0.0.1:$RAW_PORT" / "$BENCH_DIR/raw.pid"
    while read -r ours theirs; do
        measure blogsite "$BASE" "$ours" "$BENCH_DIR/blogsite.pid"
        measure seed "http://127.0.0.1:$SEED_PORT" "$theirs" "$BENCH_DIR/seed.pid"
    done <<<"$PAIRS"
    stop_gunicorn seed
    stop_gunicorn raw
    print_ratios
}

PAIRS="/api/users/?page_size=100 /api/users
/users/?page_size=100 /users
/ /"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

print_ratios() {
    local ours theirs raw="${RPS[raw /]}"
    echo
    echo "ratios (blogsite with ${SIZES%% *} posts):"
    printf '%-46s %9s %9s %7s %9s\n' comparison blogsite seed ratio "vs raw"
    while read -r ours theirs; do
        printf '%-46s %9s %9s %7s %9s\n' "$ours vs seed $theirs" "${RPS[blogsite $ours]}" "${RPS[seed $theirs]}" \
            "$(ratio "${RPS[blogsite $ours]}" "${RPS[seed $theirs]}")" "$(ratio "${RPS[blogsite $ours]}" "$raw")"
    done <<<"$PAIRS"
    echo "raw WSGI ceiling: $raw req/s"
}

first=1
for size in $SIZES; do
    bench_blogsite "$size"
    if ((first && ANCHOR)); then compare_with_anchors; fi
    stop_gunicorn blogsite
    first=0
done
echo
echo "saved in $OUT"
