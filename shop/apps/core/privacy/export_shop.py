"""The shop an artisan runs, in their data export: its particulars, products,
orders (with what the artisan has of each customer to fulfil them), payouts
and uploaded files. Read through ``vendors.scoping`` only."""

import posixpath

from django.db.models import Prefetch
from oscar.core.loading import get_model

from delivery.models import VendorFulfilment
from shop.apps.payment.fetch import connected_account_of, payout_ledger, vendor_ledger
from vendors.models import VendorOrderEvent
from vendors.scoping import (
    images_of,
    products_sold_by,
    stockrecords_of,
    vendor_orders_of,
)

from .export_rows import address_row, fields_of, part_row

Line = get_model("order", "Line")
ProductImage = get_model("catalogue", "ProductImage")

SHOP_FIELDS = (
    "slug",
    "metier",
    "description",
    "story",
    "legal_name",
    "legal_form",
    "siret",
    "vat_number",
    "vat_regime",
    "address",
    "postcode",
    "commune",
    "latitude",
    "longitude",
    "phone",
    "email",
    "opening_hours",
    "labels",
    "status",
    "vacation_mode",
    "vacation_message",
    "commission_rate",
    "created_at",
)


def shop_data(vendor):
    row = {"name": vendor.name, **fields_of(vendor, SHOP_FIELDS)}
    row["logo"] = vendor.logo.name or None
    row["banner"] = vendor.banner.name or None
    try:
        fulfilment = vendor.fulfilment
    except VendorFulfilment.DoesNotExist:
        row["fulfilment"] = None
    else:
        row["fulfilment"] = {
            **fields_of(
                fulfilment,
                (
                    "delivers",
                    "delivery_flat_rate",
                    "delivery_rate_per_kg",
                    "free_delivery_above",
                    "workshop_pickup",
                    "preparation_hours",
                    "accepts_pay_at_pickup",
                ),
            ),
            "points": [point.name for point in fulfilment.points.order_by("name")],
        }
    account = connected_account_of(vendor)
    row["stripe_account"] = (
        None
        if account is None
        else fields_of(
            account,
            ("account_id", "charges_enabled", "payouts_enabled", "details_submitted"),
        )
    )
    row["team"] = [
        fields_of(member, ("email", "first_name", "last_name"))
        for member in vendor.partner.users.order_by("pk")
    ]
    return row


def shop_products(vendor):
    stock = {record.product_id: record for record in stockrecords_of(vendor)}
    products = (
        products_sold_by(vendor)
        .distinct()
        .prefetch_related(
            "categories",
            Prefetch(
                "images",
                queryset=ProductImage._default_manager.order_by("display_order", "pk"),
            ),
        )
        .order_by("pk")
    )
    rows = []
    for product in products:
        record = stock.get(product.pk)
        rows.append(
            {
                "id": product.pk,
                "title": product.title,
                "upc": product.upc,
                "description": product.description,
                "is_public": product.is_public,
                "categories": [
                    category.full_name for category in product.categories.all()
                ],
                "images": [image.original.name for image in product.images.all()],
                "sku": record.partner_sku if record else None,
                "price_incl_tax": record.price if record else None,
                "num_in_stock": record.num_in_stock if record else None,
                "num_allocated": record.num_allocated if record else None,
                "date_created": product.date_created,
            }
        )
    return rows


def _customer(order, vendor_order):
    """What the artisan has of their customer to fulfil the part, as the back
    office shows it: the name, the e-mail, and the address of a delivery."""
    address = order.shipping_address
    user = order.user
    if address is not None:
        name = address.name
    elif user is not None:
        name = user.get_full_name() or user.email
    else:
        name = ""
    return {
        "name": name,
        "email": order.email,
        "delivery_address": (
            address_row(address, ("phone_number", "notes"))
            if not vendor_order.is_pickup
            else None
        ),
    }


def shop_orders(vendor):
    parts = (
        vendor_orders_of(vendor)
        .select_related(
            "order__shipping_address",
            "order__user",
            "vendor__partner",
            "reservation__slot__point",
            "pickup_collection",
        )
        .prefetch_related(
            "refunds",
            Prefetch("events", queryset=VendorOrderEvent.objects.order_by("pk")),
            Prefetch(
                "order__lines",
                queryset=Line._default_manager.filter(
                    partner_id=vendor.partner_id
                ).order_by("pk"),
            ),
        )
        .order_by("created_at", "pk")
    )
    rows = []
    for part in parts:
        row = part_row(part, part.order.lines.all())
        row.update(
            order=part.order.number,
            commission_rate=part.commission_rate,
            commission=part.commission_amount,
            net_amount=part.net_amount,
            customer=_customer(part.order, part),
        )
        rows.append(row)
    return rows


def shop_payouts(vendor):
    ledger = payout_ledger(vendor_ledger(vendor))
    return {
        "rows": [
            {
                "part": row.vendor_order.number,
                "total_incl_tax": row.vendor_order.total_incl_tax,
                "commission": row.vendor_order.commission_amount,
                "net_amount": row.vendor_order.net_amount,
                "refunded": row.refunded,
                "transferred": row.transferred,
                "reversed": row.reversed,
                "transfer_status": row.transfer_status,
            }
            for row in ledger.rows
        ],
        "totals": ledger.totals,
    }


def shop_files(vendor):
    """(stored file, name in the archive) of what the shop uploaded."""
    files = []
    for field_file, label in ((vendor.logo, "logo"), (vendor.banner, "banner")):
        if field_file:
            files.append(
                (
                    field_file,
                    f"files/shop/{label}-{posixpath.basename(field_file.name)}",
                )
            )
    images = images_of(vendor).distinct().order_by("product_id", "display_order", "pk")
    for image in images:
        if image.original:
            name = posixpath.basename(image.original.name)
            files.append((image.original, f"files/products/{image.product_id}/{name}"))
    return files
