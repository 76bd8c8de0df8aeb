"""The public pages: no sign-in, read-only (GET and HEAD only), and only the facts the queries
module copies out (see its docstring for what is public and why)."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sro.contracts.notice_views import pdf_response
from sro.public import queries


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/index.html",
        {"agencies": queries.agencies_served(), "school_year": queries.this_school_year()},
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
