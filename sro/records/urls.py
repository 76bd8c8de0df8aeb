"""The data-request register."""

from django.urls import path

from sro.records import views

app_name = "records"
urlpatterns = [
    path("records/requests/", views.request_list, name="request_list"),
    path("records/requests/new/", views.request_new, name="request_new"),
    path("records/requests/<uuid:pk>/", views.request_detail, name="request"),
    path(
        "records/requests/<uuid:pk>/copies/<uuid:incident>.pdf",
        views.copy_pdf,
        name="copy_pdf",
    ),
    path("records/requests/<uuid:pk>/review/", views.request_review, name="review"),
    path("records/requests/<uuid:pk>/release/", views.request_release, name="release"),
    path(
        "records/incidents/<uuid:incident>/education/new/",
        views.education_new,
        name="education_new",
    ),
]
