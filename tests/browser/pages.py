"""The pages the browser tests visit: who opens them, and where they are."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ANONYMOUS = ""

HOME_HEADINGS = {
    "chief": "Chief's overview",
    "sergeant": "Sergeant's overview",
    "sro": "My day",
    "records": "Records",
    "principal": "My schools",
    "auditor": "Auditor",
}
ROLES = list(HOME_HEADINGS)


@dataclass(frozen=True)
class Page:
    id: str
    username: str  # ANONYMOUS for a visitor who has not signed in
    path: str | Callable[[Any], str]  # a path, or a function of the `demo` fixture

    def url(self, live_server: Any, demo: Any) -> str:
        path = self.path(demo) if callable(self.path) else self.path
        return f"{live_server.url}{path}"


def _officer_detail(demo: Any) -> str:
    return str(demo.officers["Lindqvist"].get_absolute_url())


def _officer_training(demo: Any) -> str:
    return f"/training/officers/{demo.officers['Okafor'].pk}/"


def _course_form(demo: Any) -> str:
    return f"/training/officers/{demo.officers['Haugen'].pk}/courses/new/"


def _calendar(demo: Any) -> str:
    return f"/districts/{demo.high_school.education_agency_id}/calendar/"


LOGIN = Page("login", ANONYMOUS, "/login/")
HOMES = [Page(f"home-{role}", role, "/home/") for role in ROLES]
NEW_ASSIGNMENT = Page("assignment-form", "sergeant", "/assignments/new/")

# The application's own pages (server-rendered with USWDS): these must pass axe.
MAIN_PAGES = [
    LOGIN,
    *HOMES,
    Page("officers", "chief", "/officers/"),
    Page("assignments", "sergeant", "/assignments/"),
    NEW_ASSIGNMENT,
    Page("schools", "chief", "/schools/"),
    Page("districts", "chief", "/districts/"),
    Page("contracts", "chief", "/contracts/"),
    Page("officer-detail", "sergeant", _officer_detail),
    Page("audit-trail", "auditor", "/audit/"),
    Page("api-tokens", "chief", "/account/tokens/"),
    Page("training-compliance", "chief", "/training/"),
    Page("officer-training", "sergeant", _officer_training),
    Page("my-training", "sro", "/training/me/"),
    Page("course-form", "sergeant", _course_form),
    Page("policy", "sro", "/policy/"),
    Page("policy-versions", "chief", "/policy/versions/"),
    Page("policy-version-form", "chief", "/policy/versions/new/"),
    Page("school-calendar", "sergeant", _calendar),
]

# The interactive API documentation is third-party (Swagger UI through django-ninja): it is
# held to the same-origin and clean-console rules, not to axe.
API_DOCS = Page("api-docs", "chief", "/api/v1/docs")
ALL_PAGES = [*MAIN_PAGES, API_DOCS]


def ids(pages: list[Page]) -> list[str]:
    return [p.id for p in pages]


def field(page: Any, label: str) -> Any:
    """The form control labelled `label`, as a user finds it (a required field's label ends
    with " *"; the whole label must match, so "Officer" is not "Supervisor override ...")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))
