"""The test/dev Elasticsearch node (deploy/scripts/start-elasticsearch.sh).

It must answer as an Elasticsearch 8 (the Python client checks the product),
provide the French analysis chain of the search mapping under the names of
Elasticsearch's analysis-common module (standard tokenizer; elision,
lowercase, stop ``_french_``, asciifolding, stemmer ``light_french``,
edge_ngram), and the core features the search backend relies on: bulk
indexing, aliases swapped atomically, filters, aggregations, geo distance,
fuzzy multi_match.
"""

import uuid

import pytest
from elasticsearch import BadRequestError, Elasticsearch, helpers

pytestmark = pytest.mark.service("elasticsearch")

FRENCH_ELISION = {
    "type": "elision",
    "articles_case": True,
    "articles": ["l", "d", "c", "j", "m", "n", "s", "t", "qu", "jusqu", "lorsqu"],
}
FRENCH_STOP = {"type": "stop", "stopwords": "_french_"}
FRENCH_STEMMER = {"type": "stemmer", "language": "light_french"}
PREFIXES = {"type": "edge_ngram", "min_gram": 2, "max_gram": 5}
FRENCH_TEXT = [FRENCH_ELISION, "lowercase", FRENCH_STOP, "asciifolding", FRENCH_STEMMER]


@pytest.fixture
def es(elasticsearch_url):
    client = Elasticsearch(elasticsearch_url, request_timeout=30)
    yield client
    client.close()


@pytest.fixture
def index_name(es):
    """A fresh name; the indices named after it are deleted afterwards."""
    name = f"test-es-node-{uuid.uuid4().hex[:12]}"
    yield name
    # Deleting needs concrete names (action.destructive_requires_name).
    created = es.indices.get(index=f"{name}*", ignore_unavailable=True)
    if created:
        es.indices.delete(index=list(created))


def tokens(es, text, filters, tokenizer="standard"):
    response = es.indices.analyze(tokenizer=tokenizer, filter=filters, text=text)
    return [token["token"] for token in response["tokens"]]


def test_info_answers_as_elasticsearch_8(es):
    info = es.info()  # raises UnsupportedProductError unless the node is one

    assert info["version"]["number"].startswith("8.")
    assert info["tagline"] == "You Know, for Search"
    assert info["cluster_name"]
    assert es.ping() is True
    assert es.cluster.health(wait_for_status="yellow", timeout="10s")["status"] in (
        "green",
        "yellow",
    )


def test_french_chain_removes_articles_and_stop_words_folds_and_stems(es):
    assert tokens(es, "L'Écharpe des Poteries", FRENCH_TEXT) == ["echarp", "pot"]
    assert tokens(es, "L'écharpe", FRENCH_TEXT) == tokens(es, "écharpes", FRENCH_TEXT)
    # "à" is a French stop word; "atelier" stems to "ateli".
    assert tokens(es, "Jusqu'à l'Atelier d'Aubagne", FRENCH_TEXT) == [
        "ateli",
        "aubagn",
    ]


def test_accents_do_not_matter(es):
    assert tokens(es, "café", FRENCH_TEXT) == tokens(es, "cafe", FRENCH_TEXT)
    assert tokens(es, "Café", ["lowercase", "asciifolding"]) == ["cafe"]
    preserving = {"type": "asciifolding", "preserve_original": True}
    assert tokens(es, "café", [preserving]) == ["cafe", "café"]


def test_edge_ngram_gives_prefixes(es):
    chain = [FRENCH_ELISION, "lowercase", "asciifolding", PREFIXES]

    assert tokens(es, "L'Écharpe", chain) == ["ec", "ech", "echa", "echar"]
    assert tokens(es, "bol", ["lowercase", {"type": "edge_ngram"}]) == ["b", "bo"]


def test_elision_needs_its_articles_as_in_analysis_common(es):
    with pytest.raises(BadRequestError, match="articles"):
        tokens(es, "l'atelier", [{"type": "elision"}])
    # By bare name it strips the French articles, as analysis-common does.
    assert tokens(es, "l'atelier", ["elision"]) == ["atelier"]


def test_stemmer_rejects_a_language_this_node_lacks(es):
    with pytest.raises(BadRequestError, match="klingon"):
        tokens(es, "mots", [{"type": "stemmer", "language": "klingon"}])


PRODUCTS = [
    {
        "title": "L'Écharpe des Poteries",
        "category": "textile",
        "stock": 3,
        "price": 25.5,
        "rating": 4.5,
        "created": "2026-01-10",
        "active": True,
        "location": {"lat": 48.85, "lon": 2.35},  # Paris
    },
    {
        "title": "Café torréfié à l'ancienne",
        "category": "épicerie",
        "stock": 0,
        "price": 9.9,
        "rating": 3.9,
        "created": "2026-02-10",
        "active": True,
        "location": {"lat": 45.76, "lon": 4.83},  # Lyon
    },
    {
        "title": "Poterie bleue",
        "category": "céramique",
        "stock": 1,
        "price": 40.0,
        "rating": 4.9,
        "created": "2026-02-20",
        "active": False,
        "location": {"lat": 43.30, "lon": 5.37},  # Marseille
    },
]

