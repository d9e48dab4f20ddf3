"""One search interface, several backends; ``settings.SEARCH_BACKEND`` chooses."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import ProductQuery, SearchBackend, SearchPage

BACKENDS = {
    "database": "search.backends.database.DatabaseSearchBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchSearchBackend",
}

__all__ = ["ProductQuery", "SearchBackend", "SearchPage", "get_search_backend"]


def get_search_backend(name=None):
    """Return an instance of the configured (or the named) search backend."""
    name = name or settings.SEARCH_BACKEND
    try:
        path = BACKENDS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={name!r} is not one of: {', '.join(sorted(BACKENDS))}"
        ) from None
    return import_string(path)()
