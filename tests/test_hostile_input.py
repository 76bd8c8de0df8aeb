"""A fixed corpus of hostile values through every form of the application, as a person allowed
to use it: scripts, SQL fragments, path traversal, NUL bytes, very long strings, invalid UTF-8,
right-to-left marks, impossible and far-future dates, corrupt PDF and DOCX files. Never a
server error; a refusal names its field (or says what is wrong with the whole form) and leaves
the database exactly as it was; a value that is accepted is shown back escaped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import Demo
from tests.test_persona_routes import PAGES, _objects, _page_url, page_routes

SCRIPT = "<script>alert('sro')</script>"
CORPUS: list[tuple[str, str]] = [
    ("script", SCRIPT),
    ("sql", "'; DROP TABLE roster_officer; --"),
    ("traversal", "../../../../etc/passwd"),
    ("nul", "before\x00after"),
    ("long", "x" * 100_000),
    ("rtl", "\u202eevil\u202c \u200f\u200e"),
    ("impossible date", "2026-02-30"),
    ("far future", "9999-12-31"),
    ("year zero", "0000-01-01"),
    ("number overflow", "9" * 40),
    ("negative", "-1"),
    ("emoji", "👮‍♀️🏫"),
]
FILES: list[tuple[str, bytes]] = [
    ("corrupt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> trailer garbage\x00\xff"),
    ("corrupt.docx", b"PK\x03\x04 this is not a zip archive"),
    ("empty.pdf", b""),
    ("../../etc/passwd.pdf", b"%PDF-1.4\n%%EOF"),
]
# Pages whose form is a search or a filter (GET) or a choice of record: nothing is written.
READ_ONLY = {"read_agency"}
# Signing in, and the pages that ask for a second-factor code or the password again: a refused
# attempt is itself recorded (the audit trail, the lockout count).
SIGN_IN = {"login", "second_factor", "second_factor_setup", "recovery_codes", "password_change"}


def _form_pages() -> list[str]:
    """Every page route the chief, a sergeant, the SRO, records staff or the principal opens
    (200) that may hold a form, with the first persona that opens it."""
    found = []
    for name, statuses in PAGES.items():
        if name.startswith(("public:", "api:")) or name in READ_ONLY:
            continue
        for persona in ("chief", "sergeant", "sro", "records", "principal"):
            if statuses[persona] == 200:
                found.append(f"{name}|{persona}")
                break
    return found


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if not m._meta.label.startswith(("sessions.", "axes.", "otp_", "admin."))
    }


def _value(field: forms.Field, text: str) -> Any:
    if isinstance(field, forms.FileField):
        return None  # files are tried separately
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return [text]
    return text


@pytest.mark.parametrize("page", _form_pages())
def test_hostile_values_never_break_a_form(demo: Demo, clients: dict[str, Any], page: str) -> None:
    name, persona = page.split("|")
    client = clients[persona]
    url = _page_url(name, page_routes()[name], _objects(demo))
    response = client.get(url)
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    if not isinstance(form, forms.BaseForm) or 'method="post"' not in response.content.decode():
        pytest.skip(f"{name} has no form that posts")  # a list or detail page
    file_fields = [n for n, f in form.fields.items() if isinstance(f, forms.FileField)]
    cases: list[tuple[str, Callable[[], dict[str, Any]]]] = []
    for label, text in CORPUS:
        data = {n: _value(f, text) for n, f in form.fields.items()}
        cases.append((label, lambda d=data: {k: v for k, v in d.items() if v is not None}))
    for filename, content in FILES:
        if file_fields:

            def upload(fn: str = filename, body: bytes = content) -> dict[str, Any]:
                data: dict[str, Any] = dict.fromkeys(form.fields, "2026-11-20")
                for f in file_fields:
                    data[f] = SimpleUploadedFile(fn, body, "application/octet-stream")
                return data

            cases.append((filename, upload))
    problems = []
    for label, make in cases:
        before = _counts()
        answer = client.post(url, make())
        status = answer.status_code
        if status >= 500:
            problems.append(f"{label}: {status}")
            continue
        if status in (200, 400, 409, 422):
            # Refused: the database is as it was, and each message names its field.
            if _counts() != before and name not in SIGN_IN:
                problems.append(f"{label}: refused ({status}) but the database changed")
            shown = (answer.context or {}).get("form") if answer.context else None
            if isinstance(shown, forms.BaseForm):
                unnamed = [k for k in shown.errors if k not in shown.fields and k != "__all__"]
                if unnamed:
                    problems.append(f"{label}: errors for unknown fields {unnamed}")
        elif status == 302 and label == "script":
            shown_page = client.get(answer["Location"]).content.decode()
            if SCRIPT in shown_page:
                problems.append("script: shown unescaped after saving")
    assert problems == [], f"{name} as {persona}"


def test_invalid_utf8_in_a_form_is_no_server_error(demo: Demo, clients: dict[str, Any]) -> None:
    for url in ("/officers/new/", "/training/import/", "/records/requests/new/"):
        client = clients["chief"] if url != "/records/requests/new/" else clients["records"]
        before = _counts()
        answer = client.generic(
            "POST",
            url,
            b"first_name=%FF%FE%00&last_name=\xff\xfe",
            content_type="application/x-www-form-urlencoded",
        )
        assert answer.status_code < 500, url
        assert _counts() == before or answer.status_code == 302, url
