"""Production: everything secret or site-specific comes from the environment.

Start-up stops with a message naming the variable when a required one is
missing, rather than running with an unsafe default.
"""

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from .base import *  # noqa: F403
from .base import env


def required(name):
    """Return the environment variable ``name`` or stop start-up naming it."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required in production "
            f"(shop.settings.production) but is not set."
        )
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
DATABASES = {"default": env.db_url_config(required("DATABASE_URL"))}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Whole pages are cached only in a cache every web process shares (Redis):
# a change seen by one process must end the pages of all of them.
PAGE_CACHE_SECONDS = env.int(
    "PAGE_CACHE_SECONDS",
    default=300 if REDIS_URL else 0,  # noqa: F405
)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
SITE_SCHEME = env("SITE_SCHEME", default="https")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# A delivered part is paid online: with home delivery on (the default), the
# Stripe keys are required. DELIVERY_ENABLED=false runs the marketplace with
# pickups only, paid online when the keys are set, else at collection.
DELIVERY_ENABLED = env.bool("DELIVERY_ENABLED", default=True)
if DELIVERY_ENABLED:
    _missing_stripe = [
        name
        for name in (
            "STRIPE_SECRET_KEY",
            "STRIPE_PUBLISHABLE_KEY",
            "STRIPE_WEBHOOK_SECRET",
        )
        if not env.str(name, default="")
    ]
    if _missing_stripe:
        raise ImproperlyConfigured(
            "Home delivery is on (DELIVERY_ENABLED) and is paid online, but "
            f"{', '.join(_missing_stripe)} is not set (shop.settings.production). "
            "Set the Stripe keys, or DELIVERY_ENABLED=false for pickups only."
        )

# HTTPS everywhere, behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The probes of the orchestrator speak plain HTTP to the pod.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^livez$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True

STORAGES = {
    "default": STORAGES["default"],  # noqa: F405
    "private": STORAGES["private"],  # noqa: F405
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)

# One JSON object per line on stderr, for the log collector of the platform:
# time, level, logger, message, the id of the request being served (the one
# nginx logs too), and whatever a caller passed in ``extra``; Python's
# warnings included.
LOGGING_CONFIG = "shop.apps.core.logs.configure_logging"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "shop.apps.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message", "request_id"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"level": env("LOG_LEVEL", default="INFO"), "handlers": ["console"]},
    "loggers": {
        "django.security.DisallowedHost": {"level": "ERROR", "propagate": True},
        # Failed sign-ins and lockouts are warnings; each success is not news.
        "axes": {"level": "WARNING"},
    },
}

# Errors to Sentry when SENTRY_DSN is set: unhandled exceptions of requests
# and Celery tasks, and error log lines. No personal data leaves (no user,
# address, cookies or request bodies); traces only if a sample rate is given.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0) or None,
    )

# Wagtail's page preview renders the page in a same-origin frame of the admin,
# so frames stay allowed from our own origin (SAMEORIGIN) instead of DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