INDEX_BODY = {
    "settings": {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "analysis": {
            "filter": {
                "french_elision": FRENCH_ELISION,
                "french_stop": FRENCH_STOP,
                "french_stemmer": FRENCH_STEMMER,
                "prefixes": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15},
            },
            "analyzer": {
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
                "autocomplete": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "french_elision",
                        "lowercase",
                        "asciifolding",
                        "prefixes",
                    ],
                },
            },
            "normalizer": {
                "folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}
            },
        },
    },
    "mappings": {
        "properties": {
            "title": {
                "type": "text",
                "analyzer": "french_text",
                "fields": {
                    "prefix": {
                        "type": "text",
                        "analyzer": "autocomplete",
                        "search_analyzer": "french_text",
                    }
                },
            },
            "category": {"type": "keyword", "normalizer": "folded"},
            "stock": {"type": "integer"},
            "price": {"type": "double"},
            "rating": {"type": "float"},
            "created": {"type": "date"},
            "active": {"type": "boolean"},
            "location": {"type": "geo_point"},
        }
    },
}


def ids(response):
    return [hit["_id"] for hit in response["hits"]["hits"]]


def test_index_alias_bulk_search_aggregations_and_geo(es, index_name):
    alias = index_name
    first, second = f"{index_name}-1", f"{index_name}-2"
    es.indices.create(index=first, **INDEX_BODY)
    es.indices.put_alias(index=first, name=alias)
    indexed, errors = helpers.bulk(
        es,
        (
            {"_index": first, "_id": str(i), "_source": doc}
            for i, doc in enumerate(PRODUCTS)
        ),
        refresh=True,
    )
    assert (indexed, errors) == (3, [])

    def search(**body):
        return es.search(index=alias, **body)

    # Plural, no accent, a typo: still the scarf.
    fuzzy = {"query": "echarbes", "fields": ["title", "category"], "fuzziness": "AUTO"}
    assert ids(search(query={"multi_match": fuzzy})) == ["0"]
    assert ids(search(query={"match": {"title": "cafés"}})) == ["1"]
    assert ids(search(query={"match": {"title.prefix": "ech"}})) == ["0"]
    assert ids(search(query={"term": {"category": "Epicerie"}})) == ["1"]

    in_stock = {
        "bool": {
            "filter": [
                {"term": {"active": True}},
                {"range": {"stock": {"gt": 0}}},
                {"range": {"price": {"gte": 10, "lte": 30}}},
            ]
        }
    }
    assert ids(search(query=in_stock)) == ["0"]

    aggregated = search(
        size=0,
        aggs={
            "categories": {"terms": {"field": "category"}},
            "prices": {
                "range": {"field": "price", "ranges": [{"to": 20}, {"from": 20}]}
            },
            "active": {"filter": {"term": {"active": True}}},
            "months": {
                "date_histogram": {"field": "created", "calendar_interval": "month"}
            },
            "rating": {"avg": {"field": "rating"}},
        },
    )["aggregations"]
    assert sorted(b["key"] for b in aggregated["categories"]["buckets"]) == [
        "ceramique",
        "epicerie",
        "textile",
    ]
    assert [b["doc_count"] for b in aggregated["prices"]["buckets"]] == [1, 2]
    assert aggregated["active"]["doc_count"] == 2
    assert [b["doc_count"] for b in aggregated["months"]["buckets"]] == [1, 2]
    assert aggregated["rating"]["value"] == pytest.approx(4.433, abs=0.01)

    near_paris = {"lat": 48.80, "lon": 2.30}
    by_distance = search(
        query={
            "bool": {
                "filter": {
                    "geo_distance": {"distance": "500km", "location": near_paris}
                }
            }
        },
        sort=[
            {"_geo_distance": {"location": near_paris, "order": "asc", "unit": "km"}}
        ],
    )
    assert ids(by_distance) == ["0", "1"]
    assert [round(hit["sort"][0]) for hit in by_distance["hits"]["hits"]] == [7, 388]

    # A rebuild: the alias moves to the new index in one step.
    es.indices.create(index=second, **INDEX_BODY)
    es.indices.update_aliases(
        actions=[
            {"remove": {"index": first, "alias": alias}},
            {"add": {"index": second, "alias": alias}},
        ]
    )
    assert list(es.indices.get_alias(name=alias)) == [second]
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == 0
