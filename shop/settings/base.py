"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the
environment with django-environ; ``local``, ``test`` and ``production`` only
adjust what this module builds.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from oscar.defaults import *  # noqa: F403 isort:skip

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env(
    "SECRET_KEY", default="insecure-local-only-key-change-me-in-production"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_ID = 1
# The public host name, used in links sent by e-mail.
SITE_DOMAIN = env("SITE_DOMAIN", default="127.0.0.1:8000")
SITE_SCHEME = env("SITE_SCHEME", default="http")

TIME_ZONE = "Europe/Paris"
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True

# DATABASES
# ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url_config(
        env("DATABASE_URL", default="")
        or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests on the embedded database wait for the write lock
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# URLS
# ------------------------------------------------------------------------------
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.admin",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Django's widget templates, for FORM_RENDERER below.
    "django.forms",
]
# Oscar's apps, with the ones we fork pointing at ``shop/apps/`` and ``search/``.
# django-haystack is deliberately absent: the forked ``search`` app answers
# catalogue browsing and search through our own backends (see search/backends).
OSCAR_APPS = [
    # Oscar's own URLs, with password resets throttled (see the class).
    "shop.apps.core.accounts.apps.MarketplaceShopConfig",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.apps.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "shop.apps.shipping.apps.ShippingConfig",
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.apps.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "shop.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "shop.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.apps.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
]
THIRD_PARTY_APPS = [
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "storages",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
LOCAL_APPS = [
    "shop.apps.core.apps.CoreConfig",
    "shop.apps.geo.apps.GeoConfig",
    "shop.apps.api.apps.ApiConfig",
    "vendors.apps.VendorsConfig",
    "vendors.invoicing.apps.InvoicingConfig",
    "vendors.promotions.apps.PromotionsConfig",
    "vendors.settlements.apps.SettlementsConfig",
    "vendors.declarations.apps.DeclarationsConfig",
    "vendors.webhooks.apps.WebhooksConfig",
    "delivery.apps.DeliveryConfig",
    "cms.apps.CmsConfig",
    "cms.campaigns.apps.CampaignsConfig",
    "cms.territories.apps.TerritoriesConfig",
    "cms.news.apps.NewsConfig",
    "cms.apprenticeship.apps.ApprenticeshipConfig",
    "cms.resources.apps.ResourcesConfig",
]
INSTALLED_APPS = DJANGO_APPS + OSCAR_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# AUTHENTICATION
# ------------------------------------------------------------------------------
# One account for the shop, the artisan's back office and the Wagtail admin:
# people sign in with their e-mail address everywhere.
# django-axes first: it refuses a locked-out sign-in before any password is
# checked, on every form that calls ``authenticate(request, ...)`` (the shop's,
# the checkout's, Oscar's dashboard's and Django admin's login pages).
AUTHENTICATION_BACKENDS = [
    "shop.apps.core.accounts.lockout.LockoutBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "customer:login"
LOGIN_REDIRECT_URL = "customer:summary"
WAGTAILADMIN_LOGIN_URL = "customer:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Wrong passwords lock the pair (account, network address) for a while: an
# attacker elsewhere cannot lock the account's owner out, and the lock lifts
# by itself. A successful sign-in forgets the failures; so does a password
# reset by e-mail, which stays open to a locked-out person.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lock lasts its cool-off from the last failure before it, whatever is
# typed meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "shop.apps.core.accounts.lockout.username_of_attempt"
# The same client address as everywhere else (TRUSTED_PROXY_COUNT, below).
AXES_CLIENT_IP_CALLABLE = "shop.apps.core.http.client_address"
AXES_LOCKOUT_CALLABLE = "shop.apps.core.accounts.lockout.lockout_response"
# Password reset requests, per network address and per e-mail address, within
# PASSWORD_RESET_WINDOW_MINUTES.
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=10)
PASSWORD_RESETS_PER_EMAIL = env.int("PASSWORD_RESETS_PER_EMAIL", default=3)
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)
# E-mails that registering (the confirmation link, or "you already have an
# account") sends one address within that window; beyond, none, silently.
REGISTRATION_EMAILS_PER_ADDRESS = env.int("REGISTRATION_EMAILS_PER_ADDRESS", default=3)
# Two-factor authentication (django-otp): required of chamber staff, chosen by
# whoever else wants it (artisans, from their back office). A wrong code makes
# the next try wait longer (1, 2, 4, ... seconds, django-otp's throttling).
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=True)
OTP_TOTP_ISSUER = "Artisans de Provence"
OTP_STATIC_BACKUP_CODES = 10

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    # First, so that every log line of the request carries its id.
    "shop.apps.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "shop.apps.core.headers.ContentSecurityPolicyMiddleware",
    "shop.apps.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shop.apps.core.middleware.FrenchFirstLocaleMiddleware",
    # Under /api/: the language from Accept-Language, and 404s as problem+json.
    "shop.apps.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "shop.apps.core.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    # Inside the ones above: public pages from the cache (core/pagecache.py).
    "shop.apps.core.pagecache.PageCacheMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# Media go to an S3-compatible bucket when one is configured, to local files
