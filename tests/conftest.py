"""Shared fixtures, and the rule that service tests never skip in CI.

A test that needs a real service (PostgreSQL, Redis, a Celery worker, ...)
skips with its reason when the service is missing on a developer's machine.
Under ``CI=true`` such a skip is turned into a failure: CI installs every
service, so a skip there means a test did not run.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
        report.outcome = "failed"
        report.longrepr = (
            f"skipped under CI=true, where every service must run: {reason}"
        )


def reachable(url, default_port):
    """True when something accepts TCP connections at ``url``'s host and port."""
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url():
    """REDIS_URL of a running Redis server, or a skip naming what is missing."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL is not set: no Redis server for this test")
    if not reachable(url, 6379):
        pytest.skip(f"Redis at {url} does not answer")
    return url


@pytest.fixture
def elasticsearch_url():
    """ELASTICSEARCH_URL of a running node, or a skip naming what is missing."""
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch node for this test")
    if not reachable(url, 9200):
        pytest.skip(f"Elasticsearch at {url} does not answer")
    return url


@pytest.fixture
def postgres_db(settings):
    """Skip unless the test database is PostgreSQL (DATABASE_URL in CI)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    return connection


@pytest.fixture
def home_page(db):
    """The marketplace's Wagtail home page, in place as `make run` leaves it."""
    from cms.setup import ensure_home_page

    return ensure_home_page()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint_url():
    """An S3-compatible server for the session: moto in server mode
    (``moto_server``, from moto[server] in the virtualenv) on a free port."""
    moto_server = Path(sys.executable).with_name("moto_server")
    if not moto_server.exists():
        pytest.skip("moto_server is not installed (moto[server]): no S3 server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(moto_server), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not reachable(url, port):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"moto_server did not start on port {port}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (counters of attempts and e-mails
    sent live there and would otherwise carry over from one test to the next)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
