"""Search answered by the relational database (the embedded default).

Matching is plain case-insensitive containment of every word of the query in a
product's title, description, categories or artisan's name, which works the
same on SQLite and PostgreSQL.
"""

from django.db import connection
from django.db.models import Exists, Min, OuterRef, Q
from oscar.core.loading import get_model

from .base import SearchBackend

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

MAX_WORDS = 8
MAX_WORD_LENGTH = 60

SORTS = {
    "newest": ("-date_created", "-id"),
    "price-asc": ("min_price", "id"),
    "price-desc": ("-min_price", "-id"),
    "title-asc": ("title", "id"),
    "title-desc": ("-title", "-id"),
    "rating": ("-rating", "-id"),
}
DEFAULT_SORT = ("-date_created", "-id")


def query_words(text):
    """Split a raw query into bounded words, dropping operators and quotes."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-'" else " " for ch in text)
    words = [w.strip("-'") for w in cleaned.split()]
    return [w[:MAX_WORD_LENGTH] for w in words if w][:MAX_WORDS]


class DatabaseSearchBackend(SearchBackend):
    name = "database"

    def matching(self, query):
        products = Product._default_manager.browsable()
        if query.category_ids:
            products = products.filter(
                Exists(
                    ProductCategory.objects.filter(
                        product=OuterRef("pk"), category_id__in=query.category_ids
                    )
                )
            )
        for word in query_words(query.text):
            in_category = ProductCategory.objects.filter(
                product=OuterRef("pk"), category__name__icontains=word
            )
            by_artisan = StockRecord.objects.filter(
                product=OuterRef("pk"), partner__name__icontains=word
            )
            products = products.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Exists(in_category)
                | Exists(by_artisan)
            )
        return products

    def search(self, query, offset, limit):
        products = self.matching(query)
        ordering = SORTS.get(query.sort, DEFAULT_SORT)
        if "min_price" in ordering[0]:
            products = products.annotate(min_price=Min("stockrecords__price"))
        ids = list(
            products.order_by(*ordering).values_list("id", flat=True)[
                offset : offset + limit
            ]
        )
        return ids

    def count(self, query):
        return self.matching(query).count()

    def ping(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
