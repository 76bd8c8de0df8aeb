"""Incidents and people for tests, written through the services as the application does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import Demo
from sro.core import clock
from sro.incidents import services
from sro.incidents.models import Incident, IncidentPerson


def make_incident(demo: Demo, actor: str = "sro", **fields: Any) -> Incident:
    """A draft at Central Lakes High School, reported by Dana Lindqvist."""
    values: dict[str, Any] = {
        "agency": demo.agency,
        "school": demo.high_school,
        "officer": demo.officers["Lindqvist"],
        "occurred_at": dt.datetime(2026, 11, 24, 10, 0, tzinfo=clock.agency_zone()),
        "summary": "Pushing at the lockers",
        "initiated_by": "school_staff",
    }
    values.update(fields)
    return services.create_incident(Incident(**values), actor=demo.users[actor])


def make_student(
    incident: Incident, demo: Demo, actor: str = "sro", **fields: Any
) -> IncidentPerson:
    """Quinn Testperson, a grade 10 student, a suspect unless told otherwise."""
    values: dict[str, Any] = {
        "incident": incident,
        "kind": "student",
        "role": "suspect",
        "first_name": "Quinn",
        "last_name": "Testperson",
        "date_of_birth": dt.date(2010, 3, 3),
        "grade": "10",
    }
    values.update(fields)
    return services.save_person(IncidentPerson(**values), actor=demo.users[actor])
