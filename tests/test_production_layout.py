"""The production layout works as docs/deploy.md describes it: `sro collectstatic` succeeds in
production settings, gunicorn with deploy/gunicorn.conf.py serves the pages and the hashed,
compressed static files, nginx accepts deploy/nginx.conf, and the two together name no server
software version and pass each visitor's own address to the application."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.test import override_settings

pytestmark = pytest.mark.once
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
# A Server header that names gunicorn, or any version number, tells an attacker what to try.
REVEALING = re.compile(r"gunicorn|\d", re.IGNORECASE)


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.pop("DATABASE_URL", None)
    return env | {
        "SRO_DATA_DIR": str(tmp),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "true",
        "GUNICORN_WORKERS": "2",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    # Generous timeouts: the machine may be busy (no assertion here depends on its speed).
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def _sro(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "sro"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@contextlib.contextmanager
def _gunicorn(env: dict[str, str], port: int) -> Iterator[str]:
    """gunicorn with the shipped configuration on 127.0.0.1:port, until the block ends."""
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "config.wsgi",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_serves_pages_and_static_files_in_production_settings(tmp_path: Path) -> None:
    env = _env(tmp_path)
    _sro(env, "collectstatic", "--noinput")
    _sro(env, "migrate", "--noinput")
    manifest = (tmp_path / "staticfiles" / "staticfiles.json").read_text()
    assert "dist/uswds/css/uswds.min.css" in manifest
    with _gunicorn(env, _free_port()) as base:
        status, page, headers = _get(f"{base}/login/")
        assert status == 200
        servers = [headers.get("Server", "")]
        stylesheet = page.decode().split('href="/static/dist/uswds/css/', 1)[1].split('"')[0]
        assert stylesheet.startswith("uswds.min.")
        assert stylesheet != "uswds.min.css"  # the hashed name
        status, body, headers = _get(f"{base}/static/dist/uswds/css/{stylesheet}")
        assert status == 200
        assert len(body) > 100_000
        assert "max-age" in headers.get("Cache-Control", "")
        servers.append(headers.get("Server", ""))
        status, _, headers = _get(f"{base}/healthz")
        assert status == 200
        servers.append(headers.get("Server", ""))
        status, _, headers = _get(f"{base}/no-such-page/")
        assert status == 404
        servers.append(headers.get("Server", ""))
    assert not [name for name in servers if REVEALING.search(name)], servers


def _certificate(folder: Path) -> tuple[Path, Path]:
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            "/usr/bin/openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=sro.example.org",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return key, cert


def _site(folder: Path, **replace: str) -> Path:
    """deploy/nginx.conf inside a main configuration of its own in `folder`, with the given
    text replaced (each must be in the shipped file)."""
    key, cert = _certificate(folder)
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    replace = {
        "/etc/ssl/certs/sro.example.org.pem": str(cert),
        "/etc/ssl/private/sro.example.org.key": str(key),
        **replace,
    }
    for old, new in replace.items():
        assert old in site, f"deploy/nginx.conf no longer says {old!r}"
        site = site.replace(old, new)
    temp = "\n".join(
        f" {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events {}\n"
        f"http {{\n access_log off;\n{temp}\n{site}\n}}\n"
    )
    return main


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed here")
def test_nginx_accepts_the_example_configuration(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(NGINX), "-t", "-c", str(_site(tmp_path)), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def _https(
    port: int, method: str, path: str, *, source: str, **kwargs: object
) -> tuple[int, str, dict[str, str]]:
    """One request to nginx from the loopback address `source` (127.0.0.2, 127.0.0.3, ...:
    each a different visitor as nginx sees them)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, context=context, timeout=60, source_address=(source, 0)
    )
    try:
        connection.request(method, path, **kwargs)  # type: ignore[arg-type]
        response = connection.getresponse()
        return response.status, response.read().decode(), dict(response.getheaders())
    finally:
        connection.close()


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed here")
@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP"])
def test_behind_the_shipped_nginx_each_visitor_is_counted_by_their_own_address(
    tmp_path: Path, header: str
) -> None:
    """nginx and gunicorn as shipped, the application trusting nginx (SRO_TRUSTED_PROXIES) and
    reading either header: the Server header names no gunicorn and no version; a visitor's
    forged X-Forwarded-For, X-Real-IP and X-Request-ID are overwritten by nginx; one visitor's
    flood of complaints does not lock out another visitor."""
    from sro.complaints import spam

    env = _env(tmp_path) | {
        "SRO_TRUSTED_PROXIES": "127.0.0.1",
        "SRO_CLIENT_IP_HEADER": header,
        "GUNICORN_WORKERS": "2",
    }
    _sro(env, "collectstatic", "--noinput")
    _sro(env, "migrate", "--noinput")
    agency = _sro(
        env,
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from sro.roster.models import Agency; from sro.roster.services import save_agency; "
        "print(save_agency(Agency(name='Test Police Department', chief_name='Chief Test'), "
        "actor=None).pk)",
    ).strip()
    app, tls, plain = _free_port(), _free_port(), _free_port()
    main = _site(
        tmp_path,
        **{
            "server 127.0.0.1:8000 ": f"server 127.0.0.1:{app} ",
            "listen 80;": f"listen 127.0.0.1:{plain};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{tls} ssl http2;",
            "listen [::]:443 ssl http2;": "",
        },
    )
    csrf = secrets.token_hex(16)

    def complain(source: str, forged: str) -> int:
        # A stamp the servers accept: signed with their key, a minute old by the real clock
        # (the test suite's clock is held on a fixed day).
        a_minute_ago = time_machine.escape_hatch.time.time() - 60
        with override_settings(SECRET_KEY=env["SECRET_KEY"]), time_machine.travel(a_minute_ago):
            stamp = spam.issue_token()
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "agency": agency,
                "narrative": "The officer shouted at students in the lunch line (test).",
                "started": stamp,
            }
        )
        status, page, _ = _https(
            tls,
            "POST",
            "/public/complaints/new/",
            source=source,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "Referer": "https://127.0.0.1/public/complaints/new/",
                "X-Forwarded-For": forged,
                "X-Real-IP": forged,
            },
        )
        alerts = re.findall(r"usa-(?:alert__text|error-message)[^>]*>([^<]*)", page)
        assert status in {200, 429}, alerts
        return status

    with _gunicorn(env, app):
        nginx = subprocess.Popen(
            [str(NGINX), "-c", str(main), "-p", str(tmp_path), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    status, page, headers = _https(tls, "GET", "/login/", source="127.0.0.2")
                    break
                except OSError:
                    assert nginx.poll() is None, nginx.stderr.read() if nginx.stderr else ""
                    assert time.monotonic() < deadline, "nginx did not start"
                    time.sleep(0.2)
            assert status == 200, page[:500]
            assert headers.get("Server") == "nginx"  # no version (server_tokens off)
            status, _, headers = _https(tls, "GET", "/no-such-page/", source="127.0.0.2")
            assert (status, headers.get("Server")) == (404, "nginx")
            # The request id in the audit trail is nginx's, never one the visitor chose.
            forged_id = {"X-Request-ID": "forged-request-id-1"}
            _, _, headers = _https(tls, "GET", "/login/", source="127.0.0.2", headers=forged_id)
            assert re.fullmatch(r"[0-9a-f]{32}", headers.get("X-Request-ID", ""))
            # Five complaints from one visitor, each claiming to be someone else, then refused.
            sent = [complain("127.0.0.2", f"198.51.100.{n}") for n in range(1, 7)]
            assert sent == [200, 200, 200, 200, 200, 429]
            # Another visitor through the same nginx is still heard.
            assert complain("127.0.0.3", "198.51.100.1") == 200
        finally:
            nginx.terminate()
            nginx.wait(timeout=30)
