"""A Celery worker killed in the middle of a payout: paid once, on both sides.

A real worker process takes the payout task from Redis and calls Stripe
(stripe-mock) through a small recording proxy of the test's own, which holds
the transfer request. The test kills the worker then, before it could record
the transfer; the request still reaches Stripe. A second worker gets the
task again once Redis's visibility timeout has passed (acks_late), and pays:
one ledger row with one transfer id, and every transfer request carried the
same idempotency key, which is how Stripe makes them one transfer (stripe-mock
keeps no state, so the proxy's record is what shows it).
"""

import http.client
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from django.conf import settings as django_settings

from shop.apps.payment import actions
from shop.apps.payment.models import Transfer, TransferStatus
from shop.apps.payment.tasks import pay_artisan_task
from shop.celery_app import app
from tests.integration.payment.fixtures import (
    TEST_SECRET_KEY,
    enabled_account,
)
from vendors.models import VendorOrder, VendorOrderStatus

pytestmark = [pytest.mark.service("celery"), pytest.mark.service("stripe")]

PROJECT_ROOT = Path(django_settings.BASE_DIR)
WAIT = 60
# Seconds before Redis hands an unacknowledged task to another worker.
VISIBILITY_TIMEOUT = 2
CHARGE_ID = "ch_test_paid"

# The worker's settings: the test ones, with Redis giving a lost task back
# soon (production waits CELERY_VISIBILITY_TIMEOUT, an hour by default).
WORKER_SETTINGS = f"""
from shop.settings.test import *  # noqa

CELERY_BROKER_TRANSPORT_OPTIONS = {{
    "visibility_timeout": {VISIBILITY_TIMEOUT},
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}}
"""


def database_url(settings_dict):
    """DATABASE_URL of the database behind ``settings_dict`` (the test one)."""
    return "postgres://{user}:{password}@{host}:{port}/{name}".format(
        user=quote(settings_dict["USER"], safe=""),
        password=quote(settings_dict["PASSWORD"], safe=""),
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        name=quote(settings_dict["NAME"], safe=""),
    )


class RecordingProxy(ThreadingHTTPServer):
    """Forwards to stripe-mock; notes each request; holds the first transfer
    request until released."""

    daemon_threads = True

    def __init__(self, upstream):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.upstream = urlparse(upstream)
        self.requests = []
        self.transfer_held = threading.Event()
        self.release = threading.Event()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def transfer_requests(self):
        return [r for r in self.requests if r[:2] == ("POST", "/v1/transfers")]


class ProxyHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.forward()

    def do_POST(self):
        self.forward()

    def forward(self):
        proxy = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = urlparse(self.path).path
        proxy.requests.append((self.command, path, self.headers.get("Idempotency-Key")))
        if (self.command, path) == ("POST", "/v1/transfers") and (
            not proxy.transfer_held.is_set()
        ):
            proxy.transfer_held.set()
            proxy.release.wait(WAIT)
        upstream = http.client.HTTPConnection(
            proxy.upstream.hostname, proxy.upstream.port, timeout=WAIT
        )
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host",)}
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        content = answer.read()
        try:
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in ("transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(content)
        except OSError:
            pass  # the worker that asked is gone
        upstream.close()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def stripe_proxy(stripe_mock):
    proxy = RecordingProxy(stripe_mock)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    yield proxy
    proxy.release.set()
    proxy.shutdown()
    proxy.server_close()


@pytest.fixture
def start_worker(postgres_db, redis_url, stripe_proxy, settings, tmp_path):
    """Starts ``celery worker`` processes on a queue of the test's own."""
    (tmp_path / "outage_worker_settings.py").write_text(WORKER_SETTINGS)
    queue = f"test-outage-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(PROJECT_ROOT)]),
        "DJANGO_SETTINGS_MODULE": "outage_worker_settings",
        "DATABASE_URL": database_url(postgres_db.settings_dict),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "STRIPE_SECRET_KEY": TEST_SECRET_KEY,
        "STRIPE_API_BASE": stripe_proxy.url,
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    workers = []

    def start(name):
        log = tempfile.NamedTemporaryFile(
            prefix=f"celery-{name}-", suffix=".log", delete=False
        )
        worker = subprocess.Popen(
            [
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
                f"--hostname={name}-{queue}@%h",
                f"--queues={queue}",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        worker.log = Path(log.name)
        log.close()
        workers.append(worker)
        return worker

    start.queue = queue
    yield start
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=15)
        worker.log.unlink(missing_ok=True)


@pytest.fixture
def completed_vendor_order(order, intent_record):
    """The first artisan's part of an order paid online, completed, their
    Stripe account able to receive transfers."""
    actions.mark_payment_succeeded(
        intent_record, actions.stripe_timestamp(1_790_000_000), charge_id=CHARGE_ID
    )
    vendor_order = order.vendor_orders.order_by("number").first()
    VendorOrder.objects.filter(pk=vendor_order.pk).update(
        status=VendorOrderStatus.COMPLETED
    )
    enabled_account(vendor_order.vendor)
    vendor_order.refresh_from_db()
    return vendor_order


def wait_until(condition, what, workers):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    logs = "\n".join(w.log.read_text(errors="replace") for w in workers)
    pytest.fail(f"{what} within {WAIT}s; the workers' logs:\n{logs}")


@pytest.mark.django_db(transaction=True)
def test_payout_of_a_worker_killed_mid_transfer_is_made_once_by_the_next(
    completed_vendor_order, start_worker, stripe_proxy, redis_url, settings
):
    vendor_order = completed_vendor_order
    # The sending side queues for real (the fixture restores eager mode).
    settings.CELERY_TASK_ALWAYS_EAGER = False
    first = start_worker("first")

    # given the payout queued on Redis and taken by a worker, which is
    # calling Stripe for the transfer
    with app.connection_for_write(redis_url) as connection:
        pay_artisan_task.apply_async(
            args=(vendor_order.pk,), queue=start_worker.queue, connection=connection
        )
    wait_until(stripe_proxy.transfer_held.is_set, "no transfer request", [first])

    # when the worker is killed before it records the transfer, whose
    # request still reaches Stripe
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=15)
    stripe_proxy.release.set()
    assert not Transfer.objects.filter(transfer_id__gt="").exists()

    # and another worker is started
    second = start_worker("second")

    # then it runs the task again and pays the artisan ...
    wait_until(
        lambda: Transfer.objects.filter(
            vendor_order=vendor_order, status=TransferStatus.TRANSFERRED
        ).exists(),
        "no transfer recorded",
        [first, second],
    )
    # ... once: one ledger row with one Stripe transfer id ...
    [transfer] = Transfer.objects.filter(vendor_order=vendor_order)
    assert transfer.transfer_id.startswith("tr_")
    assert transfer.amount == vendor_order.net_amount
    # ... after two requests to Stripe carrying the same idempotency key,
    # which Stripe answers with the one transfer
    sent = stripe_proxy.transfer_requests()
    assert len(sent) == 2
    assert {key for _method, _path, key in sent} == {f"transfer-{vendor_order.number}"}
    assert transfer.idempotency_key == f"transfer-{vendor_order.number}"
