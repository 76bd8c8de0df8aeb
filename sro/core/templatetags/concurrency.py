"""`{% edit_version record %}`: the hidden version an edit form posts back, so saving can
tell whether someone else saved the record in between (see sro.core.concurrency)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from sro.core.concurrency import VERSION_FIELD, version_of

register = template.Library()


@register.simple_tag(takes_context=True)
def edit_version(context: Any, record: Any) -> str:
    conflict = context.get("conflict")
    version = conflict.version if conflict else version_of(record)
    if not version:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', VERSION_FIELD, version)
