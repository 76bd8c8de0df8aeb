"""Every page loads only from the application's own server, and the browser's console stays
clean: no Content-Security-Policy violations, no script errors, no failed loads."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import ALL_PAGES, API_DOCS, LOGIN, Page

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


def check_page(live_server: Any, demo: Any, browser_page: Any, where: Page) -> None:
    """Open one page and assert it loads only from the server with a clean console."""
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

    # The API docs fetch their schema after the load: wait for the network to go quiet there.
    # The application's own pages fetch nothing after the load event.
    wait = "networkidle" if where.id == API_DOCS.id else "load"
    response = page.goto(where.url(live_server, demo), wait_until=wait)

    assert response is not None
    assert response.status == 200, f"{where.id}: HTTP {response.status}"
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
    page.context.close()


# In groups: each browser test empties the database when it ends and the demo is loaded again
# for the next, so one test per page would spend most of its time there.
GROUP = 12
GROUPS = [ALL_PAGES[i : i + GROUP] for i in range(0, len(ALL_PAGES), GROUP)]


@pytest.mark.parametrize("group", GROUPS, ids=[f"{g[0].id}..{g[-1].id}" for g in GROUPS])
def test_pages_load_only_from_the_server_and_log_no_error(
    live_server: Any, demo: Any, browser_page: Any, group: list[Page]
) -> None:
    failures = []
    for where in group:
        try:
            check_page(live_server, demo, browser_page, where)
        except Exception as failure:  # report every page that fails, not only the first
            failures.append(f"{where.id}: {failure}")
    assert not failures, "\n\n".join(failures)


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
