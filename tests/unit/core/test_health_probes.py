"""The orchestrator's probes: ``/livez`` touches nothing, ``/readyz`` only the
database (answering and migrated), never Redis nor Elasticsearch."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from shop.apps.core import health

ROOT = Path(__file__).resolve().parents[3]

# Nothing listens on port 1: connections to it are refused at once.
CLOSED_PORT = 1


@pytest.fixture
def migrations_not_yet_seen(monkeypatch):
    """A process that has not yet seen its migrations applied (a new pod)."""
    monkeypatch.setattr(health, "migrations_seen_applied", False)


@pytest.mark.django_db
def test_livez_answers_without_a_single_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_200_with_the_database_up_and_migrated(
    client, migrations_not_yet_seen
):
    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["services"]["database"]["status"] == "up"
    assert body["services"]["migrations"]["status"] == "up"
    # Readiness asks only what a web process cannot serve without.
    assert set(body["services"]) == {"database", "migrations"}


@pytest.mark.django_db
def test_readyz_is_503_while_a_migration_of_this_release_is_not_applied(
    client, migrations_not_yet_seen
):
    # Given a database one migration behind the code (rolled back with the
    # test's transaction).
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = %s AND name = %s",
            ["sites", "0002_alter_domain_unique"],
        )

    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert body["services"]["migrations"] == {
        "status": "down",
        "error": "PendingMigrations",
        "ms": body["services"]["migrations"]["ms"],
    }
    assert body["services"]["database"]["status"] == "up"


@pytest.mark.django_db
def test_readyz_stays_200_with_redis_and_elasticsearch_unreachable(
    client, settings, migrations_not_yet_seen
):
    # Given the cache, the broker and the search backend all pointing at a
    # port where nothing listens.
    closed_redis = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": closed_redis,
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = closed_redis
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{CLOSED_PORT}"

    full_report = client.get("/healthz")
    readiness = client.get("/readyz")

    # The full report sees every one of them down...
    services = full_report.json()["services"]
    assert full_report.status_code == 503
    assert {services[name]["status"] for name in ("cache", "broker", "search")} == {
        "down"
    }
    # ...and the pod stays in the load balancer all the same.
    assert readiness.status_code == 200, readiness.json()


PROBE_WITH_DATABASE_DOWN = """
import json
import django
django.setup()
from django.test import Client
client = Client()
print(json.dumps({path: [r.status_code, r.json()]
                  for path in ("/livez", "/readyz")
                  for r in [client.get(path)]}))
"""


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "shop.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Qp2Lm9Zr4Tt8Vw1Yb6Nc3" * 2,
    "ALLOWED_HOSTS": "testserver",
    # Pickups only: no Stripe keys needed to start.
    "DELIVERY_ENABLED": "false",
}


# Under the production settings the probes come in plain HTTP, as the
# kubelet sends them: a redirect to HTTPS would count as a success there.
@pytest.mark.parametrize(
    "settings_env",
    [{"DJANGO_SETTINGS_MODULE": "shop.settings.test"}, PRODUCTION_ENV],
    ids=["test settings", "production settings"],
)
def test_with_the_database_unreachable_readyz_is_503_and_livez_still_200(
    settings_env,
):
    # A real process whose database address refuses connections: a test
    # cannot take down the database that holds its own transaction.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")},
        **settings_env,
        "DATABASE_URL": f"postgres://boutique:boutique@127.0.0.1:{CLOSED_PORT}/down",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE_WITH_DATABASE_DOWN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    liveness_status, liveness = answers["/livez"]
    readiness_status, readiness = answers["/readyz"]
    assert (liveness_status, liveness) == (200, {"status": "ok"})
    assert readiness_status == 503
    assert readiness["services"]["database"]["status"] == "down"
