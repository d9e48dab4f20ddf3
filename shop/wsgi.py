"""WSGI entry point (gunicorn ``shop.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")

application = get_wsgi_application()

# Pages in the cache are answered before Django's handler (core/pagecache.py).
from shop.apps.core.pagecache import PageCacheApplication  # noqa: E402

application = PageCacheApplication(application)
