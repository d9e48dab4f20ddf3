"""Search answered by Elasticsearch 8 (production), to the contract of ``base``.

Two indices per deployment, each reached through an alias named from
``ELASTICSEARCH_INDEX_PREFIX``: ``<prefix>-products`` (what the catalogue and
the search box query) and ``<prefix>-artisans`` (the directory). An alias
points at a concrete index named ``<alias>-<timestamp>``; a rebuild loads a
new concrete index while searches keep reading the old one, then switches the
alias in one atomic ``_aliases`` call. While a rebuild runs its index carries
the ``<alias>-building`` alias, and live updates are written there too.

French analysis is declared in the index settings with a few basic building
blocks only (standard tokenizer; lowercase, asciifolding, elision, stemmer,
stop, edge_ngram filters), which the test node provides as well.
"""

import logging
import re
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from oscar.core.loading import get_model

from search import documents
from search.facts import distance_km, fold

from .base import (
    FACETS,
    PRICE_RANGES,
    SearchBackend,
    SearchPage,
    SearchUnavailable,
    Suggestion,
    query_words,
)

logger = logging.getLogger(__name__)

Category = get_model("catalogue", "Category")

PRODUCTS = "products"
ARTISANS = "artisans"
BATCH_SIZE = 500
# Bulk requests of a rebuild sent while the next batch is built.
BULKS_IN_FLIGHT = 2
# Elasticsearch's default ``index.max_result_window``: deeper pages are empty.
MAX_RESULT_WINDOW = 10_000
# Facet values shown at most (categories, crafts and towns can be many).
FACET_SIZE = 200
CONCRETE_SUFFIX = re.compile(r"-\d{20}$")

FRENCH_ARTICLES = ["l", "d", "c", "j", "m", "n", "s", "t", "qu", "jusqu", "lorsqu"]
FRENCH_ARTICLES.append("puisqu")

ANALYSIS = {
    "filter": {
        "french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": FRENCH_ARTICLES,
        },
        "french_stop": {"type": "stop", "stopwords": "_french_"},
        "french_stemmer": {"type": "stemmer", "language": "light_french"},
        "prefixes": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15},
    },
    "analyzer": {
        # "Les Poteries d'Aubagne" -> poteri, aubagn: articles, stop words,
        # case, accents and plurals do not matter.
        "french_text": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "french_elision",
                "lowercase",
                "french_stop",
                "asciifolding",
                "french_stemmer",
            ],
        },
        # "Poterie" -> po, pot, pote, ...: what the search box has typed so far.
        "autocomplete_index": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["french_elision", "lowercase", "asciifolding", "prefixes"],
        },
        "autocomplete_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["french_elision", "lowercase", "asciifolding"],
        },
    },
}

FRENCH_TEXT = {"type": "text", "analyzer": "french_text"}
AUTOCOMPLETE = {
    "type": "text",
    "analyzer": "autocomplete_index",
    "search_analyzer": "autocomplete_search",
}
# A value that is both a facet (exact keyword) and searchable words.
KEYWORD_AND_WORDS = {"type": "keyword", "fields": {"words": FRENCH_TEXT}}

PRODUCT_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "long"},
        "title": {**FRENCH_TEXT, "fields": {"autocomplete": AUTOCOMPLETE}},
        "title_sort": {"type": "keyword"},
        "description": FRENCH_TEXT,
        "category_ids": {"type": "keyword"},
        "category_names": {**FRENCH_TEXT, "fields": {"autocomplete": AUTOCOMPLETE}},
        "artisan_id": {"type": "long"},
        "artisan_name": FRENCH_TEXT,
        "artisan_slug": {"type": "keyword"},
        "metier": KEYWORD_AND_WORDS,
        "commune": KEYWORD_AND_WORDS,
        "labels": {"type": "keyword"},
        "label_names": FRENCH_TEXT,
        "location": {"type": "geo_point"},
        "price": {"type": "double"},
        "price_range": {"type": "keyword"},
        "in_stock": {"type": "boolean"},
        "fulfilment": {"type": "keyword"},
        "rating": {"type": "float"},
        "date_created": {"type": "date"},
        "url": {"type": "keyword", "index": False},
    },
}

