"""Forms that render as the U.S. Web Design System expects, with errors tied to their fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting

from sro.core import filecheck

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "usa-checkbox__input"),
    (forms.RadioSelect, "usa-radio__input"),
    (forms.CheckboxInput, "usa-checkbox__input"),
    (forms.Select, "usa-select"),
    (forms.Textarea, "usa-textarea"),
    (forms.FileInput, "usa-file-input"),
    (forms.widgets.Input, "usa-input"),
]


class USWDSRenderer(TemplatesSetting):
    form_template_name = "forms/uswds_form.html"
    field_template_name = "forms/uswds_field.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)


def within_years(value: dt.date | dt.datetime) -> None:
    """Every date the program records lies in these years; outside them a typing slip (or a
    hostile value) would overflow the schedule's day-by-day arithmetic."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            f"{day.isoformat()} is outside the years {EARLIEST.year} to {LATEST.year}: "
            "check the year."
        )


class CheckedImageField(forms.ImageField):
    """An image upload judged by its content (`filecheck.check_image`): one of `allowed` by its
    bytes, within SRO_MAX_IMAGE_MEGAPIXELS, not damaged. Its `content_type` becomes the checked
    type. Unlike Django's ImageField, an image with too many pixels gets its own message instead
    of "damaged", and Pillow never decodes it."""

    def __init__(self, *, allowed: Collection[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allowed = allowed

    def to_python(self, data: Any) -> Any:
        upload: Any = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        try:
            upload.content_type = filecheck.check_image(
                upload,
                allowed=self.allowed,
                max_pixels=settings.SRO_MAX_IMAGE_MEGAPIXELS * 1_000_000,
            )
        except filecheck.UnsafeImage as problem:
            if problem.reason == "pixels":
                raise ValidationError(str(problem), code="too_many_pixels") from None
            code = "invalid_extension" if problem.reason == "type" else "invalid_image"
            message = self.error_messages.get(code, str(problem))
            raise ValidationError(message, code=code) from None
        return upload


class USWDSFormMixin:
    """Adds the design system's classes, and marks invalid inputs for assistive technology."""

    fields: dict[str, forms.Field]
    auto_id: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators = [*field.validators, within_years]
            if isinstance(field.widget, forms.FileInput) and isinstance(self.auto_id, str):
                # USWDS's file-input script names the input after its drop zone; keep the
                # visible label as its accessible name (WCAG 2.5.3, label in name).
                field.widget.attrs["aria-labelledby"] = f"{self.auto_id % name}_label"
            for widget_type, css in WIDGET_CLASSES:
                if isinstance(field.widget, widget_type):
                    existing = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{existing} {css}".strip()
                    break

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = widget.attrs.get("class", "") + " usa-input--error"


def limit_choices(form: forms.BaseForm, name: str, queryset: Any) -> None:
    """Offer only the records the user's agency owns in a choice field."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a choice of records.")
    field.queryset = queryset


class ModelForm(USWDSFormMixin, forms.ModelForm):
    pass


class Form(USWDSFormMixin, forms.Form):
    pass


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Report a service's refusal on the fields it names, and the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = name if name in form.fields else None
        for message in errors:
            form.add_error(None if name == NON_FIELD_ERRORS else field, message)
