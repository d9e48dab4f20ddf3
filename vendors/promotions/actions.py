"""Writes on promotions: their funding, the use of their budget at placement,
and the artisan's own shop promotions."""

from decimal import Decimal as D

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from shop.apps.core import pagecache
from vendors.models import OrderStatus, Vendor
from vendors.scoping import products_sold_by

from .models import FunderKind, OfferFunding

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
Voucher = get_model("voucher", "Voucher")
OrderDiscount = get_model("order", "OrderDiscount")
Order = get_model("order", "Order")


class PromotionUnavailable(Exception):
    """An offer of the basket can no longer be given: its budget is spent, or
    the customer has used it as often as allowed. Nothing is placed."""

    def __init__(self, offer, message, budget_spent=False):
        super().__init__(str(message))
        self.offer = offer
        self.message = message
        self.budget_spent = budget_spent


def given_so_far(offer_id, exclude_order=None):
    """What ``offer_id`` gave on the orders placed with it (Oscar's records)."""
    discounts = OrderDiscount.objects.filter(offer_id=offer_id).exclude(
        category=OrderDiscount.DEFERRED
    )
    if exclude_order is not None:
        discounts = discounts.exclude(order=exclude_order)
    return discounts.aggregate(total=Sum("amount"))["total"] or D("0.00")


def customer_uses(offer_id, order):
    """How many earlier orders of ``order``'s customer used ``offer_id``.

    The customer is the account, or for a guest the e-mail address; orders
    cancelled as a whole do not count.
    """
    if order.user_id is not None:
        theirs = Q(user_id=order.user_id)
    elif order.guest_email:
        theirs = Q(user__isnull=True, guest_email__iexact=order.guest_email)
    else:
        return 0
    return (
        Order.objects.filter(theirs, discounts__offer_id=offer_id)
        .exclude(pk=order.pk)
        .exclude(status=OrderStatus.CANCELLED)
        .distinct()
        .count()
    )


def claim_promotions(order):
    """Take ``order``'s discounts from its offers' budgets, or refuse it.

    Call in the placement transaction, after the order is written (Oscar's
    ``OrderDiscount`` rows say what each offer gave). The capped offers'
    funding rows are locked in primary-key order, as every checkout takes
    them, so concurrent checkouts see each other's use and cannot deadlock.
    Raises ``PromotionUnavailable`` (the caller rolls the order back) when an
    offer's remaining budget does not cover this order's discount, or the
    customer reached the offer's limit.
    """
    amounts = {}
    for discount in order.discounts.exclude(category=OrderDiscount.DEFERRED):
        if discount.offer_id is not None:
            amounts[discount.offer_id] = (
                amounts.get(discount.offer_id, D("0.00")) + discount.amount
            )
    if not amounts:
        return []
    fundings = list(
        OfferFunding.objects.select_for_update()
        .filter(offer_id__in=amounts)
        .filter(Q(budget__isnull=False) | Q(per_customer_limit__isnull=False))
        .select_related("offer")
        .order_by("pk")
    )
    for funding in fundings:
        offer = funding.offer
        if funding.per_customer_limit is not None and (
            customer_uses(offer.pk, order) >= funding.per_customer_limit
        ):
            raise PromotionUnavailable(
                offer,
                _(
                    "You have already used the offer “%(offer)s” as many times "
                    "as it allows: your basket was recalculated without it."
                )
                % {"offer": offer.name},
            )
        amount = amounts[offer.pk]
        if funding.budget is not None and funding.spent + amount > funding.budget:
            raise PromotionUnavailable(
                offer,
                _(
                    "The offer “%(offer)s” has run out: your basket was "
                    "recalculated without it."
                )
                % {"offer": offer.name},
                budget_spent=True,
            )
        funding.spent += amount
        funding.save(update_fields=["spent", "updated_at"])
        sync_oscar_offer(funding)
    return fundings


def sync_oscar_offer(funding):
    """Keep Oscar's own trackers of the offer in step with its funding.

    Oscar stops applying an offer whose ``total_discount`` reached its
    ``max_discount`` (site and voucher offers alike), or that a signed-in
    customer used ``max_user_applications`` times, and lists only "open"
    site offers: the budget cap, once spent, stops the offer there too.
    Written with ``update`` so that Oscar's ``save`` (which recomputes the
    status from stale figures) does not undo it.
    """
    fields = {}
    if funding.per_customer_limit is not None:
        # Oscar then stops applying it to a signed-in customer at their limit.
        fields["max_user_applications"] = funding.per_customer_limit
    if funding.budget is not None:
        fields.update(max_discount=funding.budget, total_discount=funding.spent)
    if not fields:
        return
    if funding.is_spent and funding.offer.status != ConditionalOffer.SUSPENDED:
        fields["status"] = ConditionalOffer.CONSUMED
    ConditionalOffer.objects.filter(pk=funding.offer_id).update(**fields)
    pagecache.changed()


