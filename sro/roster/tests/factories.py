"""factory_boy factories for roster records. They write directly (no service), which the audit
guard allows only because they say why: building test data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from sro.audittrail.guard import unaudited_writes
from sro.roster.models import Agency, Officer


class UnauditedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        with unaudited_writes("test data built by a factory"):
            return super()._create(model_class, *args, **kwargs)


class AgencyFactory(UnauditedFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Test Police Department {n}")
    chief_name = "Chief Example"


class OfficerFactory(UnauditedFactory):
    class Meta:
        model = Officer

    agency = factory.SubFactory(AgencyFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    badge_number = factory.Sequence(lambda n: f"{1000 + n}")
    post_license_number = factory.Sequence(lambda n: f"T-{20000 + n}")


TODAY = dt.date(2026, 11, 28)
