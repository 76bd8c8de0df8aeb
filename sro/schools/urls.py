from django.urls import path

from sro.schools import views

app_name = "schools"
urlpatterns = [
    path("districts/", views.EducationAgencyList.as_view(), name="education_agency_list"),
    path("districts/new/", views.EducationAgencyEdit.as_view(), name="education_agency_create"),
    path("districts/<uuid:pk>/", views.EducationAgencyDetail.as_view(), name="education_agency"),
    path(
        "districts/<uuid:pk>/edit/",
        views.EducationAgencyEdit.as_view(),
        name="education_agency_edit",
    ),
    path("schools/", views.SchoolList.as_view(), name="school_list"),
    path("schools/new/", views.SchoolEdit.as_view(), name="school_create"),
    path("schools/<uuid:pk>/", views.SchoolDetail.as_view(), name="school"),
    path("schools/<uuid:pk>/edit/", views.SchoolEdit.as_view(), name="school_edit"),
]
