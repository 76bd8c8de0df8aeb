"""API for incidents at school, referrals to school authorities and the offense list: the same
access helpers, services and privacy rules as the pages. Lists and the record show people only
by their name-free label; names, details and the narrative come from `/incidents/{id}/people`,
which needs a stated purpose and writes the access log."""

# No `from __future__ import annotations`: django-ninja reads a paginated view's parameter types
# through its wrapper, whose module cannot resolve names imported here (such as IncidentFilter).
import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from sro.accounts.principal import agency_id_of, principal_for
from sro.core import clock
from sro.core.access import require_list
from sro.core.api import ErrorOut, FormInvalid, SchoolYear, ValidationOut, bind_form, on_days
from sro.incidents import access, privacy, queries, services
from sro.incidents.facts import finding_for
from sro.incidents.forms import (
    AcknowledgeForm,
    DispositionForm,
    PersonForm,
    QuickIncidentForm,
    ReviewForm,
)
from sro.incidents.models import Incident, IncidentPerson, Offense
from sro.incidents.schemas import (
    AcknowledgeIn,
    FiguresOut,
    IncidentFilter,
    IncidentIn,
    IncidentListOut,
    IncidentOut,
    OffenseOut,
    PeopleOut,
    PurposeRequiredOut,
    ReferralOut,
    ReviewIn,
)
from sro.rules.dates import school_year_of
from sro.rules.incidents import IncidentFinding, Reason

router = Router(tags=["incidents"])
ERRORS = {403: ErrorOut, 404: ErrorOut}
INPUT_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


@router.get("/incidents", response={200: list[IncidentListOut], **INPUT_ERRORS})
@paginate
def list_incidents(request: HttpRequest, filters: Query[IncidentFilter]) -> object:
    """Incidents in the user's scope, newest first, without names. Filter by status, school id
    and the day it happened (`from` and `to`, inclusive, in the agency's time zone)."""
    incidents: QuerySet[Incident] = access.incidents_for_user(request.user)
    incidents = on_days(incidents, "occurred_at", filters.date_from, filters.date_to)
    if filters.status is not None:
        incidents = incidents.filter(status=filters.status)
    if filters.school is not None:
        incidents = incidents.filter(school_id=filters.school)
    return incidents


def _bind_plain(form_class: type[Form], payload: Schema) -> Form:
    """Validate JSON input with a page's plain (non-model) form; `bind_form` is for model forms."""
    data = {k: "" if v is None else v for k, v in payload.model_dump().items()}
    form = form_class(data)
    if not form.is_valid():
        raise FormInvalid(form)
    return form


def _storable(moment: dt.datetime | None) -> None:
    """A time the database can hold once moved to UTC (the year stays within 1 to 9999)."""
    if moment is None:
        return
    try:
        aware = moment if moment.tzinfo else moment.replace(tzinfo=clock.agency_zone())
        aware.astimezone(dt.UTC)
        aware.astimezone(clock.agency_zone())
    except OverflowError:
        raise ValidationError(
            {"occurred_at": "This date and time cannot be recorded; check the year."}
        ) from None


@router.post("/incidents", response={201: IncidentOut, **INPUT_ERRORS})
def create_incident(request: HttpRequest, payload: IncidentIn) -> object:
    """Quick entry, as on a phone: a draft with the department's next case number. The caller's
    own officer is the reporting officer; a caller who is not an officer names one."""
    require_list(request.user, "incident", write=True)
    _storable(payload.occurred_at)
    form = bind_form(
        QuickIncidentForm,
        payload,
        agency_id=agency_id_of(request.user),
        officer_id=principal_for(request.user).officer_id,
    )
    incident: Incident = form.save(commit=False)
    access.enforce_new(request.user, incident)
    services.create_incident(incident, actor=request.user)
    return Status(201, _record(request, incident))


def _reason(r: Reason) -> dict[str, str]:
    return {
        "code": r.code,
        "field": r.field,
        "message": r.message,
        "citation": r.citation,
        "person_id": r.person_id,
    }


