"""Browser fixtures: one headless Chromium per session, fresh contexts and pages per test.

pytest-django's `live_server` runs the real application against a transactional test
database, and the root conftest's `demo` fixture fills it with the demo program.
"""

from __future__ import annotations

import os
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


@pytest.fixture
def new_context(browser: Any) -> Iterator[Callable[..., Any]]:
    """Open browser contexts, closed after the test: `new_context(viewport=PHONE)`."""
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
