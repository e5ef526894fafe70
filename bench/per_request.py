"""CPU per request, in process: where a request's time goes, without gunicorn or wrk.

    .venv/bin/python bench/per_request.py [--repeat 500] [--cprofile PATH [--sort tottime]] [PATH ...]
    .venv/bin/python bench/per_request.py --instructions [PATH ...]
    .venv/bin/python bench/per_request.py --instructions --without NAME [--without NAME ...] [PATH ...]

Calls blogsite's WSGI application directly, as gunicorn would, with the
production settings (DJANGO_DEBUG=0, the whole middleware stack on, the
response cache off unless RESPONSE_CACHE_ENABLE=1) and, as in a gunicorn
worker, the loaded app frozen for the garbage collector, on the database that
bench/run.sh seeded for 1,000 posts (var/bench/bench-1000.sqlite3) or on
DATABASE_URL. Prints the best of --rounds (5) rounds of --repeat requests for each
path, in microseconds: the best round is the one the rest of the machine
disturbed least. --cprofile prints the 25 functions with the most
cumulative time for one path (--sort tottime: with the most time of their own).

--instructions counts the CPU instructions of a request instead of timing
it, under valgrind's callgrind (Debian's `valgrind`): the same figure on
every run within about 0.2%, however busy the machine, where times move
by ±50% on a shared one. It runs this script again under callgrind for each path, and callgrind
counts only inside itertools.starmap's C function: the --repeat requests
(200 by default here) run inside one starmap, which nothing else in the
process uses, so start-up and the warm-up requests are not counted. Prints each
path's status and thousands of instructions per request. About 30 s a path.

--without NAME takes a part out of every request, to see what it costs:
every middleware whose dotted path contains NAME ("CSP", "clickjacking"), or
Django's request receiver by its name (close_old_connections, left on
request_finished only; the others Django connects are disconnected at
start-up, blogsite.request_signals).
Repeat it to take out several. The pages may then answer differently (a page
without SessionMiddleware fails): the status column shows it.
"""

import argparse
import collections
import cProfile
import gc
import io
import itertools
import os
import pstats
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from django.utils.module_loading import import_string

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_REPEAT = 500
INSTRUCTIONS_REPEAT = 200  # under callgrind a request runs ~50 times slower
DEFAULT_PATHS = [
    "/healthz",
    "/about/",
    "/",
    "/users/?page_size=100",
    "/api/users/?page_size=100",
    "/api/posts/",
]

# Django's own receivers of request_started and request_finished (--without).
REQUEST_RECEIVERS = {"close_old_connections": "django.db.close_old_connections"}


def environ_for(path_and_query: str) -> dict:
    path, _, query = path_and_query.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "*/*",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    parser.add_argument("--repeat", type=int, help="requests per round (500; with --instructions 200)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per path: the best one is printed")
    parser.add_argument("--cprofile", metavar="PATH", help="profile this path and print the top functions")
    parser.add_argument("--sort", default="cumulative", help="order of --cprofile's functions (tottime: own time)")
    parser.add_argument("--instructions", action="store_true", help="count instructions per request (valgrind)")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="NAME",
        help="take out the middleware whose path contains NAME, or Django's request receiver NAME (repeatable)",
    )
    parser.add_argument("--starmap-loop", metavar="PATH", help=argparse.SUPPRESS)  # what --instructions runs
    args = parser.parse_args()
    if args.without and not args.starmap_loop:
        print(f"without: {', '.join(args.without)}")

    if args.instructions:
        count_instructions(args.paths, args.repeat or INSTRUCTIONS_REPEAT, args.without)
        return
    args.repeat = args.repeat or DEFAULT_REPEAT

    sys.path.insert(0, str(PROJECT_DIR))
    os.chdir(PROJECT_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogsite.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "profile-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var/bench/bench-1000.sqlite3'}")
    os.environ.setdefault("RESPONSE_CACHE_ENABLE", "0")
    os.environ.setdefault("RATELIMIT_RATE", "1000000000/m")
    import django
    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application

    django.setup()
    for name in args.without:
        if name in REQUEST_RECEIVERS:
            for signal in (request_started, request_finished):
                signal.disconnect(import_string(REQUEST_RECEIVERS[name]))
        else:
            kept = [path for path in settings.MIDDLEWARE if name not in path]
            if len(kept) == len(settings.MIDDLEWARE):
                sys.exit(f"per_request: --without {name}: no middleware or request receiver of that name")
            settings.MIDDLEWARE = kept
    from blogsite.wsgi_body import read_away_the_unread_body

    # What gunicorn calls (blogsite.wsgi.application), its handler made now, after --without.
    application = read_away_the_unread_body(get_wsgi_application())
    # As deploy/gunicorn.conf.py's pre_fork does before each worker starts: what
    # was loaded is out of the garbage collector's reach. Without it, a full
    # collection over the whole app fell inside a run or not by chance, ~185k
    # instructions a request in a run of 200.
    gc.freeze()

    def request(path: str) -> int:
        status = []
        body = application(environ_for(path), lambda s, headers, exc_info=None: status.append(s))
        b"".join(body)
        body.close()
        return int(status[0].split()[0])

    if args.starmap_loop:
        print(request(args.starmap_loop))  # the status, for the table
        for _ in range(50):
            request(args.starmap_loop)
        collections.deque(itertools.starmap(request, [(args.starmap_loop,)] * args.repeat), maxlen=0)
        return

    if args.cprofile:
        for _ in range(50):
            request(args.cprofile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            request(args.cprofile)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(25)
        return

    print(f"{'path':<32} {'status':>6} {'us/request':>11}")
    for path in args.paths:
        status = request(path)
        for _ in range(50):
            request(path)
        best = min(_timed_round(request, path, args.repeat) for _ in range(args.rounds))
        print(f"{path:<32} {status:>6} {best * 1e6:>11.0f}")


def count_instructions(paths: list[str], repeat: int, without: list[str]) -> None:
    if shutil.which("valgrind") is None:
        sys.exit("per_request: --instructions needs valgrind (apt-get install valgrind)")
    print(f"{'path':<32} {'status':>6} {'k instructions/request':>23}")
    for path in paths:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            # The function's name, and what a build with link-time optimisation calls it.
            "--toggle-collect=starmap_next*",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--starmap-loop",
            path,
            "--repeat",
            str(repeat),
            *(f"--without={name}" for name in without),
        ]
        # The same string hashes on every run: dict and set layouts, and so the count, repeat.
        child_env = {**os.environ, "PYTHONHASHSEED": "0"}
        run = subprocess.run(command, capture_output=True, text=True, check=False, env=child_env)  # noqa: S603 - our own argv
        if run.returncode != 0:
            sys.exit(f"per_request: {path} failed under callgrind:\n{run.stderr[-2000:]}")
        collected = re.search(r"Collected : (\d+)", run.stderr)
        if collected is None or int(collected.group(1)) == 0:
            sys.exit(
                f"per_request: callgrind counted nothing for {path}: this Python has no symbol starmap_next"
                f" (a stripped build?)\n{run.stderr[-2000:]}"
            )
        status = run.stdout.strip().splitlines()[-1]
        print(f"{path:<32} {status:>6} {int(collected.group(1)) / repeat / 1000:>23,.0f}")


def _timed_round(request, path: str, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        request(path)
    return (time.perf_counter() - start) / repeat


if __name__ == "__main__":
    main()
