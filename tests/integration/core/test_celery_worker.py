"""A real Celery worker runs a task against the test database and media.

The rest of the suite runs tasks eagerly; this test proves that a task queued
on Redis is picked up by a separate ``celery worker`` process that reads and
writes the same database and media folder as the code that queued it.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.app.backends import by_url
from celery.exceptions import TimeoutError as CeleryTimeoutError
from celery.result import AsyncResult
from django.conf import settings as django_settings
from oscar.test.factories import ProductFactory, ProductImageFactory
from sorl.thumbnail.helpers import deserialize
from sorl.thumbnail.images import ImageFile, deserialize_image_file
from sorl.thumbnail.kvstores.base import add_prefix
from sorl.thumbnail.models import KVStore

from shop.apps.core.tasks import STOREFRONT_THUMBNAILS, generate_product_thumbnails_task
from shop.celery_app import app

pytestmark = pytest.mark.service("celery")

RESULT_TIMEOUT = 60
PROJECT_ROOT = Path(django_settings.BASE_DIR)


def database_url(settings_dict):
    """DATABASE_URL of the database behind ``settings_dict`` (the test one)."""
    return "postgres://{user}:{password}@{host}:{port}/{name}".format(
        user=quote(settings_dict["USER"], safe=""),
        password=quote(settings_dict["PASSWORD"], safe=""),
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        name=quote(settings_dict["NAME"], safe=""),
    )


@pytest.fixture
def celery_worker(postgres_db, redis_url, settings):
    """A ``celery worker`` process on a queue of its own; yields the queue name.

    The queue name is unique so the worker takes nothing queued by anyone else
    on the same Redis, and nothing of ours is left for another worker.
    """
    queue = f"test-worker-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shop.settings.test",
        "DATABASE_URL": database_url(postgres_db.settings_dict),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    log = tempfile.NamedTemporaryFile(
        prefix="celery-worker-", suffix=".log", delete=False
    )
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "shop",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=info",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname={queue}@%h",
        f"--queues={queue}",
    ]
    worker = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    worker.queue = queue
    worker.log_path = Path(log.name)
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=15)
        log.close()
        worker.log_path.unlink(missing_ok=True)


def thumbnails_recorded_in_database(image):
    """The thumbnails sorl's key-value store holds for ``image``, read from
    its table rather than through its cache, which is local to each process."""
    source = ImageFile(image.original)
    keys = KVStore.objects.get(key=add_prefix(source.key, "thumbnails")).value
    return [
        deserialize_image_file(KVStore.objects.get(key=add_prefix(key)).value)
        for key in deserialize(keys)
    ]


def result_of(sent, redis_url):
    """The result of a sent task, read from the Redis the worker writes to.

    Built from the URL rather than ``app.backend``, which Celery caches per
    thread from whatever the settings were when an earlier test first used it.
    """
    backend_cls, backend_url = by_url(redis_url, app.loader)
    return AsyncResult(sent.id, app=app, backend=backend_cls(app=app, url=backend_url))


def wait_for_result(async_result, worker, timeout=RESULT_TIMEOUT):
    """The task's return value; fails early, with the worker's log, if it dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(
                f"the celery worker exited with {worker.returncode}:\n"
                + worker.log_path.read_text(errors="replace")
            )
        try:
            return async_result.get(timeout=1, propagate=True)
        except CeleryTimeoutError:
            continue
    pytest.fail(
        f"no result from the celery worker within {timeout}s:\n"
        + worker.log_path.read_text(errors="replace")
    )


@pytest.mark.django_db(transaction=True)
def test_worker_generates_product_thumbnails_in_the_shared_database_and_media(
    celery_worker, redis_url, settings
):
    # given a product with two images, committed so the worker can read them
    product = ProductFactory(stockrecords=[])
    images = [
        ProductImageFactory(
            product=product,
            display_order=order,
            original__width=800,
            original__height=600,
            original__color=color,
        )
        for order, color in enumerate(["olive", "navy"])
    ]
    # The sending side queues for real; Celery reads this setting through
    # Django's settings, so the fixture restores eager mode afterwards.
    settings.CELERY_TASK_ALWAYS_EAGER = False

    # when the task is queued on Redis and run by the worker
    # The result is kept for this test only (tasks keep none by default).
    with app.connection_for_write(redis_url) as connection:
        sent = generate_product_thumbnails_task.apply_async(
            args=(product.pk,),
            queue=celery_worker.queue,
            connection=connection,
            ignore_result=False,
        )
    made = wait_for_result(result_of(sent, redis_url), celery_worker)

    # then every storefront size of every image is made ...
    assert made == len(images) * len(STOREFRONT_THUMBNAILS)
    # ... recorded by the worker in sorl's store in the test database ...
    for image in images:
        thumbnails = thumbnails_recorded_in_database(image)
        assert len(thumbnails) == len(STOREFRONT_THUMBNAILS)
        # ... and written to the media folder this process uses.
        for thumbnail in thumbnails:
            assert thumbnail.exists(), thumbnail.name
            assert Path(settings.MEDIA_ROOT, thumbnail.name).is_file()

    # and running it again makes nothing new: the same thumbnails are found
    files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))
    with app.connection_for_write(redis_url) as connection:
        sent_again = generate_product_thumbnails_task.apply_async(
            args=(product.pk,),
            queue=celery_worker.queue,
            connection=connection,
            ignore_result=False,
        )
    assert wait_for_result(result_of(sent_again, redis_url), celery_worker) == made
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == files_before
