#!/usr/bin/env bash
# Benchmark blogsite in its production configuration. Not a test: it prints
# figures (and saves them in bench/out/); bench/RESULTS.md records them.
#
#   bench/run.sh [--anchor] [--rounds 3] [--postgres] [--sizes "1000 100000"] [--duration 10s]
#
# Starts gunicorn with deploy/gunicorn.conf.py (DJANGO_DEBUG=0, 4 sync
# workers) on its own port and its own database, with the whole middleware
# stack on: the rate limit counts every request (at a rate wrk cannot reach)
# and Django writes its access log line (to bench/out/blogsite.log). Seeds 100
# users and each size of posts in a database of its own (`manage.py
# seed_demo`). At the first size it runs Debian's wrk (2 threads, 32
# connections) on each list with the response cache off: requests per
# second, p50 and p99 latency, and the largest worker's memory (RSS); then
# worker memory after 20,000 and 40,000 requests. Then it serves the first
# and the last size at once and measures each list at both, back to back:
# p50 at the last size against the first. It ends with the performance
# goals, each with its figure and "met" or "NOT MET".
#
#   --anchor    also runs the Flask seed app (../shared/anchors/seed_flask,
#               100 users) and the bare WSGI app (../shared/anchors/raw_wsgi)
#               under the same gunicorn settings, and compares them side by
#               side with blogsite, uncached and with the response cache on;
#               uncached, also both about pages, as a reference with no goal
#               (no query on either side: what the middleware stack costs).
#   --rounds N  how many times (default 3) --anchor measures each pair, the
#               two apps of a pair taking turns at going first (blogsite in
#               odd rounds), and the raw app at the start of each round; a
#               goal's ratio is the median of its rounds, printed with all of
#               them. One round's pair can land on a moment when something
#               else ran on the machine; with an odd N the median is the
#               round the machine disturbed neither most nor least.
#   --postgres  PostgreSQL and Redis of its own (deploy/stack.sh services,
#               data in var/bench/services) instead of SQLite and local
#               memory; prints what one round trip to each costs, and also
#               runs bench/checkout.py (paid orders per second). With
#               --anchor, also the cached home page with every rate limit
#               off, as a reference: what the limit's two round trips to
#               Redis cost each cached page.
#
# Ports: BENCH_PORT (default 8090) and the five after it. BENCH_WORKERS
# (default 4) gunicorn workers for every app. BENCH_ANCHORS: where the
# anchors are, if not in ../shared/anchors.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_DIR"

ANCHOR=0
POSTGRES=0
SIZES="1000 100000"
DURATION=10s
ROUNDS=3
while (($#)); do
    case "$1" in
    --anchor) ANCHOR=1 ;;
    --postgres) POSTGRES=1 ;;
    --sizes) SIZES="$2" && shift ;;
    --duration) DURATION="$2" && shift ;;
    --rounds) ROUNDS="$2" && shift ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' && exit 2 ;;
    esac
    shift
done

