"""The safety overview, one school's safety page, drills, safety plans and event security."""

from django.urls import path

from sro.safety import drill_views, event_views, plan_views, views

urlpatterns = [
    path("safety/", views.overview, name="overview"),
    path("safety/schools/<uuid:pk>/", views.school, name="school"),
    path("safety/schools/<uuid:pk>/plan/", plan_views.plan_edit, name="plan_edit"),
    path("safety/plans/<uuid:pk>/file/", plan_views.plan_file, name="plan_file"),
    path(
        "safety/plans/<uuid:pk>/contributions/new/",
        plan_views.contribution_new,
        name="contribution_new",
    ),
    path("safety/drills/", drill_views.drill_list, name="drill_list"),
    path("safety/drills/new/", drill_views.drill_new, name="drill_new"),
    path("safety/drills/<uuid:pk>/edit/", drill_views.drill_edit, name="drill_edit"),
    path("safety/drills/<uuid:pk>/remove/", drill_views.drill_remove, name="drill_remove"),
    path("safety/events/", event_views.event_list, name="event_list"),
    path("safety/events/new/", event_views.event_new, name="event_new"),
    path("safety/events/<uuid:pk>/edit/", event_views.event_edit, name="event_edit"),
]
