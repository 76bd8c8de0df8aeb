"""Every page that edits an existing record guards against lost updates: its form carries the
version it was loaded at, and a save sent with an older version writes nothing, answers 409 and
shows who changed what. The officer form's full story (merging, clashing fields) is in
sro/core/tests/test_concurrent_edits.py; this checks that no editor was left out."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest

from conftest import Demo
from sro.audittrail.models import AuditEvent
from tests.test_persona_routes import PAGES, _objects, _page_url, page_routes

# Pages that change a record that already exists (creating pages have nothing to lose).
EDITORS = [
    "roster:agency_edit",
    "roster:officer_edit",
    "roster:assignment_edit",
    "schools:education_agency_edit",
    "schools:school_edit",
    "contracts:contract_edit",
    "contracts:item_edit",
    "notices:edit",
    "notices:template",
    "incidents:incident_edit",
    "incidents:person_edit",
    "incidents:disposition",
    "use_of_force:report_edit",
    "safety:finding_edit",
    "safety:recommendation_edit",
    "safety:checklist_area_edit",
    "safety:checklist_item_edit",
    "safety:plan_edit",
    "safety:drill_edit",
    "safety:event_edit",
    "activity:edit",
    "activity:lesson_edit",
]
STALE = "2000-01-01T00:00:00+00:00"
PERSONAS = ("chief", "sergeant", "sro", "records", "principal")


def _persona(name: str) -> str:
    return next(p for p in PERSONAS if PAGES[name][p] == 200)


def _open(client: Any, url: str) -> str:
    """The edit page as the browser shows it, after saying why when the record asks."""
    page = client.get(url).content.decode()
    doc = lxml.html.fromstring(page)
    asks = [f for f in doc.forms if "purpose" in f.fields]
    if asks and not any("_version" in f.fields for f in doc.forms):
        ask = asks[0]
        values = dict(ask.form_values())
        values["purpose"] = ask.inputs["purpose"].value_options[-1]
        client.post(ask.action or url, values)
        page = client.get(url).content.decode()
    return page


def _edit_form(page: str) -> tuple[str | None, dict[str, Any]]:
    doc = lxml.html.fromstring(page)
    for form in doc.forms:
        if "_version" in form.fields:
            data: dict[str, Any] = {}
            areas = set(form.xpath(".//textarea/@name"))
            for key, value in form.form_values():
                if key in areas:  # a browser drops the newline that follows <textarea>
                    value = value.removeprefix("\n")
                data.setdefault(key, []).append(value)
            return form.action, {k: v if len(v) > 1 else v[0] for k, v in data.items()}
    return None, {}


@pytest.mark.parametrize("name", EDITORS)
def test_an_edit_sent_with_an_older_version_writes_nothing_and_says_why(
    demo: Demo, clients: dict[str, Any], name: str
) -> None:
    persona = _persona(name)
    client = clients[persona]
    url = _page_url(name, page_routes()[name], _objects(demo))
    action, data = _edit_form(_open(client, url))
    assert data, f"{name}: the edit form carries the version it was loaded at"
    target = action or url

    events = AuditEvent.objects.count()
    refused = client.post(target, {**data, "_version": STALE})
    assert refused.status_code == 409, f"{name} as {persona}"
    assert "Changed while you were editing" in refused.content.decode()
    assert AuditEvent.objects.count() == events, f"{name}: nothing is written"

    # The version the refusal shows is current: saving with it passes the check (the record's
    # own rules still apply: a submitted incident, for one, stays as it is).
    _, again = _edit_form(refused.content.decode())
    assert again["_version"] != STALE
    saved = client.post(target, again)
    assert saved.status_code in (302, 303, 422), f"{name}: saving at the current version"


def test_a_private_field_changed_meanwhile_is_flagged_without_its_text(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """An incident's narrative is private: the audit trail keeps no copy, so the conflict
    cannot list it; the editor is told it changed and where to read it, and nothing leaks."""
    import datetime as dt

    import time_machine

    from conftest import TODAY
    from sro.incidents.models import Incident

    incident = Incident.objects.filter(status="draft", agency=demo.agency).first()
    assert incident is not None
    url = f"/incidents/{incident.pk}/edit/"
    chief, sergeant = clients["chief"], clients["sergeant"]
    _, chiefs = _edit_form(_open(chief, url))
    _, sergeants = _edit_form(_open(sergeant, url))
    sergeants["narrative"] = "The sergeant's rewritten account of what happened."
    with time_machine.travel(TODAY + dt.timedelta(minutes=1), tick=True):
        assert sergeant.post(url, sergeants).status_code == 302
    chiefs["summary"] = "Summary changed by the chief"
    answer = chief.post(url, chiefs)
    text = answer.content.decode()
    assert answer.status_code == 409
    assert "it is private, so the change is not listed" in text
    assert "rewritten account" not in text.split("<form")[0]  # not in the list of changes
    incident.refresh_from_db()
    assert incident.summary != "Summary changed by the chief"
