"""A school year in an address or a query is either one the calendar holds or refused: never a
server error. "9999-00" looks like a label but would end in the year 10000 (issue 23, finding
12: every page that looked its days up answered 500)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Demo


def _urls(demo: Demo, year: str) -> list[str]:
    from sro.contracts.models import Contract
    from sro.schools.models import EducationAgency

    contract = Contract.objects.filter(agency=demo.agency).first()
    district = EducationAgency.objects.filter(agency=demo.agency).first()
    assert contract is not None
    assert district is not None
    return [
        f"/reports/annual/?school_year={year}",
        f"/reports/annual/{year}.csv",
        f"/reports/contracts/{contract.pk}/?school_year={year}",
        f"/reports/contracts/{contract.pk}/{year}.csv",
        f"/incidents/figures/?school_year={year}",
        f"/force/figures/?school_year={year}",
        f"/districts/{district.pk}/calendar/?school_year={year}",
        f"/notices/?school_year={year}",
        f"/notices/letter/{demo.high_school.pk}/?school_year={year}",
        f"/api/v1/incidents/figures?school_year={year}",
        f"/api/v1/notices?school_year={year}",
        f"/public/transparency/?school_year={year}",
        f"/public/transparency/{demo.agency.pk}/{year}.csv",
    ]


@pytest.mark.parametrize("year", ["9999-00", "1000-01", "9998-99"])
def test_no_school_year_is_a_server_error(clients: dict[str, Any], demo: Demo, year: str) -> None:
    chief = clients["chief"]
    for url in _urls(demo, year):
        status = chief.get(url).status_code
        assert status in (200, 400, 404, 422), (url, status)
