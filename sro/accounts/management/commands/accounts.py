"""`sro accounts expire` (daily): disable accounts not used for SRO_ACCOUNT_INACTIVE_DAYS days and
end their sessions. `sro accounts unlock USERNAME --reason TEXT`: unlock an account locked after
repeated failed sign-ins. `sro accounts disable USERNAME --reason TEXT`: disable an account and
end its sessions at once. `sro accounts reset-2fa USERNAME --reason TEXT`: remove a lost
authenticator and the recovery codes (the user enrols again). `sro accounts reset-password
USERNAME --reason TEXT`: a temporary password printed once, to be replaced at the next sign-in;
the user's sessions end. Each is in the audit trail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sro.accounts import second_factor, services
from sro.accounts.models import User
from sro.core import clock


class Command(BaseCommand):
    help = (
        "Expire inactive accounts; unlock, disable, reset the second factor of, or reset the "
        "password of an account."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("expire", help="Disable accounts with no sign-in for the set days.")
        for name in ("unlock", "disable", "reset-2fa", "reset-password"):
            one = sub.add_parser(name, help=f"{name.capitalize()} one account.")
            one.add_argument("username")
            one.add_argument("--reason", required=True, help="Why (kept in the audit trail).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "expire":
            days = settings.SRO_ACCOUNT_INACTIVE_DAYS
            names = services.expire_inactive_accounts(actor=None, as_of=clock.now(), days=days)
            self.stdout.write(
                f"Disabled {len(names)} account(s) with no sign-in for {days} days"
                + (f": {', '.join(names)}." if names else ".")
            )
            return
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account has the user name {options['username']!r}.")
        try:
            if action == "unlock":
                services.unlock_account(user, actor=None, reason=options["reason"])
                self.stdout.write(f"Unlocked {user.username}.")
            elif action == "reset-2fa":
                second_factor.reset_second_factor(user, actor=None, reason=options["reason"])
                self.stdout.write(
                    f"Reset the second factor of {user.username}: they enrol again at sign-in."
                )
            elif action == "reset-password":
                temporary = services.reset_password(user, actor=None, reason=options["reason"])
                self.stdout.write(
                    f"Reset the password of {user.username}; their sessions ended.\n"
                    f"Temporary password: {temporary}\n"
                    "Give it to them in person or by telephone, never by e-mail: it is shown "
                    "only now, and they must choose a new password at their next sign-in."
                )
            else:
                ended = services.disable_account(user, actor=None, reason=options["reason"])
                self.stdout.write(f"Disabled {user.username}; ended {ended} session(s).")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
