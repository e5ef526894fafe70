"""deploy/gunicorn.conf.py: how many processes and threads, from the environment."""

import gc
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("REDIS_URL", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_without_redis_one_process_shares_the_local_memory_cache_between_threads(monkeypatch):
    conf = load(monkeypatch)

    assert conf["workers"] == 1
    assert conf["threads"] > 1


def test_with_redis_several_sync_workers_share_it(monkeypatch):
    conf = load(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/0")

    assert conf["workers"] > 1
    assert conf["threads"] == 1


@pytest.mark.parametrize("redis", ["", "redis://127.0.0.1:6379/0"])
def test_explicit_settings_win(monkeypatch, redis):
    conf = load(monkeypatch, REDIS_URL=redis, WEB_CONCURRENCY="3", GUNICORN_THREADS="2")

    assert (conf["workers"], conf["threads"]) == (3, 2)


def test_the_master_freezes_what_it_loaded_before_each_fork(monkeypatch):
    conf = load(monkeypatch)
    gc.unfreeze()
    try:
        conf["pre_fork"](server=None, worker=None)

        # Every object then alive is out of the workers' collections: their pages stay shared.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
