"""What every search backend answers, whatever engine is behind it.

Both backends (``database`` and ``elasticsearch``) follow the same rules, and
the behaviour tests in ``tests/search`` run against each of them:

Which products
    Public, browsable products (standalone or parent) with a stock record of an
    artisan who is selling (approved, not suspended, not on vacation).

Words (``ProductQuery.text``)
    Matched against the title and description (French analysis: case and
    accents folded, elision and plurals ignored), the category names, the
    artisan's name, craft (métier), commune and labels. Every word must match
    somewhere. Quotes, operators and other punctuation are ignored.

Narrowing (facets)
    Within one facet the selected values are alternatives (OR); across facets
    they all apply (AND). The count shown for a facet value is the number of
    products the current search would give with that value selected *in
    place of* the facet's current selection: each facet's counts apply every
    filter except its own. ``category_ids`` (a category page) always applies.

Facet values
    ``category``: the product's own categories (ids); ``metier`` and
    ``commune``: the artisan's; ``label``: the artisan's label codes;
    ``fulfilment``: ``delivery``, ``workshop``, ``drive``, ``relay`` (what the
    artisan offers); ``price``: keys of ``PRICE_RANGES`` (on the product's
    lowest price, TTC); ``in_stock``: ``"1"`` when a stock record has stock
    that is not allocated (or does not track stock).

Order
    ``relevance`` (best matches first; newest first without words),
    ``price-asc``, ``price-desc``, ``newest``, ``title-asc``, ``title-desc``,
    ``rating``, ``distance`` (needs ``near``; products of artisans without a
    location come last). Ties are broken by descending id, so pages are stable.

Distance
    When ``near`` is given, every result carries its distance in kilometres
    from the artisan's workshop (``SearchPage.distances``), whatever the sort;
    ``max_km`` keeps the products within that distance.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal as D

from django.utils.translation import gettext_lazy as _

FACETS = ("category", "metier", "commune", "label", "fulfilment", "price", "in_stock")

# key -> (lower bound included, upper bound excluded or None), TTC euros.
PRICE_RANGES = {
    "0-10": (D("0"), D("10")),
    "10-25": (D("10"), D("25")),
    "25-50": (D("25"), D("50")),
    "50-100": (D("50"), D("100")),
    "100+": (D("100"), None),
}
PRICE_RANGE_LABELS = {
    "0-10": _("Under €10"),
    "10-25": _("€10 to €25"),
    "25-50": _("€25 to €50"),
    "50-100": _("€50 to €100"),
    "100+": _("€100 and more"),
}

FULFILMENT_VALUES = ("delivery", "workshop", "drive", "relay")
FULFILMENT_LABELS = {
    "delivery": _("Home delivery"),
    "workshop": _("Collect at the workshop"),
    "drive": _("Drive point"),
    "relay": _("Relay point"),
}

SORTS = (
    "relevance",
    "newest",
    "price-asc",
    "price-desc",
    "title-asc",
    "title-desc",
    "rating",
    "distance",
)

EARTH_RADIUS_KM = 6371.0

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_WORD_LENGTH = 60
# Query syntax people paste: boosts and fuzziness ("savon^2", "savon~1") and
# the boolean operators, which are not words to look for.
OPERATOR_SUFFIX = re.compile(r"[~^][\d.]*")
OPERATORS = {"AND", "OR", "NOT"}


def query_words(text):
    """The words of a raw query, bounded: operators, quotes and other
    punctuation become spaces, so that no input can make a query fail.
    Elisions stay in the word ("l'huile"): each backend deals with them."""
    text = OPERATOR_SUFFIX.sub(" ", (text or "")[:MAX_QUERY_LENGTH])
    cleaned = "".join(ch if ch.isalnum() or ch in "'’-" else " " for ch in text)
    words = [word.strip("'’-").replace("’", "'") for word in cleaned.split()]
    words = [word[:MAX_WORD_LENGTH] for word in words if word]
    return [word for word in words if word not in OPERATORS][:MAX_WORDS]


def price_range_of(price):
    """The ``PRICE_RANGES`` key of a TTC price (a ``Decimal``), or None."""
    if price is None:
        return None
    for key, (low, high) in PRICE_RANGES.items():
        if price >= low and (high is None or price < high):
            return key
    return None


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lon: float


@dataclass(frozen=True)
class ProductQuery:
    """A consumer's request for products: words, narrowing and order.

    ``filters`` maps a facet name of ``FACETS`` to the tuple of selected
    values (strings; category ids as strings too).
    """

    text: str = ""
    category_ids: tuple[int, ...] = ()
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sort: str = ""
    near: GeoPoint | None = None
    max_km: float | None = None
    with_facets: bool = False

    @property
    def selected(self):
        """``filters`` as a dict of facet -> tuple of values."""
        return {name: values for name, values in self.filters if values}

    def without(self, facet):
        """The same query with nothing selected in ``facet``."""
        return ProductQuery(
            text=self.text,
            category_ids=self.category_ids,
            filters=tuple((n, v) for n, v in self.filters if n != facet),
            sort=self.sort,
            near=self.near,
            max_km=self.max_km,
        )


@dataclass
class SearchPage:
    """One slice of results: the matching product ids in order, and the total.

    ``facets`` maps each facet name to ``{value: count}`` (filled only when
    the query asked ``with_facets``); ``distances`` maps a product id of the
    slice to its distance in km when the query is ``near`` a point.
    """

    product_ids: list[int]
    total: int
    facets: dict = field(default_factory=dict)
    distances: dict = field(default_factory=dict)


@dataclass
class Suggestion:
    """One line of the search box's autocomplete."""

    kind: str  # "product", "artisan" or "category"
    label: str
    url: str
    detail: str = ""


class SearchBackend:
    """Interface of the product search backends.

    ``search`` returns ids rather than objects so that every backend shares the
    one query that loads products for display (``search.fetch``).
    """

    name = "base"

    def search(self, query, offset, limit):  # pragma: no cover - interface
        """A ``SearchPage`` for ``query``, results ``offset`` to ``offset+limit``."""
        raise NotImplementedError

    def count(self, query):  # pragma: no cover - interface
        raise NotImplementedError

    def autocomplete(self, text, limit=5):  # pragma: no cover - interface
        """Suggestions for a prefix typed in the search box, products first,
        then artisans, then categories (at most ``limit`` of each)."""
        raise NotImplementedError

    def search_artisans(self, text="", near=None, limit=50):  # pragma: no cover
        """Ids of approved artisans matching ``text`` (name, métier, commune,
        labels), nearest first when ``near`` is given."""
        raise NotImplementedError

    def ping(self):  # pragma: no cover - interface
        """Raise when the backend cannot answer."""
        raise NotImplementedError

    # Keeping an index true (no-ops for a backend that reads the tables).

    def index_products(self, product_ids):
        """Bring these products' entries up to date (add, update or remove)."""

    def index_vendors(self, vendor_ids):
        """Bring these artisans' entries (and their products') up to date."""

    def refresh(self):
        """Make every write so far visible to searches (tests, commands)."""


class SearchUnavailable(Exception):
    """The search engine cannot answer (down, unreachable or without index).

    Views catch it and show ``user_message`` instead of an error page.
    """

    user_message = _(
        "Search is unavailable for a moment. Please try again in a few minutes."
    )
