"""``/healthz`` against a real Redis, as cache and as Celery broker."""

import pytest

pytestmark = [pytest.mark.service("redis"), pytest.mark.django_db]

# Nothing listens on port 1: connections to it are refused at once.
CLOSED_REDIS_URL = "redis://127.0.0.1:1/0"


def use_redis(settings, *, cache_url, broker_url):
    """Point the cache and the Celery broker at Redis, as production does."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": cache_url,
        }
    }
    settings.CELERY_BROKER_URL = broker_url
    settings.CELERY_TASK_ALWAYS_EAGER = False


def test_healthz_reports_redis_cache_and_broker_up(client, settings, redis_url):
    use_redis(settings, cache_url=redis_url, broker_url=redis_url)

    response = client.get("/healthz")

    services = response.json()["services"]
    assert services["cache"] == {
        "status": "up",
        "backend": "RedisCache",
        "ms": services["cache"]["ms"],
    }
    assert services["broker"]["status"] == "up"
    assert services["broker"]["backend"] == "redis"
    assert response.status_code == 200, services
    assert response.json()["status"] == "ok"


def test_healthz_is_503_with_the_broker_down_when_redis_is_unreachable(
    client, settings, redis_url
):
    use_redis(settings, cache_url=redis_url, broker_url=CLOSED_REDIS_URL)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["services"]["broker"]["status"] == "down"
    assert body["services"]["cache"]["status"] == "up"


def test_healthz_is_503_with_the_cache_down_when_redis_is_unreachable(
    client, settings, redis_url
):
    use_redis(settings, cache_url=CLOSED_REDIS_URL, broker_url=redis_url)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["services"]["cache"]["status"] == "down"
    assert body["services"]["broker"]["status"] == "up"
