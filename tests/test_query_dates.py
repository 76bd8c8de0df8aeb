"""Days, months and school years in query strings and addresses (issue 23, finding 12): a bad
or extreme value (year 0001, 9999, 10000, month 13 or 00, empty, garbage) gets a refusal that
names the field and the fix, or the page's default with a notice, never a server error. The
years are 1900-2099 everywhere (``sro.core.dates``), as for the dates typed into forms."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from conftest import Demo
from tests.test_persona_routes import API, PAGES, _api_url, _objects, _page_url, page_routes

BAD = [
    "9999-12",
    "0001-01",
    "0000-01",
    "10000-01",
    "2026-13",
    "2026-00",
    "",
    "garbage",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "9999-00",
    "2099-00",
    "1899-00",
]
# The page sweep tries fewer (each value is one request to every page).
PAGE_BAD = [v for v in BAD if v not in ("2026-13", "10000-01-01", "2099-00", "1899-00")]
# Every name a page reads a day, a month or a school year from.
NAMES = ["month", "school_year", "day", "on", "from", "to", "first", "last", "year"]


@pytest.mark.parametrize("url", ["/activity/", "/activity/time-by-duty/"])
@pytest.mark.parametrize("month", ["9999-12", "0001-01", "0000-01", "10000-01", "2026-00"])
def test_a_far_month_on_the_activity_pages_is_refused_on_its_field(
    clients: dict[str, Client], url: str, month: str
) -> None:
    response = clients["chief"].get(url, {"month": month})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["month"] == [
        "Month: Write the month as YYYY-MM, for example 2026-11, from 1900-01 to 2099-12 "
        f"(not “{month}”)."
    ]


@pytest.mark.parametrize("month", ["1900-01", "2099-12"])
def test_the_first_and_last_months_of_the_range_are_shown(
    clients: dict[str, Client], month: str
) -> None:
    for url in ("/activity/", "/activity/time-by-duty/"):
        assert clients["chief"].get(url, {"month": month}).status_code == 200


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "garbage"])
def test_a_far_month_in_the_time_by_duty_api_is_refused_on_its_field(
    clients: dict[str, Client], month: str
) -> None:
    response = clients["chief"].get("/api/v1/activity/time-by-duty", {"month": month})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["month"]
    assert errors[0]["message"] == (
        "Month: Write the month as YYYY-MM, for example 2026-11, from 1900-01 to 2099-12 "
        f"(not “{month}”)."
    )


def test_a_month_outside_the_years_on_a_schedule_shows_this_month_with_a_notice(
    demo: Demo, clients: dict[str, Client]
) -> None:
    officer = demo.officers["Okafor"]
    response = clients["chief"].get(f"/schedule/officers/{officer.pk}/", {"month": "9999-12"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Month: Write the month as YYYY-MM" in page
    assert "November 2026" in page


def test_a_far_school_year_of_the_annual_report_is_named(clients: dict[str, Client]) -> None:
    response = clients["chief"].get("/reports/annual/", {"school_year": "9999-00"})
    assert response.status_code == 200
    assert "is not a school year" in response.content.decode()
    assert clients["chief"].get("/reports/annual/9999-00.csv").status_code == 404


def test_a_bca_month_outside_the_years_is_not_found(clients: dict[str, Client]) -> None:
    for month in ("9999-12", "0000-01", "1899-12"):
        assert clients["chief"].get(f"/force/bca/{month}.csv").status_code == 404


def _date_pages() -> list[str]:
    """Every page the chief opens (200) with its query string; the chief reaches them all."""
    return [name for name, statuses in PAGES.items() if statuses["chief"] == 200]


@pytest.mark.parametrize("value", PAGE_BAD)
def test_no_page_fails_on_a_bad_day_month_or_school_year(
    demo: Demo, clients: dict[str, Client], value: str
) -> None:
    objects = _objects(demo)
    routes = page_routes()
    query = urlencode(dict.fromkeys(NAMES, value))
    failed = {}
    for name in _date_pages():
        url = _page_url(name, routes[name], objects)
        status = clients["chief"].get(f"{url}?{query}").status_code
        if status >= 500:
            failed[name] = status
    assert failed == {}


def _api_date_parameters(client: Client) -> dict[tuple[str, str], list[str]]:
    """Each GET operation's query parameters that take a day, a month or a school year."""
    schema = client.get("/api/v1/openapi.json").json()
    found = {}
    for path, item in schema["paths"].items():
        if "get" not in item:
            continue
        names = [
            p["name"]
            for p in item["get"].get("parameters", [])
            if p["in"] == "query"
            and (
                p["name"] in NAMES
                or "date" in str(p.get("schema", {}).get("format", ""))
                or any("date" in str(s.get("format", "")) for s in p["schema"].get("anyOf", []))
            )
        ]
        if names:
            found[("get", path)] = names
    return found


def test_the_api_date_parameters_are_found(clients: dict[str, Client]) -> None:
    found = _api_date_parameters(clients["chief"])
    assert found[("get", "/api/v1/activity/time-by-duty")] == ["month"]
    assert "first" in found[("get", "/api/v1/schedule/officers/{officer_id}")]
    assert found[("get", "/api/v1/coverage")] == ["day"]
    assert ("get", "/api/v1/incidents/figures") in found


@pytest.mark.parametrize("value", BAD)
def test_the_api_refuses_a_bad_day_month_or_school_year_on_its_field(
    demo: Demo, clients: dict[str, Client], value: str
) -> None:
    objects = _objects(demo)
    client = clients["chief"]
    problems = []
    for (method, path), names in _api_date_parameters(client).items():
        assert (method, path) in API
        for name in names:
            response = client.get(_api_url(path, objects), {name: value})
            if response.status_code >= 500:
                problems.append(f"{path} {name}: {response.status_code}")
            elif response.status_code == 422:
                fields = {e["field"] for e in response.json()["errors"]}
                if fields - {name, "to", "last"}:
                    problems.append(f"{path} {name}: refused on {fields}")
            elif value not in ("",):
                problems.append(f"{path} {name}: {response.status_code}, not refused")
    assert problems == []


def test_the_report_command_refuses_a_far_school_year(demo: Demo) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="not a school year.*from 1900-01 to 2098-99"):
        call_command("report", "annual", "--school-year", "9999-00")
