"""What the home pages show of the daily work: for an SRO what they have logged today and this
week; for a school administrator the referrals to support waiting for the school's
acknowledgement; for the chief and sergeants this month's hours by duty."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Count, Sum

from sro.accounts.permissions import Principal, Role
from sro.activity.models import Activity, SupportReferral


def activity_home(principal: Principal, agency_id: uuid.UUID, today: dt.date) -> dict[str, Any]:
    mine = Activity.objects.filter(officer__agency_id=agency_id)
    if principal.role is Role.SRO and principal.officer_id:
        week = mine.filter(
            officer_id=principal.officer_id,
            on__range=(today - dt.timedelta(days=today.weekday()), today),
        )
        return {
            "activity_today": week.filter(on=today).count(),
            "activity_week": week.aggregate(n=Count("id"), minutes=Sum("minutes")),
        }
    if principal.role is Role.SCHOOL_ADMIN:
        waiting = SupportReferral.objects.filter(
            activity__school_id__in=principal.school_ids, acknowledged_at__isnull=True
        )
        return {"support_referrals_waiting": waiting.count()}
    if principal.role in {Role.CHIEF, Role.SERGEANT}:
        first = today.replace(day=1)
        last_month_first = (first - dt.timedelta(days=1)).replace(day=1)
        month = mine.filter(on__range=(first, today))
        last = mine.filter(on__range=(last_month_first, first - dt.timedelta(days=1)))
        return {
            "activity_month": month.aggregate(n=Count("id"), minutes=Sum("minutes")),
            "activity_last_month": last.aggregate(n=Count("id"), minutes=Sum("minutes")),
            "activity_last_month_start": last_month_first,
        }
    return {}
