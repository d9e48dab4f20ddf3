"""Background work of search: bringing index entries up to date."""

from celery import shared_task

from .backends import get_search_backend
from .backends.base import SearchUnavailable


@shared_task(
    autoretry_for=(SearchUnavailable,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def update_search_index_task(product_ids=(), vendor_ids=()):
    """Bring the index entries of these products and artisans (with all the
    artisans' products) in line with the tables: add, update or remove.

    Queued once per transaction by ``search.indexing``. Idempotent: entries
    are rebuilt from the tables as they are when the task runs. Retried with
    backoff while Elasticsearch cannot be reached.
    """
    backend = get_search_backend()
    backend.index_vendors(vendor_ids)
    backend.index_products(product_ids)
    return {"products": len(product_ids), "vendors": len(vendor_ids)}
