"""Control characters in text (issue 23, finding 12): an officer's calendar feed broke after a
badge number holding CR LF was accepted through the API. Every text field of every form (the
pages', the administration site's, signing in) and of every API input refuses the C0 controls,
DEL and the C1 controls, and a one-line field line breaks, with a message naming the field
(``sro.core.text``); the forms and the schemas are found by walking the code, so a new one is
covered without being listed here. Records saved before the rule still render in the feed."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import icalendar
import pytest
from django import forms
from django.contrib import admin
from django.test import Client, RequestFactory
from pydantic import BaseModel, ValidationError

import sro
from conftest import Demo
from sro.core.api import InputSchema
from sro.core.api import is_multiline as is_multiline_field
from sro.core.forms import CleanTextMixin, checks_text, is_multiline

CONTROL = "ok\x01ok"
BREAK = "one\r\ntwo"
LINES = "line one\r\nline two\n\tindented"
REFUSED = "remove the line break or control character"


def _officer_data(demo: Demo, **changes: str) -> dict[str, str]:
    data = {
        "first_name": "Jo",
        "last_name": "Tester",
        "badge_number": "4411",
        "post_license_number": "MN-44110",
        "email": "",
        "phone": "",
        "active": "on",
    }
    return {**data, **changes}


# --- The badge number of the report -------------------------------------------------------------


def test_a_badge_number_with_a_line_break_is_refused_on_the_page(
    demo: Demo, clients: dict[str, Client]
) -> None:
    from sro.roster.models import Officer

    before = Officer.objects.count()
    response = clients["chief"].post("/officers/new/", _officer_data(demo, badge_number="44\r\n11"))
    assert response.status_code in (200, 422)
    errors = response.context["form"].errors
    assert list(errors) == ["badge_number"]
    assert errors["badge_number"][0].startswith(f"Badge number: {REFUSED}")
    assert Officer.objects.count() == before


@pytest.mark.parametrize(
    "badge", ["44\r\n11", "44\n11", "44\x0011", "44\x7f11", "44\x8511", "44\ud80011"]
)
def test_a_badge_number_with_a_control_character_is_refused_by_the_api(
    demo: Demo, clients: dict[str, Client], badge: str
) -> None:
    from sro.roster.models import Officer

    before = Officer.objects.count()
    response = clients["chief"].post(
        "/api/v1/officers",
        {
            "first_name": "Jo",
            "last_name": "Tester",
            "badge_number": badge,
            "post_license_number": "MN-44110",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "badge_number"
    assert error["message"].startswith(f"Badge number: {REFUSED}")
    assert Officer.objects.count() == before
    officer = demo.officers["Okafor"]
    response = clients["chief"].patch(
        f"/api/v1/officers/{officer.pk}", {"badge_number": badge}, content_type="application/json"
    )
    assert response.status_code == 422
    officer.refresh_from_db()
    assert officer.badge_number != badge


def test_a_note_keeps_its_line_breaks_and_tabs(demo: Demo, clients: dict[str, Client]) -> None:
    """Multi-line text: a browser sends a text area's line breaks as CR LF."""
    from sro.roster.models import Assignment

    assignment = Assignment.objects.filter(officer=demo.officers["Becker"]).first()
    assert assignment is not None
    response = clients["chief"].patch(
        f"/api/v1/assignments/{assignment.pk}", {"notes": LINES}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assignment.refresh_from_db()
    assert assignment.notes == LINES.strip()


def test_the_feed_renders_records_saved_with_control_characters(
    demo: Demo, clients: dict[str, Client]
) -> None:
    """Records from before the rule: written straight to the table, as they were stored."""
    from sro.roster.models import Officer
    from sro.scheduling.models import Duty
    from sro.scheduling.services import issue_feed

    officer = demo.officers["Raman"]
    Officer.objects.filter(pk=officer.pk).update(
        badge_number="77\r\n12", first_name="Priya\x01\x1b[31m", last_name="Ra\x85man"
    )
    # (PostgreSQL itself refuses a NUL, so no stored text holds one.)
    Duty.objects.filter(officer=officer).update(details="Range\r\nDTSTART:19990101\x01day")
    officer.refresh_from_db()
    secret = issue_feed(officer, actor=demo.users["chief"])
    response = Client().get(f"/feeds/{secret}.ics")
    assert response.status_code == 200
    assert "\r" not in response["Content-Disposition"]
    assert "\n" not in response["Content-Disposition"]
    body = response.content.decode()
    assert not any(c in body for c in "\x01\x1b\x85")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "SRO schedule: Priya[31m Raman"
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Training: Range DTSTART:19990101day" in summaries
    assert all(e.decoded("DTSTART").year != 1999 for e in calendar.walk("VEVENT"))


# --- Every form ---------------------------------------------------------------------------------


def _import_everything() -> None:
    for module in pkgutil.walk_packages(sro.__path__, "sro."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_forms() -> list[type[forms.BaseForm]]:
    """Every form class the project defines (not the two bare bases)."""
    _import_everything()
    found = {
        c
        for c in _subclasses(forms.BaseForm)
        if c.__module__.startswith(("sro.", "config."))
        and c.__module__ != "sro.core.admin"  # the admin's, tried below with their admin
        and not (issubclass(c, forms.ModelForm) and getattr(c._meta, "model", None) is None)
        and c.__name__ not in ("Form",)
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _arguments(demo: Demo) -> dict[str, Callable[[], Any]]:
    """What each form's keyword-only arguments are given (a new one is added here)."""
    from sro.activity.models import LessonOutline
    from sro.contracts.models import Contract
    from sro.incidents.models import Incident, IncidentPerson
    from sro.roster.models import Agency, Officer
    from sro.safety.models import SecurityAudit
    from sro.schools.models import School

    def audit() -> Any:
        return SecurityAudit.objects.filter(status="in_progress").first()

    return {
        "officer": lambda: demo.officers["Lindqvist"],
        "officers": lambda: Officer.objects.all(),
        "schools": lambda: School.objects.all(),
        "incidents": lambda: Incident.objects.all(),
        "people": lambda: IncidentPerson.objects.all(),
        "incident": lambda: Incident.objects.first(),
        "purposes": lambda: ["Supervisory review"],
        "agency_id": lambda: demo.agency.pk,
        "lea_id": lambda: demo.high_school.education_agency_id,
        "answers": lambda: list(audit().answers.all()),
        "audit": audit,
        "lessons": lambda: LessonOutline.objects.all(),
        "restricted_kinds": lambda: set(),
        "contract": lambda: Contract.objects.first(),
        "agencies": lambda: Agency.objects.all(),
        "officer_id": lambda: None,
        "restricted": lambda: set(),
        "as_of": lambda: dt.date(2026, 11, 28),
        "may_override": lambda: True,  # the supervisor's override reason is shown
        "replacing": lambda: True,  # both codes are asked for
        "search_purposes": lambda: ["A data request"],  # the student-name search is offered
    }


# An argument of the same name that one form takes in another shape.
SHAPES: dict[tuple[str, str], Callable[[], Any]] = {
    ("PublicComplaintForm", "schools"): lambda: {},
}


# Forms whose leading positional arguments are not the data (Django's password forms).
POSITIONAL: dict[str, Callable[[Demo], tuple[Any, ...]]] = {
    "ChangePasswordForm": lambda demo: (demo.users["sro"], RequestFactory().post("/")),
}


def _make(form_class: type[forms.BaseForm], data: dict[str, Any], demo: Demo) -> Any:
    arguments = _arguments(demo)
    kwargs = {}
    if form_class.__name__ in POSITIONAL:
        return form_class(*POSITIONAL[form_class.__name__](demo), data=data)
    for name, parameter in inspect.signature(form_class.__init__).parameters.items():
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            make = SHAPES.get((form_class.__name__, name)) or arguments.get(name)
            assert make is not None, f"{form_class.__name__}: add `{name}` to _arguments"
            kwargs[name] = make()
    return form_class(data=data, **kwargs)


def _text_fields(form: forms.BaseForm) -> dict[str, bool]:
    """The form's text fields, each with whether it is multi-line."""
    return {n: is_multiline(form, n, f) for n, f in form.fields.items() if checks_text(f)}


def _check_form(form_class: type[forms.BaseForm], make: Callable[[dict[str, Any]], Any]) -> None:
    assert issubclass(form_class, CleanTextMixin), f"{form_class} does not use CleanTextMixin"
    fields = _text_fields(make({}))
    problems = []
    for value in (CONTROL, "\x00", "del\x7f", "c1\x9b", "lone\ud800"):
        form = make(dict.fromkeys(fields, value))
        form.is_valid()
        for name in fields:
            messages = [str(m) for m in form.errors.get(name, [])]
            if not any(REFUSED in m for m in messages):
                problems.append(f"{name}: {value!r} not refused ({messages})")
    form = make(dict.fromkeys(fields, BREAK))
    form.is_valid()
    for name, multiline in fields.items():
        messages = [str(m) for m in form.errors.get(name, [])]
        refused = any(REFUSED in m for m in messages)
        if refused == multiline:
            problems.append(f"{name} ({'multi' if multiline else 'one'}-line): {messages}")
    assert problems == []


@pytest.mark.parametrize("form_class", _project_forms(), ids=lambda c: c.__qualname__)
def test_every_form_refuses_control_characters(
    demo: Demo, form_class: type[forms.BaseForm]
) -> None:
    _check_form(form_class, lambda data: _make(form_class, data, demo))


def test_the_forms_are_found() -> None:
    names = {c.__name__ for c in _project_forms()}
    assert {"OfficerForm", "SignInForm", "ForceReportForm", "TokenForm", "CodeForm"} <= names
    assert len(names) > 60


def _admin_forms() -> list[tuple[str, bool]]:
    return [
        (model._meta.label, change) for model in admin.site._registry for change in (False, True)
    ]


@pytest.mark.parametrize(("label", "change"), _admin_forms(), ids=str)
def test_every_admin_form_refuses_control_characters(demo: Demo, label: str, change: bool) -> None:
    from django.apps import apps

    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = type(demo.users["chief"]).objects.create_superuser("root-admin", "", "x" * 16)
    obj = model._default_manager.first() if change else None
    if change and obj is None:
        pytest.skip(f"no {label} to change in the demo")
    form_class = model_admin.get_form(request, obj)
    _check_form(form_class, lambda data: form_class(data=data, instance=obj))  # type: ignore[call-arg]


# --- Every API input ----------------------------------------------------------------------------


def _api_inputs() -> list[tuple[str, type[BaseModel]]]:
    """Every schema a request body or query is read into, by operation."""
    from config.api import api

    found = {}
    for _, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for model in operation.signature.models:
                    for field in model.model_fields.values():
                        kind = field.annotation
                        schema = isinstance(kind, type) and issubclass(kind, BaseModel)
                        if schema and kind.__module__ != "sro.core.pagination":
                            where = f"{'/'.join(operation.methods)} {path}"
                            found[kind.__qualname__] = (where, kind)
    return sorted(found.values(), key=lambda x: x[1].__qualname__)


def test_the_api_inputs_are_found() -> None:
    names = {kind.__name__ for _, kind in _api_inputs()}
    assert {"OfficerIn", "ForceReportIn", "ActivityIn", "DrillIn", "TimeFilter"} <= names


@pytest.mark.parametrize(("operation", "schema"), _api_inputs(), ids=lambda x: str(x))
def test_every_api_input_refuses_control_characters(
    operation: str, schema: type[BaseModel]
) -> None:
    assert issubclass(schema, InputSchema), f"{operation}: {schema} is not an InputSchema"
    problems = []
    for name, field in schema.model_fields.items():
        if not _takes_text(field.annotation):
            continue
        key = field.alias or name
        multiline = is_multiline_field(field)
        for value in (CONTROL, "\x00", "del\x7f", "c1\x9b", "lone\ud800", BREAK, LINES):
            sent = [value] if _is_list(field.annotation) else value
            try:
                schema.model_validate({key: sent})
                refused = False
            except ValidationError as error:
                # Refused on the field: by this rule, or first by the field's own format.
                refused = any(e["loc"][0] == key for e in error.errors())
            should = value not in (BREAK, LINES) or not multiline
            if refused != should:
                problems.append(f"{name}: {value!r} {'refused' if refused else 'accepted'}")
    assert problems == []


def _is_list(annotation: Any) -> bool:
    return "list[" in str(annotation)


def _takes_text(annotation: Any) -> bool:
    """A free-text field: str (alone or in a list), not a choice of fixed values."""
    text = str(annotation)
    return (annotation is str or "str" in text) and "Literal" not in text


def test_a_reminder_is_sent_for_an_officer_saved_with_a_line_break(demo: Demo) -> None:
    """The same flaw elsewhere: an e-mail subject that names the officer (a header: Django
    refuses a line break in it, and the daily `sro remind` stopped at that officer)."""
    import io

    from django.core import mail
    from django.core.management import call_command

    from sro.roster.models import Officer

    Officer.objects.filter(pk=demo.officers["Haugen"].pk).update(last_name="Hau\r\nBcc: x\x01gen")
    call_command("remind", "--as-of", "2026-11-28", stdout=io.StringIO())
    subjects = [m.subject for m in mail.outbox]
    assert "SRO training: the required SRO course was due 2026-09-08 (Sofia Hau Bcc: xgen)" in (
        subjects
    )


def test_a_reason_posted_without_a_form_is_checked_too(
    demo: Demo, clients: dict[str, Client]
) -> None:
    """The same flaw elsewhere: removing a schedule entry read an optional `reason` straight
    from the post into the audit trail (PostgreSQL refuses a NUL: a server error)."""
    from sro.audittrail.models import AuditEvent
    from sro.scheduling.models import PatrolPull

    pull = PatrolPull.objects.filter(officer=demo.officers["Whitebird"]).first()
    assert pull is not None
    url = f"/schedule/pulls/{pull.pk}/remove/"
    for reason in ("called\x00off", "called\r\noff"):
        response = clients["sergeant"].post(url, {"reason": reason}, follow=True)
        assert response.status_code == 200
        assert f"Reason: {REFUSED}" in response.content.decode()
        assert PatrolPull.objects.filter(pk=pull.pk).exists()
    clients["sergeant"].post(url, {"reason": "Called off by the school"})
    assert not PatrolPull.objects.filter(pk=pull.pk).exists()
    event = AuditEvent.objects.filter(action="patrol_pull.delete").latest("at")
    assert event.reason == "Called off by the school"


def test_a_note_of_megabytes_is_refused_by_the_api_and_the_page(
    demo: Demo, clients: dict[str, Client]
) -> None:
    """Found by the adversarial test: a 2.4 MB note was accepted through the API, and each
    change to it copied it into the audit trail again. Notes and narratives are capped at
    20,000 characters, with a message naming the field."""
    from sro.audittrail.models import AuditEvent
    from sro.core.text import MAX_MULTI_LINE
    from sro.roster.models import Assignment

    assignment = Assignment.objects.filter(officer=demo.officers["Becker"]).first()
    assert assignment is not None
    events = AuditEvent.objects.count()
    huge = "note " * 500_000
    response = clients["chief"].patch(
        f"/api/v1/assignments/{assignment.pk}", {"notes": huge}, content_type="application/json"
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "notes"
    assert error["message"] == (
        "Notes: this text is 2,500,000 characters long and the limit is 20,000. "
        "Shorten it, or attach the rest as a document."
    )
    assert AuditEvent.objects.count() == events
    at_limit = "n" * MAX_MULTI_LINE
    response = clients["chief"].patch(
        f"/api/v1/assignments/{assignment.pk}", {"notes": at_limit}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()


def test_every_text_area_has_the_length_cap(demo: Demo) -> None:
    from sro.core.forms import TextValidator
    from sro.core.text import MAX_MULTI_LINE

    checked = 0
    for form_class in _project_forms():
        form = _make(form_class, {}, demo)
        form.full_clean()
        for name, field in form.fields.items():
            if isinstance(field.widget, forms.Textarea) and getattr(field, "max_length", 1):
                continue
            if isinstance(field.widget, forms.Textarea):
                limits = [v.limit for v in field.validators if isinstance(v, TextValidator)]
                assert limits == [MAX_MULTI_LINE], f"{form_class.__qualname__}.{name}"
                checked += 1
    assert checked > 20
