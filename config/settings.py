"""Settings for the Supporting Families Pathway.

Every setting that differs between a laptop and production is read from an
environment variable. The embedded defaults (SQLite, a file-system Celery broker,
the console email backend) let the app run with nothing installed; production
secrets fail loudly when missing instead of falling back to something unsafe.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true on a development machine."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Council-specific identity shown in the header and on exports.
COUNCIL_NAME = env_str("COUNCIL_NAME", "Stockport Council")
SERVICE_NAME = "Supporting Families Pathway"
PHASE = env_str("PHASE", "beta")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # trigram search lookups, used only on PostgreSQL
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # Before pathway: pathway.admin takes django-otp's devices out of the administration.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pathway",  # the core: imports no feature app (import-linter, pyproject.toml)
    "frontdoor",
    "casework",
    "localities",
    "screening",
    "caf",
    "partners",
    "reporting",
    "governance",  # information governance: access-log search, subject access, retention
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pathway.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pathway.middleware.NoStoreMiddleware",
    "pathway.middleware.ApiNulQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pathway.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pathway.middleware.LoginRequiredMiddleware",
    # Logs and reports a refused attempt on a restricted record, after the response.
    "pathway.middleware.RestrictedRefusalMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
# Widgets render from templates/ too, so GOV.UK markup can replace Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pathway.context_processors.service",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# PostgreSQL in production and CI (DATABASE_URL=postgres://...); an SQLite file in var/
# is the embedded default for a laptop with nothing installed.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pathway.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so a web request and the
    # Celery worker writing at once wait for each other instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
    # No just-in-time compilation: this is short OLTP work, and PostgreSQL's cost estimate
    # switched JIT on for a grouped count over cases, spending 117 ms compiling a query
    # that ran in 45 ms (docs/performance.md, issue 15).
    if env_bool("DATABASE_JIT_OFF", True):
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis / Celery -------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
CELERY_DATA_DIR = VAR_DIR / "celery"
# Made whatever the broker: beat keeps its schedule state here with Redis too, and a fresh
# checkout or a fresh container's data volume starts empty (docs/adr/0007).
try:
    CELERY_DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(
        f"VAR_DIR ({VAR_DIR}) must be a writable folder: {exc.strerror}. Point VAR_DIR at a "
        "writable data volume."
    ) from None

EMBEDDED_BROKER_URL = "filesystem://localhost/"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pathway",
        }
    }
else:
    # Embedded broker: kombu's file-system transport carries tasks between the web
    # process and `celery worker -B` through folders, so scheduled work really runs on
    # a laptop with no Redis.
    # The file-system transport ignores the host, but kombu warns "No hostname was
    # supplied" when the URL names none: naming localhost keeps `make run` quiet.
    CELERY_BROKER_URL = EMBEDDED_BROKER_URL
    for _sub in ("queue", "processed", "control"):
        (CELERY_DATA_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "data_folder_processed": str(CELERY_DATA_DIR / "processed"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves it on the queue
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# What a task prints (the console email backend on a laptop) is logged as INFO, not as a
# WARNING that would alarm whoever reads var/worker.log.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DATA_DIR / "beat-schedule")
# A scheduler that makes its state folder itself, so beat cannot die for want of it.
CELERY_BEAT_SCHEDULER = "config.celery:ResilientPersistentScheduler"
# The heartbeat proves beat sends and a worker runs; /healthz/scheduler answers 503 once it
# is older than this many intervals.
HEARTBEAT_SECONDS = env_int("HEARTBEAT_SECONDS", 60)
HEARTBEAT_STALE_AFTER = timedelta(
    seconds=HEARTBEAT_SECONDS * env_int("HEARTBEAT_STALE_INTERVALS", 3)
)
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "pathway.tasks.record_heartbeat",
        "schedule": timedelta(seconds=HEARTBEAT_SECONDS),
    },
    "clear-expired-sessions": {
        "task": "pathway.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    "purge-stale-contact-drafts": {
        "task": "frontdoor.tasks.purge_stale_contact_drafts",
        "schedule": crontab(hour=3, minute=27),
    },
    # The 20-working-day limit: the database holds the deadlines; this finds what is due.
    "sweep-deadlines": {
        "task": "caf.tasks.sweep_deadlines",
        "schedule": timedelta(minutes=env_int("SWEEP_MINUTES", 30)),
    },
    # Work for Celery waits in the database outbox until the broker takes it: queued work
    # goes out within a tick of the broker returning (docs/adr/0010). A tick the workers
    # could not reach within a minute is dropped; the next one does the same job.
    # Information governance: unusual access alerts through the day, retention at night.
    "unusual-access-alerts": {
        "task": "governance.tasks.raise_unusual_access_alerts",
        "schedule": timedelta(minutes=10),
        "options": {"expires": 600},
    },
    "apply-retention": {
        "task": "governance.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=37),
    },
    # Report snapshots (reporting.services): the month so far every night, and the month
    # just ended once more on the 1st, after the last day's late entries.
    "report-snapshots-nightly": {
        "task": "reporting.tasks.schedule_report_snapshots",
        "schedule": crontab(hour=2, minute=7),
    },
    "report-snapshots-month-end": {
        "task": "reporting.tasks.schedule_report_snapshots",
        "schedule": crontab(day_of_month="1", hour=6, minute=7),
        "kwargs": {"month_end": True},
    },
    "relay-outbox": {
        "task": "pathway.tasks.relay_outbox",
        "schedule": timedelta(seconds=15),
        "options": {"expires": 60},
    },
}

# --- Authentication and sessions ------------------------------------------------------
AUTH_USER_MODEL = "pathway.User"
AUTHENTICATION_BACKENDS = ["pathway.auth.CaseInsensitiveModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = None  # show the "You have signed out" page

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle timeout: a session lives 30 minutes from its last save. It is saved only when it
# changes; pathway.middleware.SessionLifetimeMiddleware renews it (one write) when more
# than SESSION_RENEW_AFTER has passed since the last renewal, so reads write nothing and
# the timeout is 30 minutes from the last request, give or take that minute (issue 15).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER = timedelta(seconds=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute lifetime: however active, a session ends this long after login.
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 10))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (docs/adr/0009): after this many failures for one username inside the
# window, that username is refused until the window passes. After the per-address number of
# failures from one client address, attempts from it are slowed down (never refused: a
# whole council can share one address).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = timedelta(minutes=env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15))
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30)
# How many reverse proxies in front of the app append to X-Forwarded-For. With N > 0 the
# client address is the N-th entry from the right (what the outermost trusted proxy saw);
# with 0 the header is ignored and REMOTE_ADDR is the client (pathway.services.audit).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")

# API tokens expire; a new one is issued on the next POST /api/v1/auth/token/.
API_TOKEN_LIFETIME = timedelta(hours=env_int("API_TOKEN_HOURS", 12))

# --- Security headers -----------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/scheduler)?$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])

# --- Email ----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "supporting-families@example.gov.uk")
# Links in emails point here.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pathway.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "pathway.api.parsers.SafeJSONParser",
        "pathway.api.parsers.SafeFormParser",
        "pathway.api.parsers.SafeMultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "pathway.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Supporting Families Pathway API",
    "DESCRIPTION": (
        "Interfaces for partner systems and council scripts. JSON, snake_case, ISO dates; "
        "codes as in the national CIN census. Authenticate with "
        "`Authorization: Token <token>` from POST /api/v1/auth/token/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "pathway.api.schema.add_common_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ConsentEnum": "pathway.choices.Consent",
        "LevelOfNeedEnum": "pathway.choices.LevelOfNeed",
        "ClosureReasonEnum": "pathway.choices.ClosureReason",
        "TeamKindEnum": "localities.models.Team.Kind",
        "AgencyKindEnum": "localities.models.Agency.Kind",
        "LawfulBasisEnum": "pathway.choices.LawfulBasis",
        "ShareBasisEnum": "pathway.choices.ShareBasis",
        "SharePartEnum": "pathway.choices.SharePart",
        "ShareScopeEnum": "pathway.choices.ShareScope",
        "DecisionEnum": "pathway.choices.Decision",
        "CafWorkDecisionEnum": "partners.models.CafWorkResponse.Decision",
    },
}

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- The pathway's own rules ------------------------------------------------------------
# Office hours used to show a contact's age in working hours (24-hour clock).
CONTACT_CENTRE_HOURS = (env_int("CONTACT_CENTRE_OPENS", 9), env_int("CONTACT_CENTRE_CLOSES", 17))
# Every recommendation must be completed (or followed up) within this many working days.
RECOMMENDATION_WORKING_DAYS = env_int("RECOMMENDATION_WORKING_DAYS", 20)
# A step-down is successful when the family is not stepped up again within this many months.
REPORT_STEP_DOWN_WINDOW_MONTHS = env_int("REPORT_STEP_DOWN_WINDOW_MONTHS", 12)
# A contact is flagged as a repeat when the family had this many contacts in 12 months.
REPEAT_CONTACT_THRESHOLD = env_int("REPEAT_CONTACT_THRESHOLD", 3)
# How long the front door keeps read access to the cases it recorded contacts on or
# screened, once they have moved on (docs/adr/0011).
FRONT_DOOR_FOLLOW_UP_DAYS = env_int("FRONT_DOOR_FOLLOW_UP_DAYS", 60)
# Two-step verification (docs/adr/0014): always for partner agencies' accounts; for every
# account when this is on.
MFA_REQUIRED_FOR_ALL = env_bool("MFA_REQUIRED_FOR_ALL", False)
OTP_TOTP_ISSUER = SERVICE_NAME
MFA_RECOVERY_CODES = 10
# The deadline sweep reminds this many working days before a recommendation is due.
REMINDER_WORKING_DAYS = env_int("REMINDER_WORKING_DAYS", 5)
# Unsubmitted contact drafts hold personal data: they are deleted after this many days.
CONTACT_DRAFT_RETENTION_DAYS = env_int("CONTACT_DRAFT_RETENTION_DAYS", 14)

# --- Information governance (governance/, docs/adr/0017) --------------------------------
# A user who opens more than this many case records outside their own localities in a day
# is reported to the information-governance auditors (once per user per day).
UNUSUAL_ACCESS_OUTSIDE_LOCALITY_PER_DAY = env_int("UNUSUAL_ACCESS_OUTSIDE_LOCALITY_PER_DAY", 20)
