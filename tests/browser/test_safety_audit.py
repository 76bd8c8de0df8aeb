"""The security audit on a phone (policy 436.3): the SRO starts their school's audit from the
audit list, walks every area rating each item with the design system's radio tiles, photographs
one item, records the finding with its recommendation, completes the audit and downloads the
report for the principal. The walk and the audit pages pass axe."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.conftest import PHONE
from tests.browser.pages import field
from tests.browser.test_schedule import click_and_land, goto

pytestmark = pytest.mark.browser

HIGH_SCHOOL = "Central Lakes High School"
SCROLL_WIDTH = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


def rate(item: Any, label: str) -> None:
    """Choose a rating the way a user does: by tapping its tile's label."""
    item.locator("label", has_text=re.compile(f"^{re.escape(label)}$")).click()
    expect(item.get_by_role("radio", name=label, exact=True)).to_be_checked()


def tiny_png(tmp_path: Path) -> Path:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 12), "orange").save(out, format="PNG")
    path = tmp_path / "gate.png"
    path.write_bytes(out.getvalue())
    return path


def start_the_audit(page: Any, live_server: Any) -> Any:
    """The high school's 2026-27 audit is done and current in the demo: the list offers no
    "Start the audit" for it, and the SRO starts a second one from the school's page with the
    reason."""
    from sro.safety.models import SecurityAudit
    from sro.schools.models import School

    goto(page, f"{live_server.url}/safety/audits/")
    expect(page.get_by_role("button", name=f"Start the audit of {HIGH_SCHOOL}")).to_have_count(0)
    school = School.objects.get(name=HIGH_SCHOOL)
    goto(page, f"{live_server.url}/safety/schools/{school.pk}/")
    page.get_by_text(f"Audit {HIGH_SCHOOL} again this school year").click()
    field(page, "Reason for a second audit this school year").fill(
        "A new wing opened in November; audit it before winter."
    )
    click_and_land(page, page.get_by_role("button", name="Start a second audit"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(HIGH_SCHOOL)
    return SecurityAudit.objects.get(school__name=HIGH_SCHOOL, status="in_progress")


def test_the_sro_walks_the_audit_on_a_phone_and_downloads_the_report(
    live_server: Any, browser_page: Any, axe_source: str, tmp_path: Path
) -> None:
    from sro.safety.models import AuditPhoto, Finding
    from sro.safety.report_pdf import areas_of

    page = browser_page("sro", viewport=PHONE)
    audit = start_the_audit(page, live_server)
    areas = areas_of(audit)
    failed = areas[0].answers[0]
    photographed = areas[0].answers[1]
    click_and_land(page, page.get_by_role("link", name="Walk the building: area 1"))

    for area in areas:
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            f"Area {area.number} of {len(areas)}"
        )
        if area.number == 1:
            assert_no_serious_violations(page, axe_source, "audit-area")
            scroll_width, inner_width = page.evaluate(SCROLL_WIDTH)
            assert scroll_width <= inner_width, f"the walk scrolls sideways: {scroll_width}px"
        for answer in area.answers:
            item = page.locator(f"#item-{answer.pk}")
            if answer.pk == failed.pk:
                rate(item, "Does not meet")
                item.get_by_label("Notes").fill("The east gate is propped open with a brick.")
            elif answer.pk == photographed.pk:
                rate(item, "Meets")
                item.locator("input[type=file]").set_input_files(tiny_png(tmp_path))
                item.get_by_label("Photo caption").fill("The new fence by the loading dock")
            else:
                rate(item, "Not applicable")
        last = area.number == len(areas)
        name = "Save and finish" if last else "Save and next area"
        click_and_land(page, page.get_by_role("button", name=name))

    photo = AuditPhoto.objects.get(answer=photographed)
    assert photo.content_type == "image/png"
    expect(page.locator("#complete + p")).to_contain_text("Before the audit can be completed")
    expect(page.locator("#complete ~ ul")).to_contain_text(
        f"Record a finding for “{failed.prompt}”"
    )

    # Back on the first area, the failed item offers a finding; the photo is shown.
    click_and_land(page, page.get_by_role("link", name=re.compile(r"^1\. ")))
    expect(page.locator(f"#item-{photographed.pk} img")).to_have_attribute(
        "alt", "The new fence by the loading dock"
    )
    click_and_land(page, page.get_by_role("link", name=f"Add a finding for “{failed.prompt}”"))
    field(page, "Title").fill("East gate propped open")
    field(page, "Detail").fill("Staff prop the east gate open at lunch; anyone can walk in.")
    page.locator("label", has_text=re.compile("^High$")).click()
    field(page, "First recommendation").fill("Fit a self-closing hinge and a door-prop alarm.")
    field(page, "Owner at the school").fill("Head custodian")
    field(page, "Due by").fill("2027-01-15")
    click_and_land(page, page.get_by_role("button", name="Save the finding"))
    assert Finding.objects.get(audit=audit).answer_id == failed.pk

    page.get_by_role("link", name="All areas").click()
    page.wait_for_url(re.compile(rf"/safety/audits/{audit.pk}/#areas$"))
    click_and_land(page, page.get_by_role("link", name="Complete the audit"))
    field(page, "Summary for the principal").fill("One high risk: the east gate at lunch.")
    click_and_land(page, page.get_by_role("button", name="Complete the audit"))
    expect(page.locator("h1 + p .sro-status").first).to_have_text("Completed")
    expect(page.locator("#findings ~ section")).to_contain_text("East gate propped open")
    assert_no_serious_violations(page, axe_source, "audit")

    with page.expect_download() as download:
        page.get_by_role("link", name="Report for the principal (PDF)").click()
    report = Path(download.value.path()).read_bytes()
    assert report.startswith(b"%PDF")
    assert download.value.suggested_filename == (
        f"security-audit-central-lakes-high-school-{audit.school_year}.pdf"
    )
