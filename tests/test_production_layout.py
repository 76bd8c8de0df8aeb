"""The production layout works as docs/deploy.md describes it: `sro collectstatic` succeeds in
production settings, gunicorn with deploy/gunicorn.conf.py serves the pages and the hashed,
compressed static files, and nginx accepts deploy/nginx.conf."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.once
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


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


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_gunicorn_serves_pages_and_static_files_in_production_settings(tmp_path: Path) -> None:
    env = _env(tmp_path)
    for args in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        done = subprocess.run(
            [str(BIN / "sro"), *args], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
    manifest = (tmp_path / "staticfiles" / "staticfiles.json").read_text()
    assert "dist/uswds/css/uswds.min.css" in manifest
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
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
                status, page, _ = _get(f"{base}/login/")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        assert status == 200
        stylesheet = page.decode().split('href="/static/dist/uswds/css/', 1)[1].split('"')[0]
        assert stylesheet.startswith("uswds.min.")
        assert stylesheet != "uswds.min.css"  # the hashed name
        status, body, headers = _get(f"{base}/static/dist/uswds/css/{stylesheet}")
        assert status == 200
        assert len(body) > 100_000
        assert "max-age" in headers.get("Cache-Control", "")
        assert _get(f"{base}/healthz")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here")
def test_nginx_accepts_the_example_configuration(tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
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
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace("/etc/ssl/certs/sro.example.org.pem", str(cert))
    site = site.replace("/etc/ssl/private/sro.example.org.key", str(key))
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path};\n{site}\n}}\n"
    )
    done = subprocess.run(
        [shutil.which("nginx") or "nginx", "-t", "-c", str(main), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
