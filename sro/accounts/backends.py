"""Django's own authentication, refusing an account that is locked after repeated failed
log-ins until an administrator unlocks it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class UnlockedModelBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and getattr(user, "locked_at", None) is None
