"""Settings for Cuentas, read from the environment.

Every value a deployment changes comes from an environment variable read by
one of the small helpers below, which refuse values they do not understand
instead of guessing.
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
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-debug"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "django_tables2",
    "simple_history",
    "axes",
    "cuentas",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the audit trail (simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username/address is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 60),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Spanish (Chile). Django ships no es_CL formats module, so config/formats/es_CL
# provides one: "." for thousands, "," for decimals.
LANGUAGE_CODE = "es-cl"
LANGUAGES = [("es-cl", "Español (Chile)")]
# Corrections to Django's Spanish for the admin (locale/es_CL/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "America/Santiago"
USE_TZ = True

STATIC_URL = "static/"
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
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGIN_URL = "admin:login"

# E-mail: password resets, and the invitation a new staff member gets to set
# their password. Printed on the console with DEBUG on; SMTP otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cuentas Públicas SENCE <no-responder@sence.cl>")

# Production is served over HTTPS: cookies never travel in clear, browsers
# remember to use HTTPS (HSTS). `make run` (DEBUG on) serves plain HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)  # one working day

# Content-Security-Policy (django-csp): scripts, styles, images and fonts only
# from this site, no inline script and no inline style anywhere (the admin and
# the public pages are written for it; tests/test_security.py checks both).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes, cuentas/throttling.py): after AXES_FAILURE_LIMIT
# wrong passwords for the same username from the same address, that pair waits
# the cool-off out; one address trying many usernames, after
# AXES_ADDRESS_FAILURE_LIMIT. Nobody is locked for good, and a right password
# resets that user's count. Behind reverse proxies, TRUSTED_PROXY_COUNT says how
# many entries of X-Forwarded-For (from the right) are theirs; 0 believes none.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", 30)
if not 0 < AXES_FAILURE_LIMIT <= AXES_ADDRESS_FAILURE_LIMIT:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT must be positive and at most AXES_ADDRESS_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "cuentas.throttling.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "cuentas.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "cuentas.throttling.lockout_response"

# The audit trail: reverting from the history page would bypass the
# publication workflow (a published Cuenta is read-only), so it is off.
SIMPLE_HISTORY_REVERT_DISABLED = True
# A correction's reason can be longer than a CharField's 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Import and export each need their own permission (cuentas.import_<model>,
# cuentas.export_<model>), granted to the roles in cuentas/roles.py; by default
# django-import-export lets anyone with access to a model do both.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Spreadsheet imports (cuentas/spreadsheets/): a file is refused before it is
# read if it is bigger than this, and an XLSX (a zip) if it would unpack to more
# than IMPORT_MAX_UNCOMPRESSED_BYTES or holds more than IMPORT_MAX_ZIP_ENTRIES files.
# While it is read, at the first of these bounds it crosses: data rows per sheet,
# columns beyond its table's own, cells with data, characters per cell and per
# row, and parse steps (XML elements or CSV fields, empty ones included).
IMPORT_MAX_UPLOAD_BYTES = envint("IMPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = envint("IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_ZIP_ENTRIES = envint("IMPORT_MAX_ZIP_ENTRIES", 500)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_EXTRA_COLUMNS = envint("IMPORT_MAX_EXTRA_COLUMNS", 5)
IMPORT_MAX_CELLS = envint("IMPORT_MAX_CELLS", 100_000)
IMPORT_MAX_CELL_CHARS = envint("IMPORT_MAX_CELL_CHARS", 32_767)  # Excel's own limit
IMPORT_MAX_ROW_CHARS = envint("IMPORT_MAX_ROW_CHARS", 100_000)
IMPORT_MAX_PARSE_STEPS = envint("IMPORT_MAX_PARSE_STEPS", 300_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Participation (cuentas/participation): e-mail, calendar defaults, abuse limits ---------------------
# Only what participation needs; the SMTP connection itself (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) is read by Django's SMTP backend from the deployment's settings.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cuentas Públicas SENCE <no-responder@sence.cl>")
# The site's address for links in e-mails sent outside a request (the reminders' command).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Provisional until SENCE's norma fixes them: each process keeps its own counts, these are the defaults.
PARTICIPATION_WINDOW_DAYS = envint("PARTICIPATION_WINDOW_DAYS", 15)
PARTICIPATION_ANSWER_DAYS = envint("PARTICIPATION_ANSWER_DAYS", 20)
# Reminders to staff this many días hábiles before the answer deadline (and every run once it is past).
PARTICIPATION_REMINDER_DAYS = envint("PARTICIPATION_REMINDER_DAYS", 5)
# Submissions per client address and per e-mail address, within the period (seconds), counted in Django's cache.
PARTICIPATION_RATE_PER_ADDRESS = envint("PARTICIPATION_RATE_PER_ADDRESS", 5)
PARTICIPATION_RATE_PER_EMAIL = envint("PARTICIPATION_RATE_PER_EMAIL", 3)
PARTICIPATION_RATE_PERIOD = envint("PARTICIPATION_RATE_PERIOD", 60 * 60)
PARTICIPATION_BLOCKED_EMAIL_DOMAINS = envlist(
    "PARTICIPATION_BLOCKED_EMAIL_DOMAINS",
    "mailinator.com,guerrillamail.com,10minutemail.com,yopmail.com,trashmail.com,temp-mail.org",
)
# A confirmation link is valid this long (seconds).
PARTICIPATION_CONFIRMATION_MAX_AGE = envint("PARTICIPATION_CONFIRMATION_MAX_AGE", 7 * 24 * 60 * 60)
# A COSOC acta (PDF) may weigh at most this.
PARTICIPATION_MINUTES_MAX_BYTES = envint("PARTICIPATION_MINUTES_MAX_BYTES", 10 * 1024 * 1024)
