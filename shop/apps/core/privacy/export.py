"""Everything the marketplace holds about one person, as a zip of JSON files.

The archive is built in the request (see ``write_archive``): a person's own
records are a few queries, whatever their number, and the files (a shop's
logo, banner and product images, 2 MB each at most) are copied from storage
one at a time into a temporary file that spills to disk, so memory stays
bounded. Only the signed-in person's records are read: their account's rows,
and the shop they run through ``vendors.scoping``.
"""

import json
import logging
import zipfile

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from oscar.core.loading import get_model

from shop.apps.payment.models import PaymentIntentRecord
from vendors.models import VendorApplication
from vendors.scoping import vendor_for_user

from .export_rows import (
    ExportEncoder,
    address_row,
    fields_of,
    line_row,
    part_row,
    parts_prefetch,
)
from .export_shop import (
    shop_data,
    shop_files,
    shop_orders,
    shop_payouts,
    shop_products,
)

Order = get_model("order", "Order")
Line = get_model("order", "Line")
UserAddress = get_model("address", "UserAddress")
Basket = get_model("basket", "Basket")
ProductReview = get_model("reviews", "ProductReview")
WishList = get_model("wishlists", "WishList")
ProductAlert = get_model("customer", "ProductAlert")
Notification = get_model("communication", "Notification")
Email = get_model("communication", "Email")

logger = logging.getLogger(__name__)
CHUNK_BYTES = 64 * 1024

# The person
# ------------------------------------------------------------------------------


def account_data(user):
    return fields_of(
        user, ("email", "first_name", "last_name", "date_joined", "last_login")
    )


def address_book(user):
    return [
        {
            **address_row(address, ("phone_number", "notes")),
            "is_default_for_shipping": address.is_default_for_shipping,
            "is_default_for_billing": address.is_default_for_billing,
            "date_created": address.date_created,
        }
        for address in UserAddress._default_manager.filter(user=user).order_by("pk")
    ]


def orders_of(user):
    """The person's orders with their lines, artisans' parts and payments."""
    orders = (
        Order._default_manager.filter(user=user)
        .select_related("user", "shipping_address", "billing_address")
        .prefetch_related(
            Prefetch("lines", queryset=Line._default_manager.order_by("pk")),
            "sources__source_type",
            Prefetch(
                "payment_intents", queryset=PaymentIntentRecord.objects.order_by("pk")
            ),
            parts_prefetch(),
        )
        .order_by("date_placed", "pk")
    )
    rows = []
    for order in orders:
        lines = list(order.lines.all())
        rows.append(
            {
                "number": order.number,
                "placed": order.date_placed,
                "status": order.status,
                "email": order.email,
                "currency": order.currency,
                "total_incl_tax": order.total_incl_tax,
                "total_excl_tax": order.total_excl_tax,
                "shipping_incl_tax": order.shipping_incl_tax,
                "shipping_address": address_row(
                    order.shipping_address, ("phone_number", "notes")
                ),
                "billing_address": address_row(order.billing_address),
                "lines": [line_row(line) for line in lines],
                "parts": [
                    part_row(
                        part,
                        [
                            line
                            for line in lines
                            if line.partner_id == part.vendor.partner_id
                        ],
                    )
                    for part in order.vendor_orders.all()
                ],
                "payments": [
                    {
                        "kind": source.source_type.name,
                        "reference": source.reference,
                        "allocated": source.amount_allocated,
                        "debited": source.amount_debited,
                        "refunded": source.amount_refunded,
                    }
                    for source in order.sources.all()
                ],
                "online_payments": [
                    {
                        "stripe_payment": record.intent_id,
                        "amount": record.amount,
                        "currency": record.currency,
                        "status": record.status,
                        "paid_at": record.paid_at,
                        "refunded_cents": record.amount_refunded_cents,
                    }
                    for record in order.payment_intents.all()
                ],
            }
        )
    return rows


def reviews_of(user):
    return [
        {
            "product": review.product.title if review.product else None,
            "score": review.score,
            "title": review.title,
            "body": review.body,
            "status": review.status,
            "date_created": review.date_created,
        }
        for review in ProductReview._default_manager.filter(user=user)
        .select_related("product")
        .order_by("pk")
    ]


