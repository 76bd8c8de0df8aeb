"""Referrals to support (model policy II, IV.B; policy 436.3(d)): recording one with its
activity, the list (no names), one referral (the student's identity after a stated purpose,
each view in the access log) and the school's acknowledgement."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sro.accounts.permissions import Role
from sro.accounts.principal import principal_for
from sro.activity import access, facts, services
from sro.activity.forms import AcknowledgeForm, ReferralActivityForm, ReferralForm
from sro.activity.models import SupportReferral
from sro.audittrail.services import log_access
from sro.core import clock
from sro.core.access import require_list
from sro.core.forms import add_service_error
from sro.core.views import can_write, may_write
from sro.incidents import privacy
from sro.incidents.forms import PurposeForm

# A school administrator opening a referral made to their school states this purpose (or one
# the contract lists).
SCHOOL_PURPOSE = "Following up this referral to support at the school"


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    referrals = access.referrals_for_user(request.user).order_by("acknowledged_at", "-activity__on")
    return render(
        request,
        "activity/referral_list.html",
        {
            "nav": access.nav(request.user),
            "referrals": referrals[:300],
            "may_refer": can_write(request.user, "activity")
            and can_write(request.user, "support_referral")
            and principal_for(request.user).role is not Role.SCHOOL_ADMIN,
        },
    )


@login_required
def referral_new(request: HttpRequest) -> HttpResponse:
    """A referral and its activity on one form, saved together or not at all."""
    user = request.user
    require_list(user, "support_referral", write=True)
    require_list(user, "activity", write=True)
    today = clock.today()
    officers = access.officers_for_user(user)
    own = principal_for(user).officer_id
    officer = officers.filter(pk=own).first() if own else None
    initial = {"on": today, "officer": officer.pk if officer else None}
    if officer is not None:
        schools = facts.current_school_ids(officer, today)
        initial["school"] = schools[0] if schools else None
    when = ReferralActivityForm(
        request.POST or None,
        initial=initial,
        officers=officers,
        schools=access.schools_for_user(user),
        prefix="when",
    )
    who = ReferralForm(request.POST or None, prefix="who")
    if request.method == "POST" and when.is_valid() and who.is_valid():
        activity = when.save(commit=False)
        activity.kind = "support_referral"
        referral = who.save(commit=False)
        try:
            access.enforce_new(user, activity)
            services.record_referral(activity, referral, actor=user, as_of=today)
        except ValidationError as error:
            add_service_error(when, error)
        else:
            # The writer knows whom they referred: remember why they hold it, for the next page.
            privacy.remember_purpose(
                request.session, _key(referral), "Recording this referral to support"
            )
            messages.success(request, "The referral is recorded; the school will acknowledge it.")
            return redirect(referral)
    return render(
        request,
        "activity/referral_form.html",
        {"when": when, "who": who},
        status=422 if request.method == "POST" else 200,
    )


def _key(referral: SupportReferral) -> str:
    return f"support-referral:{referral.pk}"


def _purposes(user: object, referral: SupportReferral) -> list[str]:
    activity = referral.activity
    police = principal_for(user).role is not Role.SCHOOL_ADMIN
    listed = privacy.purposes_at(
        activity.officer.agency_id, activity.school_id, activity.on, police=police
    )
    return listed if police else [SCHOOL_PURPOSE, *(p for p in listed if p != SCHOOL_PURPOSE)]


@login_required
def referral_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user = request.user
    referral = access.get_referral(user, pk)
    shows_identity = access.may_see_identity(user, referral)
    form = PurposeForm(request.POST or None, purposes=_purposes(user, referral))
    if request.method == "POST":
        if not shows_identity:
            return redirect(referral)
        if form.is_valid():
            privacy.remember_purpose(request.session, _key(referral), form.cleaned_data["purpose"])
            return redirect(referral)
    purpose = privacy.stated_purpose(request.session, _key(referral)) if shows_identity else None
    if purpose:
        log_access(user=user, record=referral, purpose=purpose)
    return render(
        request,
        "activity/referral_detail.html",
        {
            "referral": referral,
            "activity": referral.activity,
            "shows_identity": shows_identity,
            "purpose": purpose,
            "form": form,
            "acknowledge_form": AcknowledgeForm()
            if referral.acknowledged_at is None
            and may_write(user, pk, access.get_referral_to_acknowledge)
            else None,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def referral_acknowledge(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    referral = access.get_referral_to_acknowledge(request.user, pk)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge_referral(
                referral, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The referral is acknowledged; the SRO will see it.")
    else:
        messages.error(request, "Note: keep it under 2,000 characters.")
    return redirect(referral)
