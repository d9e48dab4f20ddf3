from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import READINESS_CHECKS, run_checks


# Outside the request's transaction: a database that is down must give a 503
# report, not a failure to open the transaction.
@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    """JSON state of each configured service; 503 when one of them is down."""
    healthy, services = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "services": services},
        status=200 if healthy else 503,
    )


# Outside the request's transaction, which would open a database connection.
@transaction.non_atomic_requests
@never_cache
@require_GET
def readyz(request):
    """200 when this process can serve: its database answers and is migrated.

    Redis and Elasticsearch are left out on purpose: the site degrades without
    them (cache misses, tasks waiting in the queue, the search page saying
    search is unavailable), and taking every web pod out of the load balancer
    for that would turn a partial outage into a full one. ``/healthz`` reports
    them.
    """
    ready, services = run_checks(READINESS_CHECKS)
    return JsonResponse(
        {"status": "ok" if ready else "error", "services": services},
        status=200 if ready else 503,
    )


@transaction.non_atomic_requests
@never_cache
@require_GET
def livez(request):
    """200 as long as this process answers requests; touches no service.

    A database or Redis outage must not get every web pod restarted: only a
    process that no longer answers is worth restarting.
    """
    return JsonResponse({"status": "ok"})
