"""Settings for the test suite.

The database comes from DATABASE_URL (PostgreSQL in CI) and falls back to
SQLite; tasks run eagerly unless a test starts a real worker.
"""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="test-only-secret-key-not-for-production")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tasks run in the calling thread; the Celery worker test points its own
# worker process at REDIS_URL.
CELERY_TASK_ALWAYS_EAGER = True

# A fresh media folder for each run so tests never touch the demo's files.
MEDIA_ROOT = env(
    "TEST_MEDIA_ROOT", default=tempfile.mkdtemp(prefix="boutique-test-media-")
)
# Private files (CSV imports) in a folder of their own, outside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env(
    "TEST_PRIVATE_MEDIA_ROOT",
    default=tempfile.mkdtemp(prefix="boutique-test-private-"),
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test cache is local: tests that need Redis say so and use REDIS_URL.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
THUMBNAIL_DEBUG = False
# Pages are rendered for each request unless a test turns the page cache on
# (tests/functional/pagecache/): query counts measure the rendering.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
LANGUAGE_CODE = "fr"
# No internet in tests: the maps draw their markers without tiles.
MAP_TILE_URL = env("MAP_TILE_URL", default="")
