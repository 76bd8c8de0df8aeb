"""The audit trail lists events whatever their values are called (issue 23, finding 12)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from conftest import Demo


def test_an_event_whose_values_are_named_like_dict_methods_is_listed(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """`/audit/?action=checklist` answered 500: the default checklist's event holds `items`,
    which the template's `new_values.items` took for the value instead of the dict's method."""
    from sro.audittrail.services import audited, record_event

    @audited
    def note(*, actor: Any) -> None:
        record_event(
            actor=actor,
            action="checklist.test_values",
            agency=demo.agency,
            new={"items": 7, "keys": "k", "values": [1, 2], "get": None, "update": 3},
        )

    note(actor=demo.users["chief"])
    for action in ("checklist", "checklist.test_values"):
        page = clients["auditor"].get("/audit/", {"action": action})
        assert page.status_code == 200, action
    text = page.content.decode()
    for shown in (
        "<strong>items</strong>: 7",
        "<strong>keys</strong>: k",
        "<strong>update</strong>: 3",
    ):
        assert shown in text


def test_no_template_iterates_a_dict_by_its_items_method() -> None:
    """A template lookup `x.items` takes a key named "items" before the dict's method: loops
    over a dict's pairs are built in Python (for example `AuditEvent.changes`)."""
    import re
    from pathlib import Path

    pattern = re.compile(r"{%\s*for\s+[^%]*\sin\s+[\w.]+\.(items|keys|values)\s*%}")
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "sro"]
    found = [
        f"{path}: {match.group(0)}"
        for root in roots
        for path in root.glob("**/*")
        if path.suffix in {".html", ".txt", ".xml", ".ics"}
        for match in pattern.finditer(path.read_text(errors="replace"))
    ]
    assert found == []
