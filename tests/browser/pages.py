"""The pages the browser tests visit: who opens them, and where they are."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ANONYMOUS = ""

HOME_HEADINGS = {
    "chief": "Chief's overview",
    "sergeant": "Sergeant's overview",
    "sro": "My day",
    "records": "Records",
    "principal": "My schools",
    "auditor": "Auditor",
}
ROLES = list(HOME_HEADINGS)


@dataclass(frozen=True)
class Page:
    id: str
    username: str  # ANONYMOUS for a visitor who has not signed in
    path: str | Callable[[Any], str]  # a path, or a function of the `demo` fixture

    def url(self, live_server: Any, demo: Any) -> str:
        path = self.path(demo) if callable(self.path) else self.path
        return f"{live_server.url}{path}"


def _officer_detail(demo: Any) -> str:
    return str(demo.officers["Lindqvist"].get_absolute_url())


def _officer_training(demo: Any) -> str:
    return f"/training/officers/{demo.officers['Okafor'].pk}/"


def _course_form(demo: Any) -> str:
    return f"/training/officers/{demo.officers['Haugen'].pk}/courses/new/"


def _calendar(demo: Any) -> str:
    return f"/districts/{demo.high_school.education_agency_id}/calendar/"


def _officer_month(name: str, month: str) -> Callable[[Any], str]:
    """An officer's month of the schedule (where /schedule/me/ redirects the officer)."""

    def path(demo: Any) -> str:
        return f"/schedule/officers/{demo.officers[name].pk}/?month={month}"

    return path


def _duty_form(demo: Any) -> str:
    officer = demo.officers["Raman"].pk
    return f"/schedule/officers/{officer}/duties/new/?first_day=2026-12-29&last_day=2026-12-31"


def _pull_form(demo: Any) -> str:
    return f"/schedule/officers/{demo.officers['Haugen'].pk}/pulls/new/"


def _contract(suffix: str, kind: str = "district") -> Callable[[Any], str]:
    """A page of the district's (uploaded, partly confirmed) or the charter school's contract."""

    def path(demo: Any) -> str:
        from sro.contracts.models import Contract

        contract = Contract.objects.get(education_agency__kind=kind)
        return f"/contracts/{contract.pk}/{suffix}"

    return path


def _contract_document(demo: Any) -> str:
    from sro.contracts.models import ContractDocument

    return f"/contracts/documents/{ContractDocument.objects.get().pk}/"


def _public_school(demo: Any) -> str:
    return f"/public/schools/{demo.high_school.pk}/"


def _public_policy(demo: Any) -> str:
    return f"/public/agencies/{demo.agency.pk}/policy/"


def _incident(suffix: str, summary: str = "Threat") -> Callable[[Any], str]:
    def path(demo: Any) -> str:
        from sro.incidents.models import Incident

        return f"/incidents/{Incident.objects.get(summary__startswith=summary).pk}/{suffix}"

    return path


def _force(suffix: str) -> Callable[[Any], str]:
    def path(demo: Any) -> str:
        from sro.use_of_force.models import ForceReport

        return f"/force/{ForceReport.objects.get(prone_start__isnull=False).pk}/{suffix}"

    return path


def _force_new(demo: Any) -> str:
    from sro.incidents.models import Incident

    return f"/incidents/{Incident.objects.get(summary__startswith='Pills').pk}/force/new/"


def _alert(demo: Any) -> str:
    from sro.use_of_force.models import EarlyInterventionAlert

    return f"/force/alerts/{EarlyInterventionAlert.objects.get().pk}/"


def _referral(demo: Any) -> str:
    from sro.incidents.models import IncidentPerson

    return f"/referrals/{IncidentPerson.objects.get(disposition='referred_to_school').pk}/"


def _audit(
    suffix: str, status: str = "in_progress", school: str = "Runestone Middle School"
) -> Callable[[Any], str]:
    """A page of a school's security audit."""

    def path(demo: Any) -> str:
        from sro.safety.models import SecurityAudit

        audit = SecurityAudit.objects.filter(school__name=school, status=status)[0]
        return f"/safety/audits/{audit.pk}/{suffix}"

    return path


