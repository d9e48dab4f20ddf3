"""Search answered by the relational database (the embedded default).

Products are read straight from the catalogue tables, so there is no index to
keep true. Words match the title and description, the category names and the
artisan's name, craft, commune and labels:

- on PostgreSQL, title and description go through full-text search with the
  ``fr_unaccent`` configuration (French stemming, accents folded; created by
  this app's migration) and trigram word similarity on the title, which
  forgives a typo; results are ranked by both;
- on SQLite, words are matched by containment with case and accents folded and
  a final plural ``s``/``x`` dropped, and ranked by title hits.

Everything about artisans (craft, commune, labels, fulfilment, location) is
decided in Python over the few selling artisans (``search.facts``), then
applied to products as a list of artisan ids.
"""

from collections import Counter

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from oscar.core.loading import get_model

from vendors.models import Vendor

from ..facts import artisan_facts, fold, stem, words_of
from .base import PRICE_RANGES, SearchBackend, SearchPage, Suggestion
from .base import query_words as base_query_words

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

TRIGRAM_THRESHOLD = 0.6
PG_CONFIG = "fr_unaccent"

ORDERINGS = {
    "newest": ("-date_created", "-id"),
    "price-asc": (F("price").asc(nulls_last=True), "-id"),
    "price-desc": (F("price").desc(nulls_last=True), "-id"),
    "title-asc": ("title", "-id"),
    "title-desc": ("-title", "-id"),
    "rating": (F("rating").desc(nulls_last=True), "-id"),
}
VENDOR_FACETS = ("metier", "commune", "label", "fulfilment")


def query_words(text):
    """The query's words (``base.query_words``), elisions split: "l'huile"
    gives "l" and "huile", as PostgreSQL's parser reads the text."""
    return [
        part
        for word in base_query_words(text)
        for part in word.split("'")
        if part.strip("-")
    ]


def is_postgresql():
    return connection.vendor == "postgresql"


class Unaccent(Func):
    """``unaccent(lower(text))``: an extension on PostgreSQL, Python on SQLite."""

    function = "unaccent"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(Func(expression, function="LOWER"), **extra)


class ProductDocument(Func):
    """The French full-text document of a product: the stored column
    ``search_document`` that the ``search`` migration adds on PostgreSQL."""

    output_field = TextField()
    arity = 1

    def __init__(self):
        super().__init__(F("pk"))

    def as_sql(self, compiler, connection, **extra):
        column = self.source_expressions[0]
        table = compiler.quote_name_unless_alias(column.alias)
        return f'{table}."search_document"', ()


class Matches(Func):
    """``document @@ plainto_tsquery('fr_unaccent', word)``."""

    output_field = BooleanField()
    template = f"(%(expressions)s @@ plainto_tsquery('{PG_CONFIG}'::regconfig, %%s))"
    arity = 1

    def __init__(self, document, word):
        super().__init__(document)
        self.word = word

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (*params, self.word)


class SimilarTitle(Func):
    """pg_trgm: the title holds a word close to ``word`` (a typo forgiven),
    ``word <% lower(title)``, which the title's trigram index answers."""

    output_field = BooleanField()
    template = "(%%s <%%%% %(expressions)s)"
    arity = 1

    def __init__(self, word):
        super().__init__(Lower(F("title")))
        self.word = word

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (self.word, *params)


class Rank(Func):
    """Full-text rank plus title similarity of the whole query, on PostgreSQL."""

    output_field = FloatField()
    arity = 2

    def __init__(self, text):
        super().__init__(ProductDocument(), Unaccent(F("title")))
        self.text = text

    def as_sql(self, compiler, connection, **extra):
        document, doc_params = compiler.compile(self.source_expressions[0])
        title, title_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"(ts_rank({document}, plainto_tsquery('{PG_CONFIG}'::regconfig, %s))"
            f" + similarity(%s, {title}))"
        )
        return sql, (*doc_params, self.text, fold(self.text), *title_params)