ARTISAN_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "long"},
        "name": {**FRENCH_TEXT, "fields": {"autocomplete": AUTOCOMPLETE}},
        "name_sort": {"type": "keyword"},
        "slug": {"type": "keyword"},
        "metier": KEYWORD_AND_WORDS,
        "commune": KEYWORD_AND_WORDS,
        "labels": {"type": "keyword"},
        "label_names": FRENCH_TEXT,
        "location": {"type": "geo_point"},
        "url": {"type": "keyword", "index": False},
    },
}

MAPPINGS = {PRODUCTS: PRODUCT_MAPPING, ARTISANS: ARTISAN_MAPPING}

# Where the words of a query are looked for, title first.
PRODUCT_TEXT_FIELDS = [
    "title^3",
    "description",
    "category_names^2",
    "artisan_name^2",
    "metier.words",
    "commune.words",
    "label_names",
]
ARTISAN_TEXT_FIELDS = ["name^3", "metier.words^2", "commune.words", "label_names"]

# Facet name -> document field holding its values.
FACET_FIELDS = {
    "category": "category_ids",
    "metier": "metier",
    "commune": "commune",
    "label": "labels",
    "fulfilment": "fulfilment",
    "price": "price_range",
    "in_stock": "in_stock",
}

NEWEST = [{"date_created": "desc"}]
SORTS = {
    "newest": NEWEST,
    "price-asc": [{"price": {"order": "asc", "missing": "_last"}}],
    "price-desc": [{"price": {"order": "desc", "missing": "_last"}}],
    "title-asc": [{"title_sort": "asc"}],
    "title-desc": [{"title_sort": "desc"}],
    "rating": [{"rating": {"order": "desc", "missing": "_last"}}],
}
TIE_BREAK = {"id": "desc"}

_clients = {}
_clients_lock = threading.Lock()


def get_client():
    """The client for ``settings.ELASTICSEARCH_URL``, made on first use and
    shared by the threads of the process (it keeps a connection pool)."""
    url = settings.ELASTICSEARCH_URL
    if not url:
        raise SearchUnavailable("ELASTICSEARCH_URL is not set")
    with _clients_lock:
        if url not in _clients:
            _clients[url] = Elasticsearch(
                url,
                request_timeout=settings.ELASTICSEARCH_TIMEOUT,
                max_retries=1,
                retry_on_timeout=False,
            )
        return _clients[url]


def words_query(text, fields, fuzzy=False):
    """Every word must match somewhere (one field or another).

    One ``multi_match`` per word rather than one for the whole text: with
    ``operator: and`` a single ``multi_match`` would want every word in the
    same field, and "savon aubagne" spans the title and the artisan's town.
    A word that analysis drops (a stop word such as "de") matches anything.
    ``fuzzy`` tolerates typos; backends ask for it only when the words as
    typed find nothing, or "savon" would also find every artisan of
    Salon-de-Provence (one letter apart).
    """
    words = query_words(text)
    if not words:
        return None
    # One typo from 4 letters on, two from 8: with ``AUTO`` (two from 6)
    # "santon" would also find Salon-de-Provence.
    typos = {"fuzziness": "AUTO:4,8", "prefix_length": 1} if fuzzy else {}
    return {
        "bool": {
            "must": [
                {
                    "multi_match": {
                        "query": word,
                        "fields": fields,
                        "type": "best_fields",
                        "operator": "and",
                        "zero_terms_query": "all",
                        **typos,
                    }
                }
                for word in words
            ]
        }
    }


def facet_filter(facet, values):
    """The filter keeping products with any of ``values`` in ``facet``."""
    field_name = FACET_FIELDS[facet]
    if facet == "in_stock":
        wanted = {value == "1" for value in values if value in ("0", "1")}
        if not wanted:
            return {"bool": {"must_not": {"match_all": {}}}}
        return {"terms": {field_name: sorted(wanted)}}
    if facet == "price":
        values = [value for value in values if value in PRICE_RANGES]
    return {"terms": {field_name: list(values)}}


def scan_all(**kwargs):
    """Every hit of a scroll, read to the end (so errors surface in ``call``)."""
    return list(helpers.scan(**kwargs))


def is_concrete_index(name, alias):
    """True for ``<alias>-<timestamp>``: an index a rebuild made for ``alias``."""
    return name.startswith(alias) and bool(
        CONCRETE_SUFFIX.fullmatch(name[len(alias) :])
    )


