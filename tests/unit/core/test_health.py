"""/healthz reports each configured service and answers 503 when one is down."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_service_up_on_the_embedded_default(client):
    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["services"]["database"]["status"] == "up"
    assert body["services"]["cache"]["status"] == "up"
    assert body["services"]["search"]["status"] == "up"
    # Eager tasks: no broker is configured, and that is not a failure.
    assert body["services"]["broker"]["status"] == "not configured"


def test_healthz_is_503_when_the_configured_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["services"]["cache"]["status"] == "down"
    assert body["services"]["database"]["status"] == "up"


def test_healthz_is_503_when_the_configured_broker_is_down(client, settings):
    # Celery reads its configuration from the Django settings as it goes: an
    # override is enough, and leaves nothing behind in the Celery app.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["services"]["broker"]["status"] == "down"


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db import connections

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("database unreachable")

    # The connection is the boundary here: a test cannot stop the database
    # that holds its own transaction.
    monkeypatch.setattr(connections["default"], "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["services"]["database"]["status"] == "down"


def test_healthz_accepts_only_get(client):
    assert client.post("/healthz").status_code == 405
