"""Calendar file upload and its confirmation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from sro.core.forms import Form
from sro.scheduling.calendar_files import MAX_FILE_BYTES, Parsed, parse_csv, parse_ics


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


class CalendarConfirmForm(Form):
    """The checked file's content, sent back with the confirmation so nothing is re-uploaded."""

    content = forms.CharField(widget=forms.HiddenInput, max_length=MAX_FILE_BYTES, strip=False)
    format = forms.ChoiceField(choices=[("ics", "ics"), ("csv", "csv")], widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=200)


def parse_upload(content: str, file_format: str) -> Parsed:
    if file_format == "ics":
        return parse_ics(content.encode("utf-8"))
    return parse_csv(content)
