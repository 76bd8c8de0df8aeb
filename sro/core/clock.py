"""The only module that reads the clock. Legal deadlines are local dates in the agency's zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone


def now() -> dt.datetime:
    """The current time, aware, in UTC."""
    return timezone.now()


def agency_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.SRO_AGENCY_TIME_ZONE)


def today() -> dt.date:
    """Today's date where the agency is (a deadline falls on a local calendar day)."""
    return now().astimezone(agency_zone()).date()
