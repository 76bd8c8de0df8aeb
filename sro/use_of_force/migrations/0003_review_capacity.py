"""The capacity of each review step: the chief's review as supervisor (in the sergeant's place)
and the single-level review (the chief's review by the chief who gave the sergeant's), each with
its reason.

Steps recorded before this could not say so: a sergeant's review given by a user who is the
agency's chief now is marked as a review as supervisor, and that chief's own review after it as a
single-level review, with a reason that says the marking was inferred. One audit event records how
many steps were marked."""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

INFERRED = (
    "Marked when the software began recording reviews as supervisor: the reviewer holds the "
    "chief's role; no reason was asked at the time."
)


def mark(apps, schema_editor):
    Step = apps.get_model("use_of_force", "ForceReviewStep")
    Membership = apps.get_model("accounts", "Membership")
    AuditEvent = apps.get_model("audittrail", "AuditEvent")
    chiefs = set(Membership.objects.filter(role="chief").values_list("user_id", flat=True))
    if not chiefs:
        return
    supervisor = single = 0
    last_sergeant: dict = {}
    for step in Step.objects.order_by("report_id", "at", "created_at"):
        if step.level == "sergeant":
            last_sergeant[step.report_id] = step.by_id if step.action == "forwarded" else None
            if step.by_id in chiefs:
                step.as_supervisor, step.reason = True, INFERRED
                step.save(update_fields=["as_supervisor", "reason"])
                supervisor += 1
        elif step.level == "chief" and last_sergeant.get(step.report_id) == step.by_id:
            step.single_level, step.reason = True, INFERRED
            step.save(update_fields=["single_level", "reason"])
            single += 1
    if supervisor or single:
        AuditEvent.objects.create(
            at=timezone.now(),
            actor_username="system",
            action="force_review.mark_capacity",
            target_type="use_of_force.forcereviewstep",
            target_id="",
            new_values={"as_supervisor": supervisor, "single_level": single},
            reason=INFERRED,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("use_of_force", "0002_default_force_types"),
        ("accounts", "0007_user_must_change_password"),
        ("audittrail", "0002_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="forcereviewstep",
            name="as_supervisor",
            field=models.BooleanField(
                default=False, verbose_name="the chief gave the sergeant's review as supervisor"
            ),
        ),
        migrations.AddField(
            model_name="forcereviewstep",
            name="reason",
            field=models.TextField(
                blank=True, help_text="Why the chief reviewed as supervisor, or why single-level."
            ),
        ),
        migrations.AddField(
            model_name="forcereviewstep",
            name="single_level",
            field=models.BooleanField(
                default=False,
                verbose_name="single-level review: the chief who gave the sergeant's review",
            ),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
