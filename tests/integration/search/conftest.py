"""A real Elasticsearch node for the search backend's integration tests.

``ELASTICSEARCH_URL`` names the node (``deploy/scripts/start-elasticsearch.sh``
leaves one on http://127.0.0.1:9200); without it the tests skip, which
``tests/conftest.py`` turns into failures under ``CI=true``. Every test
session writes under its own index prefix, and each test starts with no
index and leaves none behind.
"""

import uuid

import pytest

SESSION_PREFIX = f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def search_backend(settings, elasticsearch_url, db):
    """The ``elasticsearch`` backend, configured as the site's search backend,
    on indices of this session's prefix that are dropped after the test."""
    from search.backends import get_search_backend

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_PREFIX = SESSION_PREFIX
    backend = get_search_backend()
    backend.delete_indices()
    yield backend
    backend.delete_indices()
