"""Settings for kkintegration, read from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    """Read a boolean variable; anything but a clear yes/no fails loudly."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name, default):
    """Read a whole number; anything else fails loudly."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name, default):
    """Read a comma-separated list."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS and browser protections: on by default when DEBUG is off (production sits behind
# TLS); each can be turned off by its variable, e.g. for `make serve` on plain loopback HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# No inline scripts anywhere: JavaScript comes from /static/, chart data as JSON blocks.
# plotly.js sets style attributes on the SVG it draws, hence 'unsafe-inline' for styles only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "simple_history",
    "committees",
    "goals",
    "indicators",
    "activities",
    "budgets",
    # the public plan site, the plan loader and the Bilag workbook: on top of every app
    "committees.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # 405 for TRACE, OPTIONS, PUT, PATCH, DELETE: no view serves them
    "kkintegration.common.http.ServedMethodsMiddleware",
    # compresses pages, CSV and JSON (not the workbooks); before anything that reads them
    "kkintegration.common.http.TextGZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # 400 for NUL characters and values the database refuses (never the 503 page)
    "kkintegration.common.http.BadInputMiddleware",
    "kkintegration.common.http.PrivateWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]

# Log-in throttling (committees/throttle.py): failed log-ins within LOGIN_COOLOFF_MINUTES
# that start a lock of LOGIN_COOLOFF_MINUTES (which does not restart on further attempts).
LOGIN_LIMIT_NAME_AND_ADDRESS = env_int("LOGIN_LIMIT_NAME_AND_ADDRESS", 5)
LOGIN_LIMIT_NAME = env_int("LOGIN_LIMIT_NAME", 20)
LOGIN_LIMIT_ADDRESS = env_int("LOGIN_LIMIT_ADDRESS", 100)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
# Addresses (or networks) of the reverse proxies in front of the application: behind
# them the visitor's address is read from X-Forwarded-For. Empty: REMOTE_ADDR is the visitor.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

ROOT_URLCONF = "kkintegration.urls"

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
                "django.template.context_processors.i18n",
                "committees.roles.role",
                "indicators.context_processors.demo_values",
            ],
            # the shared template tags live in the project package, not in an app
            "libraries": {"kk_format": "kkintegration.common.templatetags.kk_format"},
        },
    },
]

WSGI_APPLICATION = "kkintegration.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

REDIS_URL = os.environ.get("REDIS_URL", "")
# One cache (kkintegration.common.cache), keyed by name, language and data version.
CACHES = {
    # shared by every process when REDIS_URL is set (set it with more than one process);
    # while Redis does not answer, pages are built without a cache (never a 500)
    "default": {
        "BACKEND": "kkintegration.common.redis_cache.TolerantRedisCache",
        "LOCATION": REDIS_URL,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        # the barometer keeps a few entries per committee and year
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
    },
}
# Sessions live in the database alone, with or without Redis: a session ended while Redis
# was away (a log-out) can never come back from a stale cached copy, and losing Redis
# costs nobody their session. One indexed query per signed-in request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # hashed and compressed files after collectstatic in production; plain in development
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js from the plotly wheel, served by the application itself (no CDN)
    "indicators.barometer.staticfiles.PlotlyJsFinder",
]
# In development (and tests) whitenoise serves from the finders, no collectstatic needed.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_denial": {"()": "kkintegration.common.http.ExpectedDenialFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["expected_denial"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# E-mail (password reset) through Django's mailers: offered only when EMAIL_HOST is set,
# so that no page promises an e-mail that is not sent.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST or "localhost",
            "port": env_int("EMAIL_PORT", 587),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": 10,
        },
    }
}
PASSWORD_RESET_ENABLED = bool(EMAIL_HOST)
del EMAIL_HOST  # the deprecated setting: MAILERS holds it
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kkintegration@localhost")
PASSWORD_RESET_TIMEOUT = 2 * 3600  # a reset link works for two hours
# Reset e-mails asked for within an hour: per e-mail address and per client address.
PASSWORD_RESET_LIMIT_EMAIL = env_int("PASSWORD_RESET_LIMIT_EMAIL", 3)
PASSWORD_RESET_LIMIT_ADDRESS = env_int("PASSWORD_RESET_LIMIT_ADDRESS", 10)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "indicators:entry-start"
LOGOUT_REDIRECT_URL = "committees:home"

# Uploaded templates are kept here for audit.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

DJANGO_TABLES2_TEMPLATE = "includes/table.html"
