from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.api import api
from sro.accounts import password_views, second_factor_views
from sro.accounts import views as account_views
from sro.core import errors

urlpatterns = [
    path("", account_views.root, name="root"),
    path("healthz", errors.healthz, name="healthz"),
    path("home/", account_views.home, name="home"),
    path("login/", account_views.SignInView.as_view(), name="login"),
    path("account/two-factor/", second_factor_views.verify, name="second_factor"),
    path("account/two-factor/setup/", second_factor_views.setup, name="second_factor_setup"),
    path(
        "account/two-factor/recovery-codes/",
        second_factor_views.recovery_codes,
        name="recovery_codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        second_factor_views.recovery_codes_shown,
        name="recovery_codes_shown",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", password_views.password_change, name="password_change"),
    path("account/tokens/", account_views.tokens, name="tokens"),
    path("account/agency/", account_views.read_agency, name="read_agency"),
    path("account/tokens/<uuid:pk>/revoke/", account_views.revoke_token, name="token_revoke"),
    path("", include("sro.roster.urls")),
    path("", include("sro.schools.urls")),
    path("", include("sro.contracts.urls")),
    path("", include("sro.contracts.notice_urls")),
    path("public/", include("sro.public.urls")),
    path("", include("sro.training.urls")),
    path("", include("sro.scheduling.urls")),
    path("", include("sro.incidents.urls")),
    path("", include("sro.use_of_force.urls")),
    path("", include("sro.safety.urls")),
    path("", include("sro.activity.urls")),
    path("", include("sro.records.urls")),
    path("", include("sro.complaints.urls")),
    path("", include("sro.reports.urls")),
    path("", include("sro.audittrail.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler500 = "sro.core.errors.server_error"
