"""Public notification that an SRO will be present (model policy IV.A.1.iv): the flag, who may
see and record notices, the form's messages, the notice letter and its template, the API and
the audit trail."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from pypdf import PdfReader

from conftest import signed_in
from sro.audittrail.models import AuditEvent
from sro.contracts import notices
from sro.contracts.demo_notices import LEFT_WITHOUT_NOTICE, load_notices
from sro.contracts.models import NoticeTemplate, Notification
from sro.schools.models import EducationAgency, School
from sro.schools.services import save_school

HIGH = "Central Lakes High School"


@pytest.fixture
def served(demo: Any) -> Any:
    """The demo with its notices (loaded here unless the demo loader already did)."""
    if not Notification.objects.exists():
        schools = list(School.objects.filter(education_agency__agency=demo.agency))
        load_notices(agency=demo.agency, schools=schools, actor=demo.users["chief"])
    return demo


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def new_notice(where: Any, **changes: Any) -> dict[str, str]:
    data = {
        "school": str(where.pk),
        "school_year": "2026-27",
        "sent_on": "2026-11-20",
        "channel": "letter",
        "sent_by": "Principal",
        "notes": "",
    }
    data.update(changes)
    return data


# --- The flag ---------------------------------------------------------------------------------


def test_the_one_served_school_without_a_notice_is_flagged(served: Any) -> None:
    flagged = notices.schools_needing_notice(served.agency.pk, "2026-27")
    assert [s.name for s in flagged] == [LEFT_WITHOUT_NOTICE]
    rows = {r.school.name: r for r in notices.notice_status(School.objects.all(), "2026-27")}
    assert all(r.has_sro for r in rows.values())
    assert len(rows[HIGH].notifications) == 2
    assert [str(o) for o in rows[HIGH].officers] == [
        "Dana Lindqvist (School resource officer)",
        "Tom Becker (Substitute SRO)",
    ]


def test_only_schools_with_an_sro_that_year_need_a_notice(served: Any) -> None:
    district = EducationAgency.objects.get(kind="district")
    empty = save_school(
        School(education_agency=district, name="Empty School", level="elementary"),
        actor=served.users["chief"],
    )
    rows = {r.school.name: r for r in notices.notice_status(School.objects.all(), "2025-26")}
    assert not rows["Empty School"].has_sro
    assert not rows["Empty School"].needs_notice
    # Runestone's SRO started in August 2026: no SRO, so no notice needed, in 2025-26.
    assert not rows["Runestone Middle School"].has_sro
    # Lakeview's SRO of 2025-26 left in June 2026 and is still counted for that year.
    assert rows["Lakeview Elementary School"].has_sro
    assert [str(o) for o in rows["Lakeview Elementary School"].officers] == [
        "Nils Berg (School resource officer)"
    ]
    flagged = {s.name for s in notices.schools_needing_notice(served.agency.pk, "2025-26")}
    assert flagged == {
        "Northshore Middle School",
        "Prairie Wind Elementary School",
        "Glacial Ridge Charter Academy (grades 6-12)",
    }
    assert empty not in notices.schools_needing_notice(served.agency.pk)


def test_recording_a_notice_clears_the_flag_and_is_audited(served: Any, clients: Any) -> None:
    lakeview = served.schools[LEFT_WITHOUT_NOTICE]
    response = clients["sergeant"].post("/notices/new/", new_notice(lakeview))
    assert response.status_code == 302
    assert response["Location"] == "/notices/?school_year=2026-27"
    assert notices.schools_needing_notice(served.agency.pk, "2026-27") == []
    notice = Notification.objects.get(school=lakeview, school_year="2026-27")
    assert notice.recorded_by == served.users["sergeant"]
    event = AuditEvent.objects.get(action="notification.create", target_id=str(notice.pk))
    assert event.actor == served.users["sergeant"]
    assert event.agency_id == served.agency.pk
    assert event.new_values["channel"] == "letter"

    edit = clients["chief"].post(f"/notices/{notice.pk}/edit/", new_notice(lakeview, notes="x"))
    assert edit.status_code == 302
    event = AuditEvent.objects.get(action="notification.update", target_id=str(notice.pk))
    assert (event.old_values, event.new_values) == ({"notes": ""}, {"notes": "x"})
    # The recorder stays the one who first entered it.
    notice.refresh_from_db()
    assert notice.recorded_by == served.users["sergeant"]


def test_the_home_pages_show_the_flag_to_those_who_give_notice(served: Any, clients: Any) -> None:
    for persona in ("chief", "sergeant"):
        home = clients[persona].get("/home/")
        assert [s.name for s in home.context["notice_flags"]] == [LEFT_WITHOUT_NOTICE]
        assert "No notice to families yet for 2026-27" in flat(home.content.decode())
        assert b'href="/notices/"' in home.content
    # The principal's school has its notices; other schools are not theirs to see.
    principal = clients["principal"].get("/home/")
    assert principal.context["notice_flags"] == []
    assert LEFT_WITHOUT_NOTICE.encode() not in principal.content
    for persona in ("sro", "records", "auditor"):
        assert "notice_flags" not in clients[persona].get("/home/").context


def test_the_principal_is_flagged_for_their_own_school_only(served: Any) -> None:
    """A new school year: every served school needs a notice again, and the principal is told
    about their own school only."""
    with time_machine.travel(dt.datetime(2027, 8, 16, 15, 0, tzinfo=dt.UTC), tick=False):
        client = signed_in(served.users["principal"])
        home = client.get("/home/")
        assert home.context["notice_year"] == "2027-28"
        assert [s.name for s in home.context["notice_flags"]] == [HIGH]


# --- Who may see and record what -------------------------------------------------------------


def _listed(client: Any, year: str = "") -> set[str]:
    response = client.get("/notices/" + (f"?school_year={year}" if year else ""))
    assert response.status_code == 200
    return {r.school.name for r in response.context["rows"]}


def test_each_role_sees_the_schools_in_its_scope(served: Any, clients: Any) -> None:
    everything = set(served.schools)
    for persona in ("chief", "sergeant", "records", "auditor"):
        assert _listed(clients[persona]) == everything, persona
    assert _listed(clients["principal"]) == {HIGH}
    assert _listed(clients["sro"]) == {HIGH}
    assert _listed(clients["outsider"]) == set()
    assert clients["norole"].get("/notices/").status_code == 403
    assert clients["anonymous"].get("/notices/").status_code == 302


def test_the_list_flags_and_filters_by_school_year(served: Any, clients: Any) -> None:
    page = clients["chief"].get("/notices/")
    assert page.context["school_year"] == "2026-27"
    text = flat(page.content.decode())
    assert "No notice yet" in text
    assert "1 school with an SRO has no notice recorded for 2026-27." in text
    older = clients["chief"].get("/notices/?school_year=2025-26")
    assert older.context["school_year"] == "2025-26"
    assert older.context["flagged"] == 3
    bad = clients["chief"].get("/notices/?school_year=26-27")
    assert bad.status_code == 200
    assert bad.context["school_year"] == "2026-27"
    assert "School year: “26-27” is not a school year" in bad.content.decode()


def test_only_writers_record_notices_and_only_in_scope(served: Any, clients: Any) -> None:
    high, lakeview = served.schools[HIGH], served.schools[LEFT_WITHOUT_NOTICE]
    for persona in ("sro", "records", "auditor", "norole"):
        assert clients[persona].get("/notices/new/").status_code == 403, persona
        assert clients[persona].post("/notices/new/", new_notice(high)).status_code == 403
    # A school administrator records notices for their own school, not for others.
    assert clients["principal"].post("/notices/new/", new_notice(high)).status_code == 302
    refused = clients["principal"].post("/notices/new/", new_notice(lakeview))
    assert refused.status_code == 422
    assert refused.context["form"].errors["school"] == [
        "School: choose one of your schools from the list."
    ]
    choices = {str(s) for s in refused.context["form"].fields["school"].queryset}
    assert choices == {HIGH}
    # Another agency's chief cannot record for this agency's schools.
    assert clients["outsider"].post("/notices/new/", new_notice(lakeview)).status_code == 422
    assert not Notification.objects.filter(school=lakeview).filter(school_year="2026-27")


def test_editing_a_notice_follows_its_school(served: Any, clients: Any) -> None:
    runestone = Notification.objects.get(school__name="Runestone Middle School")
    url = f"/notices/{runestone.pk}/edit/"
    assert clients["chief"].get(url).status_code == 200
    assert clients["sergeant"].get(url).status_code == 200
    assert clients["records"].get(url).status_code == 403
    assert clients["principal"].get(url).status_code == 404
    assert clients["sro"].get(url).status_code == 404
    assert clients["outsider"].get(url).status_code == 404
    mine = Notification.objects.filter(school__name=HIGH).first()
    assert mine is not None
    assert clients["principal"].get(f"/notices/{mine.pk}/edit/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"school_year": "2026-2027"},
            "school_year",
            "School year: “2026-2027” is not a school year. Write it as 2026-27",
        ),
        ({"school_year": "2026-28"}, "school_year", "School year: “2026-28” is not a school"),
        ({"school_year": "2031-32"}, "school_year", "School year: 2031-32 is too far ahead."),
        ({"sent_on": "2026-12-01"}, "sent_on", "Given on: 2026-12-01 is in the future"),
        ({"sent_on": "yesterday"}, "sent_on", "Enter a valid date."),
        ({"channel": "carrier pigeon"}, "channel", "Select a valid choice."),
        ({"sent_by": ""}, "sent_by", "This field is required."),
        ({"school": "not-a-school"}, "school", "School: choose one of your schools"),
    ],
)
def test_bad_input_is_named_on_its_field(
    served: Any, clients: Any, changes: dict[str, str], field: str, message: str
) -> None:
    before = Notification.objects.count()
    response = clients["chief"].post("/notices/new/", new_notice(served.high_school, **changes))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert "Nothing was saved." in response.content.decode()
    assert Notification.objects.count() == before


# --- The letter -------------------------------------------------------------------------------


def test_the_letter_is_a_pdf_naming_the_school(served: Any, clients: Any) -> None:
    response = clients["principal"].get(
        f"/notices/letter/{served.high_school.pk}/?school_year=2026-27"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="sro-notice-central-lakes-high-school-2026-27.pdf"'
    )
    text = flat(pdf_text(response.content))
    assert "A School Resource Officer at Central Lakes High School in 2026-27" in text
    assert "Dana Lindqvist (School resource officer)" in text
    assert "Alexandria Area Schools (demo district)" in text
    assert "The officer does not enforce school rules." in text
    assert "does not take part in school discipline" in text
    assert "Chief Karen Ostrander" in text
    assert "$" not in text


def test_the_letter_follows_the_scope(served: Any, clients: Any) -> None:
    runestone = served.schools["Runestone Middle School"].pk
    assert clients["records"].get(f"/notices/letter/{runestone}/").status_code == 200
    assert clients["principal"].get(f"/notices/letter/{runestone}/").status_code == 404
    assert clients["outsider"].get(f"/notices/letter/{runestone}/").status_code == 404
    bad = clients["chief"].get(f"/notices/letter/{runestone}/?school_year=2026")
    assert bad.status_code == 422
    assert "School year: “2026” is not a school year" in bad.content.decode()


def test_placeholders_are_filled_and_a_mistyped_one_is_left_as_typed() -> None:
    values = {"school": "Lakeview", "agency": "APD"}
    assert notices.fill("$school and ${agency}, $$5", values) == "Lakeview and APD, $5"
    for text in ("$shcool", "${school", "cost $", "$1 fee", "${}"):
        assert notices.fill(text, values) == text.replace("$$", "$")
    assert notices.unknown_placeholders("$school $shcool ${agncy} $$notone $5") == [
        "agncy",
        "shcool",
    ]
    assert notices.unknown_placeholders(f"{notices.DEFAULT_SUBJECT}\n{notices.DEFAULT_BODY}") == []


def test_the_letter_text_is_escaped_with_its_line_breaks(served: Any) -> None:
    letter = notices.build_letter(
        served.agency,
        served.high_school,
        "2026-27",
        subject="<i>Hello</i> $school",
        body='First line\nsecond line <img src="http://example.com/x.png">\n\nNext',
    )
    html = notices.letter_html(letter)
    assert "&lt;i&gt;Hello&lt;/i&gt; Central Lakes High School" in html
    assert "<p>First line<br>second line &lt;img" in html
    assert "<p>Next</p>" in html
    assert "<img" not in html


def test_the_chief_edits_the_letter_and_a_typo_does_not_break_it(served: Any, clients: Any) -> None:
    assert clients["sergeant"].get("/notices/template/").status_code == 403
    assert clients["principal"].get("/notices/template/").status_code == 403
    page = clients["chief"].get("/notices/template/")
    assert page.status_code == 200
    assert "$agency_phone_or_website" in page.content.decode()
    saved = clients["chief"].post(
        "/notices/template/",
        {"subject": "SRO at $school", "body": "Dear $shcool families,\n\nSee you, $chief."},
    )
    assert saved.status_code == 302
    template = NoticeTemplate.objects.get(agency=served.agency)
    assert template.body.startswith("Dear $shcool")
    event = AuditEvent.objects.filter(action="notice_template.update").get()
    assert event.actor == served.users["chief"]
    warned = clients["chief"].get("/notices/template/").content.decode()
    assert "Not a placeholder the letter fills in" in warned
    assert "<code>$shcool</code>" in warned
    letter = clients["principal"].get(f"/notices/letter/{served.high_school.pk}/")
    text = flat(pdf_text(letter.content))
    assert "SRO at Central Lakes High School" in text
    assert "Dear $shcool families" in text
    assert "See you, Chief Karen Ostrander (fictional)." in text


def test_the_letter_form_names_its_fields_and_previews_without_saving(
    served: Any, clients: Any
) -> None:
    events = AuditEvent.objects.count()
    empty = clients["chief"].post("/notices/template/", {"subject": "", "body": "x"})
    assert empty.status_code == 422
    assert list(empty.context["form"].errors) == ["subject"]
    preview = clients["chief"].post(
        "/notices/template/",
        {"subject": "Preview of $school", "body": "Unsaved text.", "action": "preview"},
    )
    assert preview.status_code == 200
    assert preview["Content-Disposition"].startswith("inline;")
    assert "Unsaved text." in pdf_text(preview.content)
    assert NoticeTemplate.objects.get(agency=served.agency).body == notices.DEFAULT_BODY
    assert AuditEvent.objects.count() == events
    saved = clients["sro"].get("/notices/template/preview/")
    assert saved.status_code == 200
    assert "Central Lakes High School" in flat(pdf_text(saved.content))


def test_an_agency_without_a_template_gets_the_default_text(served: Any, clients: Any) -> None:
    """The other agency's chief has written no letter: the default is offered and previewed."""
    assert not NoticeTemplate.objects.filter(agency=served.other_agency).exists()
    page = clients["outsider"].get("/notices/template/")
    assert page.context["is_default"] is True
    assert page.context["form"]["subject"].value() == notices.DEFAULT_SUBJECT
    preview = clients["outsider"].get("/notices/template/preview/")
    assert "Sample Elementary School" in flat(pdf_text(preview.content))
    created = clients["outsider"].post(
        "/notices/template/", {"subject": notices.DEFAULT_SUBJECT, "body": "Short."}
    )
    assert created.status_code == 302
    template = NoticeTemplate.objects.get(agency=served.other_agency)
    assert AuditEvent.objects.filter(
        action="notice_template.create", target_id=str(template.pk)
    ).exists()


