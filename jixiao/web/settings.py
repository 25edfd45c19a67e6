"""Django settings, read from the environment (docs/web.md lists every variable).

SQLite in ``JIXIAO_DATA_DIR`` by default (WAL mode); PostgreSQL when ``DATABASE_URL`` is set.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from jixiao.core.limits import from_env as read_limits
from jixiao.web.bodylimit import max_body_bytes
from jixiao.web.env import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_str,
    private_file,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("JIXIAO_DEBUG", False)
# An intranet server is reached by whatever name or address the network gives it.
ALLOWED_HOSTS = env_list("JIXIAO_ALLOWED_HOSTS", "*")
CSRF_TRUSTED_ORIGINS = env_list("JIXIAO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "jixiao.web.orgs",
    "jixiao.web.accounts",
    "jixiao.web.goals",
    "jixiao.web.audit",
    "jixiao.web.front",
    "jixiao.web.monitoring",
    "jixiao.web.adjustments",
    "jixiao.web.department_evaluation",
    "jixiao.web.rectification",
    "jixiao.web.disclosure",
    "jixiao.web.library",
    "jixiao.web.layouts",
    "jixiao.web.rankings",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # Outermost: every answer carries the page headers (CSP, frame refusal), the refusals of
    # the middlewares below too (413 body too large, 400 NUL, 503 database busy). Neither
    # reads the body.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Then: a body longer than any upload we accept is refused before anything reads it.
    "jixiao.web.bodylimit.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Control characters pasted into a form are dropped before any view reads it.
    "jixiao.web.controls.ControlCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jixiao.web.nul.RefuseNulMiddleware",  # before any view reads a parameter
    "jixiao.web.accounts.middleware.IdleTimeoutMiddleware",
    "jixiao.web.accounts.middleware.PasswordChangeRequiredMiddleware",
    "jixiao.web.busy.BusyDatabaseMiddleware",
    "jixiao.web.accounts.middleware.NoStoreMiddleware",
    "jixiao.web.audit.middleware.AuditMiddleware",
    # Last: it turns a login refused because of the lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

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
                "jixiao.web.front.context.role",
            ],
        },
    },
]


def _databases() -> dict[str, dict]:
    url = env_str("DATABASE_URL").strip()
    if url:
        db = dj_database_url.parse(url, conn_max_age=env_int("JIXIAO_DB_CONN_MAX_AGE", 0))
        return {"default": dict(db)}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            # Created 0600 before SQLite opens it; its -wal and -shm files copy the mode.
            "NAME": private_file(DATA_DIR / "jixiao.sqlite3"),
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
                # lock at BEGIN so two waitress threads never deadlock upgrading a read lock.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                # A writer waits this long for the lock, then gets 503 "busy, retry"
                # (jixiao.web.busy); bulk imports commit in batches well under it.
                "timeout": env_int("JIXIAO_DB_TIMEOUT", 5),
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password rules (等保 2.0): length, three kinds of characters, not like the user name, not
# a common password. Every place that sets a password validates against these.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "jixiao.web.accounts.passwords.LengthValidator",
        "OPTIONS": {"min_length": env_int("JIXIAO_PASSWORD_MIN_LENGTH", 10)},
    },
    {
        "NAME": "jixiao.web.accounts.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": env_int("JIXIAO_PASSWORD_MIN_CLASSES", 3)},
    },
    {"NAME": "jixiao.web.accounts.passwords.NotLikeUserNameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any login, right password or not, while the account is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
#: Our corrections to Django's Chinese messages (locale/zh_Hans/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only for an optional `collectstatic` (e.g. behind nginx); jixiao serve does not need it.
STATIC_ROOT = env_str("JIXIAO_STATIC_ROOT") or None
# Static files come straight from the apps' static folders through WhiteNoise's finders:
# no collectstatic step, so a fresh data directory serves them at once. The set of files is
# small and fixed at start-up, so autorefresh stays off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True

#: Demo mode (``jixiao serve --demo``): the demo users keep the demo password.
JIXIAO_DEMO = env_bool("JIXIAO_DEMO", False)

# Lock-out (django-axes): 5 failed logins lock the user name (and, separately, the client
# address) for 15 minutes, on the login page and on the API's token endpoint alike; a
# successful login resets the count.
AXES_FAILURE_LIMIT = env_int("JIXIAO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("JIXIAO_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = env_list("JIXIAO_LOCKOUT_BY", "username,ip_address")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jixiao.web.accounts.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "jixiao.web.accounts.lockout.axes_username"
AXES_VERBOSE = False
# Logins are in the audit log already (jixiao.web.accounts.signals).
AXES_DISABLE_ACCESS_LOG = True

# Sessions end after 30 idle minutes (the cookie's age slides with activity).
JIXIAO_SESSION_IDLE_MINUTES = env_int("JIXIAO_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = JIXIAO_SESSION_IDLE_MINUTES * 60

# API tokens: lifetime, how many one user may hold (the oldest goes first), and whether
# logging out of the pages revokes them.
JIXIAO_TOKEN_DAYS = env_int("JIXIAO_TOKEN_DAYS", 7)
JIXIAO_TOKENS_PER_USER = env_int("JIXIAO_TOKENS_PER_USER", 5)
JIXIAO_TOKENS_REVOKED_ON_LOGOUT = env_bool("JIXIAO_TOKENS_REVOKED_ON_LOGOUT", True)

# Production (HTTPS behind a proxy or not): `jixiao check --deploy` then reports nothing.
JIXIAO_PRODUCTION = env_bool("JIXIAO_PRODUCTION", False)
SECURE_SSL_REDIRECT = env_bool("JIXIAO_SSL_REDIRECT", JIXIAO_PRODUCTION)
SECURE_HSTS_SECONDS = env_int("JIXIAO_HSTS_SECONDS", 31536000 if JIXIAO_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("JIXIAO_HSTS_INCLUDE_SUBDOMAINS", JIXIAO_PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("JIXIAO_HSTS_PRELOAD", JIXIAO_PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("JIXIAO_SECURE_COOKIES", JIXIAO_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
#: The header a TLS-terminating proxy sets, e.g. ``X-Forwarded-Proto`` (value ``https``).
_proxy_header = env_str("JIXIAO_PROXY_SSL_HEADER").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None
)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: only this server's own scripts, styles and images; no inline
# script or style anywhere (templates keep them in static files).
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


#: Page size of the API's project list (``?page_size=`` may ask for up to the maximum).
JIXIAO_PAGE_SIZE = env_int("JIXIAO_PAGE_SIZE", 50)
JIXIAO_MAX_PAGE_SIZE = 500

#: Bounds on imported files (JIXIAO_MAX_FILE_MB, JIXIAO_MAX_PROJECTS…; see jixiao.core.limits),
#: read here once so that a bad value stops the start-up instead of the first import.
JIXIAO_READ_LIMITS = read_limits()
#: Largest evidence file and number of files of one rectification answer.
JIXIAO_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
JIXIAO_MAX_ATTACHMENTS = 10
#: The largest request body (see jixiao.web.bodylimit): one imported file or one
#: rectification answer's evidence files, whichever is larger, plus the form's fields.
JIXIAO_MAX_BODY_BYTES = max_body_bytes(
    JIXIAO_READ_LIMITS.file_bytes, JIXIAO_MAX_ATTACHMENT_BYTES, JIXIAO_MAX_ATTACHMENTS
)
# A JSON body (the API) may be as large as any body; uploaded files above a few MB are
# spooled to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = JIXIAO_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The edit form posts 8 fields an indicator: Django's 1,000 refused to save a project of
# 120 indicators (a bare 400). 20,000 fields hold 2,400 indicators; the body bound above
# still caps what one request may carry.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
#: Projects written per transaction by an import (each batch holds SQLite's lock briefly).
JIXIAO_IMPORT_BATCH = env_int("JIXIAO_IMPORT_BATCH", 50)
# Projects per transaction of a bulk import (`jixiao import DIR`, `jixiao generate --to db`).
JIXIAO_BULK_BATCH = env_int("JIXIAO_BULK_BATCH", 2000)
# A bulk load of at least this many projects (and at least as many as are stored) drops the
# project, indicator and plan tables' secondary indexes and builds them again at the end
# (other writers get "busy" meanwhile: seconds at 10,000 projects, 2× faster than keeping them).
JIXIAO_BULK_REBUILD_AT = env_int("JIXIAO_BULK_REBUILD_AT", 10000)
# Projects per transaction while such a large load runs (nobody else writes the goal tables).
JIXIAO_BULK_LARGE_BATCH = env_int("JIXIAO_BULK_LARGE_BATCH", 10000)
# Database sessions storing batches at once during such a large load (PostgreSQL).
JIXIAO_BULK_SESSIONS = env_int("JIXIAO_BULK_SESSIONS", 2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("JIXIAO_LOG_LEVEL", "WARNING")},
}
