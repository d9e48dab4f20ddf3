import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app, answered by our own backends instead of haystack."""

    name = "search"
