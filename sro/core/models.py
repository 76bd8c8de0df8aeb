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
