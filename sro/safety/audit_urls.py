"""Routes for the security audits, their findings and recommendations, and the department's
checklist (views in audit_views.py and checklist_views.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from sro.safety import audit_views as views
from sro.safety import checklist_views

urlpatterns: list[URLPattern] = [
    path("safety/audits/", views.audit_list, name="audit_list"),
    path("safety/schools/<uuid:pk>/audit/start/", views.audit_start, name="audit_start"),
    path("safety/schools/<uuid:pk>/audit/open/", views.audit_open, name="audit_open"),
    path("safety/audits/<uuid:pk>/", views.audit, name="audit"),
    path("safety/audits/<uuid:pk>/assign/", views.audit_assign, name="audit_assign"),
    path("safety/audits/<uuid:pk>/areas/<int:number>/", views.audit_area, name="audit_area"),
    path("safety/audits/<uuid:pk>/findings/new/", views.finding_new, name="finding_new"),
    path("safety/audits/<uuid:pk>/complete/", views.audit_complete, name="audit_complete"),
    path("safety/audits/<uuid:pk>/report.pdf", views.audit_pdf, name="audit_pdf"),
    path("safety/photos/<uuid:pk>/", views.photo, name="photo"),
    path("safety/photos/<uuid:pk>/remove/", views.photo_remove, name="photo_remove"),
    path("safety/findings/<uuid:pk>/edit/", views.finding_edit, name="finding_edit"),
    path(
        "safety/findings/<uuid:pk>/recommendations/new/",
        views.recommendation_new,
        name="recommendation_new",
    ),
    path("safety/recommendations/", views.recommendation_list, name="recommendation_list"),
    path(
        "safety/recommendations/<uuid:pk>/edit/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path("safety/checklist/", checklist_views.checklist, name="checklist"),
    path("safety/checklist/default/", checklist_views.checklist_default, name="checklist_default"),
    path("safety/checklist/areas/new/", checklist_views.area_form, name="checklist_area_new"),
    path(
        "safety/checklist/areas/<uuid:pk>/edit/",
        checklist_views.area_form,
        name="checklist_area_edit",
    ),
    path("safety/checklist/items/new/", checklist_views.item_form, name="checklist_item_new"),
    path(
        "safety/checklist/items/<uuid:pk>/edit/",
        checklist_views.item_form,
        name="checklist_item_edit",
    ),
]