def _education_new(demo: Any) -> str:
    from sro.incidents.models import Incident

    incident = Incident.objects.filter(officer=demo.officers["Lindqvist"]).first()
    assert incident is not None
    return f"/records/incidents/{incident.pk}/education/new/"


def _district_joint_report(demo: Any) -> str:
    from sro.contracts.models import Contract

    return f"/reports/contracts/{Contract.objects.get(education_agency__kind='district').pk}/"


def _data_request(demo: Any) -> str:
    from sro.records.models import DataRequest

    return f"/records/requests/{DataRequest.objects.get().pk}/"


def _safety_recommendation(demo: Any) -> str:
    from sro.safety.models import Recommendation

    rec = Recommendation.objects.filter(finding__audit__school=demo.high_school, status="open")[0]
    return f"/safety/recommendations/{rec.pk}/edit/"


LOGIN = Page("login", ANONYMOUS, "/login/")
HOMES = [Page(f"home-{role}", role, "/home/") for role in ROLES]
NEW_ASSIGNMENT = Page("assignment-form", "sergeant", "/assignments/new/")
PASSWORD_CHANGE = Page("password-change", "sro", "/account/password/")

# The application's own pages (server-rendered with USWDS): these must pass axe.
MAIN_PAGES = [
    LOGIN,
    *HOMES,
    Page("officers", "chief", "/officers/"),
    Page("assignments", "sergeant", "/assignments/"),
    NEW_ASSIGNMENT,
    Page("schools", "chief", "/schools/"),
    Page("districts", "chief", "/districts/"),
    Page("contracts", "chief", "/contracts/"),
    Page("contract-district", "chief", _contract("")),
    Page("contract-charter", "sergeant", _contract("", "charter")),
    Page("contract-item-form", "chief", _contract("items/attire/", "charter")),
    Page("contract-change-form", "chief", _contract("changes/new/")),
    Page("contract-upload-form", "chief", _contract("documents/new/")),
    Page("contract-document", "chief", _contract_document),
    Page("officer-detail", "sergeant", _officer_detail),
    Page("audit-trail", "auditor", "/audit/"),
    Page("access-log", "records", "/audit/access/"),
    Page("api-tokens", "chief", "/account/tokens/"),
    PASSWORD_CHANGE,
    Page("recovery-codes", "records", "/account/two-factor/recovery-codes/"),
    Page("training-compliance", "chief", "/training/"),
    Page("officer-training", "sergeant", _officer_training),
    Page("my-training", "sro", "/training/me/"),
    Page("course-form", "sergeant", _course_form),
    Page("policy", "sro", "/policy/"),
    Page("policy-versions", "chief", "/policy/versions/"),
    Page("policy-version-form", "chief", "/policy/versions/new/"),
    Page("school-calendar", "sergeant", _calendar),
    Page("coverage-day", "sergeant", "/schedule/?day=2026-12-01"),
    Page("coverage-day-principal", "principal", "/schedule/?day=2026-11-30"),
    Page("my-schedule", "sro", _officer_month("Lindqvist", "2026-12")),
    Page("officer-schedule", "sergeant", _officer_month("Raman", "2026-12")),
    Page("days-to-assign", "sergeant", "/schedule/to-assign/"),
    Page("schedule-problems", "sergeant", "/schedule/problems/"),
    Page("duty-form", "sergeant", _duty_form),
    Page("pull-form", "sergeant", _pull_form),
    Page("notices", "chief", "/notices/"),
    Page("notices-principal", "principal", "/notices/"),
    Page("notice-form", "principal", "/notices/new/"),
    Page("notice-letter-form", "chief", "/notices/template/"),
    Page("public-index", ANONYMOUS, "/public/"),
    Page("public-transparency", ANONYMOUS, "/public/transparency/"),
    Page("public-school", ANONYMOUS, _public_school),
    Page("public-policy", ANONYMOUS, _public_policy),
    Page("incidents", "sergeant", "/incidents/"),
    Page("incidents-sro", "sro", "/incidents/"),
    Page("incident-new", "sro", "/incidents/new/"),
    Page("incident", "sergeant", _incident("")),
    Page("incident-auditor", "auditor", _incident("")),
    Page("incident-edit-purpose", "sergeant", _incident("edit/")),
    Page("person-new", "sergeant", _incident("people/new/")),
    Page("incident-figures", "chief", "/incidents/figures/"),
    Page("referrals-principal", "principal", "/referrals/"),
    Page("referral-principal", "principal", _referral),
    Page("force-reports", "sergeant", "/force/"),
    Page("force-reports-sro", "sro", "/force/"),
    Page("force-report", "sergeant", _force("")),
    Page("force-report-as-supervisor", "chief", _force("")),
    Page("force-report-auditor", "auditor", _force("")),
    Page("force-report-new", "sro", _force_new),
    Page("interventions", "chief", "/force/interventions/"),
    Page("intervention-form", "sro", "/force/interventions/new/"),
    Page("bca-months", "chief", "/force/bca/"),
    Page("early-intervention-alerts", "chief", "/force/alerts/"),
    Page("early-intervention-alert", "chief", _alert),
    Page("force-figures", "chief", "/force/figures/"),
    Page("safety-overview", "sergeant", "/safety/"),
    Page(
        "safety-school-principal",
        "principal",
        lambda demo: f"/safety/schools/{demo.high_school.pk}/",
    ),
    Page("safety-drills", "sro", "/safety/drills/"),
    Page("safety-drill-form", "sergeant", "/safety/drills/new/"),
    Page("safety-events", "sergeant", "/safety/events/"),
    Page(
        "safety-plan-form", "principal", lambda demo: f"/safety/schools/{demo.high_school.pk}/plan/"
    ),
    Page("safety-audits", "chief", "/safety/audits/"),
    Page("safety-audit", "sergeant", _audit("")),
    Page(
        "safety-audit-principal", "principal", _audit("", "completed", "Central Lakes High School")
    ),
    Page("safety-audit-area", "sergeant", _audit("areas/1/")),
    Page("safety-audit-complete", "sergeant", _audit("complete/")),
    Page("safety-recommendations", "principal", "/safety/recommendations/"),
    Page("safety-recommendation-edit", "principal", _safety_recommendation),
    Page("safety-checklist", "chief", "/safety/checklist/"),
    Page("activity-log", "sro", "/activity/log/"),
    Page("activity-time-by-duty", "principal", "/activity/time-by-duty/?month=2026-11"),
    Page("annual-report", "chief", "/reports/annual/?school_year=2026-27"),
    Page("joint-report", "principal", _district_joint_report),
    Page("activity-referrals", "principal", "/activity/referrals/"),
    Page("activity-lessons", "sro", "/activity/lessons/"),
    Page("data-requests", "records", "/records/requests/"),
    Page("data-request", "records", _data_request),
    Page("data-request-new", "records", "/records/requests/new/"),
    Page("public-complaint-form", ANONYMOUS, "/public/complaints/new/"),
    Page("complaints", "chief", "/complaints/"),
    Page("education-record-new", "sro", _education_new),
    Page("second-factor-verify", "records", "/account/two-factor/"),
    Page("second-factor-setup", "sergeant", "/account/two-factor/setup/"),
    Page("read-agency", "state", "/account/agency/"),
    Page("training-import", "sergeant", "/training/import/"),
]

# The interactive API documentation is third-party (Swagger UI through django-ninja): it is
# held to the same-origin and clean-console rules, not to axe.
API_DOCS = Page("api-docs", "chief", "/api/v1/docs")
ALL_PAGES = [*MAIN_PAGES, API_DOCS]


def ids(pages: list[Page]) -> list[str]:
    return [p.id for p in pages]


def field(page: Any, label: str) -> Any:
    """The form control labelled `label`, as a user finds it (a required field's label ends
    with " *"; the whole label must match, so "Officer" is not "Supervisor override ...")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))
