"""Signed-in sessions for load tests and drills, run inside an instance's settings:

    python -m drills.signin OUT USERS SESSIONS_PER_USER

For each user name in USERS (comma-separated): SESSIONS_PER_USER sessions signed in with the
second factor passed; a read-and-write API token for the SRO; and the latest instructional day
on the demo calendar (for writes that must fall on a school day). Written to OUT as JSON.
Used by bench/load.py (and so the soak) and drills/instance.py.
"""

from __future__ import annotations

import json
import sys


def main(out: str, users: str, per_user: int) -> None:
    import django

    django.setup()
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sro.accounts.models import User
    from sro.accounts.services import issue_api_token
    from sro.core import clock
    from sro.scheduling.models import CalendarDay

    signed: dict[str, object] = {}
    sessions: dict[str, list[str]] = {}
    for name in users.split(","):
        user = User.objects.get(username=name)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        sessions[name] = []
        for _ in range(per_user):
            client = Client(HTTP_X_FORWARDED_PROTO="https")
            client.force_login(user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
            sessions[name].append(str(session.session_key))
    signed["sessions"] = sessions
    sro = User.objects.get(username="sro")
    _, signed["sro_token"] = issue_api_token(actor=sro, user=sro, name="drill", scope="write")
    day = (
        CalendarDay.objects.filter(kind="instructional", day__lte=clock.today())
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    signed["activity_day"] = str(day)
    with open(out, "w", encoding="utf-8") as file:
        json.dump(signed, file)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
