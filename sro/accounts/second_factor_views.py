"""The second-factor pages: enrol an authenticator app (QR code and key), verify a code after
signing in, and new recovery codes. Until a code is verified the session sees nothing else
(sro.accounts.middleware.SecondFactorMiddleware)."""

from __future__ import annotations

import base64
import binascii
from typing import cast

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.decorators import otp_required
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sro.accounts import second_factor
from sro.accounts.models import User
from sro.core.forms import Form
from sro.core.views import local_next


class CodeForm(Form):
    """The authenticator's six digits, or (in its own field, so that a phone shows letters for
    it) a recovery code."""

    token = forms.CharField(
        label="Code",
        max_length=16,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="The six digits your authenticator app shows now.",
    )
    recovery = forms.CharField(
        label="Recovery code",
        max_length=16,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
        help_text="One of the ten codes you kept, like abcde-23456. Each signs in once.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("token") and not data.get("recovery"):
            self.add_error("token", "Type the six digits your authenticator app shows now.")
        return data

    @property
    def code(self) -> str:
        return str(self.cleaned_data.get("token") or self.cleaned_data.get("recovery") or "")


class FreshCodeForm(Form):
    """A code from the enrolled authenticator app, typed with a change to the second factor."""

    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="The six digits the app shows now (a recovery code is not accepted here).",
    )


class EnrolForm(Form):
    """The new app's code; when an app is enrolled already, that app's code as well."""

    current = forms.CharField(
        label="Code from the app you use now",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="The six digits your present authenticator app shows: only its holder may "
        "move the second factor to another app.",
    )
    token = forms.CharField(
        label="Code from the new app",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="The six digits the app you just added shows now.",
    )

    def __init__(self, *args: object, replacing: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not replacing:
            del self.fields["current"]
            self.fields["token"].label = "Code"
            self.fields["token"].widget.attrs["autofocus"] = True


def verified_session(request: HttpRequest, device: object) -> None:
    """Mark the session verified with ``device`` and give it a new id, so an id known before
    the second factor (a planted or sniffed cookie) is worth nothing after it."""
    otp_login(request, device)
    request.session.cycle_key()


def locked_out(request: HttpRequest, user: User) -> HttpResponse | None:
    """The lockout page when the last wrong code locked the account (the session ends)."""
    user.refresh_from_db()
    if user.locked_at is None:
        return None
    logout(request)
    return render(request, "registration/locked_out.html", status=429)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return local_next(request, target, settings.LOGIN_REDIRECT_URL)


def _key_groups(device: TOTPDevice) -> str:
    key = base64.b32encode(binascii.unhexlify(device.key)).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def demo_code(user: User) -> str | None:
    """For the demo on a developer's machine only (DEBUG): the current code of a demo account,
    so the demo can be tried without a phone (on every page that asks for one). Never shown
    when DEBUG is off."""
    from sro.core.demo import DEMO_TOTP_KEY

    device = second_factor.confirmed_totp(user)
    if not settings.DEBUG or device is None or device.key != DEMO_TOTP_KEY:
        return None
    return f"{totp(binascii.unhexlify(device.key)):06d}"


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if second_factor.confirmed_totp(user) is None:
        return redirect(f"{reverse('second_factor_setup')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.check_code(user, form.code, actor=user)
        except second_factor.CodeThrottled as throttled:
            form.add_error("token", throttled.message)
        else:
            if device is not None:
                verified_session(request, device)
                return redirect(_next(request))
            if locked := locked_out(request, user):
                return locked
            if form.cleaned_data.get("token"):
                form.add_error("token", "That code did not match. Type the current code.")
            else:
                form.add_error("recovery", "That recovery code did not match or was used before.")
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": _next(request), "demo_code": demo_code(user)},
        status=422 if request.method == "POST" else 200,
    )


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then a code from it. An
    account with an app already (verified sessions only) also types a code from that app."""
    user = cast(User, request.user)
    replacing = second_factor.confirmed_totp(user) is not None
    if replacing and not user.is_verified():  # type: ignore[attr-defined]
        return redirect("second_factor")
    device = second_factor.pending_totp(user)
    form = EnrolForm(request.POST or None, replacing=replacing)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = second_factor.confirm_enrolment(
                user,
                form.cleaned_data["token"],
                current_token=form.cleaned_data.get("current", ""),
                actor=user,
            )
        except ValidationError as error:
            if locked := locked_out(request, user):
                return locked
            for field, problems in error.message_dict.items():
                form.add_error(field, problems)
        else:
            verified_session(request, device)
            return _show_codes(request, codes, first=True)
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, dark="#1b1b1b", title="QR code for the key"),
            "key": _key_groups(device),
            "next": _next(request),
            "replacing": replacing,
            "demo_code": demo_code(user) if replacing else None,
        },
        status=422 if request.method == "POST" else 200,
    )


@never_cache
@login_required
@otp_required(login_url=reverse_lazy("second_factor"))
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes in place of the old: a verified session and a fresh code from the
    authenticator app (a password, a recovery code or a stolen session alone is not enough)."""
    user = cast(User, request.user)
    form = FreshCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.new_recovery_codes(user, form.cleaned_data["token"], actor=user)
        except ValidationError as error:
            if locked := locked_out(request, user):
                return locked
            form.add_error("token", error.message_dict["token"])
        else:
            return _show_codes(request, codes, first=False)
    return render(
        request,
        "accounts/recovery_codes_new.html",
        {"form": form, "demo_code": demo_code(user)},
        status=422 if request.method == "POST" else 200,
    )


_NEW_CODES = "sro_new_recovery_codes"


def _show_codes(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    """Post, redirect, get: the new codes wait in the session for the one page that shows them,
    so reloading that page never sends the used authenticator code again (a counted miss)."""
    request.session[_NEW_CODES] = {"codes": codes, "first": first, "next": _next(request)}
    return redirect("recovery_codes_shown")


@never_cache
@login_required
@otp_required(login_url=reverse_lazy("second_factor"))
def recovery_codes_shown(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, once: they leave the session as they are shown."""
    shown = request.session.pop(_NEW_CODES, None)
    if not isinstance(shown, dict):
        return render(request, "accounts/recovery_codes.html", {"codes": [], "gone": True})
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": shown.get("codes", []),
            "first": shown.get("first", False),
            "next": local_next(request, shown.get("next"), settings.LOGIN_REDIRECT_URL),
        },
    )
