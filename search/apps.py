import oscar.apps.search.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class SearchConfig(apps.SearchConfig):
    """Oscar's search app, answered by our own backends instead of haystack."""

    name = "search"

    def ready(self):
        super().ready()
        self.suggest_view = get_class("search.views", "suggest")
        from . import indexing

        indexing.connect_signals()

    def get_urls(self):
        urls = super().get_urls()
        urls.append(path("suggestions/", self.suggest_view, name="suggest"))
        return urls
