"""Each school year's public figures are published once, as a frozen release (issue 23: figures
counted afresh on every visit could be fetched one day and again the next, after one more
incident or one changed report, and subtracted to give a withheld count).

A school year is published `SRO_PUBLIC_RELEASE_DAYS` (60 unless set) after its last day, so late
reviews have settled; only records whose review is finished count (sro.public.transparency).
The scheduled job `sro scheduled public-releases` publishes the years that are due; the first
public request after the day publishes a year the job has not reached yet. Either way the
figures are computed once, stored (sro.public.models.PublicRelease) with an audit event, and
served as stored from then on: later edits to old records change no published year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from sro.audittrail.services import audited, record_event
from sro.core import clock
from sro.core.replica import reading_from_primary
from sro.public.models import PublicRelease
from sro.public.transparency import (
    PublicForceFigures,
    Transparency,
    force_of,
    page_of,
    release_content,
)
from sro.roster.models import Agency
from sro.rules.dates import recent_school_years, school_year_bounds, school_year_of

BY_THE_JOB = "Published by the scheduled job (sro scheduled public-releases)."
ON_REQUEST = "Published on the first public request after its release day."


def release_on(school_year: str) -> dt.date:
    """The day the school year's figures are published: SRO_PUBLIC_RELEASE_DAYS after its last
    day."""
    _, last = school_year_bounds(school_year)
    return last + dt.timedelta(days=settings.SRO_PUBLIC_RELEASE_DAYS)


def is_due(school_year: str, today: dt.date | None = None) -> bool:
    return (today or clock.today()) >= release_on(school_year)


def offered_years(today: dt.date | None = None) -> list[str]:
    """The school years the public page offers: this one and the four before, newest first.
    Only these are published without being asked for by name (`sro public_releases
    --school-year`), so no visitor can make the server publish a year of 1900."""
    return recent_school_years(school_year_of(today or clock.today()))


def due_years(today: dt.date | None = None) -> list[str]:
    """The offered school years whose release day has come, newest first."""
    day = today or clock.today()
    return [year for year in offered_years(day) if is_due(year, day)]


def latest_due_year(today: dt.date | None = None) -> str:
    """The newest school year whose release day has come (the public page's first year)."""
    return due_years(today)[0]


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the content as canonical JSON (sorted keys, no spaces): the same for the
    stored row as for what was computed, whatever order the database gives the keys."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@audited
def publish(agency: Agency, school_year: str, *, actor: Any, why: str) -> PublicRelease:
    """Compute the agency's figures for the school year and store them as its release.
    IntegrityError when another server published it first (nothing of this one is kept:
    `release_of` then reads that one)."""
    if not is_due(school_year):
        raise ValidationError(
            {
                "school_year": f"The {school_year} figures are published on "
                f"{release_on(school_year):%Y-%m-%d}, not before."
            }
        )
    with reading_from_primary():  # kept for good: not read from a copy that may lag
        content = release_content(agency.pk, agency.name, school_year)
    release = PublicRelease(
        agency=agency,
        school_year=school_year,
        published_at=clock.now(),
        content=content,
        content_hash=content_hash(content),
    )
    release.save(force_insert=True)
    record_event(
        actor=actor,
        action="public_release.publish",
        target=release,
        new={
            "school_year": school_year,
            "published_at": release.published_at.isoformat(),
            "content_hash": release.content_hash,
        },
        reason=why,
    )
    return release


def release_of(
    agency: Agency, school_year: str, *, why: str, actor: Any = None
) -> tuple[PublicRelease | None, bool]:
    """The agency's release of the school year and whether this call published it: the stored
    one, else a new one if the year is due, else None. Two servers (or two visitors) publishing
    at once: the unique constraint keeps the first, and the other reads it."""
    found = PublicRelease.objects.filter(agency=agency, school_year=school_year).first()
    if found is not None or not is_due(school_year):
        return found, False
    try:
        return publish(agency, school_year, actor=actor, why=why), True
    except IntegrityError:  # published by another process since the read above
        return PublicRelease.objects.get(agency=agency, school_year=school_year), False


def publish_due(
    *,
    actor: Any = None,
    agencies: Iterable[Agency] | None = None,
    years: Iterable[str] | None = None,
    why: str = BY_THE_JOB,
) -> list[PublicRelease]:
    """Publish every due release not yet published (by default: every agency, the offered
    years); returns the ones this call published."""
    wanted = list(years) if years is not None else due_years()
    published = []
    for agency in agencies if agencies is not None else Agency.objects.order_by("name"):
        for year in wanted:
            if not is_due(year):
                continue
            release, created = release_of(agency, year, actor=actor, why=why)
            if created and release is not None:
                published.append(release)
    return published


@dataclass(frozen=True)
class Release:
    """A stored release as the pages show it."""

    agency_id: uuid.UUID
    school_year: str
    published_on: dt.date
    content_hash: str
    page: Transparency
    force: PublicForceFigures
    csv: str


def _shown(release: PublicRelease) -> Release:
    return Release(
        agency_id=release.agency_id,
        school_year=release.school_year,
        published_on=release.published_at.astimezone(clock.agency_zone()).date(),
        content_hash=release.content_hash,
        page=page_of(release.agency_id, release.content),
        force=force_of(release.content),
        csv=release.content["csv"],
    )


def public_release(agency: Agency, school_year: str) -> Release | None:
    """What the public pages show of the agency's school year: its release, published now if
    it is due, offered and not yet published; None before the release day (and for a year
    never published that the page does not offer)."""
    return public_releases([agency], school_year).get(agency.pk)


def public_releases(agencies: Iterable[Agency], school_year: str) -> dict[uuid.UUID, Release]:
    """`public_release` for several agencies, with one query for those already published."""
    stored = {r.agency_id: r for r in PublicRelease.objects.filter(school_year=school_year)}
    shown: dict[uuid.UUID, Release] = {}
    for agency in agencies:
        found = stored.get(agency.pk)
        if found is None and school_year in offered_years():
            found, _ = release_of(agency, school_year, why=ON_REQUEST)
        if found is not None:
            shown[agency.pk] = _shown(found)
    return shown