# otherwise (the embedded default).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
# "path" for servers reached by address rather than by bucket host name.
AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", default=None)
AWS_S3_SIGNATURE_VERSION = env("AWS_S3_SIGNATURE_VERSION", default="s3v4")
AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
AWS_DEFAULT_ACL = None
AWS_S3_FILE_OVERWRITE = False
# Files only the marketplace reads back (artisans' CSV imports): outside
# MEDIA_ROOT locally, and on S3 a private bucket (or the media bucket's
# "private/" folder, which its public-read policy must then leave out) with
# signed, short-lived URLs only.
PRIVATE_MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private"
)
AWS_PRIVATE_STORAGE_BUCKET_NAME = env(
    "AWS_PRIVATE_STORAGE_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME
)


def s3_media_storages(bucket_name, private_bucket_name):
    """The public and private media storages on S3 (the tests use them too)."""
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": bucket_name},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": private_bucket_name,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
                "custom_domain": None,
            },
        },
    }


STORAGES = {
    **(
        s3_media_storages(AWS_STORAGE_BUCKET_NAME, AWS_PRIVATE_STORAGE_BUCKET_NAME)
        if AWS_STORAGE_BUCKET_NAME
        else {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
            },
        }
    ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Images are refused above this many pixels, read from their header before
# anything decodes them (forms, thumbnails, Wagtail).
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=25_000_000)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.media",
                "django.template.context_processors.static",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "shop.apps.core.context_processors.site_links",
            ],
        },
    }
]

