from django.urls import path

from sro.use_of_force import views
from sro.use_of_force.oversight_urls import urlpatterns as oversight

app_name = "use_of_force"
urlpatterns = [
    path("force/", views.report_list, name="report_list"),
    path("incidents/<uuid:incident_pk>/force/new/", views.report_new, name="report_new"),
    path("force/<uuid:pk>/", views.report_detail, name="report"),
    path("force/<uuid:pk>/edit/", views.report_edit, name="report_edit"),
    path("force/<uuid:pk>/submit/", views.submit, name="submit"),
    path("force/<uuid:pk>/review/", views.review_step, name="review"),
] + oversight