def geo_distance_sort(near):
    """Nearest first; documents without a location sort as infinitely far."""
    return {
        "_geo_distance": {
            "location": {"lat": near.lat, "lon": near.lon},
            "order": "asc",
            "unit": "km",
            "distance_type": "arc",
            "ignore_unmapped": True,
        }
    }


@dataclass
class IndexReport:
    """What ``check`` found: ids missing from the index, ids the index has but
    should not, and ids whose indexed fields differ from the tables."""

    missing: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    stale: dict = field(default_factory=dict)

    @property
    def clean(self):
        return not any(
            ids
            for kinds in (self.missing, self.extra, self.stale)
            for ids in kinds.values()
        )


# Fields compared by ``check``, per index.
CHECKED_FIELDS = {
    PRODUCTS: ("title", "price", "in_stock", "artisan_id"),
    ARTISANS: ("name", "metier", "commune"),
}


class ElasticsearchSearchBackend(SearchBackend):
    """Products and artisans searched in Elasticsearch, kept true by
    ``search.indexing`` (signals, then one task per transaction)."""

    name = "elasticsearch"
    # ``search.indexing`` queues updates only for backends that keep an index.
    keeps_index = True

    # Names and client: read from settings at each call, so that tests can
    # switch the prefix.

    @property
    def client(self):
        return get_client()

    def alias(self, kind):
        return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{kind}"

    def building_alias(self, kind):
        return f"{self.alias(kind)}-building"

    def new_index_name(self, kind):
        return f"{self.alias(kind)}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def concrete_indices(self, kind):
        """Names of this deployment's concrete indices of ``kind``, oldest first."""
        alias = self.alias(kind)
        found = self.call(
            self.client.indices.get,
            index=f"{alias}-*",
            expand_wildcards="open,closed",
            allow_no_indices=True,
        )
        return sorted(name for name in found if is_concrete_index(name, alias))

    def index_body(self, kind, building=False):
        """Settings and mapping of a new concrete index of ``kind``."""
        index_settings = {
            "number_of_shards": 1,
            "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
            "analysis": ANALYSIS,
        }
        if building:
            # Refreshing, replicating and syncing the translog after each
            # request are wasted work while bulk-loading (a failed load is
            # dropped): ``finish_loading`` restores them, then refreshes once.
            index_settings["refresh_interval"] = "-1"
            index_settings["number_of_replicas"] = 0
            index_settings["translog"] = {"durability": "async"}
        return {"settings": index_settings, "mappings": MAPPINGS[kind]}

    # Searching.

    def search(self, query, offset, limit):
        page = self.search_once(query, offset, limit, fuzzy=False)
        if not page.total and query_words(query.text):
            # Nothing as typed: forgive typos (see ``words_query``).
            page = self.search_once(query, offset, limit, fuzzy=True)
        return page

    def count(self, query):
        total = self.count_once(query, fuzzy=False)
        if not total and query_words(query.text):
            total = self.count_once(query, fuzzy=True)
        return total

    def search_once(self, query, offset, limit, fuzzy):
        offset = max(0, offset)
        size = max(0, min(limit, MAX_RESULT_WINDOW - offset))
        words = words_query(query.text, PRODUCT_TEXT_FIELDS, fuzzy=fuzzy)
        body = {
            "query": self.product_query(
                query, words, facets_in_query=not query.with_facets
            ),
            "sort": self.product_sort(query, words),
            "from": min(offset, MAX_RESULT_WINDOW),
            "size": size,
            "track_total_hits": True,
            "_source": ["location"] if query.near else False,
        }
        if query.with_facets:
            selected = self.selected_filters(query)
            if selected:
                body["post_filter"] = {"bool": {"filter": list(selected.values())}}
            body["aggs"] = self.facet_aggregations(selected)
        response = self.call(self.client.search, index=self.alias(PRODUCTS), **body)
        hits = response["hits"]["hits"]
        page = SearchPage(
            product_ids=[int(hit["_id"]) for hit in hits],
            total=response["hits"]["total"]["value"],
        )
        if query.near:
            page.distances = {
                int(hit["_id"]): distance_km(
                    query.near.lat, query.near.lon, location["lat"], location["lon"]
                )
                for hit in hits
                if (location := hit["_source"].get("location"))
            }
        if query.with_facets:
            page.facets = self.facet_counts(response["aggregations"])
        return page

    def count_once(self, query, fuzzy):
        words = words_query(query.text, PRODUCT_TEXT_FIELDS, fuzzy=fuzzy)
        response = self.call(
            self.client.count,
            index=self.alias(PRODUCTS),
            query=self.product_query(query, words, facets_in_query=True),
        )
        return response["count"]

    def product_query(self, query, words, facets_in_query):
        """The words and the filters every count shares (category page,
        distance), plus the facets' when no facet is counted."""
        filters = []
        if query.category_ids:
            filters.append(
                {"terms": {"category_ids": [str(pk) for pk in query.category_ids]}}
            )
        if query.near and query.max_km is not None:
            filters.append(
                {
                    "geo_distance": {
                        "distance": f"{max(0.0, float(query.max_km))}km",
                        "location": {"lat": query.near.lat, "lon": query.near.lon},
                    }
                }
            )
        if facets_in_query:
            filters += self.selected_filters(query).values()
        return {"bool": {"must": [words or {"match_all": {}}], "filter": filters}}

    def selected_filters(self, query):
        """``{facet: filter}`` for the facets the consumer narrowed."""
        return {
            facet: facet_filter(facet, values)
            for facet, values in query.selected.items()
            if facet in FACET_FIELDS
        }

    def product_sort(self, query, words):
        if query.sort == "distance" and query.near:
            order = [geo_distance_sort(query.near)]
        elif query.sort in SORTS:
            order = list(SORTS[query.sort])
        elif words:
            order = ["_score"]
        else:
            order = list(NEWEST)
        return [*order, TIE_BREAK]

    def facet_aggregations(self, selected):
        """One ``filter`` aggregation per facet, carrying every other facet's
        selection: a facet's counts say what choosing a value would give."""
        aggregations = {}
        for facet, field_name in FACET_FIELDS.items():
            others = [flt for name, flt in selected.items() if name != facet]
            aggregations[facet] = {
                "filter": {"bool": {"filter": others}},
                "aggs": {
                    "values": {"terms": {"field": field_name, "size": FACET_SIZE}}
                },
            }
        return aggregations

    def facet_counts(self, aggregations):
        counts = {}
        for facet in FACETS:
            buckets = aggregations[facet]["values"]["buckets"]
            if facet == "in_stock":
                # Only "1" is a value: out-of-stock products are not offered
                # as a choice.
                in_stock = [bucket["doc_count"] for bucket in buckets if bucket["key"]]
                counts[facet] = {"1": in_stock[0]} if in_stock else {}
            else:
                counts[facet] = {
                    str(bucket["key"]): bucket["doc_count"] for bucket in buckets
                }
        return counts

    def autocomplete(self, text, limit=5):
        words = query_words(text)
        if not words:
            return []
        prefix = " ".join(words)
        products = self.call(
            self.client.search,
            index=self.alias(PRODUCTS),
            query={
                "match": {"title.autocomplete": {"query": prefix, "operator": "and"}}
            },
            sort=["_score", TIE_BREAK],
            size=limit,
            _source=["title", "artisan_name", "url"],
            aggs={
                "categories": {
                    "filter": {
                        "match": {
                            "category_names.autocomplete": {
                                "query": prefix,
                                "operator": "and",
                            }
                        }
                    },
                    "aggs": {"ids": {"terms": {"field": "category_ids", "size": 50}}},
                }
            },
        )
        artisans = self.call(
            self.client.search,
            index=self.alias(ARTISANS),
            query={
                "match": {"name.autocomplete": {"query": prefix, "operator": "and"}}
            },
            sort=["_score", {"name_sort": "asc"}],
            size=limit,
            _source=["name", "metier", "commune", "url"],
        )
        suggestions = [
            Suggestion(
                kind="product",
                label=hit["_source"]["title"],
                url=hit["_source"]["url"],
                detail=hit["_source"]["artisan_name"],
            )
            for hit in products["hits"]["hits"]
        ]
        suggestions += [
            Suggestion(
                kind="artisan",
                label=hit["_source"]["name"],
                url=hit["_source"]["url"],
                detail=f"{hit['_source']['metier']}, {hit['_source']['commune']}",
            )
            for hit in artisans["hits"]["hits"]
        ]
        suggestions += self.category_suggestions(
            products["aggregations"]["categories"]["ids"]["buckets"], words, limit
        )
        return suggestions

    def category_suggestions(self, buckets, words, limit):
        """Categories of products whose category names start with the typed
        words, the most stocked first; a product's other categories (which
        came along in the aggregation) are left out by name."""
        prefixes = [fold(word) for word in words]
        by_id = Category._default_manager.browsable().in_bulk(
            [int(bucket["key"]) for bucket in buckets]
        )
        suggestions = []
        for bucket in buckets:
            category = by_id.get(int(bucket["key"]))
            if category is None:
                continue
            name_words = fold(re.sub(r"[^\w]+", " ", category.name)).split()
            if all(any(w.startswith(p) for w in name_words) for p in prefixes):
                suggestions.append(
                    Suggestion(
                        kind="category",
                        label=category.name,
                        url=category.get_absolute_url(),
                    )
                )
            if len(suggestions) == limit:
                break
        return suggestions

    def search_artisans(self, text="", near=None, limit=50):
        ids = self.search_artisans_once(text, near, limit, fuzzy=False)
        if not ids and query_words(text):
            ids = self.search_artisans_once(text, near, limit, fuzzy=True)
        return ids

    def search_artisans_once(self, text, near, limit, fuzzy):
        words = words_query(text, ARTISAN_TEXT_FIELDS, fuzzy=fuzzy)
        if near:
            sort = [geo_distance_sort(near), {"name_sort": "asc"}]
        elif words:
            sort = ["_score", {"name_sort": "asc"}]
        else:
            sort = [{"name_sort": "asc"}]
        response = self.call(
            self.client.search,
            index=self.alias(ARTISANS),
            query=words or {"match_all": {}},
            sort=[*sort, TIE_BREAK],
            size=max(0, min(limit, MAX_RESULT_WINDOW)),
            _source=False,
        )
        return [int(hit["_id"]) for hit in response["hits"]["hits"]]

    def ping(self):
        self.call(self.client.cluster.health, timeout="2s")

    def call(self, method, **kwargs):
        """Call the client, turning "cannot answer" into ``SearchUnavailable``."""
        try:
            return method(**kwargs)
        except NotFoundError as exc:
            logger.error(
                "Elasticsearch index missing (run manage.py search_rebuild): %s", exc
            )
            raise SearchUnavailable(str(exc)) from exc
        except (TransportError, ApiError) as exc:
            if isinstance(exc, ApiError) and exc.status_code < 500:
                raise  # a request we built wrong: a bug to see, not an outage
            logger.error(
                "Elasticsearch at %s failed: %s", settings.ELASTICSEARCH_URL, exc
            )
            raise SearchUnavailable(str(exc)) from exc

    # Keeping the index true.

    def ensure_indices(self):
        """Create the aliased indices when this deployment has none yet, so
        that updates before the first rebuild are not lost."""
        for kind in (PRODUCTS, ARTISANS):
            alias = self.alias(kind)
            if not self.call(self.client.indices.exists_alias, name=alias):
                self.call(
                    self.client.indices.create,
                    index=self.new_index_name(kind),
                    aliases={alias: {}},
                    **self.index_body(kind),
                )

    def index_products(self, product_ids):
        product_ids = sorted(set(product_ids))
        if not product_ids:
            return
        self.ensure_indices()
        for start in range(0, len(product_ids), BATCH_SIZE):
            batch = product_ids[start : start + BATCH_SIZE]
            docs = documents.product_documents(batch)
            self.write(PRODUCTS, docs, set(batch) - {doc["id"] for doc in docs})

    def index_vendors(self, vendor_ids):
        vendor_ids = sorted(set(vendor_ids))
        if not vendor_ids:
            return
        self.ensure_indices()
        docs = documents.artisan_documents(vendor_ids)
        self.write(ARTISANS, docs, set(vendor_ids) - {doc["id"] for doc in docs})
        self.index_products(documents.product_ids_of_vendors(vendor_ids))

    def write(self, kind, docs, deleted_ids):
        """Upsert ``docs`` and delete ``deleted_ids`` in the live index, and in
        the index a running rebuild is loading (so the switch loses nothing)."""
        targets = [self.alias(kind)]
        building = self.building_alias(kind)
        if self.call(self.client.indices.exists_alias, name=building):
            targets.append(building)
        for target in targets:
            actions = [
                {"_index": target, "_id": doc["id"], "_source": doc} for doc in docs
            ]
            actions += [
                {"_op_type": "delete", "_index": target, "_id": pk}
                for pk in sorted(deleted_ids)
            ]
            try:
                self.call(
                    helpers.bulk,
                    client=self.client,
                    actions=actions,
                    chunk_size=BATCH_SIZE,
                    require_alias=True,
                    # Deleting what the index never had is fine.
                    ignore_status=(404,),
                )
            except helpers.BulkIndexError as exc:
                if target == building:
                    # The rebuild finished meanwhile: its index is live now and
                    # got these documents through the alias.
                    logger.info("rebuild index gone while writing: %s", exc)
                    continue
                logger.error("Elasticsearch refused documents: %s", exc.errors[:5])
                raise

    def refresh(self):
        for kind in (PRODUCTS, ARTISANS):
            self.call(
                self.client.indices.refresh,
                index=self.alias(kind),
                ignore_unavailable=True,
            )

    def rebuild(self, progress=None, batch_size=BATCH_SIZE):
        """Load every product and artisan into new indices, then switch both
        aliases to them in one atomic call that also drops the old indices.

        Searches keep reading the old indices until the switch. ``progress``,
        when given, is called with ``(kind, done, total)`` before the first
        batch and after each batch is indexed.

        Documents are built here, in the calling thread (its database
        connection, its transaction), in a constant number of queries per
        batch; Elasticsearch's side (creating the indices, the bulk requests,
        the final settings and refresh) runs in worker threads meanwhile, so
        that the node indexes batches while the next ones are read. The new
        indices load without refreshes, replicas or a translog sync per
        request, and get them back (and a refresh) before the switch.
        """
        client = self.client
        kinds = (PRODUCTS, ARTISANS)  # the long load first
        with ThreadPoolExecutor(
            max_workers=len(kinds) + BULKS_IN_FLIGHT,
            thread_name_prefix="search-rebuild",
        ) as pool:
            creating = {
                kind: pool.submit(self.create_building_index, client, kind)
                for kind in kinds
            }
            artisans = {}  # what product documents say of artisans, cached

            def product_documents(batch):
                # A batch is a slice of the sorted ids: one range of ids.
                return documents.product_documents_between(
                    batch[0], batch[-1], artisans
                )

            try:
                loads = {
                    PRODUCTS: (documents.indexable_product_ids, product_documents),
                    ARTISANS: (self.indexable_vendor_ids, documents.artisan_documents),
                }
                new_indices = {}
                for kind in kinds:
                    ids, build_documents = loads[kind]
                    # Read nothing before the building alias exists: a change
                    # made after the read then reaches the new index through
                    # ``write``.
                    new_indices[kind] = creating[kind].result()
                    self.load(
                        pool,
                        client,
                        kind,
                        new_indices[kind],
                        list(ids()),
                        build_documents,
                        progress,
                        batch_size,
                    )
                self.finish_loading(pool, client, list(new_indices.values()))
                self.switch_aliases(client, new_indices)
            except BaseException:
                self.drop_new_indices(client, creating)
                raise

    @staticmethod
    def indexable_vendor_ids():
        return list(
            documents.indexable_vendors().order_by("pk").values_list("pk", flat=True)
        )

    def create_building_index(self, client, kind):
        """A new concrete index of ``kind`` under the building alias (its name)."""
        index = self.new_index_name(kind)
        self.call(
            client.indices.create,
            index=index,
            aliases={self.building_alias(kind): {}},
            **self.index_body(kind, building=True),
        )
        return index

    def load(
        self, pool, client, kind, index, ids, build_documents, progress, batch_size
    ):
        """Index the documents of ``ids`` into ``index``, ``batch_size`` at a
        time: batches are built while up to ``BULKS_IN_FLIGHT`` earlier ones
        are being indexed."""
        total, done = len(ids), 0
        if progress:
            progress(kind, done, total)
        in_flight = deque()
        for start in range(0, total, batch_size):
            batch = ids[start : start + batch_size]
            actions = [
                {"_index": index, "_id": doc["id"], "_source": doc}
                for doc in build_documents(batch)
            ]
            if len(in_flight) == BULKS_IN_FLIGHT:
                done += self.indexed(in_flight.popleft())
                if progress:
                    progress(kind, done, total)
            in_flight.append(
                (pool.submit(self.bulk_load, client, actions, batch_size), len(batch))
            )
        while in_flight:
            done += self.indexed(in_flight.popleft())
            if progress:
                progress(kind, done, total)

    @staticmethod
    def indexed(sent):
        """Wait for a bulk request of ``(future, ids in the batch)``."""
        future, count = sent
        future.result()
        return count

    def bulk_load(self, client, actions, batch_size):
        self.call(helpers.bulk, client=client, actions=actions, chunk_size=batch_size)

    def finish_loading(self, pool, client, indices):
        """Give loaded indices the settings of live ones, and refresh them so
        that every document is searchable as soon as the aliases point at
        them (both at once: a refresh does not depend on the settings)."""
        restoring = pool.submit(
            self.call,
            client.indices.put_settings,
            index=",".join(indices),
            settings={
                "index": {
                    # None: back to the defaults, as a live index has them.
                    "refresh_interval": None,
                    "translog.durability": None,
                    "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
                }
            },
        )
        self.call(client.indices.refresh, index=",".join(indices))
        restoring.result()

    def drop_new_indices(self, client, creating):
        """Delete the indices a failed rebuild created (once created)."""
        for future in creating.values():
            try:
                index = future.result()
            except Exception:  # not created: nothing to drop
                continue
            self.call(client.indices.delete, index=index, ignore_unavailable=True)

    def switch_aliases(self, client, new_indices):
        """Point each alias at its new index and drop the old indices, in one
        ``_aliases`` call: searches see the old indices or the new ones."""
        found = self.call(
            client.indices.get_alias,
            index=",".join(f"{self.alias(kind)}*" for kind in new_indices),
            expand_wildcards="open,closed",
            allow_no_indices=True,
        )
        actions = []
        for kind, new_index in new_indices.items():
            alias = self.alias(kind)
            actions += [
                {"remove": {"index": new_index, "alias": self.building_alias(kind)}},
                {"add": {"index": new_index, "alias": alias}},
            ]
            # Older indices of ours, and an index made by hand (or by
            # auto-creation) under the alias's name.
            actions += [
                {"remove_index": {"index": name}}
                for name in sorted(found)
                if name != new_index
                and (name == alias or is_concrete_index(name, alias))
            ]
        self.call(client.indices.update_aliases, actions=actions)

    def check(self):
        """Compare the index with the tables: an ``IndexReport``."""
        report = IndexReport()
        expected = {
            PRODUCTS: (
                list(documents.indexable_product_ids()),
                documents.product_documents,
            ),
            ARTISANS: (
                self.indexable_vendor_ids(),
                documents.artisan_documents,
            ),
        }
        for kind, (ids, build_documents) in expected.items():
            fields = CHECKED_FIELDS[kind]
            indexed = {
                int(hit["_id"]): hit["_source"]
                for hit in self.call(
                    scan_all,
                    client=self.client,
                    index=self.alias(kind),
                    query={"query": {"match_all": {}}, "_source": list(fields)},
                    size=1000,
                )
            }
            report.missing[kind] = sorted(set(ids) - set(indexed))
            report.extra[kind] = sorted(set(indexed) - set(ids))
            stale = []
            for start in range(0, len(ids), BATCH_SIZE):
                for doc in build_documents(ids[start : start + BATCH_SIZE]):
                    source = indexed.get(doc["id"])
                    if source is not None and any(
                        source.get(name) != doc[name] for name in fields
                    ):
                        stale.append(doc["id"])
            report.stale[kind] = stale
        return report

    def delete_indices(self):
        """Drop every index and alias of this prefix (tests, decommissioning)."""
        names = []
        for kind in (PRODUCTS, ARTISANS):
            names += self.concrete_indices(kind)
            alias = self.alias(kind)
            if self.call(self.client.indices.exists, index=alias) and not self.call(
                self.client.indices.exists_alias, name=alias
            ):
                names.append(alias)
        for name in names:
            self.call(self.client.indices.delete, index=name, ignore_unavailable=True)
