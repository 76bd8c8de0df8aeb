"""A review as supervisor is the sergeant's level and a single-level review the chief's, each with
its reason. (Apart from 0003 so that the rows it marks are committed before the table is altered
on PostgreSQL.)"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("use_of_force", "0003_review_capacity")]

    operations = [
        migrations.AddConstraint(
            model_name="forcereviewstep",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("as_supervisor", False),
                    models.Q(("level", "sergeant"), models.Q(("reason", ""), _negated=True)),
                    _connector="OR",
                ),
                name="force_step_supervisor_is_sergeant_level_with_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="forcereviewstep",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("single_level", False),
                    models.Q(("level", "chief"), models.Q(("reason", ""), _negated=True)),
                    _connector="OR",
                ),
                name="force_step_single_level_is_chief_level_with_reason",
            ),
        ),
    ]
