"""Pages for the agency, officers and assignments."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sro.core import clock
from sro.core.views import DetailPage, FormPage, ListPage
from sro.roster import access, services
from sro.roster.forms import AgencyForm, AssignmentForm, OfficerForm
from sro.roster.models import Agency, Assignment, Officer
from sro.training.queries import compliance_for


class AgencyDetail(DetailPage):
    template_name = "roster/agency_detail.html"
    get_for_user = access.get_agency_for_user
    resource = "agency"


class AgencyEdit(FormPage):
    form_class = AgencyForm
    resource = "agency"
    get_for_user = access.get_agency_for_user
    noun = "agency"

    def form_kwargs(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def save(self, request: HttpRequest, form: Any) -> Agency:
        return services.save_agency(form.save(commit=False), actor=request.user)


class OfficerList(ListPage):
    template_name = "roster/officer_list.html"
    list_for_user = access.officers_for_user
    resource = "officer"

    def filter(self, request: HttpRequest, qs: Any) -> Any:
        if request.GET.get("active") == "no":
            return qs.filter(active=False)
        if request.GET.get("active") != "all":
            return qs.filter(active=True)
        return qs


class OfficerDetail(DetailPage):
    template_name = "roster/officer_detail.html"
    get_for_user = access.get_officer_for_user
    resource = "officer"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        assignments = obj.assignments.select_related("school", "contract")
        return {
            "assignments": assignments,
            "today": clock.today(),
            "row": compliance_for(obj, as_of=clock.today()),
        }


class OfficerEdit(FormPage):
    form_class = OfficerForm
    resource = "officer"
    get_for_user = access.get_officer_for_user
    noun = "officer"
    list_url_name = "roster:officer_list"

    def save(self, request: HttpRequest, form: Any) -> Officer:
        return services.save_officer(form.save(commit=False), actor=request.user)


class AssignmentList(ListPage):
    template_name = "roster/assignment_list.html"
    list_for_user = access.assignments_for_user
    resource = "assignment"

    def filter(self, request: HttpRequest, qs: Any) -> Any:
        from django.db.models import Q

        if request.GET.get("show") == "all":
            return qs
        return qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=clock.today()))


class AssignmentDetail(DetailPage):
    template_name = "roster/assignment_detail.html"
    get_for_user = access.get_assignment_for_user
    resource = "assignment"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {"row": compliance_for(obj.officer, as_of=clock.today())}


class AssignmentEdit(FormPage):
    form_class = AssignmentForm
    resource = "assignment"
    get_for_user = access.get_assignment_for_user
    noun = "assignment"
    list_url_name = "roster:assignment_list"

    def save(self, request: HttpRequest, form: Any) -> Assignment:
        return services.save_assignment(
            form.save(commit=False),
            actor=request.user,
            override_reason=form.cleaned_data["override_reason"],
            double_booking_reason=form.cleaned_data["double_booking_reason"],
        )
