"""What every search backend answers, whatever engine is behind it."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProductQuery:
    """A consumer's request for products: words, narrowing and order."""

    text: str = ""
    category_ids: tuple[int, ...] = ()
    sort: str = ""


@dataclass
class SearchPage:
    """One slice of results: the matching product ids in order, and the total."""

    product_ids: list[int]
    total: int
    facets: dict = field(default_factory=dict)


class SearchBackend:
    """Interface of the product search backends.

    ``search`` returns ids rather than objects so that every backend shares the
    one query that loads products for display (``search.fetch``).
    """

    name = "base"

    def search(self, query, offset, limit):  # pragma: no cover - interface
        raise NotImplementedError

    def count(self, query):  # pragma: no cover - interface
        raise NotImplementedError

    def ping(self):  # pragma: no cover - interface
        """Raise when the backend cannot answer."""
        raise NotImplementedError
