"""Lists show each user only their scope."""

from __future__ import annotations

from typing import Any


def test_the_sro_lists_only_their_own_assignments(demo: Any, clients: Any) -> None:
    page = clients["sro"].get("/assignments/")
    names = {a.officer.last_name for a in page.context["objects"]}
    assert names == {"Lindqvist"}


def test_the_principal_lists_only_their_schools_assignments(demo: Any, clients: Any) -> None:
    page = clients["principal"].get("/assignments/")
    assert {a.school.name for a in page.context["objects"]} == {"Central Lakes High School"}
    assert {a.officer.last_name for a in page.context["objects"]} == {"Lindqvist", "Becker"}
    schools = clients["principal"].get("/schools/")
    assert [s.name for s in schools.context["objects"]] == ["Central Lakes High School"]


def test_the_outsider_lists_nothing_of_this_agency(demo: Any, clients: Any) -> None:
    for url in ("/officers/", "/assignments/", "/schools/", "/contracts/", "/districts/"):
        assert list(clients["outsider"].get(url).context["objects"]) == [], url


def test_ended_assignments_are_hidden_until_asked_for(demo: Any, clients: Any) -> None:
    from sro.roster.models import Assignment
    from sro.roster.services import save_assignment

    becker = Assignment.objects.get(officer=demo.officers["Becker"], school=demo.high_school)
    becker.end_date = becker.start_date
    save_assignment(becker, actor=demo.users["sergeant"])
    current = clients["sergeant"].get("/assignments/").context["objects"]
    assert becker not in list(current)
    everything = clients["sergeant"].get("/assignments/", {"show": "all"}).context["objects"]
    assert becker in list(everything)
