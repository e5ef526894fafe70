"""deploy/nginx.conf renders into a config for the local stack (deploy/render_nginx_conf.py)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx.conf"


def render(
    template: Path, tmp_path: Path, *upstreams: str, trusted: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [
            sys.executable,
            str(ROOT / "deploy" / "render_nginx_conf.py"),
            "--template",
            str(template),
            "--listen",
            "127.0.0.1:9080",
            *(argument for upstream in upstreams for argument in ("--upstream", upstream)),
            *(argument for proxy in trusted for argument in ("--trusted-proxy", proxy)),
            "--project-dir",
            str(tmp_path / "project"),
            "--run-dir",
            str(tmp_path / "run"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_stack_config_lists_every_instance_and_keeps_everything_under_its_own_folders(tmp_path):
    result = render(TEMPLATE, tmp_path, "127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9003")

    assert result.returncode == 0, result.stderr
    config = result.stdout
    upstream = re.search(r"upstream blogsite \{(.*?)\}", config, re.DOTALL).group(1)
    assert re.findall(r"server (\S+) max_fails", upstream) == ["127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9003"]
    assert "listen 127.0.0.1:9080;" in config
    assert f"alias {tmp_path}/project/staticfiles/;" in config
    assert f"pid {tmp_path}/run/nginx.pid;" in config
    assert f"proxy_temp_path {tmp_path}/run/tmp/proxy;" in config
    assert "/var/log/" not in config
    assert "/srv/blogsite/" not in config
    assert config.count(f"include {tmp_path}/project/deploy/nginx-headers.conf;") == 5
    assert not re.search(r"^user ", config, re.MULTILINE)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # A rewrite's line changed: it no longer matches.
        ("listen 80;", "listen 8000;", "listen 80"),
        # A rewrite that must match once matches twice.
        ("listen 80;", "listen 80;\n        listen 80;", "expected one match of"),
        # The project path is gone (it must appear at least once).
        ("/srv/blogsite/", "/opt/elsewhere/", "one or more matches of '/srv/blogsite/'"),
    ],
)
def test_a_template_the_renderer_no_longer_understands_is_refused(tmp_path, old, new, message):
    template = tmp_path / "nginx.conf"
    template.write_text(TEMPLATE.read_text().replace(old, new))

    result = render(template, tmp_path, "127.0.0.1:9001")

    assert result.returncode != 0
    assert message in result.stderr


def test_the_trusted_proxies_are_listed_in_the_geo_block(tmp_path):
    result = render(TEMPLATE, tmp_path, "127.0.0.1:9001", trusted=("10.0.0.2", "10.0.0.3"))

    assert result.returncode == 0, result.stderr
    geo = re.search(r"geo \$blogsite_trusted_proxy \{(.*?)\}", result.stdout, re.DOTALL).group(1)
    assert re.findall(r"^\s*(\S+) 1;$", geo, re.MULTILINE) == ["10.0.0.2", "10.0.0.3"]
    assert "proxy_set_header X-Forwarded-Proto $blogsite_forwarded_proto;" in result.stdout