[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || {
    echo "bench: --rounds takes a whole number, 1 or more (got '$ROUNDS')" >&2
    exit 2
}

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
echo "command:  bench/run.sh $([[ $ANCHOR == 1 ]] && echo "--anchor --rounds $ROUNDS") $([[ $POSTGRES == 1 ]] && echo --postgres)"
echo "settings: gunicorn sync x$WORKERS, wrk -t2 -c32 -d$DURATION, $("$PY" -c 'import django; print("Django", django.get_version())')"

# --- blogsite's environment --------------------------------------------------
export DJANGO_SETTINGS_MODULE=blogsite.settings DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DJANGO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_SECRET_KEY
# The rate limit stays on (it is part of every request's cost) at a rate wrk cannot reach.
export RATELIMIT_ENABLE=1 RATELIMIT_RATE=1000000000/m
export WEB_CONCURRENCY="$WORKERS" GUNICORN_THREADS=1 GUNICORN_ACCESSLOG= GUNICORN_MAX_REQUESTS=0
unset REDIS_URL TASKS_BACKEND
if ((POSTGRES)); then
    "${SERVICES[@]}" deploy/stack.sh services-start
    echo "database: PostgreSQL, cache: Redis"
    PG_URL="postgres://blogsite:blogsite@127.0.0.1:$((PORT + 3))"
    # What one round trip costs here, the servers idle: a cached page makes three to Redis,
    # an uncached one also makes its queries and the connection's health check.
    "$PY" - "$PG_URL/postgres" "$((PORT + 4))" <<'PYTHON'
import statistics
import sys
import time

import psycopg
import redis


def median_us(call) -> float:
    times = []
    for _ in range(2000):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


db = psycopg.connect(sys.argv[1], autocommit=True)
cache = redis.Redis(host="127.0.0.1", port=int(sys.argv[2]))
pg, rd = median_us(lambda: db.execute("SELECT 1").fetchone()), median_us(cache.ping)
print(f"round trip: Redis PING {rd:.0f} us, PostgreSQL SELECT 1 {pg:.0f} us (median of 2,000, one client)")
PYTHON
else
    echo "database: SQLite, cache: local memory"
fi

# Each size of posts has a database of its own (and, with Redis, a Redis
# database of its own: the cached counts must not mix), so two sizes can be
# served at once and measured side by side.
use_size() { # use_size INDEX POSTS: DATABASE_URL and REDIS_URL for this size
    if ((POSTGRES)); then
        local name="blogsite_$2"
        "$PY" - "$PG_URL/postgres" "$name" <<'PYTHON'
import sys

import psycopg

with psycopg.connect(sys.argv[1], autocommit=True) as db:
    if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sys.argv[2]]).fetchone():
        db.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PYTHON
        export DATABASE_URL="$PG_URL/$name"
        export REDIS_URL="redis://127.0.0.1:$((PORT + 4))/$1"
    else
        export DATABASE_URL="sqlite:///$BENCH_DIR/bench-$2.sqlite3"
    fi
}

manage() { "$PY" manage.py "$@"; }
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

largest_worker_mb() { # largest_worker_mb PIDFILE FILE AWK: the most kB that AWK reads from /proc/WORKER/FILE, among the gunicorn's workers, in MB
    local master worker kb max=0
    master="$(cat "$1")"
    for worker in $(pgrep -P "$master"); do
        kb="$(awk "$3" "/proc/$worker/$2" 2>/dev/null || echo 0)"
        ((kb > max)) && max=$kb
    done
    echo $((max / 1024))
}

worker_rss_mb() { largest_worker_mb "$1" status '/VmRSS/ {print $2}'; }
# A worker's own memory: its private pages, not shared with the master or the other workers.
worker_private_mb() { largest_worker_mb "$1" smaps_rollup '/^Private_(Clean|Dirty)/ {sum += $2} END {print sum + 0}'; }

declare -A RPS P50
printf -v ROW_FORMAT '%%-10s %%-28s %%9s %%8s %%8s %%7s %%8s\n'
table_header() { printf "$ROW_FORMAT" "$1" path "req/s" "p50 ms" "p99 ms" errors "RSS MB"; }

wrk_run() { # wrk_run URL: prints "<req/s> <p50 ms> <p99 ms> <requests> <errors>"
    wrk -t2 -c32 -d"${2:-$DURATION}" -s bench/report.lua "$1" | awk '/^RESULT/ {print $2, $3, $4, $5, $6}'
}

