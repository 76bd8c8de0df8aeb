"""Calendar file upload and its confirmation; absences, duties and patrol pulls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q

from sro.core.forms import DateInput, Form, ModelForm
from sro.roster.models import Officer
from sro.scheduling.calendar_files import CHOICES, MAX_FILE_BYTES
from sro.scheduling.conflicts import duty_conflicts, school_day_message
from sro.scheduling.models import Absence, Duty, PatrolPull


class CalendarUploadForm(Form):
    file = forms.FileField(
        label="Calendar file",
        help_text="An iCalendar (.ics) export of the district's calendar, or a CSV file with "
        "the columns start,end,kind,label. At most 1 MB.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".ics", ".csv")):
            raise ValidationError("Choose a .ics or .csv file.")
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError("The file is larger than 1 MB; export one school year.")
        return upload


class CancelForm(Form):
    """Removing an absence, duty or pull: an optional reason for the audit trail."""

    reason = forms.CharField(required=False, max_length=300)


@dataclass(frozen=True)
class CheckedFile:
    """A calendar file as the preview checked it: its text, format and name."""

    text: str
    file_format: str
    filename: str


class CalendarConfirmForm(Form):
    """The file the preview checked, sent back with the confirmation so nothing is re-uploaded:
    signed (with the district's id) and compressed, in one hidden field of plain ASCII, so that
    what comes back is exactly what was checked. Sent as the file's own lines, it came back with
    the browser's line endings, could be refused by the form's own text rule (a control
    character the file held), or pass the size limits of a form post.

    The titles the preview asked about (events whose title tells no kind) are signed with the
    file; the person chooses only each one's kind (`kind_0`, `kind_1`, …, in the signed order),
    from the kinds of day or "ignore", so no title can be added or altered on the way back."""

    NOT_CHECKED = "The confirmation does not match a file checked here; upload the file again."

    checked = forms.CharField(widget=forms.HiddenInput, strip=False)

    def __init__(
        self, *args: Any, lea_id: Any, asked: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.salt = f"sro.scheduling.calendar-import:{lea_id}"
        if asked is None and self.is_bound:
            payload = self._payload(str(self.data.get("checked", "")))
            asked = [(str(k), str(t)) for k, t in payload.get("asked", [])] if payload else []
        self.asked = asked or []
        for index, (_key, title) in enumerate(self.asked):
            name = f"kind_{index}"
            self.fields[name] = forms.ChoiceField(
                label=f"What is “{title}”?",
                choices=[("", "Choose…"), *CHOICES.items()],
                error_messages={
                    "required": f"Choose what “{title}” is, or “Ignore” if it does not change "
                    "the school day.",
                    "invalid_choice": f"Choose one of the listed kinds for “{title}”.",
                },
            )
            self._style(name, self.fields[name])

    def _payload(self, token: str) -> dict[str, Any] | None:
        try:
            payload = signing.loads(token, salt=self.salt)
        except signing.BadSignature:
            return None
        return payload if isinstance(payload, dict) else None

    @classmethod
    def for_file(
        cls, checked: CheckedFile, *, lea_id: Any, asked: list[tuple[str, str]] | None = None
    ) -> CalendarConfirmForm:
        form = cls(lea_id=lea_id, asked=asked or [])
        payload = {
            "text": checked.text,
            "format": checked.file_format,
            "name": checked.filename,
            "asked": [list(a) for a in form.asked],
        }
        form.initial = {"checked": signing.dumps(payload, salt=form.salt, compress=True)}
        return form

    def clean_checked(self) -> CheckedFile:
        payload = self._payload(self.cleaned_data["checked"])
        if payload is None:
            raise ValidationError(self.NOT_CHECKED)
        try:
            return CheckedFile(payload["text"], payload["format"], payload["name"])
        except (KeyError, TypeError):
            raise ValidationError(self.NOT_CHECKED) from None

    def choices(self) -> dict[str, str]:
        """What the person chose for each title asked: title as written -> kind."""
        return {
            title: self.cleaned_data[f"kind_{index}"]
            for index, (_key, title) in enumerate(self.asked)
        }

    def choice_fields(self) -> list[Any]:
        return [self[f"kind_{index}"] for index in range(len(self.asked))]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class OfficerEntryForm(ModelForm):
    """A schedule entry for one officer (given by the page, not chosen in the form)."""

    def __init__(self, *args: Any, officer: Officer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.officer = officer
        self.instance.officer = officer

    def _range(self) -> tuple[dt.date, dt.date] | None:
        first, last = self.cleaned_data.get("first_day"), self.cleaned_data.get("last_day")
        if first is None or last is None:
            return None
        if last < first:
            self.add_error(
                "last_day",
                f"The last day ({last}) is before the first day ({first}). Enter a last day on "
                "or after the first.",
            )
            return None
        if (last - first).days > MAX_ENTRY_DAYS:
            self.add_error("last_day", f"Enter at most {MAX_ENTRY_DAYS + 1} days at a time.")
            return None
        return first, last


MAX_ENTRY_DAYS = 122  # a summer; longer periods are entered in parts


class AbsenceForm(OfficerEntryForm):
    class Meta:
        model = Absence
        fields = ["kind", "first_day", "last_day", "note"]
        widgets = {"first_day": DateInput(), "last_day": DateInput()}

    # One absence per officer and day: the service checks it under a lock (two taps on Save).


class DutyForm(OfficerEntryForm):
    """A non-school day's duty or a summer period's duties, never a school day's: on a school
    day the officer is pulled to patrol or recorded absent instead. A sergeant or the chief may
    book one anyway with a written reason (the service checks who, and audits it)."""

    double_booking_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Supervisor override: assign it on school days anyway, because…",
        help_text="Only if the officer is expected at school on some of these days; a sergeant "
        "or the chief gives the reason, which the audit trail keeps.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Duty
        fields = ["kind", "first_day", "last_day", "details"]
        widgets = {"first_day": DateInput(), "last_day": DateInput()}
        labels = {"kind": "Duty"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        span = self._range()
        if span:  # an overlapping duty: the service refuses it under a lock
            conflicts = duty_conflicts(self.officer, *span)
            if conflicts and not (data.get("double_booking_reason") or "").strip():
                self.add_error("last_day", school_day_message(self.officer, conflicts))
        return data


class PatrolPullForm(OfficerEntryForm):
    class Meta:
        model = PatrolPull
        fields = ["day", "start_time", "end_time", "reason", "reason_public"]
        widgets = {"day": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}
        help_texts = {
            "start_time": "Leave both times empty to pull the officer for the whole day.",
            "end_time": "",
            "reason": "Recorded in the audit trail. School administrators see it only if "
            "marked below.",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if (start is None) != (end is None) and "start_time" not in self.errors:
            self.add_error(
                "end_time" if end is None else "start_time",
                "Give both the start and the end time, or leave both empty for the whole day.",
            )
        elif start and end and end <= start:
            self.add_error("end_time", f"The end ({end:%H:%M}) must be after the start.")
        day = data.get("day")
        if (
            day
            and not self.officer.assignments.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day
            ).exists()
        ):
            self.add_error(
                "day",
                f"{self.officer.full_name} has no SRO assignment on {day}; there is nothing to "
                "pull them from.",
            )
        return data
