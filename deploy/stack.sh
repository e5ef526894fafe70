#!/usr/bin/env bash
# A production-like blogsite on one machine, from Debian's packages, on
# loopback: PostgreSQL and Redis (data under var/stack), migrations,
# collectstatic, demo data, the task worker, the order settler (settle_orders
# and requeue_stalled_tasks every minute, as cron would), N gunicorn
# instances and nginx in front of them.
#
#   deploy/stack.sh start | stop | restart | status
#   deploy/stack.sh services-start | services-stop   PostgreSQL and Redis only
#   deploy/stack.sh pg-start | pg-stop | redis-start | redis-stop
#   deploy/stack.sh instance-start N | instance-stop N | instance-kill N
#                     (stop takes N out of nginx first, start puts it back;
#                     kill is a crash: nginx finds out by itself)
#   deploy/stack.sh env                               the app's environment, for manage.py
#
# Settings (environment; what `start` used is saved in $STACK_DIR/stack.env
# and reused by the later commands unless set again):
#   STACK_DIR=var/stack  STACK_INSTANCES=2  STACK_NGINX_PORT=8080
#   STACK_APP_PORT=8001 (instance N listens on STACK_APP_PORT+N-1)
#   STACK_PG_PORT=5433  STACK_REDIS_PORT=6380  STACK_SEED=1 (load demo data)
#   WEB_CONCURRENCY=2 (workers per instance), RATELIMIT_RATE and the other
#   app variables of the README are passed to the app.
#   STACK_TRUSTED_PROXY=127.0.0.9 (empty: none): nginx believes
#   X-Forwarded-Proto from this address only, as from a TLS terminator in
#   front of it (the stack tests send from it).
#
# Run as a normal user, everything runs as that user. Run as root (as CI
# does), PostgreSQL runs as the `postgres` user, which it insists on.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_DIR"

STACK_DIR="${STACK_DIR:-var/stack}"
mkdir -p "$STACK_DIR"
STACK_DIR="$(cd "$STACK_DIR" && pwd)"
SAVED_ENV="$STACK_DIR/stack.env"

# Variables the stack remembers between commands: explicit environment wins,
# then what the last `start` saved, then the defaults below. Every app
# variable that app_env does not set is here (tests/deploy/test_stack_env.py),
# so an instance started later runs with the same settings as the others.
SAVED_VARS=(STACK_INSTANCES STACK_NGINX_PORT STACK_APP_PORT STACK_PG_PORT STACK_REDIS_PORT STACK_SEED
    WEB_CONCURRENCY GUNICORN_THREADS
    DJANGO_ALLOWED_HOSTS CSRF_TRUSTED_ORIGINS DJANGO_SECURE_SSL SECURE_HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD
    RATELIMIT_ENABLE RATELIMIT_RATE RATELIMIT_LOGIN_RATE RESPONSE_CACHE_ENABLE
    CONN_MAX_AGE DB_CONNECT_TIMEOUT LOG_FORMAT LOG_LEVEL
    EMAIL_URL DEFAULT_FROM_EMAIL SENDGRID_API_KEY EXTERNAL_TIMEOUT WEATHER_API_URL WEATHER_API_KEY
    PAYMENT_BACKEND STRIPE_API_KEY STRIPE_API_BASE STATIC_ROOT)
if [[ -f "$SAVED_ENV" ]]; then
    while IFS='=' read -r name value; do
        [[ -n "$name" && -z "${!name+set}" ]] && export "$name=$value"
    done <"$SAVED_ENV"
fi
export STACK_INSTANCES="${STACK_INSTANCES:-2}"
export STACK_NGINX_PORT="${STACK_NGINX_PORT:-8080}"
STACK_TRUSTED_PROXY="${STACK_TRUSTED_PROXY-127.0.0.9}"  # set and empty: none
export STACK_APP_PORT="${STACK_APP_PORT:-8001}"
export STACK_PG_PORT="${STACK_PG_PORT:-5433}"
export STACK_REDIS_PORT="${STACK_REDIS_PORT:-6380}"
export STACK_SEED="${STACK_SEED:-1}"
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"

PY="$PROJECT_DIR/.venv/bin/python"
GUNICORN="$PROJECT_DIR/.venv/bin/gunicorn"
RUN="$STACK_DIR/run"
LOG="$STACK_DIR/log"
PG_USER=blogsite
PG_PASSWORD=blogsite # loopback only, throwaway local cluster
PG_BIN="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
IS_ROOT=0
[[ "$(id -u)" == 0 ]] && IS_ROOT=1

say() { printf 'stack: %s\n' "$*"; }
die() {
    printf 'stack: error: %s\n' "$*" >&2
    exit 1
}

