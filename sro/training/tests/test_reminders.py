"""`sro remind`: who is e-mailed about what, on which day, once; and through a real SMTP server."""

from __future__ import annotations

import datetime as dt
import email.policy
import io
import socket
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import CommandError, call_command

from sro.audittrail.models import AuditEvent
from sro.training.models import PolicyVersion, ReminderSent
from sro.training.reminders import plan, send
from sro.training.services import save_policy_version

TODAY = dt.date(2026, 11, 28)
OKAFOR = "the required SRO course due 2027-02-28, in {} days (Marcus Okafor)"
# The demo substitute reaches 60 student contact days on 2026-12-04 (counted from the duty
# schedule) and is judged from then on as an SRO without the course: one notice, once.
BECKER = "SRO training: the required SRO course was due 2026-09-01 (Tom Becker)"


def run(as_of: dt.date, *extra: str) -> str:
    out = io.StringIO()
    call_command("remind", "--as-of", as_of.isoformat(), *extra, stdout=out)
    return out.getvalue()


def test_the_demo_day_sends_the_passed_dates_to_officer_and_sergeant(demo: Any) -> None:
    output = run(TODAY)
    assert sorted(m.subject for m in mail.outbox) == [
        "SRO training: the SRO refresher course was due 2026-06-15 (Jordan Whitebird)",
        "SRO training: the required SRO course was due 2025-09-01 (Erik Solberg)",
        "SRO training: the required SRO course was due 2026-09-08 (Sofia Haugen)",
    ]
    haugen = next(m for m in mail.outbox if "Haugen" in m.subject)
    assert haugen.to == ["sofia.haugen@example.org", "sergeant@example.org"]
    assert "Minn. Stat. 626.8482, subd. 3(a)" in haugen.body
    assert "3 reminders sent for 2026-11-28." in output
    assert AuditEvent.objects.filter(action="reminder.sent").count() == 3


def test_each_notice_is_sent_once(demo: Any) -> None:
    run(TODAY)
    mail.outbox.clear()
    assert "0 reminders sent" in run(TODAY)
    assert "0 reminders sent" in run(TODAY + dt.timedelta(days=1))
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 12, 3), []),
        (dt.date(2026, 12, 4), [BECKER]),
        (dt.date(2026, 12, 30), [f"SRO training: {OKAFOR.format(60)}", BECKER]),
        (dt.date(2027, 1, 29), [f"SRO training: {OKAFOR.format(30)}", BECKER]),
        (dt.date(2027, 2, 21), [f"SRO training: {OKAFOR.format(7)}", BECKER]),
        (
            dt.date(2027, 4, 1),
            [
                "SRO training: the required SRO course due 2027-05-31, in 60 days (Dana Lindqvist)",
                BECKER,
                "SRO training: the required SRO course was due 2027-02-28 (Marcus Okafor)",
            ],
        ),
    ],
)
def test_the_days_before_a_date(demo: Any, day: dt.date, expected: list[str]) -> None:
    run(TODAY)  # the demo day's notices of dates already passed
    mail.outbox.clear()
    run(day)
    assert sorted(m.subject for m in mail.outbox) == expected


def test_a_new_policy_version_is_announced_once_to_officers_on_assignment(demo: Any) -> None:
    run(TODAY)
    mail.outbox.clear()
    save_policy_version(
        PolicyVersion(
            agency=demo.agency,
            version="2026-12",
            effective_on=dt.date(2026, 12, 1),
            text="Revised.",
        ),
        actor=demo.users["chief"],
    )
    run(dt.date(2026, 11, 30))
    assert mail.outbox == []
    run(dt.date(2026, 12, 1))
    announced = {m.subject for m in mail.outbox if "new version" in m.subject}
    assert len(announced) == 8  # every officer on assignment; Berg's ended in June
    mail.outbox.clear()
    run(dt.date(2026, 12, 2))
    assert not [m for m in mail.outbox if "new version" in m.subject]


def test_an_officer_about_to_start_is_reminded_to_review_the_policy(demo: Any) -> None:
    from sro.contracts.models import Contract
    from sro.roster.models import Assignment, Officer
    from sro.roster.services import save_assignment, save_officer

    officer = save_officer(
        Officer(
            agency=demo.agency,
            first_name="Lena",
            last_name="Voss",
            badge_number="499",
            post_license_number="MN-10499",
            email="lena.voss@example.org",
            supervisor=demo.users["sergeant"],
        ),
        actor=demo.users["chief"],
    )
    save_assignment(
        Assignment(
            officer=officer,
            school=demo.high_school,
            contract=Contract.objects.get(education_agency__kind="district"),
            role="substitute",
            start_date=dt.date(2027, 1, 27),
        ),
        actor=demo.users["chief"],
        override_reason="Will review before the start.",
    )
    run(TODAY)
    mail.outbox.clear()
    run(dt.date(2026, 12, 28))
    assert sorted(m.subject for m in mail.outbox) == [
        BECKER,
        "SRO training: the review of the SRO policy due 2027-01-27, in 30 days (Lena Voss)",
    ]


def test_a_dry_run_sends_nothing(demo: Any) -> None:
    output = run(TODAY, "--dry-run")
    assert "Would send: SRO training: the required SRO course was due 2026-09-08" in output
    assert "3 reminders would be sent" in output
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_a_bad_date_names_the_option(demo: Any) -> None:
    with pytest.raises(CommandError, match="--as-of '2026-02-30' is not a date"):
        call_command("remind", "--as-of", "2026-02-30")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _smtp(port: int) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def test_a_failed_send_records_nothing_so_the_next_run_retries(demo: Any, settings: Any) -> None:
    settings.MAILERS = _smtp(_free_port())  # nothing listens there
    reminder = plan(TODAY)[0]
    with pytest.raises(ConnectionRefusedError):
        send(reminder, actor=None)
    assert not ReminderSent.objects.exists()
    assert not AuditEvent.objects.filter(action="reminder.sent").exists()


class Collector:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def test_reminders_go_through_a_real_smtp_server(demo: Any, settings: Any) -> None:
    collector = Collector()
    port = _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = _smtp(port)
        run(TODAY)
    finally:
        controller.stop()
    assert len(collector.envelopes) == 3
    haugen = next(e for e in collector.envelopes if b"Haugen" in e.content)
    assert haugen.rcpt_tos == ["sofia.haugen@example.org", "sergeant@example.org"]
    message = message_from_bytes(haugen.content, policy=email.policy.default)
    assert message["Subject"].strip() == (
        "SRO training: the required SRO course was due 2026-09-08 (Sofia Haugen)"
    )
