"""The signed-in user's own password change: the current password (checked through Django's
authenticate, so wrong ones count toward the lock like failed sign-ins), a new one the
project's validators accept, and a fresh code from the authenticator app. The user's other
sessions end. The same page takes the new password after an administrator's reset."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django_otp.decorators import otp_required

from sro.accounts import second_factor, services
from sro.accounts.models import User
from sro.accounts.second_factor_views import _next, demo_code, locked_out
from sro.core.forms import USWDSFormMixin


class ChangePasswordForm(USWDSFormMixin, PasswordChangeForm):
    """Django's PasswordChangeForm (its validators, its messages) with the second factor."""

    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="The six digits the app shows now (a recovery code is not accepted here).",
    )
    field_order = ["old_password", "new_password1", "new_password2", "token"]

    def __init__(self, user: User, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "New password again"

    def clean_old_password(self) -> str:
        old = cast(str, self.cleaned_data["old_password"])
        # authenticate() rather than check_password: django-axes counts a wrong one, and the
        # lock follows at the limit as for sign-in.
        found = authenticate(self.request, username=self.user.get_username(), password=old)
        if found is None or found.pk != self.user.pk:
            raise ValidationError(
                "That is not your current password. Type the password you signed in with.",
                code="password_incorrect",
            )
        return old


@never_cache
@login_required
@otp_required(login_url=reverse_lazy("second_factor"))
def password_change(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ChangePasswordForm(user, request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            matched = second_factor.check_authenticator(
                user, form.cleaned_data["token"], actor=user
            )
        except second_factor.CodeThrottled as throttled:
            form.add_error("token", throttled.message)
            matched = None
        if matched is False:
            if locked := locked_out(request, user):
                return locked
            form.add_error("token", "That is not the code your authenticator app shows now.")
        elif matched:
            ended = services.change_password(
                user,
                form.cleaned_data["new_password1"],
                actor=user,
                keep_session=request.session.session_key,
            )
            update_session_auth_hash(request, user)  # this browser stays signed in, new id
            messages.success(
                request,
                "Your password is changed."
                + (f" {ended} other session(s) signed out." if ended else ""),
            )
            return redirect(_next(request))
    return render(
        request,
        "accounts/password_change.html",
        {
            "form": form,
            "must_change": user.must_change_password,
            "next": _next(request),
            "demo_code": demo_code(user),
        },
        status=422 if request.method == "POST" else 200,
    )
