"""The embedded default: one machine, nothing to install (``make run``)."""

from .base import *  # noqa: F403
from .base import env

# Off by default, so that `make run` shows the shop's own French 403, 404
# and 500 pages as visitors see them, not Django's technical pages
# (DJANGO_DEBUG=1 brings those back). Without DEBUG, WhiteNoise still serves
# the static files straight from static/ and the apps (no collectstatic, new
# files picked up), and shop/urls.py still serves MEDIA_ROOT (SERVE_MEDIA).
DEBUG = env.bool("DJANGO_DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
INTERNAL_IPS = ["127.0.0.1"]
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
