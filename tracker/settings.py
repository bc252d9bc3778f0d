"""Settings for the incident tracker, read from the environment.

SQLite is the zero-setup default; set DATABASE_URL for PostgreSQL. The built-in development
SECRET_KEY is refused unless DEBUG is on, so a production deployment cannot run with it.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

_DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-never-used-with-debug-off"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY
elif SECRET_KEY == _DEVELOPMENT_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("The development SECRET_KEY cannot be used with DEBUG off.")

# Victims' identities are encrypted with these (tracker.crypto), never with SECRET_KEY.
_DEVELOPMENT_IDENTITY_KEY = "w_31b5u1wGoprAzKIpYgQGVmLt1N25MRrhe2h2cPkFE="
_identity_keys = os.environ.get("IDENTITY_KEYS", "")
if not _identity_keys.strip():
    if not DEBUG:
        raise ImproperlyConfigured("IDENTITY_KEYS must be set when DEBUG is off (see docs/security.md).")
    _identity_keys = _DEVELOPMENT_IDENTITY_KEY
elif _DEVELOPMENT_IDENTITY_KEY in _identity_keys and not DEBUG:
    raise ImproperlyConfigured("The development IDENTITY_KEYS cannot be used with DEBUG off.")
from tracker.crypto_keys import parse_keys  # noqa: E402

IDENTITY_KEYS = parse_keys(_identity_keys)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Django's admin, behind a second factor (tracker/security/sites.py).
    "tracker.security.apps.TrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    "nested_admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "drf_spectacular_sidecar",
    "tracker",
    "incidents",
    "sources",
    "reports",
]

MIDDLEWARE = [
    # First, so that it marks every answer, including those other middleware make.
    "tracker.security.middleware.NoStoreMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Writes the identity access trail noted during the request, in one INSERT at its end.
    "tracker.access.IdentityAccessMiddleware",
    # Records the request's user on every historical record (admin and API alike).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tracker" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query to machine code when its estimated cost is high, and a page
    # walked by index with a LIMIT is estimated as if it read the whole table: compiling cost
    # 300 ms for a 5 ms query (bench/README.md). Nothing here runs long enough to gain from it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "French")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several gunicorn workers must share one cache, or each keeps its own count of a token's
# requests (a budget per worker) and its own statistics. docker-compose sets SHARED_CACHE_TABLE
# (a PostgreSQL table, made by `manage.py createcachetable`); unset, as under `make run`'s single
# process, each process keeps its own cache in memory.
SHARED_CACHE_TABLE = os.environ.get("SHARED_CACHE_TABLE", "").strip()
if SHARED_CACHE_TABLE:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": SHARED_CACHE_TABLE}
    }

# The partner API (docs/api.md). Scripts send a token (tracker.api.authentication); the
# browsable API uses the admin's session. Every caller gets API_THROTTLE_RATE requests per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials is a 401 that asks for a token.
        "tracker.api.authentication.ApiTokenAuthentication",
        # The admin's session, for the browsable API: staff only once their second factor is given.
        "tracker.security.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tracker.api.permissions.ReadForRolesWriteForStaff"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "tracker.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["tracker.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_THROTTLE_RATE", "2000/hour")},
    # Coordinates as JSON numbers, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    "DEFAULT_SCHEMA_CLASS": "tracker.api.schema.TrackerAutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Human-rights incident tracker API",
    "DESCRIPTION": "Incidents, violations, victims, perpetrators, sources and advocacy "
    "responses, after HURIDOCS Events Standard Formats. Victims' identities are shown only "
    "where their disclosure level allows the caller's role. Guide: docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Reading and writing shapes differ (links are read as objects, written as ids).
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api.schema.postprocess",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "incidents.choices.DatePrecision",
        "DisclosureEnum": "incidents.choices.Disclosure",
        "VictimKindEnum": "incidents.choices.VictimKind",
        "ActorKindEnum": "incidents.choices.ActorKind",
    },
    # Swagger UI from drf-spectacular-sidecar: the docs load nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Production hardening; `manage.py check --deploy` passes with DEBUG off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Signing in (docs/security.md). Every account that can open the admin gives a code from an
# authenticator app after its password (django-otp; tracker/security/). Five failed sign-ins,
# wrong codes included, lock that account from that address for 30 minutes (django-axes).
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
# The sign-in log is tracker.security's; axes' own lines would repeat it.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "tracker.security.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "tracker.security.addresses.client_address"
# Masked in what axes stores about failed attempts.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
# Reverse proxies in front of the app that append the client's address to X-Forwarded-For
# (the compose setup's TLS proxy is one); 0 believes only the connection's own address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
OTP_TOTP_ISSUER = "Incident tracker"
# The admin's device pages never show a device's secret key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SECURE_REFERRER_POLICY = "same-origin"

# What pages may load: only this site's own scripts (no inline script, no eval), styles, images,
# fonts and API calls; nothing may frame them. Swagger UI comes from drf-spectacular-sidecar, so
# the API docs fetch nothing from a CDN. Inline styles stay allowed: the admin and Swagger UI use
# them, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Redoc runs its search in a worker it makes from a blob; only script already allowed
        # to run can make one.
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
            # Errors' messages can quote protected values: only their types and frames are logged,
            # unless LOG_ERROR_MESSAGES=1 is set for a while to chase a fault (docs/security.md).
            "class": "logging.Formatter"
            if DEBUG or envbool("LOG_ERROR_MESSAGES", False)
            else "tracker.security.logs.WithheldMessagesFormatter",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The sign-in log (tracker/security/signals.py): kept whatever LOG_LEVEL says.
        "tracker.security": {"level": "INFO"},
        # axes' own notes on each sign-in repeat that log; its warnings stay.
        "axes": {"level": "WARNING"},
    },
}
