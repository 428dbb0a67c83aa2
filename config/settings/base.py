"""Settings read from the environment, with safe defaults for development. Production: config.settings.production."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-secret-key-not-for-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Sandbox-only features, each a setting of its own (production turns them off): the `X-With-Server-Date` header moves
# "now" for a request (config/middleware.py); the stand-in Teacher Record Service answers Register's TRN requests and
# its records can be edited in the admin (register/trs.py, participants/admin.py).
TIME_TRAVEL = env_bool("TIME_TRAVEL", True)
STAND_IN_TEACHER_RECORDS = env_bool("STAND_IN_TEACHER_RECORDS", True)
# ...and a webhook endpoint may be a plain http:// address, such as a provider's own test receiver (docs/webhooks.md).
WEBHOOK_PLAIN_HTTP = env_bool("WEBHOOK_PLAIN_HTTP", True)
# `seed_sandbox` (make run) gives each staff role a sandbox admin login with a fresh password (config/sandbox.py).
SANDBOX_STAFF_LOGINS = env_bool("SANDBOX_STAFF_LOGINS", True)

if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL is not set: use `make run` / `make test`, or export a PostgreSQL URL.")
# Persistent connections are checked before each request reuses one, so a PostgreSQL restart costs no request.
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)}
# No JIT compilation: every query the service sends is bounded (a page, a record, a statement's counts), but the
# planner's estimates for the correlated subqueries of a page run to millions, so PostgreSQL would spend more compiling
# a page query (0.5-0.7 s measured at bench/full_sync.py's 4x size) than running it (0.2 s).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Parameters are bound by the server (psycopg's own cursor), so psycopg prepares a statement once a connection has
# run it DATABASE_PREPARE_THRESHOLD times and PostgreSQL stops parsing and planning it again on every request: the
# maintained way to serve a hot query (the declaration POST's, a document) at the cost of running it
# (docs/lead-provider-api.md, "Declarations: the cost of a POST", with the figures). An empty value turns preparing
# off (needed behind a pooler that shares server connections between clients, such as PgBouncer in transaction mode).
DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
PREPARE_THRESHOLD = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")
DATABASES["default"]["OPTIONS"]["prepare_threshold"] = int(PREPARE_THRESHOLD) if PREPARE_THRESHOLD else None
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The role that serves requests when it differs from the one that runs migrations: every migrate grants it row
# access (config/db_roles.py). `make run`/`make test` set it for the PostgreSQL they manage (docs/security.md §2).
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    # The job queue (README "Design decisions": background jobs): its tables and functions, its `procrastinate`
    # management command (the worker), and each app's `tasks` module.
    "procrastinate.contrib.django",
    "config",
    "schools",
    "partnerships",
    "participants",
    "declarations",
    "statements",
    "register",
    "webhooks",
]

MIDDLEWARE = [
    # The load balancer's probes, before anything that could refuse or count them (config/health.py).
    "config.health.HealthCheckMiddleware",
    # Every request to either API, with its status and duration (docs/support.md, "API request log").
    "config.api.request_log.ApiRequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A view that finds PostgreSQL unreachable answers 503 with Retry-After (docs/security.md §4).
    "config.outage.DatabaseOutageMiddleware",
    # Hostile paths and query strings are refused before anything reads them (docs/security.md §3).
    "config.api.sanitise.ApiInputMiddleware",
    # ...and in every page's path, query string and form, with a GOV.UK 400 page.
    "config.middleware.PageInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.StaffSessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.HistoryUserMiddleware",
    "config.middleware.ServerDateMiddleware",
    # Events name the face they came through (the API, Register, the school pages, the admin).
    "config.middleware.EventSourceMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in for a locked-out username or address before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Admin sign-in lockout (docs/security.md): after AXES_FAILURE_LIMIT failed attempts for one username from one
# address, further attempts are refused for AXES_COOLOFF_MINUTES. Attempts are kept in PostgreSQL, so every server
# sees the same counts.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# An attempt refused during a lockout is not counted, so it neither lengthens the lockout nor the per-username delay.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Per username, from every address (config/admin_sign_in.py): beyond ADMIN_USERNAME_FREE_FAILURES failures in a day,
# a delay after each failure that doubles from 1 second up to ADMIN_USERNAME_MAX_DELAY_MINUTES; never at an address
# the user signed in from in the last ADMIN_KNOWN_ADDRESS_DAYS. Counted from django-axes's failure log.
AXES_HANDLER = "config.admin_sign_in.AdminSignInHandler"
AXES_LOCKOUT_CALLABLE = "config.admin_sign_in.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
ADMIN_USERNAME_FREE_FAILURES = int(os.environ.get("ADMIN_USERNAME_FREE_FAILURES", "10"))
ADMIN_USERNAME_MAX_DELAY_SECONDS = int(os.environ.get("ADMIN_USERNAME_MAX_DELAY_MINUTES", "15")) * 60
ADMIN_USERNAME_WINDOW_SECONDS = 24 * 60 * 60
ADMIN_KNOWN_ADDRESS_DAYS = 30
# The same client address as every other limit: behind a trusted load balancer, the client it forwards for.
AXES_CLIENT_IP_CALLABLE = "config.clients.client_address"

# Sessions end when the browser closes, and after a time without a request (each request moves the expiry on):
# STAFF_SESSION_IDLE_SECONDS for DfE staff (config.middleware.StaffSessionIdleMiddleware, docs/security.md),
# SESSION_COOKIE_AGE for school users (docs/school-sign-in.md).
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.service.service",
                "schools.context_processors.school_user",
            ]
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` puts the files production serves (the load-balancer test collects into a folder of its own).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# GOV.UK Frontend comes from npm (package.json; `npm ci` in the Makefile). Its CSS names its fonts and images
# under /assets/, so WhiteNoise serves the package's dist folder at the site root as well as under /static/govuk/.
GOVUK_FRONTEND_DIST = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
STATICFILES_DIRS = [("govuk", GOVUK_FRONTEND_DIST)]
WHITENOISE_ROOT = GOVUK_FRONTEND_DIST
WHITENOISE_USE_FINDERS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SESSION_COOKIE_AGE = int(os.environ.get("SCHOOL_SESSION_IDLE_MINUTES", "120")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sign-in by emailed code: lifetime, wrong codes before the account locks, attempts per IP per window.
SCHOOL_SIGN_IN_CODE_SECONDS = 600
SCHOOL_SIGN_IN_MAX_FAILED_CODES = 10
SCHOOL_SIGN_IN_RATE_LIMIT = int(os.environ.get("SCHOOL_SIGN_IN_RATE_LIMIT", "5"))
SCHOOL_SIGN_IN_RATE_WINDOW_SECONDS = int(os.environ.get("SCHOOL_SIGN_IN_RATE_WINDOW_SECONDS", "20"))
# Which sign-in the school pages use (schools/auth.py): the emailed code now, an OpenID Connect adapter later.
SCHOOL_SIGN_IN_ADAPTER = os.environ.get("SCHOOL_SIGN_IN_ADAPTER", "schools.auth.EmailCodeSignIn")
# Outside production, the stand-in teacher record service gives each trainee Register submits for a TRN a TRN on the
# provider's first request this many seconds later (0: the next request; never the POST that submitted it), so a
# provider can see, and withdraw, a trainee waiting for its TRN (docs/register-api.md "TRNs in the sandbox").
REGISTER_FAKE_TRN_DELAY_SECONDS = int(os.environ.get("REGISTER_FAKE_TRN_DELAY_SECONDS", "300"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The Teacher Record Service (participants/trs, docs/support.md "Teacher Record Service"): the stand-in, reading the
# fake teacher records, outside production; its API in production (config/settings/production.py), reached at
# TRS_API_BASE_URL with TRS_API_KEY. Each attempt waits TRS_TIMEOUT_SECONDS at most; a failed one is tried again
# TRS_RETRIES times, after TRS_RETRY_BACKOFF_SECONDS, doubling.
TRS_CLIENT = os.environ.get("TRS_CLIENT", "participants.trs.fake.FakeTRSClient")
TRS_API_BASE_URL = os.environ.get("TRS_API_BASE_URL", "")
TRS_API_KEY = os.environ.get("TRS_API_KEY", "")
TRS_API_VERSION = os.environ.get("TRS_API_VERSION", "20250203")
TRS_TIMEOUT_SECONDS = float(os.environ.get("TRS_TIMEOUT_SECONDS", "5"))
TRS_RETRIES = int(os.environ.get("TRS_RETRIES", "2"))
TRS_RETRY_BACKOFF_SECONDS = float(os.environ.get("TRS_RETRY_BACKOFF_SECONDS", "0.5"))
TRS_RETRY_MAX_WAIT_SECONDS = float(os.environ.get("TRS_RETRY_MAX_WAIT_SECONDS", "10"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@register-ects.education.gov.uk")
# Where "Contact DfE support" queries are emailed (docs/school-pages.md); production sets DfE support's address.
DFE_SUPPORT_EMAIL = os.environ.get("DFE_SUPPORT_EMAIL", "dfe-support@example.com")
# GOV.UK Notify replaces the email backend when set (config/notify.py).
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["config.api.renderers.JSONAPIRenderer", "config.api.renderers.PlainJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.parsers.JSONAPIBodyParser",
        "config.api.parsers.VndApiJSONParser",
        "config.api.parsers.XJSONParser",
    ],
    "EXCEPTION_HANDLER": "config.api.errors.lead_provider_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_METADATA_CLASS": "config.api.metadata.EndpointMetadata",
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Lead provider API",
    "VERSION": "3.0.0",
    "DESCRIPTION": "The lead provider API for DfE's manage training for early career teachers service.",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs pages use assets served by this service, not a CDN.
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v3",
    "PREPROCESSING_HOOKS": ["config.api.schema.lead_provider_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.schema.plain_json_examples",
    ],
}

# Rate limit of both APIs (docs/security.md §4): requests per sliding window per token; and unknown
# tokens one address may send per window before it is refused with 429.
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "1000"))
API_RATE_LIMIT_WINDOW_SECONDS = int(os.environ.get("API_RATE_LIMIT_WINDOW_SECONDS", "300"))
API_BAD_TOKEN_LIMIT = int(os.environ.get("API_BAD_TOKEN_LIMIT", "50"))
# How long a client's next page can start where its last page ended (config/api/continuation.py); later, or for a page
# requested out of turn, the page is counted from the start of the list.
API_PAGE_CONTINUATION_SECONDS = int(os.environ.get("API_PAGE_CONTINUATION_SECONDS", "3600"))
# The API request log (config/api/request_log.py): on unless API_REQUEST_LOG is false; rows older than
# API_REQUEST_LOG_DAYS are deleted daily by the worker (config/tasks.py) or `delete_old_api_requests`.
API_REQUEST_LOG = env_bool("API_REQUEST_LOG", True)
API_REQUEST_LOG_DAYS = int(os.environ.get("API_REQUEST_LOG_DAYS", "30"))
# Load balancers (addresses or networks) whose X-Forwarded-For is believed when telling clients apart, for every
# limit that counts per address (config/clients.py, docs/security.md §4).
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", "")

# Background jobs (procrastinate, in PostgreSQL; README "Running in production"). A worker runs jobs from every queue
# with WORKER_CONCURRENCY threads; finished jobs are deleted (each job's own records keep what happened: the email
# log is the provider's, the webhook delivery log is webhooks.WebhookDelivery).
PROCRASTINATE_WORKER_DEFAULTS = {
    "concurrency": int(os.environ.get("WORKER_CONCURRENCY", "8")),
    "delete_jobs": "successful",
    # A worker that stops beating for this long (killed, machine lost) is pruned, and its jobs are run again by the
    # `config.retry_stalled_jobs` periodic job (config/tasks.py).
    "update_heartbeat_interval": float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "10")),
    "stalled_worker_timeout": float(os.environ.get("WORKER_STALLED_SECONDS", "30")),
}
WORKER_STALLED_SECONDS = PROCRASTINATE_WORKER_DEFAULTS["stalled_worker_timeout"]
# How often a worker looks for jobs of stalled workers (cron; the sixth field is seconds).
WORKER_STALLED_SWEEP_CRON = os.environ.get("WORKER_STALLED_SWEEP_CRON", "* * * * *")
# When the daily close of statements runs (cron, UTC): statements past their cut-off become payable.
CLOSE_STATEMENTS_CRON = os.environ.get("CLOSE_STATEMENTS_CRON", "0 2 * * *")
# When the kept claim group counts are checked against the declarations (cron, UTC; docs/finance.md "How the counts
# are kept"): a statement whose counts disagree gets an event finance and support can see.
CHECK_CLAIM_COUNTS_CRON = os.environ.get("CHECK_CLAIM_COUNTS_CRON", "30 2 * * *")
# The Teacher Record Service refresh (participants/tasks.py): when it runs (cron, UTC), how many teachers it reads per
# batch, which teachers are due (last asked longer ago than this), and at most how many one run asks about (blank:
# every due teacher).
TRS_REFRESH_CRON = os.environ.get("TRS_REFRESH_CRON", "5 * * * *")
TRS_REFRESH_BATCH_SIZE = int(os.environ.get("TRS_REFRESH_BATCH_SIZE", "100"))
TRS_REFRESH_OLDER_THAN_HOURS = float(os.environ.get("TRS_REFRESH_OLDER_THAN_HOURS", "24"))
TRS_REFRESH_LIMIT = int(os.environ["TRS_REFRESH_LIMIT"]) if os.environ.get("TRS_REFRESH_LIMIT") else None
# Emails are sent by the worker; a failed send is tried again with growing delays, at most this many times.
EMAIL_SEND_ATTEMPTS = int(os.environ.get("EMAIL_SEND_ATTEMPTS", "8"))

# Change notifications to lead providers (docs/webhooks.md): a delivery not answered 2xx within WEBHOOK_TIMEOUT_SECONDS
# is tried again after WEBHOOK_RETRY_FIRST_SECONDS, doubling up to WEBHOOK_RETRY_MAX_SECONDS between attempts, for
# WEBHOOK_RETRY_FOR_SECONDS; then the endpoint is paused and DfE staff see why in the admin.
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
WEBHOOK_RETRY_FIRST_SECONDS = int(os.environ.get("WEBHOOK_RETRY_FIRST_SECONDS", "10"))
WEBHOOK_RETRY_MAX_SECONDS = int(os.environ.get("WEBHOOK_RETRY_MAX_SECONDS", "3600"))
WEBHOOK_RETRY_FOR_SECONDS = int(os.environ.get("WEBHOOK_RETRY_FOR_SECONDS", str(24 * 60 * 60)))
# The key webhook signing secrets are encrypted with (webhooks/signing.py, docs/security.md §5); SECRET_KEY when unset.
WEBHOOK_SECRETS_KEY = os.environ.get("WEBHOOK_SECRETS_KEY", "")
# How long the delivery log keeps a delivery that has finished (delivered, given up or skipped).
WEBHOOK_LOG_DAYS = int(os.environ.get("WEBHOOK_LOG_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The job queue logs what each worker runs; every process that loads it would otherwise also announce each
        # task and periodic job, and every request each job it queues.
        "procrastinate": {"level": "WARNING"},
        "procrastinate.worker": {"level": os.environ.get("WORKER_LOG_LEVEL", "INFO")},
    },
}