def price_bucket():
    """The ``PRICE_RANGES`` key of the annotated ``price``, in SQL."""
    whens = []
    for key, (low, high) in PRICE_RANGES.items():
        condition = Q(price__gte=low)
        if high is not None:
            condition &= Q(price__lt=high)
        whens.append(When(condition, then=Value(key)))
    return Case(*whens, default=Value(""), output_field=TextField())


def ensure_sqlite_functions():
    """Give SQLite an ``unaccent`` function (PostgreSQL has its extension)."""
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    connection.connection.create_function("unaccent", 1, fold, deterministic=True)


class DatabaseSearchBackend(SearchBackend):
    name = "database"

    # The product query
    # -----------------

    def products(self):
        """Listed products with their artisan, price and stock, as columns.

        One artisan sells a product through one stock record, so the stock
        record, its partner and the artisan are joined rather than looked up
        per row (correlated subqueries made a list of 2,000 products take
        seconds on PostgreSQL). Variants (child products) are not listed.
        """
        return (
            Product._default_manager.browsable()
            .filter(stockrecords__partner__vendor__in=Vendor.objects.selling())
            .annotate(
                vendor_id=F("stockrecords__partner__vendor__id"),
                price=F("stockrecords__price"),
                stocked=ExpressionWrapper(
                    Q(stockrecords__num_in_stock__isnull=True)
                    | Q(
                        stockrecords__num_in_stock__gt=Coalesce(
                            F("stockrecords__num_allocated"), 0
                        )
                    ),
                    output_field=BooleanField(),
                ),
            )
        )

    def word_condition(self, word, facts, categories):
        """Where one word may match: the text, a category, the artisan."""
        stemmed = stem(word)
        if is_postgresql():
            # Found through the indexes (GIN on the French document, trigram
            # GIN on the title) in a subquery of its own, so that the other
            # ways of matching do not turn it into a scan of every product.
            in_text = Q(Matches(ProductDocument(), word))
            if len(stemmed) >= 4:
                in_text |= Q(SimilarTitle(fold(word)))
            condition = Q(pk__in=Product.objects.filter(in_text).values("pk"))
        else:
            condition = Q(folded_title__contains=stemmed) | Q(
                folded_description__contains=stemmed
            )
        category_ids = [pk for pk, words in categories.items() if stemmed in words]
        if category_ids:
            condition |= Q(
                Exists(
                    ProductCategory.objects.filter(
                        product=OuterRef("pk"), category_id__in=category_ids
                    )
                )
            )
        vendor_ids = [pk for pk, f in facts.items() if stemmed in f.words]
        if vendor_ids:
            condition |= Q(vendor_id__in=vendor_ids)
        return condition

    def matching(self, query, facts, *, skip=()):
        """Products for ``query``, every facet filter applied except ``skip``."""
        ensure_sqlite_functions()
        products = self.products().filter(vendor_id__in=list(facts))
        words = query_words(query.text)
        if words:
            if not is_postgresql():
                products = products.annotate(
                    folded_title=Unaccent(F("title")),
                    folded_description=Unaccent(F("description")),
                )
            categories = {
                pk: words_of(name)
                for pk, name in Category.objects.values_list("pk", "name")
            }
            for word in words:
                products = products.filter(self.word_condition(word, facts, categories))
        if query.category_ids:
            products = products.filter(
                Exists(
                    ProductCategory.objects.filter(
                        product=OuterRef("pk"), category_id__in=query.category_ids
                    )
                )
            )
        selected = query.selected
        if "category" in selected and "category" not in skip:
            ids = [int(v) for v in selected["category"] if v.isdigit() and len(v) < 10]
            products = products.filter(
                Exists(
                    ProductCategory.objects.filter(
                        product=OuterRef("pk"), category_id__in=ids
                    )
                )
            )
        vendor_ids = self.vendor_ids(query, facts, skip=skip)
        if vendor_ids is not None:
            products = products.filter(vendor_id__in=vendor_ids)
        if "price" in selected and "price" not in skip:
            condition = Q(pk__in=[])
            for key in selected["price"]:
                if key in PRICE_RANGES:
                    low, high = PRICE_RANGES[key]
                    part = Q(price__gte=low)
                    if high is not None:
                        part &= Q(price__lt=high)
                    condition |= part
            products = products.filter(condition)
        if "in_stock" in selected and "in_stock" not in skip:
            if "1" in selected["in_stock"]:
                products = products.filter(stocked=True)
        return products

    def vendor_ids(self, query, facts, skip=()):
        """Artisans allowed by the artisan facets and distance, or None for all."""
        kept = self.kept_vendors(query, facts, skip)
        return None if kept is None else sorted(kept)

    def kept_vendors(self, query, facts, skip=()):
        selected = query.selected
        narrowing = [
            name for name in VENDOR_FACETS if name in selected and name not in skip
        ]
        limit = query.max_km if query.near is not None else None
        if not narrowing and limit is None:
            return None
        return {
            pk
            for pk, f in facts.items()
            if all(vendor_value_matches(f, name, selected[name]) for name in narrowing)
            and (limit is None or within(f, query.near, limit))
        }

    # Answers
    # -------

    def search(self, query, offset, limit):
        facts = artisan_facts()
        products = self.matching(query, facts)
        products = self.ordered(products, query, facts)
        ids = list(products.values_list("id", flat=True)[offset : offset + limit])
        page = SearchPage(product_ids=ids, total=self.count(query, facts=facts))
        if query.near is not None and ids:
            vendors = dict(
                self.products().filter(pk__in=ids).values_list("id", "vendor_id")
            )
            for pk in ids:
                distance = facts[vendors[pk]].distance_to(query.near)
                if distance is not None:
                    page.distances[pk] = distance
        if query.with_facets:
            page.facets = self.facets(query, facts)
        return page

    def count(self, query, facts=None):
        facts = artisan_facts() if facts is None else facts
        return self.matching(query, facts).count()

    def ordered(self, products, query, facts):
        sort = query.sort or "relevance"
        if sort == "distance" and query.near is not None:
            whens = [
                When(vendor_id=pk, then=Value(f.distance_to(query.near)))
                for pk, f in facts.items()
                if f.located
            ]
            if whens:
                products = products.annotate(
                    distance=Case(
                        *whens, default=Value(None), output_field=FloatField()
                    )
                )
                return products.order_by(F("distance").asc(nulls_last=True), "-id")
            sort = "newest"
        if sort == "relevance":
            if not query_words(query.text):
                return products.order_by("-date_created", "-id")
            return products.annotate(score=self.score(query)).order_by("-score", "-id")
        return products.order_by(*ORDERINGS.get(sort, ORDERINGS["newest"]))

    def score(self, query):
        if is_postgresql():
            return Rank(" ".join(query_words(query.text)))
        hits = [
            When(folded_title__contains=stem(word), then=Value(2))
            for word in query_words(query.text)
        ]
        return sum(
            (Case(hit, default=Value(0), output_field=IntegerField()) for hit in hits),
            Value(0),
        )

    # Facets
    # ------

    def facets(self, query, facts):
        """``{facet: {value: count}}``: each facet counted without its own filter.

        Two queries whatever the catalogue's size: products grouped by
        artisan, price range and stock; and products grouped by category.
        """
        selected = query.selected
        skip_all = ("metier", "commune", "label", "fulfilment", "price", "in_stock")
        groups = (
            self.matching(query, facts, skip=skip_all)
            .annotate(bucket=price_bucket())
            .values("vendor_id", "bucket", "stocked")
            .annotate(n=Count("id"))
            .order_by()
        )
        rows = [(g["vendor_id"], g["bucket"], g["stocked"], g["n"]) for g in groups]
        result = {name: Counter() for name in skip_all}

        def allowed(row, except_facet):
            vendor_id, bucket, stocked, _n = row
            f = facts.get(vendor_id)
            if f is None:
                return False
            for name in VENDOR_FACETS:
                if name != except_facet and name in selected:
                    if not vendor_value_matches(f, name, selected[name]):
                        return False
            if query.near is not None and query.max_km is not None:
                if not within(f, query.near, query.max_km):
                    return False
            if except_facet != "price" and "price" in selected:
                if bucket not in selected["price"]:
                    return False
            if except_facet != "in_stock" and "in_stock" in selected:
                if "1" in selected["in_stock"] and not stocked:
                    return False
            return True

        for row in rows:
            vendor_id, bucket, stocked, n = row
            f = facts[vendor_id]
            if allowed(row, "metier") and f.metier:
                result["metier"][f.metier] += n
            if allowed(row, "commune") and f.commune:
                result["commune"][f.commune] += n
            if allowed(row, "label"):
                for label in set(f.labels):
                    result["label"][label] += n
            if allowed(row, "fulfilment"):
                for method in f.fulfilment:
                    result["fulfilment"][method] += n
            if allowed(row, "price") and bucket:
                result["price"][bucket] += n
            if allowed(row, "in_stock") and stocked:
                result["in_stock"]["1"] += n
        by_category = (
            ProductCategory.objects.filter(
                product__in=self.matching(query, facts, skip=("category",)).values("pk")
            )
            .values("category_id")
            .annotate(n=Count("product_id", distinct=True))
            .order_by()
        )
        result["category"] = Counter(
            {str(row["category_id"]): row["n"] for row in by_category}
        )
        return {name: dict(counts) for name, counts in result.items()}

    # Autocomplete and artisans
    # -------------------------

    def autocomplete(self, text, limit=5):
        ensure_sqlite_functions()
        words = query_words(text)
        if not words or len(fold(" ".join(words))) < 2:
            return []
        prefix = fold(" ".join(words))
        facts = artisan_facts()
        suggestions = []
        products = (
            self.products()
            .filter(vendor_id__in=list(facts))
            .annotate(folded_title=Unaccent(F("title")))
            .filter(
                Q(folded_title__startswith=prefix)
                | Q(folded_title__contains=" " + prefix)
            )
            .order_by("title", "-id")[:limit]
        )
        for product in products:
            suggestions.append(
                Suggestion(
                    "product",
                    product.title,
                    product.get_absolute_url(),
                    facts[product.vendor_id].name,
                )
            )
        artisans = [
            f
            for f in sorted(facts.values(), key=lambda f: fold(f.name))
            if any(
                part.startswith(prefix)
                for value in (f.name, f.metier, f.commune)
                for part in [fold(value), *fold(value).split()]
            )
        ][:limit]
        for f in artisans:
            suggestions.append(
                Suggestion(
                    "artisan",
                    f.name,
                    reverse("vendors:storefront", kwargs={"slug": f.slug}),
                    f"{f.metier} · {f.commune}",
                )
            )
        categories = [
            c
            for c in Category.objects.filter(is_public=True).order_by("path")
            if any(part.startswith(prefix) for part in fold(c.name).split())
            or fold(c.name).startswith(prefix)
        ][:limit]
        for category in categories:
            suggestions.append(
                Suggestion("category", category.name, category.get_absolute_url())
            )
        return suggestions

    def search_artisans(self, text="", near=None, limit=50):
        facts = artisan_facts(Vendor.objects.approved())
        words = [stem(w) for w in query_words(text)]
        found = [f for f in facts.values() if all(w in f.words for w in words)]
        if near is not None:
            found.sort(
                key=lambda f: (not f.located, f.distance_to(near) or 0.0, fold(f.name))
            )
        else:
            found.sort(key=lambda f: fold(f.name))
        return [f.id for f in found[:limit]]

    def ping(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")


def vendor_value_matches(facts, facet, values):
    """Whether an artisan has one of the selected ``values`` of ``facet``."""
    if facet == "metier":
        return facts.metier in values
    if facet == "commune":
        return facts.commune in values
    if facet == "label":
        return any(label in values for label in facts.labels)
    if facet == "fulfilment":
        return any(method in values for method in facts.fulfilment)
    return True


def within(facts, point, max_km):
    distance = facts.distance_to(point)
    return distance is not None and distance <= max_km


__all__ = ["DatabaseSearchBackend", "query_words"]