# CACHES AND SESSIONS
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Redis away means cache misses, logged, not errors (shop/apps/core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "shop.apps.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Whole public pages in the cache, for this many seconds at most (0: off);
# changes end them sooner (shop/apps/core/pagecache.py).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PAGE_CACHE_ALIAS = "default"

# CELERY
# ------------------------------------------------------------------------------
# Without a broker the tasks run eagerly, in the request, which is what the
# embedded default wants; with REDIS_URL they go to workers.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat touches <schedule file>.heartbeat after each turn of its loop, which
# comes at least every CELERY_BEAT_MAX_LOOP_INTERVAL seconds: its liveness
# probe reads the file's age (deploy/k8s/celery.yaml).
CELERY_BEAT_SCHEDULER = "shop.apps.core.beat:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = env.int("CELERY_BEAT_MAX_LOOP_INTERVAL", default=60)
# Nothing waits for a task's result: none is stored, and a request queuing a
# task never subscribes to one (which would hang it while Redis is away).
CELERY_TASK_IGNORE_RESULT = True
# A task whose worker dies (killed, out of memory) goes back to the queue
# rather than being lost: every task is idempotent. Redis hands an
# unacknowledged task to another worker after the visibility timeout, which
# must exceed the longest retry countdown (600 s).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
}
# Task modules autodiscovery (``<app>.tasks``) does not find.
CELERY_IMPORTS = ["vendors.lifecycle.tasks", "shop.apps.core.privacy.tasks"]
CELERY_BEAT_SCHEDULE = {
    # Apprenticeship offers past their closing date: closed each night.
    "close-past-apprenticeship-offers": {
        "task": "cms.apprenticeship.tasks.close_past_offers_task",
        "schedule": crontab(minute=5, hour=0),
    },
    # Each artisan's statement of last year (art. 242 bis CGI), built and
    # e-mailed once; the first week of January, in case a morning was missed.
    "send-yearly-statements": {
        "task": "vendors.declarations.tasks.send_yearly_statements_task",
        "schedule": crontab(minute=0, hour=6, day_of_month="1-7", month_of_year=1),
    },
    "generate-pickup-slots": {
        "task": "delivery.tasks.generate_slots_task",
        "schedule": 60 * 60 * 6,
    },
    "release-expired-slot-holds": {
        "task": "delivery.tasks.release_expired_holds_task",
        "schedule": 60,
    },
    "mark-pickup-no-shows": {
        "task": "vendors.lifecycle.tasks.mark_no_shows_task",
        "schedule": 60 * 10,
    },
    # Hourly in the day; each parcel is reminded once.
    "send-pickup-reminders": {
        "task": "delivery.tasks.send_pickup_reminders_task",
        "schedule": crontab(minute=0, hour="7-19"),
    },
    "delete-stale-product-imports": {
        "task": "vendors.tasks.catalogue.delete_stale_product_imports_task",
        "schedule": crontab(minute=30, hour=3),
    },
    # Orders left unpaid online: cancelled, stock and slots given back.
    "cancel-abandoned-payments": {
        "task": "vendors.lifecycle.tasks.cancel_abandoned_payments_task",
        "schedule": 60 * 5,
    },
    # Last month's commission statements, invoices and pickup settlements.
    "build-monthly-statements": {
        "task": "vendors.settlements.tasks.build_previous_month_task",
        "schedule": crontab(minute=0, hour=4, day_of_month=1),
    },
    # Payouts that failed, or waited for the artisan's Stripe account.
    "pay-waiting-artisans": {
        "task": "shop.apps.payment.tasks.pay_waiting_artisans_task",
        "schedule": 60 * 15,
    },
    # Outgoing webhooks whose retry is due (or whose queued task was lost).
    "retry-due-webhooks": {
        "task": "vendors.webhooks.tasks.retry_due_webhooks_task",
        "schedule": 60,
    },
    # Each artisan: tomorrow's parcels, by point and slot.
    "send-artisan-pickup-digest": {
        "task": "delivery.tasks.send_artisan_pickup_digest_task",
        "schedule": crontab(minute=0, hour=17),
    },
    # What the privacy page says goes: orders' particulars after ten years,
    # expired sessions, old sign-in records.
    "purge-expired-personal-data": {
        "task": "shop.apps.core.privacy.tasks.purge_expired_personal_data_task",
        "schedule": crontab(minute=15, hour=4),
    },
    # Editorial pages scheduled by their editors: published (or unpublished)
    # within a minute of the time they chose.
    "publish-scheduled-pages": {
        "task": "cms.resources.tasks.publish_scheduled_pages_task",
        "schedule": 60,
    },
}

# SEARCH
# ------------------------------------------------------------------------------
# "database" (the embedded default) or "elasticsearch".
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database")
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="boutique")
# Seconds a request to Elasticsearch may take before search reports itself
# unavailable; replicas of each index (0 on a single node).
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)
# Oscar's stock search modules import haystack when Oscar's class loader looks
# up our forked ``search`` classes. haystack is not an installed app; this
# setting only lets those imports succeed.
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}
}

# STRIPE
# ------------------------------------------------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
# Artisans' Express accounts (Connect, separate charges and transfers).
STRIPE_CONNECT_COUNTRY = env("STRIPE_CONNECT_COUNTRY", default="FR")
# An order paid online waits this long for Stripe's confirmation; the sweep
# (Celery beat) then cancels it and gives back its stock and pickup slots.
PAYMENT_PENDING_MINUTES = env.int("PAYMENT_PENDING_MINUTES", default=30)
# Home delivery is offered only when this is on AND Stripe is configured: a
# delivered part is paid online, never at pickup (delivery.checkout).
DELIVERY_ENABLED = env.bool("DELIVERY_ENABLED", default=True)

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="boutique@artisans-provence.fr")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True

