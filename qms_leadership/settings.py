"""Settings, driven entirely by the environment (see .env.example).

The same file serves the local run, the tests and production: production differs only by
environment variables. Without any, the app uses an SQLite file and an embedded broker
under var/, so `make run` needs no other service.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from qms_leadership.roles import ROLE_KEYS, parse_role_map

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("QMS_VAR_DIR", default="") or BASE_DIR / "var")

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production). "
            "For a local run use `make run`, which turns debug on."
        )
    SECRET_KEY = "django-insecure-local-development-only-key-never-use-in-production"

# The loopback names stay allowed so a container's own health check (curl 127.0.0.1) is answered.
ALLOWED_HOSTS = [*env.list("DJANGO_ALLOWED_HOSTS", default=[]), "127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "commitments",
    "objectives",
    "reviews",
    "findings",
    "reports",
    "dashboard",
    "transition",
    "people",
    "api",
    "integrations",
    # Last, so its post_migrate hook runs after every app's permissions exist.
    "core",
]

MIDDLEWARE = [
    # First: forwarded headers are believed only from a trusted proxy (QMS_TRUSTED_PROXIES).
    "core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Permissions-Policy everywhere; no-store on signed-in pages and downloads (reads request.user
    # after the view, so its place here only decides that it wraps everything below).
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that reads the database (sessions, users), so a retry reruns all of it.
    "core.resilience.ReadRetryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the django_language cookie, else the browser's (after sessions, before common).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session's second factor was checked (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # The language a signed-in person chose on their account page wins over the browser's.
    "core.languages.PersonLanguageMiddleware",
    # Before anything reads the body (the CSRF check does): oversized bodies are refused unread.
    "core.middleware.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Under DEBUG (the local run) the product's 404 page instead of Django's debug page.
    "core.errors.BrandedNotFoundMiddleware",
    # Signs out a session idle for QMS_SESSION_IDLE_MINUTES (needs the user and messages).
    "core.middleware.IdleSessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A session that owes a second-factor code (or its set-up) sees that page before any other.
    "core.twofactor.SecondFactorMiddleware",
    # Ends the session of a time-limited account (external auditor) after its last day.
    "core.expiry.ExpiredAccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qms_leadership.urls"
WSGI_APPLICATION = "qms_leadership.wsgi.application"

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
                "qms_leadership.context_processors.product",
                "qms_leadership.context_processors.policy_banner",
                "findings.context_processors.open_findings",
                "dashboard.context_processors.waiting",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database that does not answer fails fast instead of holding a web worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DJANGO_DB_CONNECT_TIMEOUT", default=5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, refusing time-limited accounts after their last day.
    "core.expiry.ExpiringAccountBackend",
    # Sign-in with the organisation's identity provider; answers nothing until QMS_OIDC_* are set.
    "people.oidc.ProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("QMS_PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in with an OpenID Connect identity provider (mozilla-django-oidc), on when the client id and
# the provider's endpoints are set. Each person's role follows their groups at every sign-in.
QMS_OIDC_PROVIDER_NAME = env.str("QMS_OIDC_PROVIDER_NAME", default="your organisation")
OIDC_RP_CLIENT_ID = env.str("QMS_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("QMS_OIDC_CLIENT_SECRET", default="")
QMS_OIDC_ISSUER = env.str("QMS_OIDC_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("QMS_OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("QMS_OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("QMS_OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("QMS_OIDC_JWKS_ENDPOINT", default="")
QMS_OIDC_END_SESSION_ENDPOINT = env.str("QMS_OIDC_END_SESSION_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("QMS_OIDC_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("QMS_OIDC_SCOPES", default="openid email profile")
QMS_OIDC_USERNAME_CLAIM = env.str("QMS_OIDC_USERNAME_CLAIM", default="preferred_username")
QMS_OIDC_GROUPS_CLAIM = env.str("QMS_OIDC_GROUPS_CLAIM", default="groups")
# "provider group=role key" pairs, e.g. "qms-top=top,qms-quality=quality,qms-auditor=auditor".
QMS_OIDC_ROLE_MAP = env.str("QMS_OIDC_ROLE_MAP", default="")
try:
    parse_role_map(QMS_OIDC_ROLE_MAP)
except ValueError as exc:
    raise ImproperlyConfigured(f"QMS_OIDC_ROLE_MAP: {exc}") from None
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.float("QMS_OIDC_TIMEOUT", default=5.0)
OIDC_CALLBACK_CLASS = "people.oidc.CallbackView"
OIDC_AUTHENTICATE_CLASS = "people.oidc.AuthenticateView"
OIDC_OP_LOGOUT_URL_METHOD = "people.oidc.provider_logout_url"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
# The password form: off (QMS_PASSWORD_SIGN_IN=0) when everyone signs in with the provider, except
# the one break-glass account named here, kept for when the provider is down.
QMS_PASSWORD_SIGN_IN = env.bool("QMS_PASSWORD_SIGN_IN", default=True)
QMS_BREAK_GLASS_USERNAME = env.str("QMS_BREAK_GLASS_USERNAME", default="")

# A second factor (TOTP app + recovery codes) that each person may turn on; required for the roles
# listed here by key (e.g. "top,quality"), who are sent to set it up before anything else.
QMS_TOTP_REQUIRED_ROLES = env.list("QMS_TOTP_REQUIRED_ROLES", default=[])
if set(QMS_TOTP_REQUIRED_ROLES) - set(ROLE_KEYS):
    raise ImproperlyConfigured(f"QMS_TOTP_REQUIRED_ROLES takes role keys among {', '.join(ROLE_KEYS)}.")
OTP_TOTP_ISSUER = env.str("QMS_TOTP_ISSUER", default="QMS Leadership")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database so that logging in never depends on Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Absolute limit of a session (seconds), and the idle limit (minutes) after which it ends.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_AGE", default=60 * 60 * 10)
QMS_SESSION_IDLE_MINUTES = env.int("QMS_SESSION_IDLE_MINUTES", default=30)

# Sign-in lock-out (django-axes): the pair (username, client address) is locked, never a username
# everywhere nor an address for everyone, so nobody can lock someone else out (core/accounts.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_HTTP_RESPONSE_CODE = 429
# Attempts during a lock do not make it longer: the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.accounts.client_ip"
AXES_LOCKOUT_CALLABLE = "core.accounts.lockout_response"
# The client address: REMOTE_ADDR with 0 proxies; behind N proxies that append to X-Forwarded-For,
# the entry the N-th proxy from us added (django-ipware). Forwarded headers are believed only
# from the proxy addresses below (see docs/security.md for the compose set-up).
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
QMS_TRUSTED_PROXY_COUNT = env.int("QMS_TRUSTED_PROXY_COUNT", default=1 if BEHIND_PROXY else 0)
QMS_TRUSTED_PROXIES = env.list("QMS_TRUSTED_PROXIES", default=["127.0.0.1/32", "::1/128"])

# HTTPS hardening is on whenever debug is off; DJANGO_HTTPS=0 turns it off for a plain-HTTP
# test server only.
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# The language chosen before signing in (or by a person, for after signing out): kept a year.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A strict Content-Security-Policy (django-csp): only our own scripts, styles and images; no inline
# script or handler anywhere (static/js/app.js carries the small behaviours). The two printable
# pages that must stay self-contained carry a nonce on their <style>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        # Bootstrap draws check marks and arrows with data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
QMS_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), browsing-topics=()"
)

LANGUAGE_CODE = "en-gb"
# The languages a person can read the product in, each named in itself (see README "Languages").
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
]
# Templates' strings; the Python strings of each app are in <app>/locale/.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The house date and number formats per language (qms_leadership/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["qms_leadership.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
# Uploaded evidence lives outside static and public paths; it is served only through views
# that check the viewer's permission.
PRIVATE_MEDIA_ROOT = Path(env.str("QMS_PRIVATE_MEDIA_ROOT", default="") or VAR_DIR / "private")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_TEMP_DIR = None
QMS_MAX_UPLOAD_MB = env.int("QMS_MAX_UPLOAD_MB", default=20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bodies: anonymous visitors only post the sign-in form; signed-in users upload files.
QMS_ANONYMOUS_MAX_BODY_KB = env.int("QMS_ANONYMOUS_MAX_BODY_KB", default=64)
QMS_MAX_REQUEST_MB = env.int("QMS_MAX_REQUEST_MB", default=QMS_MAX_UPLOAD_MB + 5)

# Bounded work per request: the longest policy text, and the most rows a policy comparison shows.
QMS_POLICY_MAX_CHARS = env.int("QMS_POLICY_MAX_CHARS", default=50_000)
QMS_DIFF_MAX_ROWS = env.int("QMS_DIFF_MAX_ROWS", default=2_000)
# Spreadsheet imports: the largest file, the most rows, and what an XLSX may unpack to.
QMS_IMPORT_MAX_MB = env.int("QMS_IMPORT_MAX_MB", default=10)
QMS_IMPORT_MAX_ROWS = env.int("QMS_IMPORT_MAX_ROWS", default=200_000)
QMS_IMPORT_MAX_UNPACKED_MB = env.int("QMS_IMPORT_MAX_UNPACKED_MB", default=100)

# Audit pack: the longest period one pack may cover; evidence recorded more than this many days
# after the fact it proves is flagged as a late entry; the pack lists what was recorded in this
# many days before its end date (a pre-audit scramble shows there).
QMS_AUDIT_PACK_MAX_YEARS = env.int("QMS_AUDIT_PACK_MAX_YEARS", default=5)
QMS_LATE_ENTRY_DAYS = env.int("QMS_LATE_ENTRY_DAYS", default=30)
QMS_RECENT_ENTRY_DAYS = env.int("QMS_RECENT_ENTRY_DAYS", default=30)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Mail: console locally, SMTP when EMAIL_URL is set (smtp://user:pass@host:587/?tls=True).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="qms@localhost")
# Days a holder has to confirm a 5.3 role assignment before the checks flag it.
ROLE_ASSIGNMENT_CONFIRM_DAYS = env.int("QMS_ROLE_ASSIGNMENT_CONFIRM_DAYS", default=14)
# The address people reach the site at, for links in e-mails and links stored with records (a
# signed review's evidence). `make run` sets it from its port.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Celery. With no CELERY_BROKER_URL the local run uses kombu's filesystem transport under
# var/, so the worker and beat really run scheduled jobs without Redis.
CELERY_LOCAL_DIR = VAR_DIR / "celery"
# The longest a task may run (the 100,000-objective scan takes under 2 minutes); the worker kills it
# after this many seconds, so the broker's visibility timeout can be set safely above it.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=1800)
# Seconds a web request waits for the broker (publishing a job, probing it) before giving up.
QMS_BROKER_TIMEOUT = env.float("QMS_BROKER_TIMEOUT", default=3.0)
# Seconds each external call of the health probe may take (database statement, broker).
QMS_HEALTH_TIMEOUT = env.float("QMS_HEALTH_TIMEOUT", default=1.0)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_LOCAL_DIR / "queue"),
        "data_folder_out": str(CELERY_LOCAL_DIR / "queue"),
        "processed_folder": str(CELERY_LOCAL_DIR / "processed"),
        "control_folder": str(CELERY_LOCAL_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = (
        env.str("CELERY_RESULT_BACKEND", default="") or f"file://{CELERY_LOCAL_DIR / 'results'}"
    )
else:
    # A lost message (worker killed mid-task) comes back after the visibility timeout; the
    # restore interval decides how soon that is noticed. The timeout must exceed the longest task
    # (the hard time limit below), or a task still running is delivered a second time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 600),
        "unacked_restore_interval": 2,
        # A broker that accepts connections but never answers fails the call instead of hanging it.
        "socket_timeout": QMS_BROKER_TIMEOUT,
        "socket_connect_timeout": QMS_BROKER_TIMEOUT,
    }
    CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or CELERY_BROKER_URL
    CELERY_REDIS_SOCKET_TIMEOUT = QMS_BROKER_TIMEOUT
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = QMS_BROKER_TIMEOUT
# Background jobs (core.jobs): how long a result file is kept, and when a job is given up.
QMS_JOB_RESULT_DAYS = env.int("QMS_JOB_RESULT_DAYS", default=7)
QMS_JOB_STUCK_HOURS = env.int("QMS_JOB_STUCK_HOURS", default=6)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
_CHECKS_AT = env.int("QMS_CHECKS_HOUR", default=6) * 60 + env.int("QMS_CHECKS_MINUTE", default=0)
CELERY_BEAT_SCHEDULE = {
    "scheduler-heartbeat": {
        "task": "core.tasks.record_heartbeat",
        "schedule": 60.0,
    },
    # The checks run daily at a configurable time; the digests follow half an hour later.
    "findings-run-checks": {
        "task": "findings.tasks.run_checks",
        "schedule": crontab(hour=_CHECKS_AT // 60, minute=_CHECKS_AT % 60),
    },
    # A daily scan that beat dropped (a broker outage at the time) runs at the next hour's check;
    # a worker also checks when it starts.
    "findings-catch-up": {
        "task": "findings.tasks.catch_up",
        "schedule": crontab(minute=(_CHECKS_AT + 45) % 60),
    },
    "findings-send-digests": {
        "task": "findings.tasks.send_digests",
        "schedule": crontab(hour=(_CHECKS_AT + 30) // 60 % 24, minute=(_CHECKS_AT + 30) % 60),
    },
    "commitments-recompute-status": {
        "task": "commitments.tasks.recompute_responsibility_status",
        # Daily, shortly after midnight: evidence turns ageing or stale as the date changes.
        "schedule": crontab(hour=0, minute=15),
    },
    "core-expire-job-results": {
        "task": "core.tasks.expire_job_results",
        "schedule": crontab(hour=1, minute=10),
    },
    "commitments-verify-files": {
        "task": "commitments.tasks.verify_evidence_files",
        # Nightly, before the scan, so a changed file is a finding in the morning.
        "schedule": crontab(hour=1, minute=30),
    },
    # Webhooks: events left waiting and deliveries whose task was lost (docs/integrations.md).
    "integrations-sweep": {
        "task": "integrations.tasks.sweep",
        "schedule": 300.0,
    },
    "objectives-recompute-progress": {
        "task": "objectives.tasks.recompute_objective_progress",
        # Daily: the expected trajectory moves with the date, so progress can change overnight.
        "schedule": crontab(hour=0, minute=20),
    },
}

# The REST API (api/, docs/api.md): personal access tokens or the browser's session (with CSRF),
# JSON errors that name the field, cursor pages, and one request budget per token.
QMS_API_PATH_PREFIX = "/api/"
QMS_API_THROTTLE_RATE = env.str("QMS_API_THROTTLE_RATE", default="600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "api.authentication.BrowserSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ApiPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.PermissionSchema",
    "EXCEPTION_HANDLER": "api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "QMS leadership API",
    "DESCRIPTION": "Read every register and record measurements, evidence, acknowledgements and more. "
    "Authenticate with a personal access token in the header Authorization: Bearer qms_…",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Request and response bodies as separate components, so read-only fields never look writable.
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "VerdictEnum": "reviews.models.Verdict",
        "EvidenceKindEnum": "commitments.models.Evidence.Kind",
        "ActionStatusEnum": "core.tracked.TrackedAction.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Webhooks (docs/integrations.md): attempts per delivery, the first retry's delay (doubling after),
# the timeout of each request, whether private/loopback addresses may receive them, and the key
# their secrets are encrypted with (empty: derived from SECRET_KEY).
QMS_WEBHOOK_MAX_ATTEMPTS = env.int("QMS_WEBHOOK_MAX_ATTEMPTS", default=6)
QMS_WEBHOOK_RETRY_SECONDS = env.float("QMS_WEBHOOK_RETRY_SECONDS", default=30.0)
QMS_WEBHOOK_TIMEOUT = env.float("QMS_WEBHOOK_TIMEOUT", default=10.0)
QMS_WEBHOOK_ALLOW_PRIVATE = env.bool("QMS_WEBHOOK_ALLOW_PRIVATE", default=False)
QMS_WEBHOOK_KEY = env.str("QMS_WEBHOOK_KEY", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
