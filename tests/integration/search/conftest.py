"""A real Elasticsearch node for the search backend's integration tests.

``ELASTICSEARCH_URL`` names the node (``deploy/scripts/start-elasticsearch.sh``
leaves one on http://127.0.0.1:9200); without it the tests skip, which
``tests/conftest.py`` turns into failures under ``CI=true``. Every test
session writes under its own index prefix, and each test starts with no
index and leaves none behind.
"""

import os
import uuid

import pytest

from tests.conftest import reachable

SESSION_PREFIX = f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def elasticsearch_url():
    """ELASTICSEARCH_URL of a node that answers, or a skip saying why not."""
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch node for this test")
    if not reachable(url, 9200):
        pytest.skip(f"Elasticsearch at {url} does not answer")
    return url


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
