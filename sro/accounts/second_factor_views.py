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
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sro.accounts import second_factor
from sro.accounts.models import User
from sro.core.forms import Form


class CodeForm(Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="The six digits your authenticator app shows now, or one of your recovery codes.",
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok and target else settings.LOGIN_REDIRECT_URL


def _key_groups(device: TOTPDevice) -> str:
    key = base64.b32encode(binascii.unhexlify(device.key)).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _demo_code(user: User) -> str | None:
    """For the demo on a developer's machine only (DEBUG): the current code of a demo account,
    so the demo can be tried without a phone. Never shown when DEBUG is off."""
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
        device = second_factor.check_code(user, form.cleaned_data["token"], actor=user)
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        user.refresh_from_db()
        if user.locked_at is not None:
            logout(request)
            return render(request, "registration/locked_out.html", status=429)
        form.add_error("token", "That code did not match. Type the current code.")
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": _next(request), "demo_code": _demo_code(user)},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then a code from it."""
    user = cast(User, request.user)
    if second_factor.confirmed_totp(user) is not None and not user.is_verified():  # type: ignore[attr-defined]
        return redirect("second_factor")
    device = second_factor.pending_totp(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = second_factor.confirm_enrolment(
                user,
                form.cleaned_data["token"],
                actor=user,
            )
        except ValidationError as error:
            form.add_error("token", " ".join(error.messages))
        else:
            otp_login(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request), "first": True},
            )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, dark="#1b1b1b", title="QR code for the key"),
            "key": _key_groups(device),
            "next": _next(request),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    codes = second_factor.new_recovery_codes(user, actor=user)
    messages.success(request, "New recovery codes: the old ones no longer work.")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": False})
