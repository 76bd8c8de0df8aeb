"""The password rule Django does not ship: an upper bound on length (OWASP ASVS 2.1.2 asks that
passwords of up to 128 characters be allowed; longer ones are refused so hashing stays cheap)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long: use at most {self.max_length} characters.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password can have at most {self.max_length} characters."