def _record(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    people = list(incident.people.all())
    finding: IncidentFinding = finding_for(incident, people)
    findings = {f.person_id: f for f in finding.persons}
    return {
        "id": incident.pk,
        "number": incident.number,
        "status": incident.status,
        "school_id": incident.school_id,
        "school": incident.school.name,
        "officer_id": incident.officer_id,
        "officer": incident.officer.full_name,
        "occurred_at": incident.occurred_at,
        "place": incident.place,
        "summary": incident.summary,
        "offense": incident.offense.citation if incident.offense else None,
        "offense_title": incident.offense.title if incident.offense else "",
        "violates_school_rules": incident.violates_school_rules,
        "initiated_by": incident.initiated_by,
        "submitted_at": incident.submitted_at,
        "reviewed_at": incident.reviewed_at,
        "review_comment": incident.review_comment,
        "people": [
            {
                "id": p.pk,
                "position": p.position,
                "label": p.label,
                "kind": p.kind,
                "role": p.role,
                "disposition": p.disposition,
                "program_run_by": p.program_run_by,
                "nibrs": findings[str(p.pk)].nibrs,
                "referral_to_law_enforcement": findings[str(p.pk)].referral_to_law_enforcement,
                "school_related_arrest": findings[str(p.pk)].school_related_arrest,
                "acknowledged_at": p.acknowledged_at,
            }
            for p in people
        ],
        "ready": finding.ready,
        "missing": [_reason(r) for r in finding.missing],
        "flags": [_reason(r) for r in finding.flags],
        "rules_version": finding.rules_version,
        "steps": [
            {
                "action": s.action,
                "by": s.by.get_full_name() or s.by.username,
                "at": s.at,
                "comment": s.comment,
            }
            for s in incident.steps.select_related("by")
        ],
        "may_see_identity": access.may_see_identity(request.user, incident),
    }


@router.get("/incidents/figures", response={200: FiguresOut, **INPUT_ERRORS})
def incident_figures(request: HttpRequest, school_year: SchoolYear | None = None) -> object:
    """Dispositions of students by school and by month in a school year (the current one by
    default): counts only, never a person."""
    require_list(request.user, "incident_figures")
    year = school_year or school_year_of(clock.today())
    figures = queries.figures(agency_id_of(request.user), year)
    ids = [d for d, _ in figures.dispositions]
    return {
        "school_year": figures.school_year,
        "dispositions": [{"id": d, "label": label} for d, label in figures.dispositions],
        "by_school": [
            {"school": name, "counts": dict(zip(ids, counts, strict=True)), "total": total}
            for name, counts, total in figures.by_school
        ],
        "by_month": [
            {"month": month, "referrals": referrals, "arrests": arrests, "total": total}
            for month, referrals, arrests, total in figures.by_month
        ],
        "totals": dict(zip(ids, figures.totals or [0] * len(ids), strict=True)),
        "total": figures.total,
        "referrals": figures.referrals,
        "arrests": figures.arrests,
    }


@router.get("/incidents/{incident_id}", response={200: IncidentOut, **ERRORS})
def get_incident(request: HttpRequest, incident_id: uuid.UUID) -> object:
    """The record without identities: each person by label, with the disposition, the NIBRS code
    and the two school-report facts, and what the policy still asks (`missing`) or flags."""
    incident = access.get_incident_for_user(request.user, incident_id)
    return _record(request, incident)


@router.get(
    "/incidents/{incident_id}/people",
    response={200: PeopleOut, 403: ErrorOut, 404: ErrorOut, 422: PurposeRequiredOut},
)
def incident_people(
    request: HttpRequest, incident_id: uuid.UUID, purpose: str | None = None
) -> object:
    """The people's names and details, and the narrative, for a stated `purpose` (one of those
    the school's contract or the department lists; a refusal lists them). Each call writes one
    access-log entry per person and one for the narrative."""
    incident = access.get_incident_for_user(request.user, incident_id)
    if not access.may_see_identity(request.user, incident):
        raise PermissionDenied("Your role does not show people's identities.")
    purposes = privacy.purposes_for(incident)
    if purpose is None or purpose not in purposes:
        listed = "; ".join(f"“{p}”" for p in purposes)
        return Status(
            422,
            {
                "detail": "State why you are opening this record.",
                "errors": [
                    {"field": "purpose", "message": f"Give one of the listed purposes: {listed}."}
                ],
                "purposes": purposes,
            },
        )
    people = list(incident.people.all())
    privacy.log_people_view(request.user, incident, people, purpose)
    ages = {f.person_id: f.age for f in finding_for(incident, people).persons}
    return {
        "incident_id": incident.pk,
        "purpose": purpose,
        "narrative": incident.narrative,
        "people": [_person(p, ages[str(p.pk)]) for p in people],
    }


# What the person and disposition forms hold (the guardian as its id), and the acknowledgement.
PERSON_FIELDS = (
    "id",
    "position",
    "label",
    *(f"{name}_id" if name == "guardian_of" else name for name in PersonForm.Meta.fields),
    *DispositionForm.Meta.fields,
    "acknowledged_at",
    "acknowledgement_note",
)


def _person(person: IncidentPerson, age: int | None) -> dict[str, Any]:
    return {name: getattr(person, name) for name in PERSON_FIELDS} | {"age": age}


@router.post("/incidents/{incident_id}/submit", response={200: IncidentOut, **INPUT_ERRORS})
def submit_incident(request: HttpRequest, incident_id: uuid.UUID) -> object:
    """Send the record for review; refused (422) while the narrative or an answer the policy asks
    for is missing, each with its citation."""
    incident = access.get_incident_for_user(request.user, incident_id, write=True)
    services.submit_incident(incident, actor=request.user)
    return _record(request, incident)


@router.post("/incidents/{incident_id}/review", response={200: IncidentOut, **INPUT_ERRORS})
def review_incident(request: HttpRequest, incident_id: uuid.UUID, payload: ReviewIn) -> object:
    """A sergeant or the chief approves a submitted record or returns it with a comment; the
    person who submitted it does not review it."""
    incident = access.get_incident_for_user(request.user, incident_id)
    if not access.may_review(request.user, incident):
        raise PermissionDenied("Your role does not review incidents.")
    form = _bind_plain(ReviewForm, payload)
    services.review_incident(
        incident,
        actor=request.user,
        approve=form.cleaned_data["decision"] == "approve",
        comment=form.cleaned_data["comment"],
    )
    return _record(request, incident)


@router.get("/referrals", response={200: list[ReferralOut], **ERRORS})
@paginate
def list_referrals(request: HttpRequest) -> object:
    """Students referred to school authorities in submitted or approved records, by label: a
    school administrator sees their own schools' referrals."""
    return access.referrals_for_user(request.user)


@router.post("/referrals/{referral_id}/acknowledge", response={200: ReferralOut, **INPUT_ERRORS})
def acknowledge_referral(
    request: HttpRequest, referral_id: uuid.UUID, payload: AcknowledgeIn
) -> object:
    """The school records that it received the referral, with an optional note for the SRO."""
    person = access.get_referral_for_user(request.user, referral_id, write=True)
    form = _bind_plain(AcknowledgeForm, payload)
    return services.acknowledge_referral(person, actor=request.user, note=form.cleaned_data["note"])


@router.get("/offenses", response={200: list[OffenseOut], **ERRORS})
@paginate
def list_offenses(request: HttpRequest, q: str | None = None) -> object:
    """The active Minnesota offenses incidents are recorded under; `q` matches the citation or
    the title."""
    offenses: QuerySet[Offense] = access.offenses_for_user(request.user)
    text = (q or "").replace("\x00", "").strip()
    if text:
        offenses = offenses.filter(Q(citation__icontains=text) | Q(title__icontains=text))
    return offenses
