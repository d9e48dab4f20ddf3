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
applied to products as a list of their partners' ids, read on the stock
records.

A search costs a fixed number of queries, whatever the catalogue's size: the
artisans' facts, the category names when there are words, and one statement
for the page, its total and the facets (``page_and_counts``): the stock
records found are read once, without their products, counted and grouped;
only the page joins them to their products, for its sort key. A search that
can find nothing (no artisan selling, an empty list of ids) answers an empty
page and empty facets without a statement. ``deploy/bench/search_bench.py``
measures it at 50,000 products.
"""

import dataclasses
import json
from collections import Counter

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
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
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from oscar.core.loading import get_model

from vendors.models import Vendor

from ..facts import artisan_facts, fold, stem, words_of
from .base import FACETS, PRICE_RANGES, SearchBackend, SearchPage, Suggestion
from .base import query_words as base_query_words

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

TRIGRAM_THRESHOLD = 0.6
PG_CONFIG = "fr_unaccent"

# sort -> (column, descending, nulls last); ties go to the newest id.
SORT_KEYS = {
    "newest": ("date_created", True, False),
    "price-asc": ("price", False, True),
    "price-desc": ("price", True, True),
    "title-asc": ("title", False, False),
    "title-desc": ("title", True, False),
    "rating": ("rating", True, True),
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


class DistanceOfSeller(Func):
    """PostgreSQL: the distance of the product's seller, looked up in a JSON
    object ``{partner id: km}`` (one lookup per row, where a ``CASE`` over
    every artisan made sorting 50,000 products by distance slow)."""

    output_field = FloatField()
    arity = 1

    def __init__(self, distances):
        super().__init__(F("seller_id"))
        self.distances = json.dumps({str(k): v for k, v in distances.items()})

    def as_sql(self, compiler, connection, **extra):
        seller, params = compiler.compile(self.source_expressions[0])
        return (
            f"((%s::jsonb ->> ({seller})::text)::double precision)",
            (self.distances, *params),
        )


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
                stocked=stocked(),
            )
        )

    def offered_by(self, facts):
        """Listed products offered by the artisans of ``facts`` (the selling
        ones), with ``seller_id`` (the stock record's partner), ``price`` and
        ``stocked`` as columns.

        Searches narrow on the stock record's partner, so that a query joins
        products to their stock records only, rather than to partners and
        artisans as well: at 50,000 products those joins cost more than the
        search itself.
        """
        return (
            Product._default_manager.browsable()
            .filter(stockrecords__partner_id__in=sorted(partner_ids(facts.values())))
            .annotate(
                seller_id=F("stockrecords__partner_id"),
                price=F("stockrecords__price"),
                stocked=stocked(),
            )
        )

    def word_condition(
        self, word, facts, categories, *, product="pk", seller="seller_id"
    ):
        """Where one word may match: the text, a category, the artisan.

        ``product`` and ``seller`` name the product's and the partner's
        columns of the queryset filtered (products, or their stock records).
        """
        stemmed = stem(word)
        category_ids = [pk for pk, words in categories.items() if stemmed in words]
        sellers = sorted(partner_ids(f for f in facts.values() if stemmed in f.words))
        if not is_postgresql():
            condition = Q(folded_title__contains=stemmed) | Q(
                folded_description__contains=stemmed
            )
            if category_ids:
                condition |= in_categories(category_ids, product=product)
            if sellers:
                condition |= Q(**{f"{seller}__in": sellers})
            return condition
        # On PostgreSQL the ways of matching are one subquery of product ids,
        # a union: each part is answered by an index (GIN on the French
        # document, trigram GIN on the title, categories and stock records
        # by their keys), and the products it gives are joined rather than
        # every product tested against each part.
        in_text = Q(Matches(ProductDocument(), word))
        if len(stemmed) >= 4:
            in_text |= Q(SimilarTitle(fold(word)))
        # Without their models' orderings, which a union would keep.
        found = Product.objects.filter(in_text).values("pk").order_by()
        if category_ids:
            found = found.union(
                ProductCategory.objects.filter(category_id__in=category_ids)
                .values("product_id")
                .order_by()
            )
        if sellers:
            found = found.union(
                StockRecord._default_manager.filter(partner_id__in=sellers)
                .values("product_id")
                .order_by()
            )
        return Q(**{f"{product}__in": found})

    def offers(self, query, facts, categories):
        """The stock records of the listed products that ``query``'s words
        and category page find, offered by the artisans of ``facts``, with
        ``bucket`` (price range) and ``stocked``: the rows that the total and
        the facets count, the facet filters left to the caller.

        Read from the stock records alone, without joining the products: a
        product is listed unless it is one of the few that Oscar's
        ``browsable()`` leaves out (private ones, variants), a small set
        looked up by index. Joining 50,000 products to their stock records
        took most of a search's time on PostgreSQL.
        """
        # The selling artisans (those of ``facts``) as a subquery, rather
        # than hundreds of ids as parameters.
        offers = StockRecord._default_manager.filter(
            partner_id__in=Vendor.objects.selling().values("partner_id")
        ).exclude(product_id__in=unlisted_products())
        words = query_words(query.text)
        if words and not is_postgresql():
            offers = offers.annotate(
                folded_title=Unaccent(F("product__title")),
                folded_description=Unaccent(F("product__description")),
            )
        for word in words:
            offers = offers.filter(
                self.word_condition(
                    word, facts, categories, product="product_id", seller="partner_id"
                )
            )
        if query.category_ids:
            offers = offers.filter(
                in_categories(query.category_ids, product="product_id")
            )
        return offers.annotate(bucket=price_bucket(), stocked=stocked(prefix=""))

    def sort_key_sql(self, query, facts):
        """``(sql, params)`` of the sort key of ``query`` on a product row
        joined to ``found`` (whose ``seller_id`` and ``price`` it reads)."""
        key, _descending, _nulls_last = self.sort_key(query, facts)
        products = Product._default_manager.annotate(
            seller_id=RawSQL("found.seller_id", (), output_field=IntegerField()),
            price=RawSQL("found.price", (), output_field=DecimalField()),
        )
        if query_words(query.text) and not is_postgresql():
            products = products.annotate(folded_title=Unaccent(F("title")))
        products = products.annotate(sort_key=key)
        compiler = products.query.get_compiler(connection=connection)
        return compiler.compile(products.query.annotations["sort_key"])

    def matching(self, query, facts, *, skip=(), categories=None):
        """Products for ``query``, every facet filter applied except ``skip``.

        ``categories`` (``{id: words}``) saves reading the category names
        again when one search asks for several querysets.
        """
        ensure_sqlite_functions()
        products = self.offered_by(facts)
        words = query_words(query.text)
        if words:
            if not is_postgresql():
                products = products.annotate(
                    folded_title=Unaccent(F("title")),
                    folded_description=Unaccent(F("description")),
                )
            if categories is None:
                categories = category_words()
            for word in words:
                products = products.filter(self.word_condition(word, facts, categories))
        if query.category_ids:
            products = products.filter(in_categories(query.category_ids))
        selected = query.selected
        if "category" in selected and "category" not in skip:
            ids = [int(v) for v in selected["category"] if v.isdigit() and len(v) < 10]
            products = products.filter(in_categories(ids))
        vendor_ids = self.vendor_ids(query, facts, skip=skip)
        if vendor_ids is not None:
            sellers = partner_ids(facts[pk] for pk in vendor_ids)
            products = products.filter(seller_id__in=sorted(sellers))
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
        """One page of results, its total, distances and facets.

        Whatever the catalogue's size: the artisans' facts (four small
        queries), the category names when there are words, then one
        statement (``page_and_counts``).
        """
        facts = artisan_facts()
        if not partner_ids(facts.values()):
            # Nobody is selling: nothing to find, and ``offered_by`` would
            # narrow on no partner at all, a query that compiles to nothing.
            return SearchPage(
                product_ids=[],
                total=0,
                facets=empty_facets() if query.with_facets else {},
            )
        categories = category_words() if query_words(query.text) else {}
        facets, total, rows = self.page_and_counts(
            query, facts, categories, offset, limit
        )
        page = SearchPage(product_ids=[pk for pk, _seller in rows], total=total)
        if query.near is not None:
            by_partner = sellers_of(facts)
            for pk, seller in rows:
                distance = by_partner[seller].distance_to(query.near)
                if distance is not None:
                    page.distances[pk] = distance
        if facets is not None:
            page.facets = facets
        return page

    def count(self, query, facts=None):
        facts = artisan_facts() if facts is None else facts
        return self.matching(query, facts).count()

    def sort_key(self, query, facts):
        """``(expression, descending, nulls last)`` of the order ``query`` asks
        for; ties are broken by descending id."""
        sort = query.sort or "relevance"
        if sort == "distance" and query.near is not None:
            distances = {
                f.partner_id: f.distance_to(query.near)
                for f in facts.values()
                if f.located
            }
            if distances:
                return self.distance_of_seller(distances), False, True
            sort = "newest"
        if sort == "relevance":
            if query_words(query.text):
                return self.score(query), True, False
            sort = "newest"
        column, descending, nulls_last = SORT_KEYS.get(sort, SORT_KEYS["newest"])
        return F(column), descending, nulls_last

    def distance_of_seller(self, distances):
        """The distance of each product's seller, from ``{partner id: km}``."""
        if is_postgresql():
            return DistanceOfSeller(distances)
        whens = [When(seller_id=pk, then=Value(km)) for pk, km in distances.items()]
        return Case(*whens, default=Value(None), output_field=FloatField())

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
        """``{facet: {value: count}}``: each facet counted without its own filter."""
        if not partner_ids(facts.values()):
            return empty_facets()
        query = dataclasses.replace(query, with_facets=True)
        return self.page_and_counts(query, facts, category_words(), 0, 0)[0]

    def page_and_counts(self, query, facts, categories, offset, limit):
        """``(facets or None, total, page rows)`` in one statement, whatever
        the catalogue's size; a page row is ``(product id, partner id)``.

        The statement reads, side by side:

        - the page: the products of ``found`` that every filter keeps, in
          order, sliced;
        - the stock records the words and category page find (``found``,
          ``offers``, no product joined), with their partner, price range
          and stock: counted once with every filter for the total, or, with
          facets, grouped by partner, price range and stock (each facet's
          counts and the total are summed here from those groups, every
          filter applied but the facet's own), and counted per category
          with every filter but the category's.

        Products are counted once per stock record, as they are listed (one
        artisan sells a product through one stock record).
        """
        ensure_sqlite_functions()
        selected = query.selected
        by_partner = sellers_of(facts)
        ops = connection.ops
        _key, descending, nulls_last = self.sort_key(query, facts)
        direction = "DESC" if descending else "ASC"
        nulls = " NULLS LAST" if nulls_last else ""
        parts, params = [], []

        # The facet filters, as conditions on ``found``'s columns.
        filters = {}
        if "category" in selected:
            filters["category"] = ("found.in_category", [])
        vendor_ids = self.vendor_ids(query, facts)
        if vendor_ids is not None:
            sellers = sorted(partner_ids(facts[pk] for pk in vendor_ids))
            filters["seller"] = (in_list("found.seller_id", sellers), sellers)
        if "price" in selected:
            buckets = sorted(key for key in selected["price"] if key in PRICE_RANGES)
            filters["price"] = (in_list("found.bucket", buckets), buckets)
        if "in_stock" in selected and "1" in selected["in_stock"]:
            filters["in_stock"] = ("found.stocked", [])

        def where(*skip):
            kept = [filters[name] for name in filters if name not in skip]
            if not kept:
                return "", []
            sql = " AND ".join(condition for condition, _params in kept)
            return f"WHERE {sql}", [p for _condition, values in kept for p in values]

        offers = self.offers(query, facts, categories)
        columns = ["product_id", "partner_id", "price", "bucket", "stocked"]
        if "category" in selected:
            ids = [int(v) for v in selected["category"] if v.isdigit() and len(v) < 10]
            offers = offers.annotate(
                in_category=in_categories(ids, product="product_id")
            )
            columns.append("in_category")
        try:
            found_sql, found_params = (
                offers.values_list(*columns).order_by().query.sql_with_params()
            )
        except EmptyResultSet:
            # A condition that can match nothing (an empty list of ids): no
            # statement to run, and nothing found.
            return (empty_facets() if query.with_facets else None), 0, []
        names = ["id", "seller_id", "price", "bucket", "stocked", "in_category"]
        found_columns = ", ".join(names[: len(columns)])
        every_filter, every_params = where()
        if query.with_facets:
            # Part 1: groups by partner, price range and stock; 2: counts by
            # category, every filter but the category's.
            in_category, in_category_params = where(*filters.keys() - {"category"})
            but_category, but_category_params = where("category")
            product_category = ops.quote_name(ProductCategory._meta.db_table)
            parts.append(
                "SELECT 1, NULL, seller_id, bucket, stocked, COUNT(*), NULL "
                f"FROM found {in_category} GROUP BY seller_id, bucket, stocked"
            )
            params += in_category_params
            parts.append(
                "SELECT 2, pc.category_id, NULL, NULL, NULL, COUNT(*), NULL "
                f"FROM found JOIN {product_category} pc ON pc.product_id = found.id "
                f"{but_category} GROUP BY pc.category_id"
            )
            params += but_category_params
        else:
            # Part 1: the total, every filter applied.
            parts.append(
                f"SELECT 1, NULL, NULL, NULL, NULL, COUNT(*), NULL "
                f"FROM found {every_filter}"
            )
            params += every_params
        # Part 0: the page, the products of ``found`` that every filter
        # keeps, in order: joined to their products for the sort key only,
        # so that PostgreSQL can walk an index in the order asked and stop
        # after the page when nothing else is costly ("newest"), and reads
        # words once when there are.
        if limit:
            sort_sql, sort_params = self.sort_key_sql(query, facts)
            product = ops.quote_name(Product._meta.db_table)
            parts.insert(
                0,
                "SELECT 0, page.id, page.seller_id, NULL, NULL, NULL, page.sort_key "
                f"FROM (SELECT found.id, found.seller_id, {sort_sql} AS sort_key "
                "FROM found "
                f"JOIN {product} ON {product}.id = found.id {every_filter} "
                f"ORDER BY sort_key {direction}{nulls}, found.id DESC "
                "LIMIT %s OFFSET %s) AS page",
            )
            params = [*sort_params, *every_params, limit, offset, *params]
        union = "\nUNION ALL\n".join(parts)
        # Found once when words are searched (an index lookup, then a join);
        # otherwise each part reads the stock records as suits it best.
        materialized = ""
        if is_postgresql():
            materialized = (
                "MATERIALIZED " if query_words(query.text) else "NOT MATERIALIZED "
            )
        # A union keeps no order: the page is sorted again by its sort key.
        statement = (
            f"WITH found ({found_columns}) AS {materialized}({found_sql})\n{union}\n"
            f"ORDER BY 1, 7 {direction}{nulls}, 2 DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, (*found_params, *params))
            grouped = cursor.fetchall()

        page_rows, rows, by_category = [], [], Counter()
        total = 0
        for part, pk, seller, bucket, stocked, n, _sort_key in grouped:
            if part == 0:
                page_rows.append((pk, seller))
            elif not query.with_facets:
                total = n
            elif part == 1:
                rows.append((by_partner.get(seller), bucket, stocked, n))
            else:
                by_category[str(pk)] = n
        if not query.with_facets:
            return None, total, page_rows

        result = {name: Counter() for name in FACETS}
        result["category"] = by_category

        def allowed(row, except_facet=None):
            f, bucket, stocked, _n = row
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
            f, bucket, stocked, n = row
            if allowed(row):
                total += n
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
        facets = {name: dict(counts) for name, counts in result.items()}
        return facets, total, page_rows

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


def stocked(prefix="stockrecords__"):
    """Whether the stock record (joined through ``prefix``) has stock that is
    not allocated (or does not count it)."""
    return ExpressionWrapper(
        Q(**{f"{prefix}num_in_stock__isnull": True})
        | Q(**{f"{prefix}num_in_stock__gt": Coalesce(F(f"{prefix}num_allocated"), 0)}),
        output_field=BooleanField(),
    )


def unlisted_products():
    """Ids of the products that Oscar's ``browsable()`` leaves out (variants
    and private products): its complement, ``NOT (parent IS NULL AND
    is_public)``, which the indexes on both columns answer."""
    return (
        Product._default_manager.exclude(parent=None, is_public=True)
        .values("pk")
        .order_by()
    )


def in_categories(category_ids, product="pk"):
    """Products (their column ``product``) in one of ``category_ids``."""
    return Q(
        Exists(
            ProductCategory.objects.filter(
                product=OuterRef(product), category_id__in=category_ids
            )
        )
    )


def category_words():
    """``{category id: its stemmed words}``, for matching words to categories."""
    names = Category.objects.values_list("pk", "name")
    return {pk: words_of(name) for pk, name in names}


def in_list(column, values):
    """``column IN (%s, ...)`` for ``values`` (never true when there are none)."""
    if not values:
        return "1 = 0"
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def partner_ids(artisans):
    """The partner ids (the stock records' side) of ``ArtisanFacts``."""
    return {f.partner_id for f in artisans if f.partner_id is not None}


def empty_facets():
    """Facets of a search that found nothing: every facet, without values."""
    return {name: {} for name in FACETS}


def sellers_of(facts):
    """``{partner id: ArtisanFacts}``, to read a stock record's artisan."""
    return {f.partner_id: f for f in facts.values()}


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