measure() { # measure GROUP BASE_URL PATH PIDFILE
    local group="$1" url="$2$3" path="$3" rps p50 p99 requests errors
    wrk -t1 -c4 -d1s "$url" >/dev/null # warm-up: templates, URL resolvers, connections
    read -r rps p50 p99 requests errors <<<"$(wrk_run "$url")"
    RPS["$group $path"]="$rps"
    P50["$group $path"]="$p50"
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
# Every list, first page (the user page lists demo1's posts: 1% of them).
LISTS="/ /api/posts/ /api/users/?page_size=100 /users/?page_size=100 /users/demo1/ /api/products/"

start_blogsite() { # start_blogsite CACHE(0|1) [NAME PORT]: gunicorn with the response cache off or on
    RESPONSE_CACHE_ENABLE="$1" start_gunicorn "${2:-blogsite}" "${3:-$PORT}" \
        .venv/bin/gunicorn -c deploy/gunicorn.conf.py blogsite.wsgi
}

seed_size() { # seed_size INDEX POSTS: a fresh database with 100 users and POSTS posts
    use_size "$1" "$2"
    manage migrate --noinput >/dev/null
    manage flush --noinput
    manage seed_demo --users 100 --posts "$2" >/dev/null 2>&1
}

bench_lists() { # bench_lists POSTS: every list with the response cache off; left running
    local posts="$1" path
    start_blogsite 0
    echo
    echo "blogsite with $posts posts, 100 users, response cache off:"
    table_header size
    for path in $LISTS; do
        measure "$posts" "$BASE" "$path" "$BENCH_DIR/blogsite.pid"
    done
}

# The scale goal compares the latency of each list at two sizes. Measured
# minutes apart, the machine's load moves in between and swamps the
# difference; so the two sizes are served at once, by two gunicorns with a
# database each, and each list is measured at one size and then at the other.
LARGE_PORT=$((PORT + 5))
compare_sizes() { # compare_sizes SMALL LARGE: each list at both sizes, back to back
    local small="$1" large="$2" path
    use_size 0 "$small"
    start_blogsite 0
    use_size 1 "$large"
    start_blogsite 0 blogsite-large "$LARGE_PORT"
    echo
    echo "scale, side by side: $small and $large posts, response cache off:"
    table_header size
    for path in $LISTS; do
        measure "$small" "$BASE" "$path" "$BENCH_DIR/blogsite.pid"
        measure "$large" "http://127.0.0.1:$LARGE_PORT" "$path" "$BENCH_DIR/blogsite-large.pid"
    done
    stop_gunicorn blogsite-large
    stop_gunicorn blogsite
}

declare -A RSS
memory_check() { # the lists in turn, 1 s each, until 20,000 and then 40,000 requests; the largest worker's RSS at each
    local total=0 target requests runs=0 path
    local -a lists
    read -r -a lists <<<"$LISTS"
    echo
    for target in 20000 40000; do
        # Checked after each 1 s run, so a reading lands at most one run past
        # its target. (Checked only after a whole pass over the six lists,
        # about 20,000 requests on a fast machine, the first reading came as
        # late as 38,913.)
        while ((total < target)); do
            path="${lists[runs % ${#lists[@]}]}"
            read -r _ _ _ requests _ <<<"$(wrk_run "$BASE$path" 1s)"
            ((requests > 0)) || {
                echo "bench: memory check: wrk made no request to $path" >&2
                exit 1
            }
            total=$((total + requests))
            runs=$((runs + 1))
        done
        RSS[$target]="$(worker_rss_mb "$BENCH_DIR/blogsite.pid")"
        echo "memory: largest worker RSS ${RSS[$target]} MB after $total requests" \
            "(largest own memory, not shared: $(worker_private_mb "$BENCH_DIR/blogsite.pid") MB)"
    done
}

# --- the anchors -------------------------------------------------------------
start_anchors() {
    [[ -f "$ANCHORS/seed_flask/app.py" ]] || {
        echo "bench: no anchors at $ANCHORS" >&2
        exit 1
    }
    local venv="$BENCH_DIR/flask-venv"
    if [[ ! -x "$venv/bin/gunicorn" ]]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet "flask~=3.1" "gunicorn~=23.0" >"bench/out/flask-venv.log" 2>&1 ||
            { cat bench/out/flask-venv.log && exit 1; }
    fi
    "$venv/bin/python" "$ANCHORS/seed_flask/seed_data.py" 100 --db "$BENCH_DIR/seed_flask.db" >/dev/null
    SEED_DB="$BENCH_DIR/seed_flask.db" start_gunicorn seed "$SEED_PORT" "$venv/bin/gunicorn" \
        --chdir "$ANCHORS/seed_flask" --workers "$WORKERS" app:app
    start_gunicorn raw "$RAW_PORT" "$venv/bin/gunicorn" --chdir "$ANCHORS/raw_wsgi" --workers "$WORKERS" app:app
}

# Equal work: 100 users against the seed's 100 users; the seed's home page
# against ours. The seed has no posts API: /api/posts/ is set against its
# only API, /api/users. The last pair is a reference, not a goal: both about
# pages are a template in the site's layout and run no query, the work the
# seed's home page does, so it shows what the whole middleware stack costs
# on its own. Our home page also reads and renders the 20 latest posts.
# The third column is each pair's goal (ours at least that times the seed's),
# "-" for the reference.
UNCACHED_PAIRS="/api/users/?page_size=100 /api/users 0.7
/users/?page_size=100 /users 0.5
/ / 0.6
/about/ /about -"
CACHED_PAIRS="/ /
/users/?page_size=100 /users
/api/users/?page_size=100 /api/users
/api/posts/ /api/users"

# Each round's ratios, "0.41 0.45 0.39": RATIOS["seed GROUP PATH"] against the
# seed's equivalent, RATIOS["raw GROUP PATH"] against the raw app of that round.
declare -A RATIOS
compare_with_anchors() { # compare_with_anchors GROUP PAIRS: each pair back to back, so load drift hardly moves the ratio; ROUNDS times
    local group="$1" ours theirs round
    echo
    echo "side by side with the anchors, $group (same gunicorn settings: sync x$WORKERS), $ROUNDS rounds:"
    table_header app
    for ((round = 1; round <= ROUNDS; round++)); do
        measure raw "http://127.0.0.1:$RAW_PORT" / "$BENCH_DIR/raw.pid"
        while read -r ours theirs _; do
            # Taking turns at going first: whichever runs second also gets the other's leftovers (warm caches, page cache).
            if ((round % 2)); then
                measure "$group" "$BASE" "$ours" "$BENCH_DIR/blogsite.pid"
                measure seed "http://127.0.0.1:$SEED_PORT" "$theirs" "$BENCH_DIR/seed.pid"
            else
                measure seed "http://127.0.0.1:$SEED_PORT" "$theirs" "$BENCH_DIR/seed.pid"
                measure "$group" "$BASE" "$ours" "$BENCH_DIR/blogsite.pid"
            fi
            # The pair's own seed figure: a seed path can serve two pairs.
            RATIOS["seed $group $ours"]+="$(ratio "${RPS[$group $ours]}" "${RPS[seed $theirs]}") "
            RATIOS["raw $group $ours"]+="$(ratio "${RPS[$group $ours]}" "${RPS[raw /]}") "
        done <<<"$2"
    done
}

# --- the goals ---------------------------------------------------------------
# Ratios keep four decimals: a goal is judged on the ratio itself, and printed with three.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.4f", a / b; else print "0" }'; }
median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk '{ v[NR] = $1 } END { printf "%.4f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
three_decimals() { awk -v list="$1" 'BEGIN { n = split(list, v, " "); for (i = 1; i <= n; i++) printf "%s%.3f", (i > 1 ? " " : ""), v[i] }'; }

goal() { # goal TEXT VALUE OP TARGET [ROUNDS]: one line, "met" or "NOT MET" (and each round's ratio)
    local verdict shown="$2"
    verdict="$(awk -v v="$2" -v t="$4" -v op="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "NOT MET" }')"
    [[ "$shown" == *.* ]] && shown="$(three_decimals "$shown")"
    if [[ -n "${5:-}" ]]; then
        printf '%-64s %8s  (goal %s %s)  %-7s  rounds: %s\n' "$1" "$shown" "$3" "$4" "$verdict" "$(three_decimals "$5")"
    else
        printf '%-64s %8s  (goal %s %s)  %s\n' "$1" "$shown" "$3" "$4" "$verdict"
    fi
}

