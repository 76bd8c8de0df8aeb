"""Only the lesson library is in the admin: activities and referrals to support (which name
students) stay on the pages, which check each reader's scope and log each view of a student.
Lesson outlines are retired rather than deleted, so the classes that used one keep it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sro.activity.models import LessonOutline
from sro.core.admin import AuditedAdmin


@admin.register(LessonOutline)
class LessonOutlineAdmin(AuditedAdmin):
    list_display = ["title", "grades", "minutes", "agency", "active"]
    list_filter = ["active", "agency"]
    search_fields = ["title", "summary"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