# CONTENT SECURITY POLICY
# ------------------------------------------------------------------------------
# Our pages run no inline script: behaviours live in static/js/ (page-init.js
# starts Oscar's), data reaches them through json_script. Stripe.js, its
# frames and its API are Stripe's documented sources.
STRIPE_JS_SOURCES = ["https://js.stripe.com", "https://*.js.stripe.com"]
# Product images and banners, when media live in an S3-compatible bucket.
CSP_MEDIA_SOURCES = env.list("CSP_MEDIA_SOURCES", default=[]) + [
    source
    for source in [
        AWS_S3_CUSTOM_DOMAIN and f"https://{AWS_S3_CUSTOM_DOMAIN}",
        AWS_S3_ENDPOINT_URL,
        AWS_STORAGE_BUCKET_NAME
        and f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com",
        AWS_STORAGE_BUCKET_NAME
        and AWS_S3_REGION_NAME
        and f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com",
        MEDIA_URL if MEDIA_URL.startswith(("https://", "http://")) else None,
    ]
    if source
]
# MAP
# ------------------------------------------------------------------------------
# Leaflet's tile layer (static/js/map.js): a {z}/{x}/{y} URL template and the
# credit its provider asks for. Empty: no tiles are fetched, the map shows its
# markers on a plain background and the list of places stays as it is. The
# default is OpenStreetMap's own server, fine for a demo; production should
# use a provider sized for its traffic (OSM's tile usage policy).
MAP_TILE_URL = env(
    "MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">'
    "OpenStreetMap</a> contributors",
)


def map_tile_sources(tile_url):
    """The tiles' origin for the CSP's img-src; none when there are no tiles.
    A ``{s}`` subdomain (a, b, c) becomes a wildcard: ``https://*.tile.x``."""
    if not tile_url.startswith(("https://", "http://")):
        return []
    parts = urlsplit(tile_url.replace("{s}.", "*."))
    return [f"{parts.scheme}://{parts.netloc}"]


MAP_TILE_SOURCES = map_tile_sources(MAP_TILE_URL)
# Videos of editorial pages (cms.blocks.VideoBlock) play in their provider's
# privacy-enhanced player, in a frame; PeerTube instances editors may embed.
PEERTUBE_HOSTS = env.list("PEERTUBE_HOSTS", default=["framatube.org"])
VIDEO_EMBED_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.dailymotion.com",
    *(f"https://{host}" for host in PEERTUBE_HOSTS),
]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *STRIPE_JS_SOURCES],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            "https://*.stripe.com",
            *CSP_MEDIA_SOURCES,
            *MAP_TILE_SOURCES,
        ],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "https://api.stripe.com"],
        "media-src": [SELF, *CSP_MEDIA_SOURCES],
        "frame-src": [
            SELF,
            *STRIPE_JS_SOURCES,
            "https://hooks.stripe.com",
            *VIDEO_EMBED_SOURCES,
        ],
        # Wagtail's preview shows the page in a frame of the admin.
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "report-uri": env("CSP_REPORT_URI", default="") or None,
    },
}
# Form widgets render through TEMPLATES, so that templates/oscar/forms/ can
# replace the inline handlers of Oscar's image upload widget.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# Added to the policy below these paths, for libraries we do not control
# (shop.apps.core.headers; README "Content Security Policy and headers").
CONTENT_SECURITY_POLICY_PATHS = {
    # Oscar's dashboard draws its charts and sizes its widgets (select2,
    # TinyMCE, the date pickers) with style attributes. Scripts stay ours.
    "/boutique/dashboard/": {"style-src-attr": [UNSAFE_INLINE]},
    # Wagtail's page editor still inserts inline scripts (wagtail/wagtail#1288);
    # image uploads preview from blob: URLs.
    "/cms-admin/": {"script-src": [UNSAFE_INLINE], "img-src": ["blob:"]},
}
# Wagtail's admin asks nothing of other sites: no gravatar.com avatars, no
# check for new releases at releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Features a page (and any frame in it) may use; anything else is refused.
# Geolocation: "near me" in search; payment: Stripe's wallets in its frame.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "microphone": ["self"],
    "geolocation": ["self"],
    "payment": ["self", "https://js.stripe.com"],
    "interest-cohort": [],
    "browsing-topics": [],
}

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "verbose": {"format": "%(levelname)s %(asctime)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "verbose"}},
    "root": {"level": env("LOG_LEVEL", default="INFO"), "handlers": ["console"]},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "oscar": {"level": "WARNING"},
        # Failed sign-ins and lockouts are warnings; each success is not news.
        "axes": {"level": "WARNING"},
    },
}

