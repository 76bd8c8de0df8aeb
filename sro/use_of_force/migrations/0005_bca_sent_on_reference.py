"""A month's report to the BCA keeps the day it was sent and the state's reference (or a note).
Reports recorded before these were asked for take the day they were recorded as the day sent,
and a note saying so."""

import zoneinfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

EARLIER = (
    "Recorded before the date sent and the BCA's reference were asked for: the date sent is "
    "the day it was recorded."
)


def fill_sent_on(apps, schema_editor):
    zone = zoneinfo.ZoneInfo(settings.SRO_AGENCY_TIME_ZONE)
    BcaSubmission = apps.get_model("use_of_force", "BcaSubmission")
    for row in BcaSubmission.objects.filter(sent_on__isnull=True):
        row.sent_on = row.submitted_at.astimezone(zone).date()
        if not row.note.strip() and not row.reference.strip():
            row.note = EARLIER
        row.save(update_fields=["sent_on", "note"])


class Migration(migrations.Migration):
    dependencies = [("use_of_force", "0004_review_capacity_constraints")]

    operations = [
        migrations.AddField(
            model_name="bcasubmission",
            name="sent_on",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="bcasubmission",
            name="reference",
            field=models.CharField(
                blank=True,
                help_text="The confirmation or reference number the BCA gave for the report.",
                max_length=60,
                verbose_name="BCA reference number",
            ),
        ),
        migrations.RunPython(fill_sent_on, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="bcasubmission",
            name="sent_on",
            field=models.DateField(
                help_text="The day the report went to the BCA (not the day it is recorded "
                "here); a month sent after its due date shows as late.",
                verbose_name="date sent to the BCA",
            ),
        ),
        migrations.AddConstraint(
            model_name="bcasubmission",
            constraint=models.CheckConstraint(
                condition=models.Q(("reference", ""), _negated=True)
                | models.Q(("note", ""), _negated=True),
                name="bca_reference_or_note",
                violation_error_message="Give the BCA's reference number, or a note saying why "
                "there is none.",
            ),
        ),
        migrations.AlterField(
            model_name="bcasubmission",
            name="incidents_reported",
            field=models.PositiveIntegerField(default=0, verbose_name="incidents reported"),
        ),
        migrations.AlterField(
            model_name="bcasubmission",
            name="note",
            field=models.TextField(
                blank=True,
                help_text="Needed when there is no reference number: say why (and how it went).",
            ),
        ),
        migrations.AlterField(
            model_name="bcasubmission",
            name="submitted_at",
            field=models.DateTimeField(verbose_name="recorded at"),
        ),
        migrations.AlterField(
            model_name="bcasubmission",
            name="submitted_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AlterField(
            model_name="bcasubmission",
            name="zero_report",
            field=models.BooleanField(
                default=False,
                help_text="No use of force that month caused serious bodily injury or death.",
                verbose_name="zero report",
            ),
        ),
    ]
