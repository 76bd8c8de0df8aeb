from django.urls import path

from sro.audittrail import views

app_name = "audittrail"
urlpatterns = [
    path("audit/", views.event_list, name="event_list"),
    path("audit/access/", views.access_list, name="access_list"),
]