def wishlists_of(user):
    return [
        {
            "name": wishlist.name,
            "visibility": wishlist.visibility,
            "date_created": wishlist.date_created,
            "products": [
                {"product": line.get_title(), "quantity": line.quantity}
                for line in wishlist.lines.all()
            ],
        }
        for wishlist in WishList._default_manager.filter(owner=user)
        .prefetch_related("lines__product")
        .order_by("pk")
    ]


def baskets_of(user):
    return [
        {
            "status": basket.status,
            "date_created": basket.date_created,
            "date_submitted": basket.date_submitted,
            "lines": [
                {
                    "product": line.product.get_title(),
                    "quantity": line.quantity,
                    "price_incl_tax": line.price_incl_tax,
                    "date_created": line.date_created,
                }
                for line in basket.lines.all()
            ],
        }
        for basket in Basket._default_manager.filter(owner=user)
        .prefetch_related("lines__product")
        .order_by("pk")
    ]


def alerts_of(user):
    alerts = ProductAlert._default_manager.filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    )
    return [
        {
            "product": alert.product.get_title(),
            "email": alert.email or user.email,
            "status": alert.status,
            "date_created": alert.date_created,
        }
        for alert in alerts.select_related("product").order_by("pk")
    ]


def notifications_of(user):
    return {
        "notifications": [
            fields_of(notification, ("subject", "body", "date_sent", "date_read"))
            for notification in Notification._default_manager.filter(
                recipient=user
            ).order_by("pk")
        ],
        "emails": [
            fields_of(email, ("email", "subject", "body_text", "date_sent"))
            for email in Email._default_manager.filter(user=user).order_by("pk")
        ],
    }


def applications_of(user):
    return [
        fields_of(
            application,
            (
                "company_name",
                "siret",
                "legal_form",
                "vat_number",
                "metier",
                "contact_name",
                "phone",
                "email",
                "address",
                "postcode",
                "commune",
                "pitch",
                "status",
                "rejection_reason",
                "created_at",
                "reviewed_at",
            ),
        )
        for application in VendorApplication.objects.filter(user=user).order_by("pk")
    ]


# The archive
# ------------------------------------------------------------------------------


def personal_data(user):
    """``{file name: data}`` of everything held about ``user``."""
    data = {
        "account.json": account_data(user),
        "addresses.json": address_book(user),
        "orders.json": orders_of(user),
        "reviews.json": reviews_of(user),
        "wishlists.json": wishlists_of(user),
        "baskets.json": baskets_of(user),
        "alerts.json": alerts_of(user),
        "notifications.json": notifications_of(user),
        "applications.json": applications_of(user),
    }
    vendor = vendor_for_user(user)
    if vendor is not None:
        data.update(
            {
                "shop/shop.json": shop_data(vendor),
                "shop/products.json": shop_products(vendor),
                "shop/orders.json": shop_orders(vendor),
                "shop/payouts.json": shop_payouts(vendor),
            }
        )
    return data, vendor


def archive_name():
    return f"mes-donnees-{timezone.localdate():%Y-%m-%d}.zip"


def write_archive(user, stream):
    """Write the zip of ``user``'s data to the binary ``stream``."""
    data, vendor = personal_data(user)
    copied, missing = [], []
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for field_file, name in shop_files(vendor) if vendor is not None else []:
            try:
                _copy_file(archive, field_file, name)
            except OSError:
                # Said in about.json too: the person knows what is not there.
                logger.exception(
                    "file %s of shop %s could not be read for its data export",
                    field_file.name,
                    vendor.pk,
                )
                missing.append(field_file.name)
            else:
                copied.append(name)
        data["about.json"] = {
            "generated_at": timezone.now(),
            "site": settings.OSCAR_SHOP_NAME,
            "account": user.email,
            "files": sorted([*data, *copied]),
            "files_not_found": missing,
        }
        for name, content in sorted(data.items()):
            archive.writestr(
                name,
                json.dumps(content, cls=ExportEncoder, ensure_ascii=False, indent=2),
            )
    return data


def _copy_file(archive, field_file, name):
    """Copy a stored file into ``archive`` by chunks (images are stored as
    they are: they are compressed already)."""
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    with field_file.open("rb") as source, archive.open(info, "w") as target:
        for chunk in iter(lambda: source.read(CHUNK_BYTES), b""):
            target.write(chunk)
