"""Django settings, derived from the typed :mod:`careloop.config`. Edit config, not this file."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

import dj_database_url

from careloop import config as _config

CONFIG = _config.load()
BASE_DIR = _config.BASE_DIR
VAR_DIR = _config.VAR_DIR
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)
CSRF_TRUSTED_ORIGINS = list(CONFIG.csrf_trusted_origins)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "huey.contrib.djhuey",
    "careloop.kit",
    "careloop.identity",
    "careloop.compliance",
    "careloop.patients",
    "careloop.locations",
    "careloop.api",
    "careloop.console",
    "careloop.demo",
    "careloop.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "careloop.kit.context.RequestContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "careloop.kit.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careloop.urls"
WSGI_APPLICATION = "careloop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careloop.console.context.console",
            ],
        },
    }
]


def _database(url: str) -> dict[str, Any]:
    # Persistent connections: opening one (and its PRAGMAs) per request costs more than a read.
    db: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL + busy timeout + IMMEDIATE: web and worker processes write without
        # "database is locked".
        db["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # A file (not :memory:) so the encryption-at-rest test can scan the bytes on disk.
        # Per process, so parallel test runs do not share one file.
        db["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    if db["ENGINE"] == "django.db.backends.postgresql":
        # Server-side binding lets psycopg prepare hot statements: the 360 read's plan costs
        # more than running it, and a prepared statement is planned once per connection.
        db["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 2}
    db["ATOMIC_REQUESTS"] = True  # one transaction per request
    return db


DATABASES = {"default": _database(CONFIG.database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "identity.StaffUser"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if CONFIG.mode == "test":
    # Password hashing dominates test time; production keeps Django's PBKDF2 default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:home"

# Lockout: 10 failures per account lock it for 15 minutes (the rule allows at most 100 an hour).
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_LOCKOUT_CALLABLE = "careloop.console.views.auth.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = 0
# Deliberately per account, not per address: call-centre agents share one NAT address, and an
# address lock would lock the whole floor out. The per-account limit already caps guessing.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Authenticator apps show this name next to the account (console enrolment QR code).
OTP_TOTP_ISSUER = "careloop"

# Idle logout: the session expires after N idle minutes; every request renews it.
SESSION_COOKIE_AGE = CONFIG.idle_minutes * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
_https = urlparse(CONFIG.public_url).scheme == "https"
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pl", "Polski"),
    ("tr", "Türkçe"),
]
LOCALE_PATHS = [BASE_DIR / "careloop" / "locale"]
LANGUAGE_COOKIE_NAME = "careloop_language"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

_queue = urlparse(CONFIG.huey_url)
HUEY: dict[str, Any] = {
    "name": "careloop",
    "immediate": CONFIG.mode == "test",
    "utc": True,
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
}
if _queue.scheme == "redis":
    HUEY.update({"huey_class": "huey.RedisHuey", "connection": {"url": CONFIG.huey_url}})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": _queue.path})
TASKS = {"default": {"BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend"}}

CARELOOP_DEMO = CONFIG.mode == "demo"
CARELOOP_REQUIRE_MFA = CONFIG.require_mfa
CARELOOP_PUBLIC_URL = CONFIG.public_url

# PHI never reaches logs: the redaction filter drops request bodies, query strings and
# exception locals that Django would otherwise attach to error records.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_phi": {"()": "careloop.kit.logging.RedactPHIFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_phi"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# Independent audit chains per tenant (see compliance.public.chain_for).
CARELOOP_AUDIT_SHARDS = int(os.environ.get("CARELOOP_AUDIT_SHARDS", "16"))
CARELOOP_KEYS = {"field_keys": CONFIG.field_keys, "blind_index_key": CONFIG.blind_index_key}
