from django.urls import path

from sro.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("districts/<uuid:pk>/calendar/", views.calendar, name="calendar"),
    path("districts/<uuid:pk>/calendar/import/", views.import_calendar, name="calendar_import"),
    path("schedule/", views.day, name="day"),
    path("schedule/me/", views.my_schedule, name="mine"),
    path("schedule/to-assign/", views.to_assign, name="to_assign"),
    path("schedule/problems/", views.problems, name="problems"),
    path("schedule/officers/<uuid:pk>/", views.officer_month, name="officer_month"),
    path(
        "schedule/officers/<uuid:pk>/duties/new/",
        views.new_entry,
        {"kind": "duty"},
        name="duty_create",
    ),
    path(
        "schedule/officers/<uuid:pk>/absences/new/",
        views.new_entry,
        {"kind": "absence"},
        name="absence_create",
    ),
    path(
        "schedule/officers/<uuid:pk>/pulls/new/",
        views.new_entry,
        {"kind": "pull"},
        name="pull_create",
    ),
    path(
        "schedule/duties/<uuid:pk>/remove/",
        views.cancel_entry,
        {"kind": "duty"},
        name="duty_remove",
    ),
    path(
        "schedule/absences/<uuid:pk>/remove/",
        views.cancel_entry,
        {"kind": "absence"},
        name="absence_remove",
    ),
    path(
        "schedule/pulls/<uuid:pk>/remove/", views.cancel_entry, {"kind": "pull"}, name="pull_remove"
    ),
    path("schedule/officers/<uuid:pk>/feed/", views.feed, name="feed"),
    path("feeds/<str:secret>.ics", views.feed_ics, name="feed_ics"),
]