anchor_goal() { # anchor_goal TEXT KEY TARGET: the median of RATIOS[KEY]'s rounds against TARGET
    goal "$1" "$(median "${RATIOS[$2]}")" ">=" "$3" "${RATIOS[$2]}"
}

reference() { # reference TEXT KEY: the median of RATIOS[KEY]'s rounds, with no goal
    printf '%-64s %8s  %-24s  rounds: %s\n' "$1" "$(three_decimals "$(median "${RATIOS[$2]}")")" "(reference, no goal)" \
        "$(three_decimals "${RATIOS[$2]}")"
}

print_goals() {
    local ours theirs target path first="${SIZES%% *}" last="${SIZES##* }"
    echo
    echo "goals:"
    if ((ANCHOR)); then
        while read -r ours theirs target; do
            if [[ "$target" == - ]]; then
                reference "uncached $ours vs seed $theirs (no query: the stack alone)" "seed uncached $ours"
            else
                anchor_goal "uncached $ours vs seed $theirs" "seed uncached $ours" "$target"
            fi
        done <<<"$UNCACHED_PAIRS"
        while read -r ours theirs; do
            anchor_goal "cached $ours vs seed $theirs" "seed cached $ours" 1.0
            anchor_goal "cached $ours vs raw WSGI" "raw cached $ours" 0.35
        done <<<"$CACHED_PAIRS"
        if ((POSTGRES)); then
            reference "cached / with every rate limit off vs seed /" "seed no-limit /"
            reference "cached / with every rate limit off vs raw WSGI" "raw no-limit /"
        fi
    fi
    if [[ "$first" != "$last" ]]; then
        for path in $LISTS; do
            goal "p50 $path at $last posts vs $first" "$(ratio "${P50[$last $path]}" "${P50[$first $path]}")" "<=" 1.2
        done
    fi
    goal "worker RSS after 20,000 requests, MB" "${RSS[20000]}" "<=" 100
    goal "worker RSS growth from 20,000 to 40,000 requests, MB" "$((RSS[40000] - RSS[20000]))" "<=" 0
}

