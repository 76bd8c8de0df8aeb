"""The only module that reads the clock. Legal deadlines are local dates in the agency's zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone

# How far ahead of the server's clock a recorded moment may be and still count as "now": a phone
# or laptop clock running a few minutes fast. Anything later is in the future.
CLOCK_SKEW_TOLERANCE = dt.timedelta(minutes=5)


def now() -> dt.datetime:
    """The current time, aware, in UTC."""
    return timezone.now()


def agency_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.SRO_AGENCY_TIME_ZONE)


def today() -> dt.date:
    """Today's date where the agency is (a deadline falls on a local calendar day)."""
    return now().astimezone(agency_zone()).date()


def is_future(moment: dt.datetime) -> bool:
    """Whether an aware moment has not happened yet (beyond the clock-skew tolerance). Compares
    moments, not dates: tomorrow noon is the future at 8:30 tonight, whatever UTC's date is."""
    return moment > now() + CLOCK_SKEW_TOLERANCE
