from django.urls import path

from sro.incidents import views

app_name = "incidents"
urlpatterns = [
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/new/", views.incident_new, name="incident_new"),
    path("incidents/figures/", views.figures, name="figures"),
    path("incidents/<uuid:pk>/", views.incident_detail, name="incident"),
    path("incidents/<uuid:pk>/purpose/", views.state_purpose, name="purpose"),
    path("incidents/<uuid:pk>/edit/", views.incident_edit, name="incident_edit"),
    path("incidents/<uuid:pk>/narrative/", views.narrative_history, name="narrative"),
    path("incidents/<uuid:pk>/people/new/", views.person_new, name="person_new"),
    path("incidents/<uuid:pk>/submit/", views.submit, name="submit"),
    path("incidents/<uuid:pk>/review/", views.review, name="review"),
    path("incidents/people/<uuid:pk>/edit/", views.person_edit, name="person_edit"),
    path("incidents/people/<uuid:pk>/disposition/", views.disposition_edit, name="disposition"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<uuid:pk>/", views.referral_detail, name="referral"),
    path("referrals/<uuid:pk>/acknowledge/", views.referral_acknowledge, name="acknowledge"),
]
