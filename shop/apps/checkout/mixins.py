"""Order placement with each artisan's fulfilment frozen and pickups booked.

The order, its artisans' parts and the slot bookings are written in one
transaction: when a product has sold out or a slot is full by then, nothing of
the order remains (no order, no stock allocated, no booking); the consumer
keeps their basket and is told which product ran out, or chooses another slot.

An order paid online is placed "pending payment" (stock allocated, slots
booked) and the consumer goes on to pay it with Stripe; the confirmation
e-mail follows the payment, not the placement.
"""

import logging

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import mixins

from delivery.actions import (
    SlotUnavailable,
    confirm_reservation,
    release_expired_hold,
)
from delivery.checkout import PICKUP_METHODS, held_reservations, order_fulfilment
from delivery.models import Slot
from shop.apps.partner.stock import StockUnavailable
from vendors.promotions.actions import (
    PromotionUnavailable,
    claim_promotions,
    stop_offer,
)

logger = logging.getLogger("oscar.checkout")

# The orders this session placed to pay online (a guest has no account).
ORDERS_TO_PAY_SESSION_KEY = "checkout_orders_to_pay"


def remember_order_to_pay(request, order):
    """Let this session open the payment page of ``order``."""
    ids = request.session.get(ORDERS_TO_PAY_SESSION_KEY, [])
    if order.pk not in ids:
        request.session[ORDERS_TO_PAY_SESSION_KEY] = [*ids, order.pk]


def may_pay(request, order):
    """True for the order's owner, or for the guest session that placed it."""
    if order.user_id is not None:
        return request.user.is_authenticated and request.user.pk == order.user_id
    return order.pk in request.session.get(ORDERS_TO_PAY_SESSION_KEY, [])


class PickupSlotFull(Exception):
    """A chosen slot could not be booked when the order was placed."""

    def __init__(self, vendor, reason):
        super().__init__(str(reason))
        self.vendor = vendor
        self.reason = reason


class OrderPlacementMixin(mixins.OrderPlacementMixin):
    # Set by ``handle_payment`` when the consumer pays online, with Stripe.
    pays_online = False

    def handle_order_placement(
        self,
        order_number,
        user,
        basket,
        shipping_address,
        shipping_method,
        shipping_charge,
        billing_address,
        order_total,
        surcharges=None,
        **kwargs,
    ):
        choices = self.checkout_session.get_fulfilment()
        try:
            with transaction.atomic():
                order = self.place_order(
                    order_number=order_number,
                    user=user,
                    basket=basket,
                    shipping_address=shipping_address,
                    shipping_method=shipping_method,
                    shipping_charge=shipping_charge,
                    order_total=order_total,
                    billing_address=billing_address,
                    surcharges=surcharges,
                    awaiting_payment=self.pays_online,
                    fulfilment={
                        vendor_id: (choice["method"], choice["cost"])
                        for vendor_id, choice in choices.items()
                    },
                    **kwargs,
                )
                # Budget caps and limits per customer, under their locks.
                claim_promotions(order)
                self.confirm_pickups(order, basket, choices)
        except StockUnavailable as exc:
            return self.handle_stock_unavailable(order_number, exc)
        except PromotionUnavailable as exc:
            return self.handle_promotion_unavailable(order_number, exc)
        except PickupSlotFull as exc:
            return self.handle_pickup_slot_full(order_number, basket, exc)
        basket.submit()
        return self.handle_successful_order(order)

    def handle_stock_unavailable(self, order_number, exc):
        logger.info(
            "Order #%s: not placed, “%s” has %s left",
            order_number,
            exc.title,
            exc.available,
        )
        # The basket stays as it is, with its slot holds: lowering the
        # quantity is all it takes to place the order.
        self.restore_frozen_basket(release_holds=False)
        return self.placement_refused(str(exc), reverse("basket:summary"))

    def handle_promotion_unavailable(self, order_number, exc):
        logger.info(
            "Order #%s: not placed, offer %s unavailable (%s)",
            order_number,
            exc.offer.pk,
            exc.message,
        )
        if exc.budget_spent:
            # What is left cannot cover this basket: the offer stops here.
            stop_offer(exc.offer.pk)
        self.restore_frozen_basket(release_holds=False)
        return self.placement_refused(str(exc.message), reverse("basket:summary"))

    def handle_successful_order(self, order):
        if not self.pays_online:
            return super().handle_successful_order(order)
        # Placed, not paid: on to Stripe. The confirmation e-mail goes when
        # Stripe confirms the payment (``payment.actions.on_order_paid``).
        self.checkout_session.flush()
        remember_order_to_pay(self.request, order)
        response = HttpResponseRedirect(
            reverse("checkout:pay", kwargs={"number": order.number})
        )
        self.send_signal(self.request, response, order)
        return response

    def confirm_pickups(self, order, basket, choices):
        """Book the chosen slot of every pickup, with its pickup code.

        Uses the basket's holds when still live, else takes a place now;
        raises ``PickupSlotFull`` when a slot cannot be booked any more.
        """
        # A hold whose time is up but not yet swept would count twice.
        now = timezone.now()
        for reservation in held_reservations(basket.id).filter(hold_expires_at__lt=now):
            release_expired_hold(reservation.pk, now)
        slots = Slot.objects.select_related("point").in_bulk(
            [c["slot_id"] for c in choices.values() if c["method"] in PICKUP_METHODS]
        )
        pickups = [
            (vendor_order, choices[vendor_order.vendor_id])
            for vendor_order in order.vendor_orders.select_related("vendor")
            if vendor_order.vendor_id in choices
            and choices[vendor_order.vendor_id]["method"] in PICKUP_METHODS
        ]
        # Slots in id order, as every checkout takes them: no deadlock.
        for vendor_order, choice in sorted(pickups, key=lambda p: p[1]["slot_id"]):
            try:
                confirm_reservation(
                    slots[choice["slot_id"]],
                    vendor_order.vendor,
                    vendor_order,
                    basket_id=basket.id,
                )
            except SlotUnavailable as exc:
                raise PickupSlotFull(vendor_order.vendor, exc) from None

    def handle_pickup_slot_full(self, order_number, basket, exc):
        logger.info(
            "Order #%s: not placed, pickup slot of %s unavailable (%s)",
            order_number,
            exc.vendor.pk,
            exc.reason,
        )
        self.restore_frozen_basket(release_holds=False)
        self.checkout_session.unset_fulfilment(exc.vendor.pk)
        return self.placement_refused(
            _("%(vendor)s: %(reason)s") % {"vendor": exc.vendor, "reason": exc.reason},
            reverse("checkout:fulfilment"),
        )

    def placement_refused(self, message, url):
        """The order was not placed: say why, and send the consumer to ``url``
        (the API's checkout answers a 409 with the message instead)."""
        messages.error(self.request, message)
        return HttpResponseRedirect(url)

    def restore_frozen_basket(self, release_holds=True):
        # A failed payment gives back the places held for the basket; the
        # consumer's choices stay, and are booked again if still free.
        super().restore_frozen_basket()
        basket_id = self.checkout_session.get_submitted_basket_id()
        if release_holds and basket_id:
            self.release_fulfilment_holds(basket_id)

    def get_message_context(self, order):
        ctx = super().get_message_context(order)
        ctx["fulfilment_parts"] = order_fulfilment(order, qr="png")
        return ctx
