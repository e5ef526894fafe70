"""Render deploy/nginx.conf for a stack on this machine (used by deploy/stack.sh).

The template is a complete config for a server install; this rewrites only
what differs on one machine: the upstream servers, the listen address, the
proxies trusted to say a request came over HTTPS, the project path, and the
pid, log and temporary files (under the stack's own folder, so nginx runs
without root). Each rewrite must match exactly once (the project path: at
least once), so a template edit that breaks one fails loudly here instead of
silently.
"""

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def _replace_once(text: str, pattern: str, replacement: str, *, or_more: bool = False) -> str:
    new_text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if count == 0 or (count > 1 and not or_more):
        expected = "one or more matches" if or_more else "one match"
        sys.exit(f"render_nginx_conf: expected {expected} of {pattern!r} in the template, found {count}")
    return new_text


def render(
    template: str,
    *,
    listen: str,
    upstreams: list[str],
    project_dir: Path,
    run_dir: Path,
    user: str,
    trusted_proxies: Sequence[str] = (),
) -> str:
    text = template
    text = _replace_once(text, r"^user .*;$", f"user {user};" if user else "# user: unprivileged, workers run as us")
    text = _replace_once(text, r"^pid .*;$", f"pid {run_dir}/nginx.pid;")
    text = _replace_once(text, r"^error_log .*;$", f"error_log {run_dir}/error.log warn;")
    text = _replace_once(text, r"^(\s*)access_log /var/log/nginx/\S+", rf"\1access_log {run_dir}/access.log")
    temp_dir = run_dir / "tmp"
    temp_paths = "".join(f"    {kind}_temp_path {temp_dir / kind};\n" for kind in TEMP_PATHS)
    text = _replace_once(text, r"^http \{\n", "http {\n" + temp_paths)
    servers = "".join(f"        server {address} max_fails=2 fail_timeout=10s;\n" for address in upstreams)
    text = _replace_once(text, r"^(\s*server \S+ max_fails=.*\n)+", servers)
    text = _replace_once(text, r"^(\s*)listen 80;$", rf"\1listen {listen};")
    trusted = "".join(f"        {address} 1;\n" for address in trusted_proxies)
    text = _replace_once(text, r"^(\s*geo \$blogsite_trusted_proxy \{\n\s*default 0;\n)", rf"\g<1>{trusted}")
    # The project's path: the static files' folder and the included headers.
    return _replace_once(text, r"/srv/blogsite/", f"{project_dir}/", or_more=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", type=Path, required=True)
    parser.add_argument("--listen", required=True, help="e.g. 127.0.0.1:8080")
    parser.add_argument("--upstream", action="append", required=True, help="host:port of an app instance")
    parser.add_argument("--project-dir", type=Path, required=True)
    parser.add_argument("--run-dir", type=Path, required=True, help="pid, logs and temporary files")
    parser.add_argument("--user", default="", help="worker user when nginx starts as root")
    parser.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        help="a TLS terminator whose X-Forwarded-Proto counts",
    )
    args = parser.parse_args()
    sys.stdout.write(
        render(
            args.template.read_text(),
            listen=args.listen,
            upstreams=args.upstream,
            project_dir=args.project_dir.resolve(),
            run_dir=args.run_dir.resolve(),
            user=args.user,
            trusted_proxies=args.trusted_proxy,
        )
    )


if __name__ == "__main__":
    main()
