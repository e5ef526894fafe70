"""The periodic commands with the database unreachable: one line on stderr and a failed exit, no traceback."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.blogsite.test_database_down import CLOSED_PORT


@pytest.mark.parametrize(
    ("command", "waits"),
    [("settle_orders", "the pending orders wait"), ("requeue_stalled_tasks", "the stalled tasks wait")],
)
@pytest.mark.parametrize(
    "database_url",
    [f"postgres://blogsite:blogsite@127.0.0.1:{CLOSED_PORT}/nowhere", "sqlite:////nonexistent-directory/db.sqlite3"],
    ids=["postgres-refused", "sqlite-unopenable"],
)
def test_a_run_while_the_database_is_down_says_so_in_one_line(command, waits, database_url):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "blogsite.test_settings", "DATABASE_URL": database_url}
    result = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "manage.py", command],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("CommandError: The database is unavailable (")
    assert line.endswith(f"; {waits} for the next run.")
