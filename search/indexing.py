"""Keeping the search index true as the catalogue changes.

Saves and deletes of products, offers, artisans, categories and fulfilment
options note the products and artisans they touch in a batch belonging to the
current transaction; when it commits, one task brings all of them up to date
in the index. A rolled-back transaction queues nothing. With a backend that
reads the tables (``database``) nothing is collected at all.
"""

import logging
import threading
from functools import lru_cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.module_loading import import_string
from oscar.core.loading import get_model

from delivery.models import PickupPoint, PickupPointKind, VendorFulfilment
from vendors.models import Vendor

from .backends import BACKENDS
from .documents import product_ids_of_vendors

logger = logging.getLogger(__name__)

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

DISPATCH_UID = "search.indexing"


@lru_cache
def _backend_keeps_index(name):
    return getattr(import_string(BACKENDS[name]), "keeps_index", False)


def index_is_kept():
    """True when the configured backend keeps an index that needs updates."""
    return _backend_keeps_index(settings.SEARCH_BACKEND)


class PendingUpdate:
    """Products and artisans changed in one transaction, queued on commit."""

    def __init__(self, using):
        self.using = using
        self.product_ids = set()
        self.vendor_ids = set()
        # Index of ``queue`` in the connection's ``run_on_commit`` list.
        self.position = None

    def queue(self):
        """Send the batch to the indexing task (``transaction.on_commit``)."""
        from .tasks import update_search_index_task

        if _pending.batches.get(self.using) is self:
            del _pending.batches[self.using]
        update_search_index_task.delay(
            product_ids=sorted(self.product_ids), vendor_ids=sorted(self.vendor_ids)
        )


class _Pending(threading.local):
    def __init__(self):
        self.batches = {}


_pending = _Pending()


def current_batch(using=DEFAULT_DB_ALIAS):
    """The batch of the transaction open on ``using``, made on first need.

    A batch whose ``on_commit`` callback is no longer where it was registered
    (its transaction or savepoint rolled back) is dropped and a new one
    started; the check is constant time, however long the transaction.
    """
    run_on_commit = connections[using].run_on_commit
    batch = _pending.batches.get(using)
    if (
        batch is not None
        and batch.position < len(run_on_commit)
        and run_on_commit[batch.position][1] == batch.queue
    ):
        return batch
    batch = _pending.batches[using] = PendingUpdate(using)
    batch.position = len(run_on_commit)
    transaction.on_commit(batch.queue, using=using, robust=True)
    return batch


def note(product_ids=(), vendor_ids=(), using=DEFAULT_DB_ALIAS):
    """Add products and artisans to the current transaction's update."""
    if not index_is_kept():
        return
    product_ids = {pk for pk in product_ids if pk is not None}
    vendor_ids = {pk for pk in vendor_ids if pk is not None}
    if not product_ids and not vendor_ids:
        return
    if connections[using].in_atomic_block:
        batch = current_batch(using)
    else:
        # Autocommit: the change is committed already; queue it on its own.
        batch = PendingUpdate(using)
    batch.product_ids |= product_ids
    batch.vendor_ids |= vendor_ids
    if not connections[using].in_atomic_block:
        try:
            batch.queue()
        except Exception:  # as on_commit(robust=True) does: the save stands
            logger.exception("could not queue a search index update")


# Receivers: each says which products or artisans a change touches.


def product_changed(sender, instance, using, **kwargs):
    note(product_ids=[instance.parent_id or instance.pk], using=using)


def stockrecord_changed(sender, instance, using, **kwargs):
    if not index_is_kept():
        return
    product_id = instance.product_id
    # A child's offer shows on its parent's entry.
    parent_id = (
        Product._default_manager.using(using)
        .filter(pk=product_id)
        .values_list("parent_id", flat=True)
        .first()
    )
    note(product_ids=[parent_id or product_id], using=using)


def product_category_changed(sender, instance, using, **kwargs):
    note(product_ids=[instance.product_id], using=using)


def product_categories_changed(sender, instance, action, pk_set, using, **kwargs):
    """``product.categories.add(...)`` and ``category.product_set.add(...)``
    write their rows in bulk, without ``post_save``."""
    if isinstance(instance, Product):
        if action.startswith("post_"):
            note(product_ids=[instance.pk], using=using)
    elif action in ("post_add", "post_remove"):
        note(product_ids=pk_set or (), using=using)
    elif action == "pre_clear":
        category_changed(sender, instance, using)


def category_changed(sender, instance, using, **kwargs):
    if not index_is_kept():
        return
    ids = ProductCategory._default_manager.using(using).filter(category=instance)
    note(product_ids=ids.values_list("product_id", flat=True), using=using)


def vendor_changed(sender, instance, using, **kwargs):
    note(vendor_ids=[instance.pk], using=using)


def vendor_deleting(sender, instance, using, **kwargs):
    """Before the artisan is gone, note their products (found through them)."""
    if not index_is_kept():
        return
    note(
        product_ids=product_ids_of_vendors([instance.pk]),
        vendor_ids=[instance.pk],
        using=using,
    )


def fulfilment_changed(sender, instance, using, **kwargs):
    note(vendor_ids=[instance.vendor_id], using=using)


def fulfilment_points_changed(sender, instance, action, using, **kwargs):
    if action.startswith("post_") and isinstance(instance, VendorFulfilment):
        note(vendor_ids=[instance.vendor_id], using=using)
    elif action.startswith("post_") and isinstance(instance, PickupPoint):
        pickup_point_changed(PickupPoint, instance, using)


def pickup_point_changed(sender, instance, using, **kwargs):
    if not index_is_kept():
        return
    vendor_ids = list(
        VendorFulfilment.objects.using(using)
        .filter(points=instance)
        .values_list("vendor_id", flat=True)
    )
    if instance.kind == PickupPointKind.WORKSHOP:
        vendor_ids.append(instance.vendor_id)
    note(vendor_ids=vendor_ids, using=using)


def connect_signals():
    """Connect the receivers (``SearchConfig.ready``)."""
    for signal in (post_save, post_delete):
        signal.connect(product_changed, sender=Product, dispatch_uid=DISPATCH_UID)
        signal.connect(
            stockrecord_changed, sender=StockRecord, dispatch_uid=DISPATCH_UID
        )
        signal.connect(
            product_category_changed, sender=ProductCategory, dispatch_uid=DISPATCH_UID
        )
        signal.connect(
            fulfilment_changed, sender=VendorFulfilment, dispatch_uid=DISPATCH_UID
        )
        signal.connect(
            pickup_point_changed, sender=PickupPoint, dispatch_uid=DISPATCH_UID
        )
    post_save.connect(category_changed, sender=Category, dispatch_uid=DISPATCH_UID)
    pre_delete.connect(category_changed, sender=Category, dispatch_uid=DISPATCH_UID)
    post_save.connect(vendor_changed, sender=Vendor, dispatch_uid=DISPATCH_UID)
    pre_delete.connect(vendor_deleting, sender=Vendor, dispatch_uid=DISPATCH_UID)
    m2m_changed.connect(
        product_categories_changed,
        sender=Product.categories.through,
        dispatch_uid=DISPATCH_UID,
    )
    m2m_changed.connect(
        fulfilment_points_changed,
        sender=VendorFulfilment.points.through,
        dispatch_uid=DISPATCH_UID,
    )
