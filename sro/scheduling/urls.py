from django.urls import path

from sro.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("districts/<uuid:pk>/calendar/", views.calendar, name="calendar"),
    path("districts/<uuid:pk>/calendar/import/", views.import_calendar, name="calendar_import"),
]
