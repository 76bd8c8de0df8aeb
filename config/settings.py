"""One settings module, driven by the environment (see the README's settings table)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_networks,
    env_str,
    env_time_zone,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
_DEV_KEY = "insecure-development-key-only-for-debug-and-tests"
SECRET_KEY = env_str("SECRET_KEY", _DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: set it to a long random value (or DEBUG=true for development)."
    )
if not DEBUG and (SECRET_KEY == _DEV_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: list the site's host names, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The reverse proxies (addresses or networks) whose header names the client's address
# (sro/core/client_ip.py). Empty: REMOTE_ADDR is the client, and forwarded headers are ignored.
SRO_TRUSTED_PROXIES = env_networks("SRO_TRUSTED_PROXIES")
SRO_CLIENT_IP_HEADER = env_choice(
    "SRO_CLIENT_IP_HEADER", "X-Forwarded-For", ("X-Forwarded-For", "X-Real-IP")
)

INSTALLED_APPS = [
    "sro.accounts.admin_site.SROAdminConfig",  # django.contrib.admin with the site's rules
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "sro.core",
    "sro.audittrail",
    "sro.accounts",
    "sro.roster",
    "sro.schools",
    "sro.contracts",
    "sro.training",
    "sro.scheduling",
    "sro.incidents",
    "sro.use_of_force",
    "sro.safety",
    "sro.activity",
    "sro.records",
    "sro.complaints",
    "sro.reports",
    "sro.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sro.core.middleware.RequestIdMiddleware",
    "sro.accounts.middleware.SessionLimitMiddleware",
    "sro.accounts.middleware.SecondFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sro.accounts.context_processors.navigation",
            ],
        },
    },
]

DATA_DIR = Path(env_str("SRO_DATA_DIR", str(BASE_DIR / "var")))
DATABASES = {"default": env_database("DATABASE_URL", str(DATA_DIR / "sro.sqlite3"))}
# A read replica of the primary (PostgreSQL streaming replication) for reports; optional.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", "")
DATABASE_ROUTERS = ["sro.core.replica.ReplicaRouter"]
# Reports read from the `replica` alias when it exists (sro/core/replica.py).
SRO_REPORTS_READ_REPLICA = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "sro.accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed log-ins per username; the persistent lock that follows (until an
# administrator unlocks the account) is the project's own (sro/accounts/security.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sro.accounts.backends.UnlockedModelBackend",
]
SRO_LOCKOUT_FAILURES = env_int("SRO_LOCKOUT_FAILURES", 5, minimum=3, maximum=20)
SRO_LOCKOUT_WINDOW_MINUTES = env_int("SRO_LOCKOUT_WINDOW_MINUTES", 15, minimum=1, maximum=1440)
AXES_FAILURE_LIMIT = SRO_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = dt.timedelta(minutes=SRO_LOCKOUT_WINDOW_MINUTES)
# Per account, as the department's rule says. Locking by address as well (axes.W006) would lock
# out a whole school building behind one address after a few typos; spraying one password over
# many accounts meets each account's own lock and, in time, the second factor.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The address axes records is the one every other part uses (a trusted proxy's header only).
AXES_CLIENT_IP_CALLABLE = "sro.core.client_ip.client_ip"
# Two-factor authentication (django-otp): wrong codes in a row that lock the account.
SRO_OTP_FAILURES = env_int("SRO_OTP_FAILURES", 10, minimum=3, maximum=50)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "SRO Program Manager")
# Sessions end after this long without a request, and this long after signing in in any case.
SRO_SESSION_IDLE_MINUTES = env_int("SRO_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=720)
SRO_SESSION_MAX_HOURS = env_int("SRO_SESSION_MAX_HOURS", 12, minimum=1, maximum=24)
# Accounts not used for this many days are disabled by `sro accounts expire` (run daily).
SRO_ACCOUNT_INACTIVE_DAYS = env_int("SRO_ACCOUNT_INACTIVE_DAYS", 90, minimum=1, maximum=3650)
# The notice shown above the sign-in form.
SRO_LOGIN_BANNER = env_str(
    "SRO_LOGIN_BANNER",
    "This system holds criminal-justice and private student data. Use is limited to authorized "
    "users for authorized purposes and is monitored and logged. Unauthorized access or use may "
    "be subject to criminal, civil and administrative penalties.",
)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_time_zone("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded files on the server's disk, or in S3-compatible object storage when a bucket is
# named (several application servers then share them). Credentials come from the usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables (or the machine's role), read by boto3.
SRO_S3_BUCKET = env_str("SRO_S3_BUCKET", "")
_FILES: dict[str, object] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if SRO_S3_BUCKET:
    _FILES = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SRO_S3_BUCKET,
            "endpoint_url": env_str("SRO_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("SRO_S3_REGION", "") or None,
            "location": env_str("SRO_S3_PREFIX", ""),
            # Private data: never public, never overwritten, links that expire in 5 minutes
            # (the application serves files through its own permission checks anyway).
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }
STORAGES = {
    "default": _FILES,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# `sro backup` signs each archive with SRO_BACKUP_KEY; `sro restore` loads only archives signed
# with it or with one of the older keys (rotation). Checked when those commands run
# (docs/backup.md); kept out of the archive, so changing an archive cannot re-sign it.
SRO_BACKUP_KEY = env_str("SRO_BACKUP_KEY", "")
SRO_BACKUP_OLD_KEYS = env_list("SRO_BACKUP_OLD_KEYS", [])

# Mail: reminders and notices. The console backend prints mail in development.
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_MAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else _SMTP
)
_SMTP_OPTIONS = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
    "username": env_str("EMAIL_HOST_USER", ""),
    "password": env_str("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "timeout": 30,
}
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _MAIL_BACKEND == _SMTP else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sro-program@localhost")

# Security: strict by default, relaxed only where DEBUG (local development) needs plain HTTP.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = SRO_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True  # each request restarts the idle clock
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The load balancer's health check talks plain HTTP to the application server.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "sro.core.pagination.Pages"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The program's own settings.
SRO_AGENCY_TIME_ZONE = TIME_ZONE
# A weekday at a school whose calendar has no entry counts as a student contact day: the
# conservative reading, so that a substitute reaches the 60-day limit no later than in fact.
SRO_COUNT_DAYS_WITHOUT_CALENDAR = env_bool("SRO_COUNT_DAYS_WITHOUT_CALENDAR", True)
# Sergeants are told when an untrained substitute reaches this many contact days (limit 60).
SRO_SUBSTITUTE_WARNING_DAYS = env_int("SRO_SUBSTITUTE_WARNING_DAYS", 50, minimum=1, maximum=59)
# Whether a contract must state in words that the SRO does not enforce school rules or take part
# in school discipline (Minn. Stat. 626.8482, subd. 2(c)). The sources do not settle it; "must"
# is the conservative reading.
SRO_CONTRACT_DISCIPLINE_STATEMENT_REQUIRED = env_bool(
    "SRO_CONTRACT_DISCIPLINE_STATEMENT_REQUIRED", True
)
# The largest contract document (PDF or DOCX) accepted, in megabytes.
SRO_CONTRACT_MAX_UPLOAD_MB = env_int("SRO_CONTRACT_MAX_UPLOAD_MB", 20, minimum=1, maximum=100)
# Purposes the department's own staff may give for opening a person's details in an incident,
# offered beside the purposes the school's contract lists (separated by commas in the variable).
SRO_STUDENT_DATA_PURPOSES = env_list(
    "SRO_STUDENT_DATA_PURPOSES",
    [
        "Investigating or following up this incident",
        "Supervisory review of this record",
        "Responding to a data request",
        "Referral to the prosecutor or the court",
    ],
)
# Purposes the chief and records staff may give for searching the access log by a student's
# full name (department practice, not law; separated by commas). The search and its purpose are
# written to the access log; an empty value turns the search off.
SRO_ACCESS_LOG_SEARCH_PURPOSES = env_list(
    "SRO_ACCESS_LOG_SEARCH_PURPOSES",
    [
        "Answering the student or a parent: who opened the student's records",
        "Responding to a data request",
        "Looking into a possible misuse of student data",
    ],
)
# A prone restraint lasting longer than this many minutes is highlighted for the reviewers (any
# prone restraint is reviewed). Department practice, not law: a short default shows more.
SRO_PRONE_HIGHLIGHT_MINUTES = env_int("SRO_PRONE_HIGHLIGHT_MINUTES", 1, minimum=1, maximum=60)
# The day of the following month by which a month's use-of-force report to the Bureau of
# Criminal Apprehension is due (Minn. Stat. 626.5534). The sources do not give the day: set it to
# the BCA's published deadline; the default is early in the month on purpose.
SRO_BCA_DUE_DAY = env_int("SRO_BCA_DUE_DAY", 10, minimum=1, maximum=28)
SRO_BCA_REMIND_DAYS = env_int("SRO_BCA_REMIND_DAYS", 7, minimum=0, maximum=27)
# Early intervention (department practice): the chief is alerted when an officer has this many
# force reports within the window, or a prone restraint and a complaint within it.
SRO_EARLY_INTERVENTION_REPORTS = env_int("SRO_EARLY_INTERVENTION_REPORTS", 3, minimum=1)
SRO_EARLY_INTERVENTION_DAYS = env_int("SRO_EARLY_INTERVENTION_DAYS", 90, minimum=1, maximum=730)
# Public figures: a count from 1 to this number less one is not published, and further counts
# are withheld until none can be worked out from the published ones (sro/rules/suppression.py).
# Department practice.
SRO_PUBLIC_MIN_COUNT = env_int("SRO_PUBLIC_MIN_COUNT", 10, minimum=1, maximum=100)
# A school year's public figures are published once, this many days after the year ends, and
# then kept as published (sro/public/releases.py). The wait lets late reviews settle (only
# reviewed records count), and one frozen release a year cannot be subtracted from another
# publication of the same year to reveal a withheld count. Department practice.
SRO_PUBLIC_RELEASE_DAYS = env_int("SRO_PUBLIC_RELEASE_DAYS", 60, minimum=1, maximum=365)
# How long a stated purpose covers further views of the same record before it is asked again.
SRO_PURPOSE_MINUTES = env_int("SRO_PURPOSE_MINUTES", 15, minimum=1, maximum=240)
# The yearly drill minimums of Minn. Stat. 121A.035, subd. 2 (fire drills consistent with
# 299F.30). The statute's numbers are the defaults; raise them if the district requires more.
SRO_DRILL_MINIMUM_LOCKDOWN = env_int("SRO_DRILL_MINIMUM_LOCKDOWN", 5, minimum=0, maximum=50)
SRO_DRILL_MINIMUM_FIRE = env_int("SRO_DRILL_MINIMUM_FIRE", 5, minimum=0, maximum=50)
SRO_DRILL_MINIMUM_TORNADO = env_int("SRO_DRILL_MINIMUM_TORNADO", 1, minimum=0, maximum=50)
# Largest audit photo or attached safety plan accepted, in megabytes.
SRO_SAFETY_MAX_UPLOAD_MB = env_int("SRO_SAFETY_MAX_UPLOAD_MB", 15, minimum=1, maximum=100)
# The most pixels an uploaded image (an audit photo, a certificate scan) may have, in millions: a
# small file can declare a picture that takes gigabytes to decode. 50 takes a 600 dpi scan of a
# legal-size page and a phone's full-resolution photo; Pillow's own guard starts at 89.
SRO_MAX_IMAGE_MEGAPIXELS = env_int("SRO_MAX_IMAGE_MEGAPIXELS", 50, minimum=1, maximum=89)
# How long a support referral (with the student's name) is kept, in years after the end of the
# school year it was made in. The agency sets it from the retention schedule it adopted under
# Minn. Stat. 138.17; 0 (the default) means no period is set and nothing is marked for removal.
SRO_SUPPORT_REFERRAL_RETENTION_YEARS = env_int(
    "SRO_SUPPORT_REFERRAL_RETENTION_YEARS", 0, minimum=0, maximum=99
)
# How long an incident's identities and narrative are kept, in years after the end of the school
# year it happened in (Minn. Stat. 138.17: the agency's adopted schedule); 0 removes nothing.
SRO_INCIDENT_RETENTION_YEARS = env_int("SRO_INCIDENT_RETENTION_YEARS", 0, minimum=0, maximum=99)
FORM_RENDERER = "sro.core.forms.USWDSRenderer"
