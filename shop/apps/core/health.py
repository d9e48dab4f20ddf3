"""Checks of the services this deployment is configured to use.

``/healthz`` reports every service (database, cache, broker, search) for
people and monitoring; ``/readyz`` asks only what a web process cannot serve
without (its database, migrated), so that an outage of Redis or Elasticsearch,
which the site survives in a degraded way, never takes every pod out of the
load balancer; ``/livez`` asks nothing at all.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

UP = "up"
DOWN = "down"
NOT_CONFIGURED = "not configured"


def check_database():
    """Run a trivial query on every configured database connection."""
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    return connections["default"].vendor


def check_cache():
    """Write and read back a short-lived key."""
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=5)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return the value just written")
    cache.delete(key)
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_broker():
    """Open a connection to the Celery broker, or report it as not configured."""
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL:
        return None
    from shop.celery_app import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return conn.transport_cls


def check_search():
    """Ask the configured search backend whether it answers."""
    from search.backends import get_search_backend

    backend = get_search_backend()
    backend.ping()
    return backend.name


class PendingMigrations(Exception):
    """The database lacks migrations that this release's code expects."""


# Once this process has seen every migration applied it stays so: the code
# it runs does not change, and migrations are not taken back.
migrations_seen_applied = False


def check_migrations():
    """Raise ``PendingMigrations`` unless every migration on disk is applied."""
    global migrations_seen_applied
    if migrations_seen_applied:
        return "applied"
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise PendingMigrations(f"{len(plan)} migrations not applied")
    migrations_seen_applied = True
    return "applied"


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "search": check_search,
}


READINESS_CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
}


def run_checks(checks=CHECKS):
    """Return ``(healthy, report)`` where report maps each service to its state."""
    report = {}
    healthy = True
    for name, check in checks.items():
        started = time.monotonic()
        try:
            detail = check()
        except Exception as exc:  # a health check reports every failure
            logger.warning("health check %s failed: %s", name, exc)
            healthy = False
            report[name] = {"status": DOWN, "error": exc.__class__.__name__}
        else:
            if detail is None:
                report[name] = {"status": NOT_CONFIGURED}
            else:
                report[name] = {"status": UP, "backend": str(detail)}
        report[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    return healthy, report
