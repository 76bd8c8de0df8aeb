"""Input validation for training records, certificates, contact days and policy versions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from sro.core import filecheck
from sro.core.forms import DateInput, Form, ModelForm
from sro.training.models import Completion, PolicyVersion
from sro.training.queries import STATUS_LABELS

MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024
CERTIFICATE_TYPES = frozenset({filecheck.PDF, filecheck.PNG, filecheck.JPEG})


def check_certificate(upload: UploadedFile) -> None:
    """A certificate is a PDF, PNG or JPEG file of at most 10 MB, checked by its content (the
    name and the browser's stated type can lie); an image also within the pixel limit."""
    if upload.size and upload.size > MAX_CERTIFICATE_BYTES:
        raise ValidationError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is 10 MB. Scan it at "
            "a lower resolution or save it as PDF."
        )
    kind = filecheck.sniff_file(upload)
    if kind not in CERTIFICATE_TYPES:
        raise ValidationError(
            "This is not a PDF, PNG or JPEG file. Upload the certificate as one of those."
        )
    if kind != filecheck.PDF:
        _check_image(upload)


def _check_image(upload: UploadedFile) -> None:
    try:
        filecheck.check_image(
            upload,
            allowed=CERTIFICATE_TYPES,
            max_pixels=settings.SRO_MAX_IMAGE_MEGAPIXELS * 1_000_000,
        )
    except filecheck.UnsafeImage as problem:
        fix = " Scan it again." if problem.reason == "damaged" else ""
        raise ValidationError(f"{problem}{fix}") from None


class CompletionForm(ModelForm):
    certificate = forms.FileField(
        required=False,
        help_text="The certificate (PDF, PNG or JPEG, at most 10 MB). Subd. 3 asks the chief to "
        "keep the most recent one.",
        validators=[check_certificate],
    )

    class Meta:
        model = Completion
        fields = ["course", "course_title", "provider", "completed_on", "hours", "notes"]
        widgets = {"completed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}


class CertificateForm(Form):
    certificate = forms.FileField(
        help_text="PDF, PNG or JPEG, at most 10 MB.", validators=[check_certificate]
    )


MAX_IMPORT_BYTES = 20 * 1024 * 1024


def check_import_file(upload: UploadedFile) -> None:
    if upload.size and upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is 20 MB. Split it."
        )


class ImportForm(Form):
    file = forms.FileField(
        label="CSV file of course records",
        help_text="UTF-8, with the header post_license_number, course, completed_on, hours, "
        "provider, course_title (the first three required). At most 20 MB.",
        validators=[check_import_file],
    )


class PolicyVersionForm(ModelForm):
    class Meta:
        model = PolicyVersion
        fields = ["version", "title", "effective_on", "text"]
        widgets = {"effective_on": DateInput(), "text": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agency_id = agency_id


class AcknowledgeForm(Form):
    confirm = forms.BooleanField(
        label="I have read this policy and will comply with it.",
        error_messages={"required": "Tick the box to confirm you have read the policy."},
    )


class ComplianceFilter(Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *STATUS_LABELS.items()])
    may_serve = forms.ChoiceField(
        required=False, label="May serve", choices=[("", "Either"), ("yes", "Yes"), ("no", "No")]
    )
    restricted = forms.ChoiceField(
        required=False,
        label="Clauses (4) and (5)",
        choices=[("", "Either"), ("yes", "Restricted"), ("no", "Not restricted")],
    )
