"""Loading the products a search found, in one batch of queries."""

from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


def products_for_display(product_ids):
    """Products with ``product_ids`` in that order, with what a tile shows."""
    products = (
        Product._default_manager.base_queryset()
        .prefetch_related("stockrecords__partner__vendor")
        .in_bulk(product_ids)
    )
    return [products[pk] for pk in product_ids if pk in products]


class SearchResults:
    """A lazily evaluated, sliceable result list for Django's ``Paginator``."""

    def __init__(self, backend, query):
        self.backend = backend
        self.query = query
        self._count = None

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
        return products_for_display(
            self.backend.search(self.query, start, stop - start)
        )
