"""Loading the products a search found, in one batch of queries."""

from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


def products_for_display(product_ids, distances=None):
    """Products with ``product_ids`` in that order, with what a tile shows.

    Each product gets ``distance_km`` (None unless ``distances`` has it).
    """
    products = (
        Product._default_manager.base_queryset()
        .prefetch_related("stockrecords__partner__vendor")
        .in_bulk(product_ids)
    )
    distances = distances or {}
    found = []
    for pk in product_ids:
        if pk in products:
            product = products[pk]
            product.distance_km = distances.get(pk)
            found.append(product)
    return found


class SearchResults:
    """A lazily evaluated, sliceable result list for Django's ``Paginator``.

    ``fetch`` asks the backend for one page (results, total, facets and
    distances in one go); the paginator then reads the total and the slice
    from it without asking again.
    """

    def __init__(self, backend, query):
        self.backend = backend
        self.query = query
        self._count = None
        self._slice = None
        self.page = None

    def fetch(self, offset, limit):
        self.page = self.backend.search(self.query, offset, limit)
        self._count = self.page.total
        self._slice = (
            offset,
            offset + limit,
            products_for_display(self.page.product_ids, self.page.distances),
        )
        return self.page

    def count(self):
        if self._count is None:
            self._count = self.backend.count(self.query)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start = item.start or 0
        stop = item.stop if item.stop is not None else self.count()
        if stop <= start:
            return []
        if self._slice and self._slice[0] == start and self._slice[1] >= stop:
            return self._slice[2][: stop - start]
        page = self.backend.search(self.query, start, stop - start)
        return products_for_display(page.product_ids, page.distances)
