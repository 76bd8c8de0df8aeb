"""Input validation for public notifications and the notice letter's text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from sro.contracts.models import NoticeTemplate, Notification
from sro.contracts.notices import current_school_year
from sro.core import clock, dates
from sro.core.forms import DateInput, Form, ModelForm, SchoolYearField, limit_choices
from sro.rules.dates import school_year_label
from sro.schools.models import School

SCHOOL_YEAR_HELP = "Write it as 2026-27: the first year, a hyphen and the next year's last two."
MAX_BODY_CHARS = 20_000


def school_year_error(value: str) -> str:
    return f"School year: {dates.school_year_error(value)}"


class NotificationForm(ModelForm):
    """A notice given to families that an SRO will be present at a school in a school year."""

    # Longer than a label may be, so that "2026-2027" gets the message on how to write it.
    school_year = forms.CharField(label="School year", max_length=20, help_text=SCHOOL_YEAR_HELP)

    class Meta:
        model = Notification
        fields = ["school", "school_year", "sent_on", "channel", "sent_by", "notes"]
        widgets = {
            "sent_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"channel": "How the notice was given", "sent_by": "Given by"}
        help_texts = {
            "sent_on": "The day the letter went home, the page went up or the meeting was held.",
            "notes": "For staff only; never shown on the public pages.",
        }

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "school", schools.order_by("name"))
        self.fields["school"].error_messages["invalid_choice"] = (
            "School: choose one of your schools from the list."
        )
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("school_year", current_school_year())
            self.initial.setdefault("sent_on", clock.today())

    def clean_school_year(self) -> str:
        value = (self.cleaned_data.get("school_year") or "").strip()
        if dates.parse_school_year(value) is None:
            raise ValidationError(school_year_error(value))
        latest = school_year_label(int(current_school_year()[:4]) + 1)
        if value > latest:
            raise ValidationError(
                f"School year: {value} is too far ahead. Record notices for a school year up to "
                f"{latest}."
            )
        return value

    def clean_sent_on(self) -> dt.date | None:
        sent_on: dt.date | None = self.cleaned_data.get("sent_on")
        today = clock.today()
        if sent_on is not None and sent_on > today:
            raise ValidationError(
                f"Given on: {sent_on:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d}). "
                "Record a notice once it has been given."
            )
        return sent_on


class SchoolYearFilter(Form):
    school_year = SchoolYearField(required=False, help_text=SCHOOL_YEAR_HELP)


class NoticeTemplateForm(ModelForm):
    """The agency's notice letter: plain text with $placeholders."""

    class Meta:
        model = NoticeTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24})}
        labels = {"subject": "Heading", "body": "Letter text"}
        help_texts = {
            "subject": "The letter's heading, for example "
            "“A School Resource Officer at $school in $school_year”.",
            "body": "Plain text. A blank line starts a new paragraph. The placeholders listed "
            "above are filled in for each school; write $$ for a dollar sign.",
        }

    def clean_body(self) -> str:
        body: str = self.cleaned_data.get("body") or ""
        if len(body) > MAX_BODY_CHARS:
            raise ValidationError(
                f"Letter text: {len(body):,} characters is too long for a letter. Keep it under "
                f"{MAX_BODY_CHARS:,} characters."
            )
        return body