# OSCAR
# ------------------------------------------------------------------------------
OSCAR_SHOP_NAME = "Artisans de Provence"
OSCAR_SHOP_TAGLINE = _("The e-boutiques of the region's artisans")
OSCAR_DEFAULT_CURRENCY = "EUR"
OSCAR_CURRENCY_FORMAT = {"EUR": {"format_type": "standard"}}
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
# Offers work on the TTC prices customers see: "15 € off" takes 15 € off.
OSCAR_OFFERS_INCL_TAX = True
OSCAR_REQUIRED_ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "line1",
    "line4",
    "postcode",
    "country",
)
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
# Thumbnails are made by a Celery task; pages only use the ones it made.
OSCAR_THUMBNAILER = "shop.apps.core.thumbnails.TaskThumbnails"
THUMBNAIL_BACKEND = "shop.apps.core.thumbnails.TaskThumbnailBackend"
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
THUMBNAIL_PRESERVE_FORMAT = True
# The chamber's pages on artisans (vendors/dashboard) in Oscar's menu. Oscar's
# default access check only knows its own dashboard apps' URLs, so these say
# who sees them: staff, as their views require.
OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,  # noqa: F405
    {
        "label": _("Artisans"),
        "icon": "fas fa-store",
        "children": [
            {
                "label": label,
                "url_name": f"vendors-dashboard:{url_name}",
                "access_fn": lambda user, *args: user.is_active and user.is_staff,
            }
            for label, url_name in [
                (_("Applications"), "application-list"),
                (_("Shops"), "vendor-list"),
                (_("Commissions"), "commission-report"),
            ]
        ]
        + [
            {
                "label": label,
                "url_name": f"promotions-dashboard:{url_name}",
                "access_fn": lambda user, *args: user.is_active and user.is_staff,
            }
            for label, url_name in [
                (_("Promotion funding"), "offer-list"),
                (_("What funders owe"), "report"),
            ]
        ]
        + [
            {
                "label": _("Monthly statements"),
                "url_name": "settlements-dashboard:report",
                "access_fn": lambda user, *args: user.is_active and user.is_staff,
            }
        ]
        + [
            {
                "label": _("Payouts"),
                "url_name": "payments-dashboard:ledger",
                "access_fn": lambda user, *args: user.is_active and user.is_staff,
            }
        ]
        + [
            {
                "label": _("DAC7 export"),
                "url_name": "declarations-dashboard:dac7",
                "access_fn": lambda user, *args: user.is_active and user.is_staff,
            }
        ],
    },
]

# WAGTAIL
# ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Artisans de Provence"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Sound and video (with WebVTT captions) for the audio and video blocks.
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "odt", "ods"] + [
    "mp3", "m4a", "aac", "oga", "ogg", "opus", "wav", "flac", "webm", "mp4", "vtt",
]  # fmt: skip

