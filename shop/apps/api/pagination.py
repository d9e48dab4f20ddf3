"""Pages of the API's lists: by cursor, so that a page never shifts when rows
are added or removed while a program walks the list."""

from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """50 rows a page (``?page_size=`` up to 200), in a stable order.

    The order is the view's ``cursor_ordering`` when it has one (fields of
    the model, unique together, e.g. ``("-created", "-id")``), otherwise the
    primary key. The ``next`` and ``previous`` links carry an opaque cursor.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "pk"

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "cursor_ordering", None)
        if ordering:
            return (ordering,) if isinstance(ordering, str) else tuple(ordering)
        return super().get_ordering(request, queryset, view)
