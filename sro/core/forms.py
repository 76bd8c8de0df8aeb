"""Forms that render as the U.S. Web Design System expects, with errors tied to their fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

from sro.core import dates, filecheck, text

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


def within_years(value: dt.date | dt.datetime) -> None:
    """Every date the program records lies in the years of ``sro.core.dates``."""
    if not dates.in_range(value):
        raise ValidationError(dates.out_of_range(value))


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


class TextValidator:
    """Refuses the control characters ``sro.core.text`` names, with the field's label."""

    def __init__(self, label: str, *, multiline: bool, limit: int | None = None) -> None:
        self.label, self.multiline, self.limit = label, multiline, limit

    def __call__(self, value: Any) -> None:
        if isinstance(value, str):
            message = text.problem(
                value, label=self.label, multiline=self.multiline, limit=self.limit
            )
            if message:
                raise ValidationError(message, code="control_character")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((self.label, self.multiline, self.limit))


def is_multiline(form: forms.BaseForm, name: str, field: forms.Field) -> bool:
    """A text area, or a field the form lists in ``multiline_fields`` (a hidden copy of a
    file's lines)."""
    listed = name in getattr(form, "multiline_fields", ())
    return listed or isinstance(field.widget, forms.Textarea)


def checks_text(field: forms.Field) -> bool:
    """Whether the control-character rule applies: typed text, not a password (never stored
    or shown, only hashed; refusing one could lock out an account that has it), nor an id or
    JSON, which their fields parse into something else."""
    if not isinstance(field, forms.CharField):
        return False
    parsed = isinstance(field, forms.UUIDField | forms.JSONField)
    return not parsed and not isinstance(field.widget, forms.PasswordInput)


class CleanTextMixin:
    """Every text field refuses control characters (and a one-line field line breaks), every
    date field dates outside 1900-2099. Added when the form is cleaned, so fields a form adds
    in its own ``__init__`` are covered too. For the project's forms, the admin's and the
    sign-in form alike."""

    fields: dict[str, forms.Field]
    multiline_fields: frozenset[str] = frozenset()

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            extra: list[Any] = []
            if checks_text(field):
                label = str(field.label or pretty_name(name))
                multiline = is_multiline(self, name, field)  # type: ignore[arg-type]
                # A text area someone types into has the length cap; a hidden copy of an
                # uploaded file's lines has the upload's own size limit instead.
                typed = (
                    isinstance(field.widget, forms.Textarea)
                    and getattr(field, "max_length", None) is None
                )
                limit = text.MAX_MULTI_LINE if typed else None
                extra.append(TextValidator(label, multiline=multiline, limit=limit))
            if isinstance(field, forms.DateField | forms.DateTimeField):
                extra.append(within_years)
            field.validators = [*field.validators, *(v for v in extra if v not in field.validators)]
        super().full_clean()  # type: ignore[misc]


class MonthField(forms.CharField):
    """A month written YYYY-MM within 1900-2099 (``sro.core.dates``); cleans to the text."""

    widget = forms.TextInput(attrs={"type": "month"})

    # No max_length: a value too long gets the same message on how to write a month.
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Month")
        kwargs.setdefault("help_text", dates.MONTH_HELP)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        month: str = super().clean(value)
        if month and dates.parse_month(month) is None:
            message = f"{self.label or 'Month'}: {dates.month_error(month)}"
            raise ValidationError(message, code="month")
        return month


class SchoolYearField(forms.CharField):
    """A school year such as 2026-27 within 1900-2099 (``sro.core.dates``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "School year")
        kwargs.setdefault("help_text", "For example 2026-27.")
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        year: str = super().clean(value)
        if year and dates.parse_school_year(year) is None:
            message = f"{self.label}: {dates.school_year_error(year)}"
            raise ValidationError(message, code="school_year")
        return year


class USWDSFormMixin(CleanTextMixin):
    """Adds the design system's classes, and marks invalid inputs for assistive technology."""

    auto_id: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self._style(name, field)

    def __getitem__(self, name: str) -> Any:
        # A field a form adds after its __init__ (one offered to some roles only) is styled
        # when it is rendered.
        self._style(name, self.fields[name])
        return super().__getitem__(name)  # type: ignore[misc]

    def _style(self, name: str, field: forms.Field) -> None:
        if isinstance(field.widget, forms.FileInput) and isinstance(self.auto_id, str):
            # USWDS's file-input script names the input after its drop zone; keep the
            # visible label as its accessible name (WCAG 2.5.3, label in name).
            field.widget.attrs["aria-labelledby"] = f"{self.auto_id % name}_label"
        for widget_type, css in WIDGET_CLASSES:
            if isinstance(field.widget, widget_type):
                existing = field.widget.attrs.get("class", "")
                if css not in existing.split():
                    field.widget.attrs["class"] = f"{existing} {css}".strip()
                break

    def full_clean(self) -> None:
        super().full_clean()
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
    def _update_errors(self, errors: ValidationError) -> None:
        """A model's rule (its `clean`) may name a field this form does not show, such as a
        date of birth when only the disposition is edited: the message goes above the form,
        where Django would fail with a ValueError."""
        if hasattr(errors, "error_dict"):
            kept: dict[str, list[Any]] = {}
            for name, messages in errors.error_dict.items():
                where = name if name == NON_FIELD_ERRORS or name in self.fields else None
                kept.setdefault(where or NON_FIELD_ERRORS, []).extend(messages)
            errors = ValidationError(kept)
        super()._update_errors(errors)  # type: ignore[misc]  # not in django-stubs


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