save_settings() {
    : >"$SAVED_ENV"
    chmod 600 "$SAVED_ENV" # it can hold API keys; empty until now
    for name in "${SAVED_VARS[@]}"; do
        [[ -n "${!name+set}" ]] && printf '%s=%s\n' "$name" "${!name}" >>"$SAVED_ENV"
    done
    return 0
}

# --- the app's environment ---------------------------------------------------
secret_key() {
    local file="$STACK_DIR/secret_key"
    if [[ ! -s "$file" ]]; then
        (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$file")
    fi
    cat "$file"
}

app_env() {
    export DJANGO_SETTINGS_MODULE=blogsite.settings DJANGO_DEBUG=0
    DJANGO_SECRET_KEY="$(secret_key)"
    export DJANGO_SECRET_KEY
    export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}"
    export DATABASE_URL="postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$STACK_PG_PORT/blogsite"
    export REDIS_URL="redis://127.0.0.1:$STACK_REDIS_PORT/0"
    export TASKS_BACKEND=django_tasks_db.DatabaseBackend
    # nginx is the one proxy in front of the instances.
    export NUM_PROXIES=1
}

manage() { "$PY" manage.py "$@"; }

# --- processes -------------------------------------------------------------
pid_alive() { [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_until() { # wait_until SECONDS DESCRIPTION COMMAND...: poll until COMMAND succeeds
    local seconds="$1" what="$2"
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
    say "$what is up"
}

# Fail early and clearly when another program holds a port we need.
port_free() {
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
        die "port $1 ($2) is in use by another program: choose another with $3"
    fi
}

http_ok() { "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1"; }

stop_pid() { # stop_pid PIDFILE SIGNAL SECONDS: signal, wait for the exit, then SIGKILL
    local pidfile="$1" signal="$2" seconds="$3" pid
    pid_alive "$pidfile" || {
        rm -f "$pidfile"
        return 0
    }
    pid="$(cat "$pidfile")"
    kill "-$signal" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + seconds))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    rm -f "$pidfile"
}

