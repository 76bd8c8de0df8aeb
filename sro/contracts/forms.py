"""Input validation for contracts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from sro.contracts.extract import UnreadableDocument, extract
from sro.contracts.models import ChangeKind, Contract, ContractChange, DocumentKind
from sro.core.forms import DateInput, Form, ModelForm, limit_choices
from sro.schools.models import EducationAgency, School


class ContractForm(ModelForm):
    class Meta:
        model = Contract
        fields = [
            "title",
            "education_agency",
            "start_date",
            "end_date",
            "signed_on",
            "schools",
            "notes",
            "data_purposes",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "signed_on": DateInput(),
            "schools": forms.CheckboxSelectMultiple(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "data_purposes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agency_id = agency_id
        limit_choices(self, "education_agency", EducationAgency.objects.filter(agency_id=agency_id))
        limit_choices(self, "schools", School.objects.filter(education_agency__agency_id=agency_id))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lea, schools = data.get("education_agency"), data.get("schools")
        if lea is not None and schools:
            stray = [s.name for s in schools if s.education_agency_id != lea.id]
            if stray:
                self.add_error(
                    "schools",
                    ValidationError(
                        f"Not schools of {lea.name}: {', '.join(stray)}. A contract covers only "
                        "the schools of its own district or charter school; untick them."
                    ),
                )
        return data


ITEM_STATUS_CHOICES = [
    ("present", "Present: the contract covers it"),
    ("missing", "Missing: the contract does not cover it"),
    ("unreviewed", "Not yet reviewed"),
]


class ItemForm(Form):
    """A person's finding on one required item."""

    status = forms.ChoiceField(choices=ITEM_STATUS_CHOICES, widget=forms.RadioSelect)
    section = forms.CharField(
        required=False,
        max_length=100,
        help_text="Where the contract covers it, as the contract numbers it: section 6.4, "
        "exhibit A, page 3.",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == "present" and not data.get("section", "").strip():
            self.add_error(
                "section",
                "Say where the contract covers this item (for example section 6.4), so others "
                "can check it.",
            )
        return data


class ContractChangeForm(ModelForm):
    """A renewal or an amendment; the original term is recorded when the contract is made."""

    kind = forms.ChoiceField(
        choices=[(ChangeKind.RENEWAL, "Renewal"), (ChangeKind.AMENDMENT, "Amendment")],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ContractChange
        fields = ["kind", "effective_on", "signed_on", "start_date", "end_date", "summary"]
        widgets = {
            "effective_on": DateInput(),
            "signed_on": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "start_date": "The contract's term from this change on.",
            "end_date": "Leave empty for an open-ended term.",
        }

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.contract = contract
        if not self.is_bound:
            self.initial.setdefault("start_date", contract.start_date)
            self.initial.setdefault("end_date", contract.end_date)


class DocumentForm(Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices, initial=DocumentKind.AGREEMENT)
    file = forms.FileField(
        label="Signed document",
        help_text=f"PDF or Word (.docx), at most {settings.SRO_CONTRACT_MAX_UPLOAD_MB} MB.",
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith((".pdf", ".docx")):
            raise ValidationError(
                f"{name} is not a PDF or a Word (.docx) file. Save the contract as PDF or "
                ".docx and upload that."
            )
        limit = settings.SRO_CONTRACT_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{settings.SRO_CONTRACT_MAX_UPLOAD_MB} MB. Upload a smaller copy."
            )
        content = upload.read()
        try:
            self.extracted = extract(content, name)
        except UnreadableDocument as error:
            raise ValidationError(str(error)) from None
        self.content = content
        return upload


class DecisionForm(Form):
    decision = forms.ChoiceField(choices=[("confirm", "Confirm"), ("reject", "Reject")])
    note = forms.CharField(required=False, max_length=500)
