from django.urls import path

from sro.roster import views

app_name = "roster"
urlpatterns = [
    path("agency/<uuid:pk>/", views.AgencyDetail.as_view(), name="agency"),
    path("agency/<uuid:pk>/edit/", views.AgencyEdit.as_view(), name="agency_edit"),
    path("officers/", views.OfficerList.as_view(), name="officer_list"),
    path("officers/new/", views.OfficerEdit.as_view(), name="officer_create"),
    path("officers/<uuid:pk>/", views.OfficerDetail.as_view(), name="officer"),
    path("officers/<uuid:pk>/edit/", views.OfficerEdit.as_view(), name="officer_edit"),
    path("assignments/", views.AssignmentList.as_view(), name="assignment_list"),
    path("assignments/new/", views.AssignmentEdit.as_view(), name="assignment_create"),
    path("assignments/<uuid:pk>/", views.AssignmentDetail.as_view(), name="assignment"),
    path("assignments/<uuid:pk>/edit/", views.AssignmentEdit.as_view(), name="assignment_edit"),
]
