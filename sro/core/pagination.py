"""The JSON API's pagination: limit and offset with upper bounds. Beyond 64 bits SQLite refuses
the query (a server error), so the schema refuses such values first (422). Every `@paginate`
uses it (NINJA_PAGINATION_CLASS)."""

# No `from __future__ import annotations`: django-ninja reads the input schema's field types.

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
