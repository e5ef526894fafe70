"""A live blogsite under gunicorn, as production runs it, for the browser tests and the API fuzzer.

`live_site()` makes a database of its own (a temporary SQLite file, or a new
database on the PostgreSQL server DATABASE_URL names), migrates and seeds it,
collects the static files into a temporary STATIC_ROOT, and starts gunicorn
(deploy/gunicorn.conf.py when it exists) with DJANGO_DEBUG=0, a random
secret key and the rate limits off. It yields where the site is and who can
log in, and stops everything when the block ends.

LIVE_SITE_PORTS picks the port: one port (`8300`) or a range (`8300-8349`,
the first free one is used); unset, the system assigns a free port.

`python -m tests.live_site` is the seeding step, run inside the site's own
environment (not imported by the tests).
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
START_TIMEOUT = 60
USERNAME = "e2e_author"
ADMIN_USERNAME = "e2e_admin"
PRODUCTS = 8


@dataclass(frozen=True)
class LiveSite:
    url: str
    username: str
    password: str
    admin_username: str
    admin_password: str
    log: Path

    def access_token(self, username: str | None = None, password: str | None = None) -> str:
        """A JWT access token from the site's own token endpoint."""
        response = requests.post(
            f"{self.url}/api/auth/token/",
            json={"username": username or self.username, "password": password or self.password},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["access"]

    def register(self, prefix: str = "e2e") -> tuple[str, str]:
        """A new user, registered through the API; returns (username, password)."""
        username, password = f"{prefix}_{secrets.token_hex(4)}"[:20], _new_password()
        response = requests.post(
            f"{self.url}/api/auth/register/",
            json={"username": username, "email": f"{username}@example.com", "password": password},
            timeout=10,
        )
        response.raise_for_status()
        return username, password

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _new_password() -> str:
    # Upper case, lower case and a digit, whatever the random part holds.
    return f"{secrets.token_urlsafe(18)}Aa1"


def free_port() -> int:
    """A free local port: the first free one of LIVE_SITE_PORTS (`8300` or `8300-8349`), else any."""
    wanted = os.environ.get("LIVE_SITE_PORTS", "").strip()
    first, _, last = wanted.partition("-")
    candidates = range(int(first), int(last or first) + 1) if wanted else [0]
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in LIVE_SITE_PORTS={wanted}")


@contextmanager
def _database(directory: Path) -> Iterator[str]:
    """The URL of a database for the live site alone: SQLite, or a new one on DATABASE_URL's PostgreSQL."""
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{directory / 'db.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(base_url)
    name = f"{parts.path.lstrip('/') or 'blogsite'}_live_{secrets.token_hex(4)}"
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _run(command: list[str], *, env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:])} failed:\n{result.stdout}\n{result.stderr}")


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {START_TIMEOUT} s:\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def live_site(gunicorn_options: tuple[str, ...] = ()) -> Iterator[LiveSite]:
    directory = Path(tempfile.mkdtemp(prefix="blogsite-live-"))
    password, admin_password = _new_password(), _new_password()
    try:
        with _database(directory) as database_url:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "blogsite.settings",
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DATABASE_URL": database_url,
                "STATIC_ROOT": str(directory / "static"),
                "RATELIMIT_ENABLE": "0",
                "PAYMENT_BACKEND": "sandbox",
                "WEATHER_API_KEY": "",
                "E2E_USER_PASSWORD": password,
                "DJANGO_SUPERUSER_PASSWORD": admin_password,
            }
            manage = [sys.executable, str(ROOT / "manage.py")]
            for command in (
                [*manage, "migrate", "--noinput"],
                [*manage, "collectstatic", "--noinput"],
                [sys.executable, "-m", "tests.live_site"],
                [*manage, "createsuperuser", "--noinput", "--username", ADMIN_USERNAME, "--email", "admin@example.com"],
            ):
                _run(command, env=env)

            port = free_port()
            config = ["-c", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else []
            gunicorn = [sys.executable, "-m", "gunicorn", *config, "--bind", f"127.0.0.1:{port}", "--workers", "2"]
            gunicorn += gunicorn_options
            log = directory / "gunicorn.log"
            with log.open("wb") as output:
                process = subprocess.Popen(  # noqa: S603
                    [*gunicorn, "blogsite.wsgi"],
                    env=env,
                    cwd=ROOT,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group, stopped as a whole
                )
            url = f"http://127.0.0.1:{port}"
            try:
                _wait_until_healthy(url, process, log)
                yield LiveSite(url, USERNAME, password, ADMIN_USERNAME, admin_password, log)
            finally:
                _stop(process)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _seed() -> None:
    """Demo users, posts and products, and the user the tests log in as."""
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.services import user_create

    call_command("seed_demo", users=5, posts=20, products=PRODUCTS, verbosity=0)
    user_create(username=USERNAME, email=f"{USERNAME}@example.com", password=os.environ["E2E_USER_PASSWORD"])


if __name__ == "__main__":
    _seed()