# Run a command as the PostgreSQL server's owner.
as_pg() {
    if ((IS_ROOT)); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# --- PostgreSQL ------------------------------------------------------------
pg_root() {
    local root="$STACK_DIR/pg"
    # As root the server runs as `postgres`, which must be able to reach the
    # data folder; a checkout under a private home cannot, so use /var/tmp.
    if ((IS_ROOT)) && ! as_pg test -x "$STACK_DIR"; then
        root="/var/tmp/blogsite-stack-$(printf '%s' "$STACK_DIR" | md5sum | cut -c1-12)/pg"
    fi
    printf '%s' "$root"
}

pg_start() {
    [[ -n "$PG_BIN" ]] || die "PostgreSQL is not installed (apt-get install postgresql)"
    local root data
    root="$(pg_root)"
    data="$root/data"
    mkdir -p "$root"
    if ((IS_ROOT)); then
        id postgres >/dev/null 2>&1 || die "no postgres user: install Debian's postgresql package"
        chown postgres: "$root"
    fi
    if [[ ! -s "$data/PG_VERSION" ]]; then
        say "initdb $data"
        local pwfile="$root/pwfile"
        (umask 077 && printf '%s\n' "$PG_PASSWORD" >"$pwfile")
        ((IS_ROOT)) && chown postgres: "$pwfile"
        as_pg "$PG_BIN/initdb" -D "$data" -U "$PG_USER" --pwfile="$pwfile" --auth=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >"$root/initdb.log"
        rm -f "$pwfile"
        cat >>"$data/postgresql.conf" <<EOF
# blogsite stack: loopback TCP only, no Unix socket.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
EOF
    fi
    if as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        say "PostgreSQL already running"
    else
        port_free "$STACK_PG_PORT" PostgreSQL STACK_PG_PORT
        as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$root/server.log" -w -t 60 -o "-p $STACK_PG_PORT" start >/dev/null ||
            die "PostgreSQL did not start; see $root/server.log"
        say "PostgreSQL is up on 127.0.0.1:$STACK_PG_PORT"
    fi
    if [[ -z "$(pg_query "SELECT 1 FROM pg_database WHERE datname = 'blogsite'")" ]]; then
        pg_query "CREATE DATABASE blogsite" >/dev/null
    fi
}

pg_query() {
    PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -X -q -t -A -h 127.0.0.1 -p "$STACK_PG_PORT" -U "$PG_USER" -d postgres -c "$1"
}

pg_stop() {
    [[ -n "$PG_BIN" ]] || return 0
    local data
    data="$(pg_root)/data"
    [[ -s "$data/PG_VERSION" ]] || return 0
    if as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
        say "PostgreSQL stopped"
    fi
}

# --- Redis -----------------------------------------------------------------
redis_start() {
    command -v redis-server >/dev/null || die "Redis is not installed (apt-get install redis-server)"
    local dir="$STACK_DIR/redis"
    mkdir -p "$dir"
    if pid_alive "$RUN/redis.pid"; then
        say "Redis already running"
        return 0
    fi
    port_free "$STACK_REDIS_PORT" Redis STACK_REDIS_PORT
    # No persistence: Redis is a cache here. Nothing lives only in it
    # (sessions are written through to PostgreSQL; pages, counts and rate
    # counters are made again), and a restart must not bring back what was
    # changed while it was down: a session deleted by a logout, a page
    # rendered before a write.
    cat >"$dir/redis.conf" <<EOF
bind 127.0.0.1
port $STACK_REDIS_PORT
protected-mode yes
daemonize yes
pidfile $RUN/redis.pid
logfile $LOG/redis.log
dir $dir
appendonly no
save ""
maxmemory 256mb
maxmemory-policy allkeys-lru
EOF
    redis-server "$dir/redis.conf"
    wait_until 20 "Redis on 127.0.0.1:$STACK_REDIS_PORT" redis-cli -p "$STACK_REDIS_PORT" ping ||
        die "Redis did not start; see $LOG/redis.log"
}

redis_stop() {
    pid_alive "$RUN/redis.pid" || return 0
    stop_pid "$RUN/redis.pid" TERM 20
    say "Redis stopped"
}

# --- the app ---------------------------------------------------------------
instance_port() { printf '%s' $((STACK_APP_PORT + $1 - 1)); }

prepare_app() {
    app_env
    say "migrate"
    manage migrate --noinput >"$LOG/migrate.log" 2>&1 || die "migrate failed; see $LOG/migrate.log"
    say "collectstatic"
    manage collectstatic --noinput >"$LOG/collectstatic.log" 2>&1 ||
        die "collectstatic failed; see $LOG/collectstatic.log"
    if [[ "$STACK_SEED" == 1 ]]; then
        say "seed_demo"
        manage seed_demo >"$LOG/seed.log" 2>&1 || die "seed_demo failed; see $LOG/seed.log"
    fi
}

instance_start() {
    local n="$1" port
    port="$(instance_port "$n")"
    if pid_alive "$RUN/app$n.pid"; then
        say "instance $n already running"
        return 0
    fi
    port_free "$port" "instance $n" STACK_APP_PORT
    app_env
    setsid "$GUNICORN" -c deploy/gunicorn.conf.py --bind "127.0.0.1:$port" --pid "$RUN/app$n.pid" \
        --name "blogsite-$n" --access-logfile "$LOG/app$n.access.log" --error-logfile "$LOG/app$n.log" \
        blogsite.wsgi </dev/null >>"$LOG/app$n.log" 2>&1 &
    wait_until 60 "instance $n on 127.0.0.1:$port" http_ok "http://127.0.0.1:$port/healthz" ||
        die "instance $n did not start; see $LOG/app$n.log"
}

instance_stop() {
    pid_alive "$RUN/app$1.pid" || return 0
    # TERM: finish the requests in flight (graceful_timeout), then exit.
    stop_pid "$RUN/app$1.pid" TERM 40
    say "instance $1 stopped"
}

instance_kill() { # a crash: the master and its workers, at once
    local pidfile="$RUN/app$1.pid" master
    pid_alive "$pidfile" || die "instance $1 is not running"
    master="$(cat "$pidfile")"
    kill -KILL "$master" $(pgrep -P "$master") 2>/dev/null || true
    rm -f "$pidfile"
    say "instance $1 killed"
}

worker_start() {
    if pid_alive "$RUN/worker.pid"; then
        say "task worker already running"
        return 0
    fi
    app_env
    # db_worker exits when it loses the database; like a service manager's
    # "restart always" (systemd's Restart=always), start it again after a
    # pause, and it picks up the tasks waiting in the table. TERM stops the
    # worker (it finishes its task first) and the loop.
    setsid bash -c '
        trap "kill -TERM \$worker 2>/dev/null; wait \$worker; exit 0" TERM INT
        while :; do
            "$0" manage.py db_worker & worker=$!
            wait $worker
            echo "stack: db_worker exited (status $?); starting it again in 5 s"
            sleep 5 & wait $!
        done' "$PY" </dev/null >>"$LOG/worker.log" 2>&1 &
    echo $! >"$RUN/worker.pid"
    sleep 1
    pid_alive "$RUN/worker.pid" || die "the task worker did not start; see $LOG/worker.log"
    say "task worker started"
}

worker_stop() {
    pid_alive "$RUN/worker.pid" || return 0
    stop_pid "$RUN/worker.pid" TERM 20
    say "task worker stopped"
}

settler_start() {
    if pid_alive "$RUN/settler.pid"; then
        say "order settler already running"
        return 0
    fi
    app_env
    # What cron or a systemd timer does in production, every minute:
    # settle_orders settles the orders a payment outage left pending for five
    # minutes or more; requeue_stalled_tasks hands the tasks a dead worker
    # left running for ten minutes or more to the next worker.
    setsid bash -c '
        trap "kill \$pause 2>/dev/null; exit 0" TERM INT
        while :; do
            printf "%s " "$(date -Is)"
            "$0" manage.py settle_orders
            printf "%s " "$(date -Is)"
            "$0" manage.py requeue_stalled_tasks
            sleep 60 & pause=$!
            wait $pause
        done' "$PY" </dev/null >>"$LOG/settler.log" 2>&1 &
    echo $! >"$RUN/settler.pid"
    say "order settler started (settle_orders and requeue_stalled_tasks every minute)"
}

settler_stop() {
    pid_alive "$RUN/settler.pid" || return 0
    stop_pid "$RUN/settler.pid" TERM 20
    say "order settler stopped"
}

# --- nginx -----------------------------------------------------------------
nginx_user() {
    # nginx switches its workers to this user when started as root; they read
    # staticfiles/, so fall back to root when www-data cannot.
    ((IS_ROOT)) || return 0
    if id www-data >/dev/null 2>&1 && runuser -u www-data -- test -r "$PROJECT_DIR/staticfiles/staticfiles.json"; then
        printf 'www-data'
    else
        printf 'root'
    fi
}

nginx_start() { # nginx_start [LEFT_OUT]: nginx in front of the running instances but LEFT_OUT
    command -v nginx >/dev/null || die "nginx is not installed (apt-get install nginx)"
    local dir="$STACK_DIR/nginx" machine=() in_rotation=() n
    mkdir -p "$dir/tmp"
    for ((n = 1; n <= STACK_INSTANCES; n++)); do
        [[ "$n" != "${1:-}" ]] && pid_alive "$RUN/app$n.pid" && in_rotation+=("$n")
    done
    # None running: all of them, and nginx answers its own 503s until one is back.
    ((${#in_rotation[@]})) || for ((n = 1; n <= STACK_INSTANCES; n++)); do in_rotation+=("$n"); done
    for n in "${in_rotation[@]}"; do machine+=(--upstream "127.0.0.1:$(instance_port "$n")"); done
    [[ -n "$STACK_TRUSTED_PROXY" ]] && machine+=(--trusted-proxy "$STACK_TRUSTED_PROXY")
    "$PY" deploy/render_nginx_conf.py --template deploy/nginx.conf --listen "127.0.0.1:$STACK_NGINX_PORT" \
        "${machine[@]}" --project-dir "$PROJECT_DIR" --run-dir "$dir" --user "$(nginx_user)" >"$dir/nginx.conf"
    local nginx=(nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf")
    "${nginx[@]}" -t -q || die "nginx config test failed: $dir/nginx.conf"
    if pid_alive "$dir/nginx.pid"; then
        "${nginx[@]}" -s reload
        say "nginx reloaded"
    else
        port_free "$STACK_NGINX_PORT" nginx STACK_NGINX_PORT
        "${nginx[@]}" </dev/null >/dev/null 2>>"$dir/error.log"
        wait_until 20 "nginx on 127.0.0.1:$STACK_NGINX_PORT" http_ok "http://127.0.0.1:$STACK_NGINX_PORT/healthz" ||
            die "nginx did not start; see $dir/error.log"
    fi
}

# Take instance N out of nginx before it stops. Stopped first, it would close
# its socket on the requests nginx had already sent it and it had not yet
# taken up, and nginx answers those with a 503 (a POST is not sent again).
# After the reload nginx's old workers finish the requests they hold, then
# exit; new requests go to the other instances.
nginx_drain() {
    local pidfile="$STACK_DIR/nginx/nginx.pid" old_workers pid deadline=$((SECONDS + 40))
    pid_alive "$pidfile" || return 0
    old_workers="$(pgrep -P "$(cat "$pidfile")")"
    nginx_start "$1"
    for pid in $old_workers; do
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    done
    say "instance $1 out of nginx"
}

nginx_stop() {
    pid_alive "$STACK_DIR/nginx/nginx.pid" || return 0
    stop_pid "$STACK_DIR/nginx/nginx.pid" QUIT 20
    say "nginx stopped"
}

# --- commands --------------------------------------------------------------
services_start() {
    mkdir -p "$RUN" "$LOG"
    pg_start
    redis_start
}

services_stop() {
    redis_stop
    pg_stop
}

start() {
    [[ -x "$GUNICORN" ]] || die "no $GUNICORN: run 'make stack' (it installs the requirements)"
    save_settings
    services_start
    prepare_app
    worker_start
    settler_start
    local n
    for ((n = 1; n <= STACK_INSTANCES; n++)); do instance_start "$n"; done
    nginx_start
    # Scaled down: nginx no longer sends anything to the extra instances.
    for n in $(running_instances); do ((n <= STACK_INSTANCES)) || instance_stop "$n"; done
    cat <<EOF

blogsite stack is up ($STACK_INSTANCES instances behind nginx):
  site:        http://127.0.0.1:$STACK_NGINX_PORT/
  API docs:    http://127.0.0.1:$STACK_NGINX_PORT/api/docs/
  readiness:   http://127.0.0.1:$STACK_NGINX_PORT/readyz
EOF
    for ((n = 1; n <= STACK_INSTANCES; n++)); do
        printf '  instance %s:  http://127.0.0.1:%s/\n' "$n" "$(instance_port "$n")"
    done
    cat <<EOF
  PostgreSQL:  postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$STACK_PG_PORT/blogsite
  Redis:       redis://127.0.0.1:$STACK_REDIS_PORT/0
  logs:        $LOG/
Stop it with: make stack-stop
EOF
}

running_instances() { # the numbers of the instances with a pid file
    local pidfile n
    for pidfile in "$RUN"/app*.pid; do
        [[ -e "$pidfile" ]] || continue
        n="${pidfile##*/app}"
        printf '%s\n' "${n%.pid}"
    done
}

stop() {
    nginx_stop
    local n
    for n in $(running_instances); do instance_stop "$n"; done
    settler_stop
    worker_stop
    services_stop
}

status() {
    local n state
    printf '%-12s %-8s %s\n' component state address
    row() { printf '%-12s %-8s %s\n' "$1" "$2" "$3"; }
    state=down
    [[ -n "$PG_BIN" ]] && as_pg "$PG_BIN/pg_ctl" -D "$(pg_root)/data" status >/dev/null 2>&1 && state=up
    row postgresql "$state" "127.0.0.1:$STACK_PG_PORT, data in $(pg_root)/data"
    state=down && pid_alive "$RUN/redis.pid" && state=up
    row redis "$state" "127.0.0.1:$STACK_REDIS_PORT"
    state=down && pid_alive "$RUN/worker.pid" && state=up
    row worker "$state" "manage.py db_worker"
    state=down && pid_alive "$RUN/settler.pid" && state=up
    row settler "$state" "manage.py settle_orders and requeue_stalled_tasks, every minute"
    for ((n = 1; n <= STACK_INSTANCES; n++)); do
        state=down && pid_alive "$RUN/app$n.pid" && state=up
        row "instance $n" "$state" "http://127.0.0.1:$(instance_port "$n")/"
    done
    state=down && pid_alive "$STACK_DIR/nginx/nginx.pid" && state=up
    row nginx "$state" "http://127.0.0.1:$STACK_NGINX_PORT/"
}

command="${1:-}"
[[ $# -gt 0 ]] && shift
mkdir -p "$RUN" "$LOG"
case "$command" in
start) start ;;
stop) stop ;;
restart) stop && start ;;
status) status ;;
services-start) save_settings && services_start ;;
services-stop) services_stop ;;
pg-start) pg_start ;;
pg-stop) pg_stop ;;
redis-start) redis_start ;;
redis-stop) redis_stop ;;
instance-start)
    instance_start "${1:?instance number}"
    ! pid_alive "$STACK_DIR/nginx/nginx.pid" || nginx_start # back in nginx's rotation
    ;;
instance-stop)
    nginx_drain "${1:?instance number}"
    instance_stop "$1"
    ;;
instance-kill) instance_kill "${1:?instance number}" ;;
env)
    app_env
    for name in DJANGO_SETTINGS_MODULE DJANGO_DEBUG DJANGO_SECRET_KEY DJANGO_ALLOWED_HOSTS DATABASE_URL REDIS_URL TASKS_BACKEND NUM_PROXIES; do
        printf 'export %s=%q\n' "$name" "${!name}"
    done
    ;;
*)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    [[ -z "$command" ]] || exit 2
    ;;
esac
