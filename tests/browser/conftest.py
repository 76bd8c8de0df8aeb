"""Browser fixtures: one headless Chromium per session, fresh contexts and pages per test.

pytest-django's `live_server` runs the real application against a transactional test
database, and the root conftest's `demo` fixture fills it with the demo program.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "sro-demo-password"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The server is local: anything slower than this is a failure, and failing fast keeps it quick.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        # A missing browser fails the suite rather than skipping it: .ci/run installs it.
        pytest.fail(f"{CHROMIUM} is not installed: apt-get install chromium")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


class InFlight:
    """Counts the live server's connections being served.

    On SQLite the server's threads share the test's in-memory database connection, so the
    database must not be emptied at the end of a test while a request the browser left behind
    (a closed page's last fetch) is still reading it: SQLite answers "database table is
    locked". The count goes up when the server accepts a connection, before its thread starts.
    """

    def __init__(self, httpd: Any) -> None:
        self.count = 0
        self.changed = threading.Condition()
        accept, serve = httpd.process_request, httpd.process_request_thread

        def process_request(request: Any, client_address: Any) -> None:
            with self.changed:
                self.count += 1
            try:
                accept(request, client_address)
            except BaseException:
                self.done()
                raise

        def process_request_thread(request: Any, client_address: Any) -> None:
            try:
                serve(request, client_address)
            finally:
                self.done()

        httpd.process_request = process_request
        httpd.process_request_thread = process_request_thread

    def done(self) -> None:
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count <= 0, timeout)


@pytest.fixture(scope="session")
def server_in_flight(live_server: Any) -> InFlight:
    return InFlight(live_server.thread.httpd)


@pytest.fixture
def new_context(
    browser: Any, server_in_flight: InFlight, transactional_db: None
) -> Iterator[Callable[..., Any]]:
    """Open browser contexts, closed after the test: `new_context(viewport=PHONE)`.

    Requesting the database here makes this fixture end before the database is emptied, and
    it waits for the server to finish what the closed pages had asked of it.
    """
    contexts: list[Any] = []

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("viewport", DESKTOP)
        kwargs.setdefault("locale", "en-US")
        context = browser.new_context(**kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    # A browser's connection stays open between requests (HTTP keep-alive) until its context
    # closes; after that, the server's threads finish within a request's time.
    server_in_flight.wait_idle(timeout=TIMEOUT_MS / 1000)


@pytest.fixture
def sign_in(live_server: Any, demo: Any) -> Callable[[Any, str], None]:
    """Give a browser context the session of a demo user.

    Only the login tests go through the form; elsewhere Django's test client opens a real
    session and its cookie is handed to the browser, which is quicker.
    """
    from django.conf import settings

    from conftest import signed_in

    def do(context: Any, username: str) -> None:
        client = signed_in(demo.users[username])
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    return do


@pytest.fixture
def browser_page(
    live_server: Any, demo: Any, new_context: Callable[..., Any], sign_in: Any
) -> Callable[..., Any]:
    """A new page, signed in as `username` (or not, for ""), not yet navigated anywhere."""

    def make(username: str = "", viewport: dict[str, int] = DESKTOP) -> Any:
        context = new_context(viewport=viewport)
        if username:
            sign_in(context, username)
        return context.new_page()

    return make
