"""Gapless numbering of documents: invoices, credit notes, the chamber's own.

``next_value(key)`` must run inside the transaction that writes the numbered
document (it refuses to run outside one). It locks the series' row until that
transaction ends: concurrent documents of one series queue up and get
consecutive values in the order they commit; a rollback gives the value back.
Series of different keys never wait for each other.
"""

from django.db import IntegrityError, connection, transaction

from .models import DocumentSequence


class NumberingOutsideTransaction(RuntimeError):
    """A number taken outside a transaction could be lost: refused."""


def next_value(key):
    """The next value (1, 2, 3...) of series ``key``, under its row lock."""
    if not connection.in_atomic_block:
        raise NumberingOutsideTransaction(
            f"next_value({key!r}) must run in the document's transaction"
        )
    sequence = DocumentSequence.objects.select_for_update().filter(key=key).first()
    if sequence is None:
        try:
            # A savepoint: two first documents of a series racing to create
            # its row do not break the caller's transaction.
            with transaction.atomic():
                DocumentSequence.objects.create(key=key, last_value=0)
        except IntegrityError:
            pass
        sequence = DocumentSequence.objects.select_for_update().get(key=key)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value", "updated_at"])
    return sequence.last_value


def format_number(pattern, *, prefix, year, value):
    """A document's number from its series' ``pattern``.

    ``pattern`` is a ``str.format`` template over ``prefix``, ``year`` and
    ``number``, e.g. ``"{prefix}-{year}-{number:06d}"`` ->
    ``"ATELIER-2026-000123"``.
    """
    return pattern.format(prefix=prefix, year=year, number=value)
