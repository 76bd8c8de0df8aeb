"""API for the monthly use-of-force report to the BCA (Minn. Stat. 626.5534): each month with
its due date and whether its report was sent on time, late, or is due or missing; and recording
a month's report with the day it was sent and the BCA's reference (or a note). The same access
helpers, form and services as the pages.

Recording asks for `"confirm": true`, the page's confirmation step: without it (422 on
`confirm`) nothing is written, and the answer says how the month would stand. 403 for a role
that only reads the months; 409 when the month's report is already recorded."""

# No `from __future__ import annotations`: django-ninja reads the types of the views' parameters.
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sro.accounts.principal import agency_id_of
from sro.core import clock, dates
from sro.core.access import require_list
from sro.core.api import ErrorOut, FormInvalid, InputSchema, MultiLine, ValidationOut
from sro.use_of_force import oversight, services
from sro.use_of_force.forms import BcaSubmissionForm
from sro.use_of_force.models import BcaSubmission

router = Router(tags=["use of force"])
ERRORS = {403: ErrorOut, 404: ErrorOut}
INPUT_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationOut}


class BcaMonthOut(Schema):
    """One month of the report: `status` is `submitted` (sent on or before `due_on`), `late`
    (sent after it: `days_late` days), `due`, or `missing` (unsent past its due date:
    `days_late` days so far). `reportable` counts the force reports that caused serious bodily
    injury or death that month."""

    month: str  # YYYY-MM
    due_on: dt.date
    status: str
    days_late: int
    reportable: int
    incidents: int
    zero_report: bool | None
    incidents_reported: int | None
    sent_on: dt.date | None
    reference: str | None
    note: str | None
    recorded_by: str | None
    recorded_at: dt.datetime | None
    citation: str


class BcaSubmissionIn(InputSchema):
    """The month's report as it went to the BCA. Give `reference`, or a `note` saying why
    there is none. `confirm` must be true to record it (it is not changed afterwards)."""

    zero_report: bool = False
    incidents_reported: int = 0
    sent_on: dt.date | None = None
    reference: str = ""
    note: MultiLine = ""
    confirm: bool = False


def _month(row: oversight.MonthRow) -> dict[str, Any]:
    s = row.submission
    return {
        "month": f"{row.month.month:%Y-%m}",
        "due_on": row.month.due_on,
        "status": row.month.status,
        "days_late": row.month.days_late,
        "reportable": row.reportable,
        "incidents": row.incidents,
        "zero_report": s.zero_report if s else None,
        "incidents_reported": s.incidents_reported if s else None,
        "sent_on": s.sent_on if s else None,
        "reference": s.reference if s else None,
        "note": s.note if s else None,
        "recorded_by": (s.submitted_by.get_full_name() or s.submitted_by.username) if s else None,
        "recorded_at": s.submitted_at if s else None,
        "citation": row.month.citation,
    }


def _parse(month: str) -> dt.date:
    first = dates.parse_month(month)
    if first is None:
        raise ValidationError({"month": f"Month: {dates.month_error(month)}"})
    return first


@router.get("/force/bca-months", response={200: list[BcaMonthOut], **ERRORS})
def list_bca_months(request: HttpRequest) -> object:
    """Every month to report, newest first, from the first force report (or July of the
    school year), with its report's status."""
    require_list(request.user, "bca_report")
    rows = oversight.bca_status(agency_id_of(request.user), clock.today())
    return [_month(r) for r in rows]


@router.post("/force/bca-months/{month}/submission", response={201: BcaMonthOut, **INPUT_ERRORS})
def record_bca_month(request: HttpRequest, month: str, payload: BcaSubmissionIn) -> object:
    """Record that the month's report went to the BCA: the day it was sent (not in the future,
    not before the month ended), the BCA's reference or a note, and `confirm: true`. Refused
    (422) for a zero report in a month with reportable force, and for a month not yet ended."""
    require_list(request.user, "bca_report", write=True)
    agency_id = agency_id_of(request.user)
    first = _parse(month)
    today = clock.today()
    row = oversight.month_row(agency_id, first, today)
    if row is None:
        raise ValidationError({"month": "A month is reported once it has ended."})
    if row.submission is not None:
        raise HttpError(409, f"The report for {first:%B %Y} is already recorded.")
    data: dict[str, Any] = {
        name: "" if value is None else value if isinstance(value, bool) else str(value)
        for name, value in payload.model_dump(exclude={"confirm"}).items()
    }
    data["month"] = first.isoformat()
    form = BcaSubmissionForm(data, instance=BcaSubmission(agency_id=agency_id))
    if not form.is_valid():
        raise FormInvalid(form)
    submission: BcaSubmission = form.instance
    oversight.check_bca_submission(submission)
    if not payload.confirm:
        verdict = oversight.if_sent(first, submission.sent_on, today)
        raise ValidationError(
            {
                "confirm": f"Nothing was recorded. Sent on {submission.sent_on}, the report for "
                f"{first:%B %Y} is {oversight.timeliness(verdict)}. Send it again with confirm "
                "true to record it (it is not changed afterwards)."
            }
        )
    services.record_bca_submission(submission, actor=request.user)
    sent = oversight.if_sent(first, submission.sent_on, today)
    return Status(201, _month(oversight.MonthRow(sent, submission, row.reportable, row.incidents)))
