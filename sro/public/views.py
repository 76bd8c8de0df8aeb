"""The public pages: no sign-in, read-only (GET and HEAD only), and only the facts the queries
module copies out (see its docstring for what is public and why)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sro.contracts.notice_views import pdf_response
from sro.core import csvcells
from sro.core.views import disposition
from sro.public import queries, releases, transparency


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    school_year = queries.this_school_year()
    return render(
        request,
        "public/index.html",
        {
            "agencies": queries.agencies_served(),
            "school_year": school_year,
            "released_year": releases.latest_due_year(),
            "release_on": releases.release_on(school_year),
        },
    )


@require_safe
def school(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = queries.served_school(pk)
    if found is None:
        raise Http404("No SRO serves this school this school year.")
    return render(request, "public/school.html", {"school": found[0]})


@require_safe
def letter(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    built = queries.school_letter(pk)
    if built is None:
        raise Http404("No SRO serves this school this school year.")
    return pdf_response(built)


@require_safe
def policy(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    page = queries.policy_page(pk)
    if page is None:
        raise Http404("No such agency.")
    return render(request, "public/policy.html", {"page": page})


@require_safe
def policy_version(request: HttpRequest, pk: uuid.UUID, version: str) -> HttpResponse:
    page = queries.policy_page(pk, version)
    if page is None:
        raise Http404("No such policy version.")
    return render(request, "public/policy.html", {"page": page})


def _public_year(text: str | None) -> str:
    """The school year asked for, or the latest published one."""
    from sro.contracts.notices import parse_school_year

    return parse_school_year(text) or releases.latest_due_year()


@require_safe
def transparency_page(request: HttpRequest) -> HttpResponse:
    from sro.roster.models import Agency

    school_year = _public_year(request.GET.get("school_year"))
    this_year = queries.this_school_year()
    agencies = list(Agency.objects.order_by("name"))
    published = releases.public_releases(agencies, school_year)
    return render(
        request,
        "public/transparency.html",
        {
            "school_year": school_year,
            "years": releases.offered_years(),
            "due": releases.is_due(school_year),
            "release_on": releases.release_on(school_year),
            "this_year": this_year,
            "this_year_on": releases.release_on(this_year),
            "release_days": settings.SRO_PUBLIC_RELEASE_DAYS,
            "agencies": [(a, published.get(a.pk)) for a in agencies],
            "dictionary": transparency.DICTIONARY,
            "outcomes": transparency.OUTCOMES,
            "threshold": settings.SRO_PUBLIC_MIN_COUNT,
        },
    )


@require_safe
def transparency_csv(request: HttpRequest, pk: uuid.UUID, school_year: str) -> HttpResponse:
    """The stored CSV of the year's release, byte for byte; not found before the release."""
    from sro.contracts.notices import parse_school_year
    from sro.roster.models import Agency

    agency = Agency.objects.filter(pk=pk).first()
    if agency is None or parse_school_year(school_year) is None:
        raise Http404("No such agency or school year.")
    release = releases.public_release(agency, school_year)
    if release is None:
        if releases.is_due(school_year):
            raise Http404(f"No figures were published for {school_year}.")
        day = releases.release_on(school_year)
        raise Http404(
            f"The {school_year} figures will be published on {day:%B} {day.day}, {day.year}."
        )
    response = HttpResponse(release.csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = disposition(f"sro-transparency-{school_year}.csv")
    response["ETag"] = f'"{release.content_hash}"'
    return response


@require_safe
def transparency_dictionary(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = disposition("sro-transparency-dictionary.csv")
    writer = csvcells.writer(response, lineterminator="\n")
    writer.writerow(("column", "meaning"))
    writer.writerows(transparency.DICTIONARY)
    return response
