"""Background work on artisans' catalogues."""

from celery import shared_task
from django.db import transaction

from vendors.actions.catalogue import (
    ImportStatus,
    delete_stale_import_files,
    run_product_import,
)


@shared_task
def import_products_csv_task(job_id):
    """Import the products of the CSV import job ``job_id`` (a uuid string).

    The job (its vendor, stored file, progress and report) lives in the cache;
    rows are created or updated by SKU in batches and progress is recorded
    after each batch. Idempotent: a finished job is not run again, and running
    an unfinished one again updates the same products.
    """
    job = run_product_import(job_id)
    return None if job is None else job["status"]


@shared_task
def delete_stale_product_imports_task():
    """Delete the uploaded CSV files of finished or expired import jobs.

    Meant for Celery beat, once a day. Idempotent: a deleted file is not
    listed again.
    """
    return delete_stale_import_files()


def queue_product_import(job):
    """Queue the import of a job ready to run, once committed."""
    if job["status"] == ImportStatus.QUEUED:
        job_id = job["id"]
        transaction.on_commit(lambda: import_products_csv_task.delay(job_id))
