"""Input for data requests: the register entry and the release."""

from __future__ import annotations

from typing import Any

from django import forms

from sro.core.forms import DateInput, Form, ModelForm, limit_choices
from sro.records.models import DataRequest, EducationRecord


class DataRequestForm(ModelForm):
    class Meta:
        model = DataRequest
        fields = [
            "received_on",
            "requester_kind",
            "requester_name",
            "requester_contact",
            "description",
            "incidents",
            "about",
            "minor_withheld",
            "minor_withheld_reason",
        ]
        widgets = {
            "received_on": DateInput(),
            "requester_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "incidents": forms.CheckboxSelectMultiple,
            "minor_withheld_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"incidents": "The records that answer the request."}

    def __init__(self, *args: Any, incidents: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "incidents", incidents)
        limit_choices(self, "about", people)
        self.fields["incidents"].label_from_instance = lambda i: (  # type: ignore[attr-defined]
            f"{i.number}, {i.occurred_at:%Y-%m-%d}, {i.school.name}"
        )
        self.fields["about"].label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.incident.number}: {p.label}"
        )


class ReleaseForm(Form):
    released_how = forms.CharField(
        label="How it was released", max_length=200, help_text="For example: mailed, e-mailed."
    )


class EducationRecordForm(ModelForm):
    purpose = forms.ChoiceField(
        label="Purpose", help_text="Why the school shared it: a purpose its contract lists."
    )

    class Meta:
        model = EducationRecord
        fields = ["received_on", "purpose", "description"]
        widgets = {"received_on": DateInput()}

    def __init__(self, *args: Any, purposes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [(p, p) for p in purposes]  # type: ignore[attr-defined]
