from django.contrib import admin

from sro.audittrail.admin import ReadOnlyAdmin
from sro.core.admin import AuditedAdmin
from sro.training.models import Completion, PolicyReview, PolicyVersion, ReminderSent


@admin.register(Completion)
class CompletionAdmin(AuditedAdmin):
    list_display = ["officer", "course", "completed_on", "certificate"]
    list_filter = ["course"]
    # A certificate is uploaded on the officer's training page, which checks what the file is
    # (and its size and pixels); the admin's plain file field would take anything.
    readonly_fields = ["certificate"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(AuditedAdmin):
    list_display = ["version", "title", "effective_on", "agency"]


@admin.register(PolicyReview)
class PolicyReviewAdmin(AuditedAdmin):
    list_display = ["officer", "policy_version", "reviewed_on"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ["officer", "kind", "due_on", "notice", "sent_at"]
