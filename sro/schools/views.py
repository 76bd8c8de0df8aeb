"""Pages for districts, charter schools and schools."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sro.accounts.principal import agency_id_of
from sro.core.views import DetailPage, FormPage, ListPage
from sro.schools import access, services
from sro.schools.forms import EducationAgencyForm, SchoolForm
from sro.schools.models import EducationAgency, School


class EducationAgencyList(ListPage):
    template_name = "schools/education_agency_list.html"
    list_for_user = access.education_agencies_for_user
    resource = "education_agency"


class EducationAgencyDetail(DetailPage):
    template_name = "schools/education_agency_detail.html"
    get_for_user = access.get_education_agency_for_user
    resource = "education_agency"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        schools = access.schools_for_user(request.user).filter(education_agency=obj)
        return {"schools": schools}


class EducationAgencyEdit(FormPage):
    form_class = EducationAgencyForm
    resource = "education_agency"
    get_for_user = access.get_education_agency_for_user
    noun = "district or charter school"
    list_url_name = "schools:education_agency_list"

    def form_kwargs(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def save(self, request: HttpRequest, form: Any) -> EducationAgency:
        lea: EducationAgency = form.save(commit=False)
        if lea._state.adding:
            lea.agency_id = agency_id_of(request.user)
        return services.save_education_agency(lea, actor=request.user)


class SchoolList(ListPage):
    template_name = "schools/school_list.html"
    list_for_user = access.schools_for_user
    resource = "school"


class SchoolDetail(DetailPage):
    template_name = "schools/school_detail.html"
    get_for_user = access.get_school_for_user
    resource = "school"


class SchoolEdit(FormPage):
    form_class = SchoolForm
    resource = "school"
    get_for_user = access.get_school_for_user
    noun = "school"
    list_url_name = "schools:school_list"

    def save(self, request: HttpRequest, form: Any) -> School:
        return services.save_school(form.save(commit=False), actor=request.user)