def stop_offer(offer_id):
    """Stop offering ``offer_id`` (its budget cannot cover a basket any more).

    Called after a refused placement, outside its rolled-back transaction.
    """
    ConditionalOffer.objects.filter(pk=offer_id).exclude(
        status=ConditionalOffer.SUSPENDED
    ).update(status=ConditionalOffer.CONSUMED)


@transaction.atomic
def save_funding(offer, *, kind, funder=None, vendor=None, budget=None, limit=None):
    """Set who funds ``offer``, its budget cap and its limit per customer.

    A budget set on an offer already in use starts from what it gave so far.
    """
    funding, _created = OfferFunding.objects.select_for_update().get_or_create(
        offer=offer
    )
    if budget is not None and funding.budget is None:
        funding.spent = given_so_far(offer.pk)
    funding.kind = kind
    funding.funder = funder if kind == FunderKind.TERRITORY else None
    funding.vendor = vendor if kind == FunderKind.ARTISAN else None
    funding.budget = budget
    funding.per_customer_limit = limit
    funding.full_clean()
    funding.save()
    funding.offer = offer
    sync_oscar_offer(funding)
    # Oscar's save sets the offer's status from its figures: open again when
    # a raised budget leaves something to give.
    ConditionalOffer.objects.get(pk=offer.pk).save()
    return funding


# The artisan's own promotions
# ------------------------------------------------------------------------------


def shop_offers_of(vendor):
    """The offers an artisan funds for their own shop, newest first."""
    return (
        ConditionalOffer.objects.filter(
            funding__kind=FunderKind.ARTISAN, funding__vendor=vendor
        )
        .select_related("benefit", "funding")
        .prefetch_related("vouchers")
        .order_by("-date_created", "-pk")
    )


def _shop_range(vendor, name):
    """A range of the shop's products (a new product joins it when stocked)."""
    product_range = Range.objects.create(
        name=_unique_name(Range, f"{vendor} · {name}"), includes_all_products=False
    )
    for product in products_sold_by(vendor).distinct():
        product_range.add_product(product)
    return product_range


def _unique_name(model, name, max_length=128):
    name = name[:max_length]
    candidate, rank = name, 1
    while model._default_manager.filter(name=candidate).exists():
        rank += 1
        suffix = f" ({rank})"
        candidate = name[: max_length - len(suffix)] + suffix
    return candidate


@transaction.atomic
def create_shop_promotion(vendor, *, name, percent, start, end, code=""):
    """An artisan's "``percent`` % off my shop from ``start`` to ``end``".

    Funded by the artisan (their sale is lowered), on their products only.
    With ``code``, customers type it as a voucher; otherwise it applies to
    every basket holding the shop's products.
    """
    product_range = _shop_range(vendor, name)
    condition = Condition.objects.create(
        range=product_range, type=Condition.COUNT, value=1
    )
    benefit = Benefit.objects.create(
        range=product_range, type=Benefit.PERCENTAGE, value=percent
    )
    offer = ConditionalOffer.objects.create(
        name=_unique_name(ConditionalOffer, f"{name} · {vendor}"),
        offer_type=(ConditionalOffer.VOUCHER if code else ConditionalOffer.SITE),
        condition=condition,
        benefit=benefit,
        start_datetime=start,
        end_datetime=end,
        max_basket_applications=1,
    )
    if code:
        voucher = Voucher.objects.create(
            name=_unique_name(Voucher, offer.name),
            code=code,
            usage=Voucher.MULTI_USE,
            start_datetime=start,
            end_datetime=end,
        )
        voucher.offers.add(offer)
    OfferFunding.objects.create(offer=offer, kind=FunderKind.ARTISAN, vendor=vendor)
    return offer


@transaction.atomic
def update_shop_promotion(offer, *, percent, start, end):
    """Change an artisan's promotion: its rate and its dates (and its code's)."""
    Benefit.objects.filter(pk=offer.benefit_id).update(value=percent)
    pagecache.changed()
    offer.start_datetime = start
    offer.end_datetime = end
    offer.save()
    offer.vouchers.update(start_datetime=start, end_datetime=end)
    return offer


@transaction.atomic
def end_shop_promotion(offer, now=None):
    """End an artisan's promotion now: no basket gets it any more."""
    now = now or timezone.now()
    if offer.start_datetime and offer.start_datetime > now:
        offer.start_datetime = now
    offer.end_datetime = now
    offer.save()
    offer.vouchers.update(end_datetime=now)
    return offer


def add_to_shop_promotions(stockrecord):
    """Put a product an artisan now stocks in their shop promotions' ranges."""
    vendor_id = Vendor.objects.filter(partner_id=stockrecord.partner_id).values_list(
        "pk", flat=True
    )
    ranges = Range.objects.filter(
        condition__offers__funding__kind=FunderKind.ARTISAN,
        condition__offers__funding__vendor_id__in=vendor_id,
    ).distinct()
    for product_range in ranges:
        product_range.add_product(stockrecord.product)
