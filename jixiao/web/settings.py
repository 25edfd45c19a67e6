"""Django settings, read from the environment (docs/web.md lists every variable).

SQLite in ``JIXIAO_DATA_DIR`` by default (WAL mode); PostgreSQL when ``DATABASE_URL`` is set.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from jixiao.core.limits import from_env as read_limits
from jixiao.web.env import data_dir, env_bool, env_int, env_list, env_str, secret_key

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
    "jixiao.web.rectification",
    "jixiao.web.disclosure",
    "jixiao.web.library",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jixiao.web.busy.BusyDatabaseMiddleware",
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
            "NAME": DATA_DIR / "jixiao.sqlite3",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
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
SESSION_COOKIE_SECURE = env_bool("JIXIAO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

#: Page size of the API's project list (``?page_size=`` may ask for up to the maximum).
JIXIAO_PAGE_SIZE = env_int("JIXIAO_PAGE_SIZE", 50)
JIXIAO_MAX_PAGE_SIZE = 500

#: Bounds on imported files (JIXIAO_MAX_FILE_MB, JIXIAO_MAX_PROJECTS…; see jixiao.core.limits),
#: read here once so that a bad value stops the start-up instead of the first import.
JIXIAO_READ_LIMITS = read_limits()
#: Projects written per transaction by an import (each batch holds SQLite's lock briefly).
JIXIAO_IMPORT_BATCH = env_int("JIXIAO_IMPORT_BATCH", 50)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("JIXIAO_LOG_LEVEL", "WARNING")},
}
