"""Every page loads only from the application's own server, and the browser's console stays
clean: no Content-Security-Policy violations, no script errors, no failed loads."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import ALL_PAGES, LOGIN, Page, ids

pytestmark = pytest.mark.browser

# Registered through the DevTools protocol before any page script runs (CSP does not apply).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} ` +
    `(${e.sourceFile || "?"}:${e.lineNumber}) ${e.sample || ""}`.trim()
  );
});
"""

ICON_URL = """() => {
  const link = document.querySelector('link[rel~="icon"]');
  return link ? link.href : new URL("/favicon.ico", location.href).href;
}"""


def icon_url(page: Any) -> str:
    return str(page.evaluate(ICON_URL))


@pytest.mark.parametrize("where", ALL_PAGES, ids=ids(ALL_PAGES))
def test_page_loads_only_from_the_server_and_logs_no_error(
    live_server: Any, demo: Any, browser_page: Any, where: Page
) -> None:
    page = browser_page(where.username)
    page.context.add_init_script(RECORD_CSP_VIOLATIONS)
    requested: list[str] = []
    failed: list[str] = []
    console: list[Any] = []
    page_errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    page.on(
        "response",
        lambda r: failed.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None,
    )
    page.on("console", lambda message: console.append(message))
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    # networkidle: also wait for what scripts fetch after the load (the API docs' schema).
    response = page.goto(where.url(live_server, demo), wait_until="networkidle")

    assert response is not None
    assert response.status == 200
    assert requested, "no request was seen"
    outside = [url for url in requested if not url.startswith(f"{live_server.url}/")]
    assert not outside, f"{where.id} loads from outside the server: {outside}"
    assert not failed, f"{where.id}: resources failed to load: {failed}"

    violations = page.evaluate("() => window.__cspViolations")
    assert not violations, f"{where.id}: Content-Security-Policy violations: {violations}"
    assert not page_errors, f"{where.id}: uncaught script errors: {page_errors}"
    # Chromium asks for the site icon once per browser, so whether its failure is logged here
    # depends on test order: test_the_site_icon_is_found checks the icon on its own.
    icon = icon_url(page)
    problems = [
        f"{m.type}: {m.text} ({m.location.get('url')}:{m.location.get('lineNumber')})"
        for m in console
        if (m.type == "error" or "Content Security Policy" in m.text)
        and m.location.get("url") != icon
    ]
    assert not problems, f"{where.id}: console errors: {problems}"


def test_the_site_icon_is_found(live_server: Any, demo: Any, browser_page: Any) -> None:
    """Browsers fetch the page's icon (or /favicon.ico) on their own: it must not be a 404."""
    page = browser_page(LOGIN.username)
    page.goto(LOGIN.url(live_server, demo))
    url = icon_url(page)
    assert url.startswith(f"{live_server.url}/")
    response = page.request.get(url)
    assert response.status == 200, (
        f"the browser asks for the site icon at {url} and gets HTTP {response.status} "
        "(logged as a console error); declare one with <link rel=icon> in base.html"
    )