# MARKETPLACE
# ------------------------------------------------------------------------------
# Demo accounts are created by ``manage.py load_demo`` only.
DEMO_PASSWORD = "demo1234"
# Days an invitation to join a shop's team can be accepted.
TEAM_INVITATION_DAYS = env.int("TEAM_INVITATION_DAYS", default=7)
# The chamber's commission on each artisan's order, unless the artisan has
# their own rate.
MARKETPLACE_COMMISSION_RATE = env.str("MARKETPLACE_COMMISSION_RATE", default="0.10")
# The region the marketplace serves (INSEE code; 93 is Provence-Alpes-Côte
# d'Azur): where a town's name is shared, its commune there is meant first.
MARKETPLACE_REGION_CODE = env.str("MARKETPLACE_REGION_CODE", default="93")
# The chamber as the seller on its commission invoices, when the site's legal
# settings (Wagtail, cms.LegalSettings) leave a field empty.
CHAMBER_LEGAL_NAME = env.str(
    "CHAMBER_LEGAL_NAME",
    default="Chambre de Métiers et de l'Artisanat Provence-Alpes-Côte d'Azur",
)
CHAMBER_ADDRESS = env.str("CHAMBER_ADDRESS", default="")
CHAMBER_SIRET = env.str("CHAMBER_SIRET", default="")
CHAMBER_VAT_NUMBER = env.str("CHAMBER_VAT_NUMBER", default="")
# VAT on the chamber's commission (the commission is kept VAT included).
CHAMBER_COMMISSION_VAT_RATE = env.str("CHAMBER_COMMISSION_VAT_RATE", default="0.20")
# Numbers of each artisan's invoices and credit notes (one continuous series
# per artisan; the prefix is the artisan's, set in their back office).
INVOICE_NUMBER_FORMAT = env.str(
    "INVOICE_NUMBER_FORMAT", default="{prefix}-{year}-{number:06d}"
)
# Numbers of the chamber's commission invoices: one continuous series.
CHAMBER_DOCUMENT_PREFIX = env.str("CHAMBER_DOCUMENT_PREFIX", default="CMA")
CHAMBER_COMMISSION_INVOICE_NUMBER_FORMAT = env.str(
    "CHAMBER_COMMISSION_INVOICE_NUMBER_FORMAT",
    default="{prefix}-COM-{year}-{number:06d}",
)

# PICKUPS
# ------------------------------------------------------------------------------
# Live checkout holds of pickup slots: per basket (one place per artisan
# collected) and per network address (a few baskets, never a whole slot).
SLOT_HOLDS_PER_BASKET = env.int("SLOT_HOLDS_PER_BASKET", default=6)
SLOT_HOLDS_PER_ADDRESS = env.int("SLOT_HOLDS_PER_ADDRESS", default=12)
# Proxies in front of the site that append to X-Forwarded-For (nginx in
# deploy/: 1). With 0, the address is the connection's own (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Wrong pickup codes one account may type within a quarter of an hour, and
# all accounts from one network address (a point's staff share one).
PICKUP_CODE_ATTEMPTS = env.int("PICKUP_CODE_ATTEMPTS", default=10)
PICKUP_CODE_ATTEMPTS_PER_ADDRESS = env.int(
    "PICKUP_CODE_ATTEMPTS_PER_ADDRESS", default=30
)

# API
# ------------------------------------------------------------------------------
# Tokens only, no session: a program never carries the site's cookies, and
# without session authentication no API call needs a CSRF token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shop.apps.api.authentication.TokenAuthentication",
    ],
    # Public reads; every other area sets its own (shop.apps.api.permissions).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "shop.apps.api.pagination.StableCursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "shop.apps.api.errors.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "shop.apps.api.throttling.TokenRateThrottle",
        "shop.apps.api.throttling.AddressRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_RATE_PER_TOKEN", default="1200/hour"),
        "address": env.str("API_RATE_PER_ADDRESS", default="300/hour"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Artisans de Provence — API",
    "DESCRIPTION": (
        "The marketplace's REST API. Public reads need no token; artisans, "
        "logistics staff and customers call with a personal access token "
        "(`Authorization: Bearer apt_…`). Errors are application/problem+json; "
        "lists are paged by cursor; reads carry an ETag."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for a set of choices several fields share.
    "ENUM_NAME_OVERRIDES": {
        "PartActionEnum": "vendors.models.PartAction",
        "ParcelStatusEnum": "delivery.models.ParcelStatus",
    },
    "PREPROCESSING_HOOKS": ["shop.apps.api.schema.only_the_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "shop.apps.api.schema.add_problem_responses",
    ],
}
