"""Home pages per role, and the user's own API tokens."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from sro.accounts import second_factor, services
from sro.accounts.home import home_context
from sro.accounts.models import ApiToken, User
from sro.accounts.permissions import Role
from sro.accounts.principal import agency_id_of, principal_for
from sro.accounts.second_factor_views import demo_code, locked_out
from sro.core.forms import CleanTextMixin, Form
from sro.roster.models import Agency

HOME_TEMPLATES = {
    Role.CHIEF: "accounts/home_chief.html",
    Role.SERGEANT: "accounts/home_sergeant.html",
    Role.SRO: "accounts/home_sro.html",
    Role.RECORDS: "accounts/home_records.html",
    Role.SCHOOL_ADMIN: "accounts/home_school_admin.html",
    Role.AUDITOR: "accounts/home_auditor.html",
}


def limit_username(form: AuthenticationForm) -> None:
    """Enforce the username's length on one of Django's sign-in forms.

    AuthenticationForm sets the field's max_length after the field is built, so
    Django adds no length validator; an over-long name would reach the lockout
    table (varchar 255) and PostgreSQL would refuse it with a server error.
    """
    limit = getattr(form.fields["username"], "max_length", None) or 150
    form.fields["username"].validators.append(
        MaxLengthValidator(
            limit, f"No user name is longer than {limit} characters; check what you typed."
        )
    )


class SignInForm(CleanTextMixin, AuthenticationForm):
    """Django's sign-in form, with the username's length enforced and no control characters
    in it (a user name tried is written to the audit trail)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_username(self)


class AdminSignInForm(CleanTextMixin, AdminAuthenticationForm):
    """The administration site's sign-in form (staff only), with the same checks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_username(self)


class SignInView(auth_views.LoginView):
    """Django's sign-in, under the department's notice (SRO_LOGIN_BANNER)."""

    form_class = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["login_banner"] = settings.SRO_LOGIN_BANNER
        context["lockout_failures"] = settings.SRO_LOCKOUT_FAILURES
        return context


def root(request: HttpRequest) -> HttpResponse:
    return redirect("home" if request.user.is_authenticated else "login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    if principal.role is None:
        return render(request, "accounts/home_no_role.html", status=403)
    context = home_context(principal, agency_id_of(request.user), request.user)
    return render(request, HOME_TEMPLATES[principal.role], context)


def _member(request: HttpRequest) -> User:
    """The signed-in user with a role (tokens act with the role, so none without one)."""
    if not isinstance(request.user, User) or principal_for(request.user).role is None:
        raise Http404
    return request.user


class TokenForm(Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. “nightly roster export”."
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="Give a script only what it needs: most only read.",
    )
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="The six digits the app shows now: a token outlives this session, so only "
        "the holder of the second factor may make one.",
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        try:
            matched = second_factor.check_authenticator(user, form.cleaned_data["code"], actor=user)
        except second_factor.CodeThrottled as throttled:
            form.add_error("code", throttled.message)
            matched = None
        if matched:
            _, raw = services.issue_api_token(
                actor=user,
                user=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
            form = TokenForm()
        elif matched is False:
            if locked := locked_out(request, user):
                return locked
            form.add_error("code", "That is not the code your authenticator app shows now.")
    mine = ApiToken.objects.filter(user=user)
    response = render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": mine, "raw": raw, "demo_code": demo_code(user)},
        status=422 if request.method == "POST" and raw is None else 200,
    )
    add_never_cache_headers(response)  # the new token is shown once: never from a cache
    return response


@login_required
def read_agency(request: HttpRequest) -> HttpResponse:
    """A state auditor picks the agency to read; everyone else is refused."""
    principal = principal_for(request.user)
    if not principal.spans_agencies:
        raise PermissionDenied("Only a state auditor reads other agencies.")
    if request.method == "POST":
        chosen = _uuid_or_none(request.POST.get("agency"))
        agency = Agency.objects.filter(pk=chosen).first() if chosen else None
        if agency is None:
            messages.error(request, "Agency: choose one from the list.")
            return redirect("read_agency")
        user = _member(request)
        services.read_agency(user.membership, agency, actor=user)
        messages.success(request, f"You are now reading {agency.name} (read only).")
        return redirect("home")
    query = request.GET.get("q", "").strip()[:100]
    agencies = Agency.objects.order_by("name", "id")
    if query:
        agencies = agencies.filter(
            Q(name__icontains=query) | Q(city__icontains=query) | Q(ori__iexact=query)
        )
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/read_agency.html",
        {
            "page": page,
            "objects": page.object_list,
            "q": query,
            "extra_query": urlencode({"q": query}) if query else "",
            "current": principal.agency_id,
        },
    )


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk, user=_member(request)).first()
    if token is None:
        raise Http404
    services.revoke_api_token(token, actor=request.user)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("tokens")
