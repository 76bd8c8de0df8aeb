from django.contrib import admin

from sro.audittrail.admin import ReadOnlyAdmin
from sro.core.admin import AuditedAdmin
from sro.training.models import Completion, PolicyReview, PolicyVersion, ReminderSent


@admin.register(Completion)
class CompletionAdmin(AuditedAdmin):
    list_display = ["officer", "course", "completed_on", "certificate"]
    list_filter = ["course"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(AuditedAdmin):
    list_display = ["version", "title", "effective_on", "agency"]


@admin.register(PolicyReview)
class PolicyReviewAdmin(AuditedAdmin):
    list_display = ["officer", "policy_version", "reviewed_on"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ["officer", "kind", "due_on", "notice", "sent_at"]
