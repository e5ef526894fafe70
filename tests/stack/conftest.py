"""Fixtures for the stack tests.

They talk HTTP to the stack that `make stack` started (nginx and each gunicorn
instance, all on loopback) and change it only through `deploy/stack.sh`; they
start nothing else. If the stack is not running they fail, saying so.

Every test client connects from its own loopback address (127.0.0.0/8 is all
local on Linux): the app's rate limit counts per client address, so one test's
burst never spends another test's budget.
"""

import http.client
import itertools
import os
import random
import re
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[2]
STACK_SCRIPT = ROOT / "deploy" / "stack.sh"
# Where `deploy/stack.sh` keeps the stack's settings (stack.env), logs (log/) and nginx's files (nginx/).
STACK_DIR = ROOT / os.environ.get("STACK_DIR", "var/stack")
PASSWORD = "Stack-Passw0rd"
READY = {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# A fresh range of client addresses per test run: 127.<run>.<n>.<m>.
_run_octet = random.randint(2, 254)
_addresses = (f"127.{_run_octet}.{n // 250}.{n % 250 + 1}" for n in itertools.count())


def new_address() -> str:
    return next(_addresses)


class _SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source_address: str):
        self._source_address = (source_address, 0)
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = self._source_address
        super().init_poolmanager(*args, **kwargs)


class _Client(requests.Session):
    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", 15)
        return super().request(*args, **kwargs)


def new_client(source_address: str | None = None) -> requests.Session:
    """A requests session whose connections come from its own loopback address."""
    session = _Client()
    session.mount("http://", _SourceAddressAdapter(source_address or new_address()))
    return session


def raw_request(base_url: str, method: str, path: str, source_address: str, json_body: str | None = None) -> int:
    """One request on a fresh connection from `source_address`; the status, or 0 when the connection failed
    or the answer was cut off (an instance killed in the middle of sending it)."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=15, source_address=(source_address, 0))
    headers = {} if json_body is None else {"Content-Type": "application/json"}
    try:
        connection.request(method, path, body=json_body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        connection.close()


def wait_for(what: str, check: Callable[[], bool], seconds: float = 60) -> None:
    """Poll `check` until it is true; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")


@dataclass(frozen=True)
class Stack:
    nginx: str
    instances: tuple[str, ...]
    rate_limit: tuple[int, int] | None  # (requests, seconds) per client address, None when off

    def run(self, *args: str, timeout: float = 300) -> None:
        """Run `deploy/stack.sh ARGS`; its output is shown when it fails."""
        result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [str(STACK_SCRIPT), *args], capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            pytest.fail(f"deploy/stack.sh {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    def readyz(self, base_url: str) -> tuple[int, dict]:
        response = new_client().get(f"{base_url}/readyz")
        return response.status_code, response.json()

    def wait_ready(self, seconds: float = 60) -> None:
        for base_url in (self.nginx, *self.instances):
            wait_for(f"{base_url}/readyz to say ok", lambda url=base_url: self.readyz(url) == (200, READY), seconds)


def _read_settings(stack_dir: Path) -> dict[str, str]:
    saved = stack_dir / "stack.env"
    if not saved.is_file():
        pytest.fail(f"the stack is not running (no {saved}): start it with `make stack`, then run `pytest -m stack`")
    return dict(line.split("=", 1) for line in saved.read_text().splitlines() if "=" in line)


def _parse_rate(settings: dict[str, str]) -> tuple[int, int] | None:
    if settings.get("RATELIMIT_ENABLE", "1").lower() in {"0", "false", "no", "off"}:
        return None
    count, period = settings.get("RATELIMIT_RATE", "100/m").split("/")
    number, unit = re.fullmatch(r"(\d*)([smhd])", period).groups()
    return int(count), int(number or 1) * _PERIODS[unit]


@pytest.fixture(scope="session")
def stack() -> Stack:
    settings = _read_settings(STACK_DIR)
    first_port, instances = int(settings["STACK_APP_PORT"]), int(settings["STACK_INSTANCES"])
    stack = Stack(
        nginx=f"http://127.0.0.1:{settings['STACK_NGINX_PORT']}",
        instances=tuple(f"http://127.0.0.1:{first_port + n}" for n in range(instances)),
        rate_limit=_parse_rate(settings),
    )
    if len(stack.instances) < 2:
        pytest.fail("the stack tests need at least two instances (STACK_INSTANCES=2)")
    for base_url in (stack.nginx, *stack.instances):
        try:
            requests.get(f"{base_url}/healthz", timeout=5).raise_for_status()
        except requests.RequestException as error:
            pytest.fail(f"the stack is not running ({base_url}/healthz: {error}); start it with `make stack`")
    return stack


@dataclass(frozen=True)
class Account:
    username: str
    access_token: str


@pytest.fixture
def account(stack) -> Account:
    """A new user, registered through nginx, with a JWT access token."""
    client = new_client()
    username = f"st_{uuid.uuid4().hex[:12]}"
    response = client.post(
        f"{stack.nginx}/api/auth/register/",
        json={"username": username, "email": f"{username}@example.com", "password": PASSWORD},
    )
    assert response.status_code == 201, response.text
    response = client.post(f"{stack.nginx}/api/auth/token/", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return Account(username=username, access_token=response.json()["access"])


def _csrf_token(page: str) -> str:
    """The CSRF token of the first form on an HTML page."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def html_login(base_url: str, username: str) -> str:
    """Log in through the HTML form on `base_url`; the session cookie's value."""
    client = new_client()
    page = client.get(f"{base_url}/accounts/login/")
    assert page.status_code == 200, page.text
    response = client.post(
        f"{base_url}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": _csrf_token(page.text)},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return response.cookies["sessionid"]


def html_logout(base_url: str, session_id: str) -> None:
    """Log out through the header's form on `base_url`, with only the session cookie (a new client)."""
    client = new_client()
    client.cookies.set("sessionid", session_id)
    page = client.get(f"{base_url}/about/")
    assert page.status_code == 200, page.text
    response = client.post(
        f"{base_url}/accounts/logout/", data={"csrfmiddlewaretoken": _csrf_token(page.text)}, allow_redirects=False
    )
    assert response.status_code == 302, response.text


def stack_log(name: str) -> Path:
    """A log file of the stack's processes (`deploy/stack.sh` writes them under STACK_DIR/log)."""
    return STACK_DIR / "log" / name


def me_with_session(base_url: str, session_id: str) -> requests.Response:
    """GET /api/users/me/ on `base_url` with only the session cookie (a new client)."""
    client = new_client()
    client.cookies.set("sessionid", session_id)
    return client.get(f"{base_url}/api/users/me/")
