"""Staff's writes on the monthly statements: settling what was collected at
pickup. (The statements themselves are made by ``building``.)"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SettlementMethod, SettlementStatement

logger = logging.getLogger(__name__)


class SettlementRefused(Exception):
    """The statement cannot be settled so; the message says why."""


def settle_statement(statement, user, method, note="", now=None):
    """Record that ``statement``'s balance was paid: by whom, when and how.

    Once settled, a statement never changes: a second settlement (also one
    racing this one, under the row lock) is refused. Netting off Stripe
    transfers is for what an artisan owes the chamber only.
    """
    if method not in SettlementMethod.values:
        raise SettlementRefused(_("Please choose how the balance was settled."))
    with transaction.atomic():
        locked = SettlementStatement.objects.select_for_update().get(pk=statement.pk)
        if locked.is_settled:
            raise SettlementRefused(_("This statement is settled already."))
        if method == SettlementMethod.STRIPE_NETTING and not locked.artisan_pays:
            raise SettlementRefused(
                _(
                    "Only what the artisan owes the chamber can be netted off "
                    "their transfers."
                )
            )
        locked.settled_at = now or timezone.now()
        locked.settled_by = user
        locked.settlement_method = method
        locked.settlement_note = note.strip()
        locked.save(
            update_fields=[
                "settled_at",
                "settled_by",
                "settlement_method",
                "settlement_note",
            ]
        )
    logger.info(
        "Settlement %s of %s settled (%s) by %s",
        locked.period,
        locked.vendor_id,
        method,
        user.pk,
    )
    return locked
