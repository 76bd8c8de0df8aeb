"""Abstract models every domain app builds on."""

from __future__ import annotations

import uuid

from django.db import models


class Record(models.Model):
    """A row with a UUID key (URLs never expose sequential ids) and creation/update times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ScheduledRun(models.Model):
    """The last day each scheduled job (`sro scheduled JOB`) ran to the end. Its lock stops two
    servers running a job at the same moment; this row stops a server whose timer fires a
    little later the same day from running it a second time."""

    job = models.CharField(max_length=40, primary_key=True)
    day = models.DateField()
    finished_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
