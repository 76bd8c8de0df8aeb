"""Every list of officers for assignment marks an officer restricted from clauses (4) and (5)
(Minn. Stat. 626.8482, subd. 2(a), subd. 3), as the README promises: the assignment and
substitute-cover drop-down, the officer conducting an audit, drill advice, event security and
the days to assign. The mark is the training verdict's answer (compliance), never recomputed."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.urls import reverse

from conftest import Demo
from sro.roster.models import Officer
from sro.safety import services as safety
from sro.training.marks import RESTRICTED_MARK, officer_label
from sro.training.queries import compliance

TODAY = dt.date(2026, 11, 28)


def _verdicts(demo: Demo) -> dict[str, bool]:
    """Each active officer's name as the lists show it, and whether the verdict restricts."""
    officers = Officer.objects.filter(agency=demo.agency, active=True)
    return {row.officer.full_name: row.restricted for row in compliance(officers, as_of=TODAY)}


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, flags=re.S)
    assert select is not None, f"no select named {name}"
    return [html.unescape(o) for o in re.findall(r"<option[^>]*>([^<]+)</option>", select[0])]


def _check_marks(labels: list[str], demo: Demo) -> None:
    verdicts = _verdicts(demo)
    assert any(verdicts.values()), "the demo has a restricted officer"
    marked = {label.split(" (#")[0] for label in labels if label.endswith(RESTRICTED_MARK)}
    listed = {label.split(" (#")[0] for label in labels if " (#" in label}
    assert marked == {name for name in listed if verdicts.get(name)}
    assert marked


def test_the_assignment_drop_down_marks_restricted_officers(
    demo: Demo, clients: dict[str, Any]
) -> None:
    page = clients["sergeant"].get(reverse("roster:assignment_create")).content.decode()
    labels = _options(page, "officer")
    _check_marks(labels, demo)
    becker = demo.officers["Becker"]
    restricted = _verdicts(demo)[becker.full_name]
    assert officer_label(becker, restricted=restricted) in labels


def test_editing_an_assignment_keeps_the_mark(demo: Demo, clients: dict[str, Any]) -> None:
    """The same drop-down assigns substitute cover: an existing cover's edit page marks too."""
    cover = demo.officers["Becker"].assignments.filter(role="substitute").first()
    assert cover is not None
    page = clients["sergeant"].get(reverse("roster:assignment_edit", args=[cover.pk])).content
    _check_marks(_options(page.decode(), "officer"), demo)


def test_the_audit_officer_drill_and_event_choices_mark_restricted_officers(
    demo: Demo, clients: dict[str, Any]
) -> None:
    school = demo.schools["Runestone Middle School"]
    audit = safety._unfinished(school) or safety.open_audit(
        school, actor=demo.users["chief"], as_of=TODAY, repeat_reason="A second look."
    )
    sergeant = clients["sergeant"]
    page = sergeant.get(reverse("safety:audit_assign", args=[audit.pk])).content.decode()
    _check_marks(_options(page, "officer"), demo)
    page = sergeant.get(reverse("safety:drill_new")).content.decode()
    _check_marks(_options(page, "officer"), demo)
    page = sergeant.get(reverse("safety:event_new")).content.decode()
    boxes = [
        html.unescape(label)
        for label in re.findall(r'<label class="usa-checkbox__label"[^>]*>([^<]+)</label>', page)
    ]
    _check_marks(boxes, demo)


def test_the_days_to_assign_mark_restricted_officers(demo: Demo, clients: dict[str, Any]) -> None:
    page = clients["sergeant"].get(reverse("scheduling:to_assign") + "?from=2026-12-21")
    text = page.content.decode()
    verdicts = _verdicts(demo)
    rows = re.findall(r'<th scope="row" data-label="Officer">(.*?)</th>', text, flags=re.S)
    assert any(RESTRICTED_MARK in row for row in rows)
    for row in rows:
        name = re.search(r">([^<]+)</a>", row)[1]  # type: ignore[index]
        assert (RESTRICTED_MARK in row) is verdicts.get(html.unescape(name), False), name


@pytest.mark.parametrize("restricted", [True, False])
def test_the_label_says_restricted_only_when_the_verdict_does(demo: Demo, restricted: bool) -> None:
    becker = demo.officers["Becker"]
    label = officer_label(becker, restricted=restricted)
    assert label.startswith(f"{becker.full_name} (#{becker.badge_number})")
    assert label.endswith("\u2014 restricted: clauses (4) and (5)") is restricted
