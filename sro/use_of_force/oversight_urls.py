"""Routes for the duty to intercede and report, the monthly BCA report, early-intervention
alerts and the force figures (views in oversight_views.py). A month in a path is written
YYYY-MM (``<month:month>``) and reaches the view as the month's first day."""

from __future__ import annotations

import datetime as dt

from django.urls import URLPattern, path, register_converter

from sro.core import dates
from sro.use_of_force import oversight_views as views


class MonthConverter:
    regex = r"[0-9]{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value: str) -> dt.date:
        first = dates.parse_month(value)
        if first is None:  # outside 1900-2099: not found
            raise ValueError(value)
        return first

    def to_url(self, value: dt.date | str) -> str:
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else str(value)


register_converter(MonthConverter, "month")

urlpatterns: list[URLPattern] = [
    path("force/interventions/", views.interventions, name="interventions"),
    path("force/interventions/new/", views.intervention_new, name="intervention_new"),
    path("force/interventions/<uuid:pk>/", views.intervention, name="intervention"),
    path("force/bca/", views.bca, name="bca"),
    path("force/bca/<month:month>.csv", views.bca_csv, name="bca_csv"),
    path("force/bca/<month:month>/submit/", views.bca_submit, name="bca_submit"),
    path("force/alerts/", views.alerts, name="alerts"),
    path("force/alerts/<uuid:pk>/", views.alert, name="alert"),
    path("force/figures/", views.figures, name="figures"),
]
