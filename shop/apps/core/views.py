from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


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