# --- The API ----------------------------------------------------------------------------------


def test_the_api_lists_records_and_reports_the_status_in_scope(served: Any, clients: Any) -> None:
    mine = clients["principal"].get("/api/v1/notifications").json()
    assert {n["school_id"] for n in mine["items"]} == {str(served.high_school.pk)}
    assert "notes" in mine["items"][0]
    older = clients["chief"].get("/api/v1/notifications?school_year=2025-26").json()
    assert older["count"] == 2
    bad = clients["chief"].get("/api/v1/notifications?school_year=twenty")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "school_year"

    status = clients["chief"].get("/api/v1/notifications/status").json()
    assert [s["school"] for s in status if s["needs_notice"]] == [LEFT_WITHOUT_NOTICE]
    assert clients["principal"].get("/api/v1/notifications/status").json()[0]["school"] == HIGH

    lakeview = served.schools[LEFT_WITHOUT_NOTICE]
    payload = new_notice(lakeview, sent_on="2026-12-25")
    refused = clients["sergeant"].post(
        "/api/v1/notifications", json.dumps(payload), content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "sent_on"
    assert "Given on: 2026-12-25 is in the future" in refused.json()["errors"][0]["message"]
    forbidden = clients["records"].post(
        "/api/v1/notifications", json.dumps(new_notice(lakeview)), content_type="application/json"
    )
    assert forbidden.status_code == 403
    created = clients["sergeant"].post(
        "/api/v1/notifications", json.dumps(new_notice(lakeview)), content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["school_year"] == "2026-27"
    assert AuditEvent.objects.filter(
        action="notification.create", target_id=created.json()["id"]
    ).exists()
    status = clients["chief"].get("/api/v1/notifications/status?school_year=2026-27").json()
    assert not any(s["needs_notice"] for s in status)