# --- the run -----------------------------------------------------------------
first_size="${SIZES%% *}"
last_size="${SIZES##* }"
index=0
for size in $SIZES; do
    seed_size "$index" "$size"
    index=$((index + 1))
done
if ((ANCHOR)); then start_anchors; fi
use_size 0 "$first_size"
bench_lists "$first_size"
if ((ANCHOR)); then compare_with_anchors uncached "$UNCACHED_PAIRS"; fi
memory_check
if ((ANCHOR)); then
    stop_gunicorn blogsite
    start_blogsite 1
    compare_with_anchors cached "$CACHED_PAIRS"
    if ((POSTGRES)); then
        # What the rate limit's two Redis round trips (django-ratelimit's add, then incr) cost a
        # cached page: the home page again with every limit off, one round trip left (the entry
        # and the content version, read together). A reference, not a goal: the contract counts every request.
        stop_gunicorn blogsite
        RATELIMIT_ENABLE=0 start_blogsite 1
        compare_with_anchors no-limit "/ /"
    fi
fi
stop_gunicorn blogsite
if [[ "$first_size" != "$last_size" ]]; then compare_sizes "$first_size" "$last_size"; fi
if ((ANCHOR)); then stop_gunicorn seed && stop_gunicorn raw; fi
if ((POSTGRES)); then
    echo
    echo "checkout on PostgreSQL (bench/checkout.py):"
    use_size 0 "$first_size"
    start_blogsite 1
    "$PY" bench/checkout.py --base "$BASE" || echo "checkout: FAILED (see above)"
    stop_gunicorn blogsite
fi
print_goals
echo
echo "saved in $OUT"
