"""BCA months tell the truth (Minn. Stat. 626.5534). Zero reports filed months late showed green,
and "Record as submitted" saved on one click with no date, reference or confirmation. Now a month
sent after its due date shows late; recording asks for the day sent and the BCA's reference (or
a note), shows what will be recorded to confirm, and keeps who recorded it (audited). The demo is
fixed on 2026-11-28; October 2026 (the broken wrist, one incident) is due 2026-11-10."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import Demo
from sro.audittrail.models import AuditEvent
from sro.use_of_force.models import BcaSubmission

OCTOBER = dt.date(2026, 10, 1)
URL = "/force/bca/2026-10/submit/"
API = "/api/v1/force/bca-months/2026-10/submission"
ON_TIME = {"incidents_reported": "1", "sent_on": "2026-11-09", "reference": "UOF-2026-10-0577"}
LATE = {**ON_TIME, "sent_on": "2026-11-20"}


def _october(demo: Demo) -> BcaSubmission | None:
    return BcaSubmission.objects.filter(agency=demo.agency, month=OCTOBER).first()


def test_recording_asks_for_the_day_sent_and_the_reference(
    demo: Demo, clients: dict[str, Any]
) -> None:
    page = clients["chief"].get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    for label in ("Date sent to the BCA", "BCA reference number", "Note", "Zero report"):
        assert label in text, label
    form = page.context["form"]
    assert form.initial["incidents_reported"] == 1
    assert form.initial["zero_report"] is False
    assert "2026-11-10" in text  # its due date


def test_nothing_is_recorded_before_the_confirmation(demo: Demo, clients: dict[str, Any]) -> None:
    chief = clients["chief"]
    events = AuditEvent.objects.count()
    page = chief.post(URL, LATE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Confirm the BCA report for October 2026" in text
    assert "Late: 10 days after the due date" in text
    assert "UOF-2026-10-0577" in text
    assert "Confirm and record" in text
    assert _october(demo) is None
    assert AuditEvent.objects.count() == events
    on_time = chief.post(URL, ON_TIME).content.decode()
    assert "<dt>Timeliness</dt>" in on_time
    assert on_time.count("On time") == 1  # the answer, not also its label
    # "Change" goes back to the form with what was typed.
    back = chief.post(URL, {**LATE, "change": "yes"})
    assert back.templates[0].name == "use_of_force/bca_submit.html"
    assert back.context["form"]["reference"].value() == "UOF-2026-10-0577"
    assert _october(demo) is None


def test_the_confirmed_report_keeps_the_day_reference_and_who_recorded_it(
    demo: Demo, clients: dict[str, Any]
) -> None:
    response = clients["chief"].post(URL, {**LATE, "confirm": "yes"}, follow=True)
    assert response.status_code == 200
    saved = _october(demo)
    assert saved is not None
    assert saved.sent_on == dt.date(2026, 11, 20)
    assert saved.reference == "UOF-2026-10-0577"
    assert saved.submitted_by == demo.users["chief"]
    assert saved.submitted_at is not None
    event = AuditEvent.objects.get(action="bca_submission.create", target_id=str(saved.pk))
    assert event.actor == demo.users["chief"]
    assert event.new_values["sent_on"] == "2026-11-20"
    assert event.new_values["reference"] == "UOF-2026-10-0577"
    text = response.content.decode()
    assert "late: 10 days after its due date, 2026-11-10" in text
    rows = {r.month.month: r for r in response.context["rows"]}
    assert rows[OCTOBER].late
    assert "Report sent 2026-11-20: late, 10 days after the due date" in text


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"sent_on": ""}, "sent_on", "required"),
        ({"sent_on": "2026-10-31"}, "sent_on", "before the month ended"),
        ({"sent_on": "2026-11-29"}, "sent_on", "in the future"),
        ({"reference": "", "note": ""}, "reference", "or a note saying why there is none"),
        ({"reference": "   ", "note": "  "}, "reference", "or a note saying why there is none"),
        ({"incidents_reported": "0"}, "zero_report", "is a zero report"),
        ({"zero_report": "on", "incidents_reported": "0"}, "zero_report", "is refused"),
    ],
)
def test_what_cannot_be_true_is_refused_on_its_field(
    demo: Demo, clients: dict[str, Any], data: dict[str, str], field: str, words: str
) -> None:
    response = clients["chief"].post(URL, {**ON_TIME, **data, "confirm": "yes"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert words in " ".join(errors[field]), errors
    assert _october(demo) is None


def test_a_note_stands_in_for_a_missing_reference(demo: Demo, clients: dict[str, Any]) -> None:
    note = "Sent on paper by mail; the BCA gives no reference for paper reports."
    data = {**ON_TIME, "reference": "", "note": note, "confirm": "yes"}
    assert clients["chief"].post(URL, data).status_code == 302
    saved = _october(demo)
    assert saved is not None
    assert (saved.reference, saved.note) == ("", note)


def test_the_api_lists_the_months_with_late_and_missing(
    demo: Demo, clients: dict[str, Any]
) -> None:
    body = clients["sergeant"].get("/api/v1/force/bca-months").json()
    months = {m["month"]: m for m in body}
    assert months["2026-10"]["status"] == "missing"
    assert months["2026-10"]["days_late"] == 18
    assert months["2026-09"]["status"] == "late"
    assert months["2026-09"]["days_late"] == 41
    assert months["2026-09"]["sent_on"] == "2026-11-20"
    assert months["2026-08"]["status"] == "submitted"
    assert months["2026-08"]["reference"] == "UOF-2026-08-0211"
    assert months["2026-08"]["recorded_by"]
    assert clients["sro"].get("/api/v1/force/bca-months").status_code == 403


def test_the_api_records_a_month_only_when_confirmed(demo: Demo, clients: dict[str, Any]) -> None:
    chief = clients["chief"]
    body = {"incidents_reported": 1, "sent_on": "2026-11-20", "reference": "UOF-2026-10-0577"}
    unconfirmed = chief.post(API, body, content_type="application/json")
    assert unconfirmed.status_code == 422
    (error,) = unconfirmed.json()["errors"]
    assert error["field"] == "confirm"
    assert "late: 10 days after its due date, 2026-11-10" in error["message"]
    assert _october(demo) is None
    refused = chief.post(
        API, {**body, "sent_on": "2026-12-01", "confirm": True}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "sent_on"
    no_reference = chief.post(
        API, {**body, "reference": "", "confirm": True}, content_type="application/json"
    )
    assert no_reference.json()["errors"][0]["field"] == "reference"
    assert (
        clients["sergeant"]
        .post(API, {**body, "confirm": True}, content_type="application/json")
        .status_code
        == 403
    )
    done = chief.post(API, {**body, "confirm": True}, content_type="application/json")
    assert done.status_code == 201
    assert (done.json()["status"], done.json()["days_late"]) == ("late", 10)
    assert done.json()["recorded_by"]
    again = chief.post(API, {**body, "confirm": True}, content_type="application/json")
    assert again.status_code == 409
    assert BcaSubmission.objects.filter(month=OCTOBER).count() == 1


def test_a_month_before_the_tracked_ones_is_not_called_unended(demo: Any, clients: Any) -> None:
    """Found by the adversarial test: January 2020 was refused as a month that "has not ended"."""
    chief = clients["chief"]
    answer = chief.get("/force/bca/2020-01/submit/", follow=True)
    text = answer.content.decode()
    assert "January 2020 is not a month to report here: it is before the months" in text
    assert "has not ended" not in text
    december = chief.get("/force/bca/2026-12/submit/", follow=True).content.decode()
    assert "December 2026 is not a month to report here: it has not ended." in december
