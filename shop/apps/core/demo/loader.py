"""Writing the demo data: artisans, catalogue, accounts, home page, and the
demo consumer's orders (``orders.py``).

Every row is looked up by its natural key before it is created, and nothing
that is already there is modified, so a second load writes nothing (and
leaves alone whatever people changed in the demo since).
"""

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal as D

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from wagtail.rich_text import RichText

from cms.setup import ensure_home_page, ensure_legal_pages, ensure_legal_settings
from delivery.actions import generate_slots
from delivery.models import (
    PickupPoint,
    PickupPointKind,
    VendorFulfilment,
    WeeklySchedule,
)
from vendors.models import LegalForm, Vendor
from vendors.validators import luhn_is_valid

from . import data
from .images import banner_image_jpeg, product_image_jpeg
from .orders import load_orders

ConditionalOffer = get_model("offer", "ConditionalOffer")
Country = get_model("address", "Country")
# The name of the demo staff's authenticator app (``manage.py demo_otp_code``).
DEMO_AUTHENTICATOR_NAME = "demo"
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

LOW_STOCK_THRESHOLD = 3
SLOT_DAYS = 21
IMAGE_FOLDER = "images/products/demo"
BANNER_FOLDER = "vendors/banners/demo"


@dataclass
class LoadReport:
    """How many rows of each kind were created, and how many were already there."""

    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)

    def count(self, kind, created):
        (self.created if created else self.present)[kind] += 1

    @property
    def kinds(self):
        return list(dict.fromkeys([*self.created, *self.present]))

    @property
    def anything_created(self):
        return any(self.created.values())


@transaction.atomic
def load_demo():
    """Load the whole demo in one transaction and return a ``LoadReport``."""
    report = LoadReport()
    load_country(report)
    load_communes(report)
    categories = load_categories(report)
    product_class = load_product_class(report)
    partners = load_artisans(report)
    load_products(report, partners, product_class, categories)
    load_accounts(report, partners)
    load_reviews(report)
    load_pickups(report)
    link_towns(report)
    load_home_page(report)
    # Before the orders: the demo consumer's first order uses the Métropole's
    # campaign and the savonnerie's own promotion.
    load_promotions(report)
    load_orders(report)
    load_editorial(report)
    return report


def load_editorial(report):
    """The chamber's editorial content: contact and partners, territories,
    news and events, apprenticeship offers, campaigns and portraits."""
    from cms.apprenticeship.demo import load_demo_apprenticeship
    from cms.campaigns.demo import load_demo_campaigns
    from cms.demo import load_demo_blocks
    from cms.news.demo import load_demo_news
    from cms.resources.demo import load_demo_resources
    from cms.territories.demo import load_demo_territories

    load_demo_blocks(report)
    load_demo_territories(report)
    load_demo_news(report)
    load_demo_apprenticeship(report)
    load_demo_resources(report)
    load_demo_campaigns(report)


def load_communes(report):
    """The official communes of France (a few seconds; nothing when loaded)."""
    from shop.apps.geo.load import load_communes as load_all

    counts = load_all()
    if counts.created:
        report.created["communes"] += counts.created
    else:
        report.count("communes", False)


def link_towns(report):
    """Each demo artisan and pickup point to its commune in the official list
    (by postcode and name, else by name)."""
    from shop.apps.geo.lookup import candidates, normalise

    for model in (Vendor, PickupPoint):
        for row in model.objects.filter(town=None):
            found = [
                c
                for c in candidates(row.postcode)
                if normalise(c.name).startswith(normalise(row.commune))
            ] or candidates(row.commune)
            if found:
                row.town = found[0]
                row.save(update_fields=["town"])
                report.count("towns linked", True)


def load_promotions(report):
    """The Métropole's funded campaign and one artisan's own promotion."""
    from vendors.promotions.demo import load_demo_promotions

    before = ConditionalOffer._default_manager.count()
    load_demo_promotions()
    created = ConditionalOffer._default_manager.count() - before
    for _ in range(created):
        report.count("promotions", True)
    if not created:
        report.count("promotions", False)


def load_country(report):
    """France, the shipping country the checkout offers."""
    values = dict(data.COUNTRY)
    _, created = Country._default_manager.get_or_create(
        iso_3166_1_a2=values.pop("iso_3166_1_a2"), defaults=values
    )
    report.count("countries", created)


def load_categories(report):
    """Return the demo's categories by breadcrumb, creating the missing ones."""
    categories = {}
    for breadcrumbs in data.CATEGORIES:
        names = [name.strip() for name in breadcrumbs.split(">")]
        # create_from_breadcrumbs creates missing ancestors too; count only the
        # leaf, whose presence is checked the same way Oscar looks it up.
        existed = _category_exists(names)
        categories[breadcrumbs] = create_from_breadcrumbs(breadcrumbs)
        report.count("categories", not existed)
    return categories


def _category_exists(names):
    parent = Category._default_manager.filter(depth=1, name=names[0]).first()
    for name in names[1:]:
        if parent is None:
            return False
        parent = parent.get_children().filter(name=name).first()
    return parent is not None


def load_product_class(report):
    """The one product class of handmade goods: stock tracked, shipped."""
    values = dict(data.PRODUCT_CLASS)
    product_class, created = ProductClass._default_manager.get_or_create(
        name=values.pop("name"), defaults=values
    )
    report.count("product classes", created)
    return product_class


def load_artisans(report):
    """Return the artisans' partners by code, with their vendors."""
    partners = {}
    for artisan in data.ARTISANS:
        partner, created = Partner._default_manager.get_or_create(
            code=artisan["code"], defaults={"name": artisan["name"]}
        )
        report.count("partners", created)
        vendor, created = Vendor.objects.get_or_create(
            partner=partner, defaults=vendor_fields(artisan)
        )
        report.count("vendors", created)
        load_banner(report, vendor, artisan)
        partners[artisan["code"]] = partner
    return partners


def load_banner(report, vendor, artisan):
    """The workshop banner drawn for a demo shop that has none; as with the
    products' pictures, a file already drawn is reused."""
    if vendor.banner:
        report.count("shop banners", False)
        return
    path = f"{BANNER_FOLDER}/{artisan['code'].lower()}.jpg"
    if not default_storage.exists(path):
        image = banner_image_jpeg(artisan["name"], artisan["metier"])
        path = default_storage.save(path, ContentFile(image))
    vendor.banner.name = path
    vendor.save(update_fields=["banner"])
    report.count("shop banners", True)


def demo_siret(code):
    """A stable, valid (Luhn) SIRET for a demo shop, derived from its code."""
    seed = int(hashlib.sha256(code.encode()).hexdigest(), 16)
    body = f"{seed % 10**13:013d}"
    check = next(d for d in "0123456789" if luhn_is_valid(body + d))
    return body + check


def vendor_fields(artisan):
    """Everything a demo shop's storefront shows."""
    postcode, latitude, longitude = data.COMMUNES[artisan["commune"]]
    vat_regime, labels = data.SHOP_DETAILS[artisan["code"]]
    return {
        "slug": artisan["code"],
        "metier": artisan["metier"],
        "commune": artisan["commune"],
        "description": artisan["description"].split(". ")[0].rstrip(".") + ".",
        "story": f"<p>{artisan['description']}</p>",
        "siret": demo_siret(artisan["code"]),
        "legal_form": LegalForm.EI,
        "vat_regime": vat_regime,
        "labels": labels,
        "address": f"{len(artisan['code']) % 40 + 1} rue des Artisans",
        "postcode": postcode,
        "latitude": latitude,
        "longitude": longitude,
        "phone": f"04 90 {len(artisan['name']) % 90 + 10:02d} 12 34",
        "email": f"contact@{artisan['code']}.example.fr",
        "opening_hours": data.OPENING_HOURS,
    }


def load_products(report, partners, product_class, categories):
    """Each artisan's products, with category, stock record and picture.

    Products are created round-robin across artisans so that "the latest
    products" on the home page show several workshops, not just the last one.
    """
    existing_images = set(
        ProductImage._default_manager.filter(code__isnull=False).values_list(
            "code", flat=True
        )
    )
    longest = max(len(artisan["products"]) for artisan in data.ARTISANS)
    for position in range(longest):
        for artisan in data.ARTISANS:
            if position < len(artisan["products"]):
                load_product(
                    report,
                    artisan,
                    position,
                    partner=partners[artisan["code"]],
                    product_class=product_class,
                    category=categories[artisan["category"]],
                    existing_images=existing_images,
                )


def load_product(
    report, artisan, position, *, partner, product_class, category, existing_images
):
    title, price, num_in_stock, description = artisan["products"][position]
    upc = f"{artisan['sku_prefix']}-{position + 1:03d}"

    product, created = Product._default_manager.get_or_create(
        upc=upc,
        defaults={
            "title": title,
            "description": description,
            "product_class": product_class,
            "structure": Product.STANDALONE,
            "is_public": True,
        },
    )
    report.count("products", created)

    ProductCategory._default_manager.get_or_create(product=product, category=category)

    _, created = StockRecord._default_manager.get_or_create(
        partner=partner,
        partner_sku=upc,
        defaults={
            "product": product,
            "price": price,
            "price_currency": "EUR",
            "num_in_stock": num_in_stock,
            "low_stock_threshold": LOW_STOCK_THRESHOLD,
        },
    )
    report.count("stock records", created)

    # The image is keyed by the UPC; an image that is there is never redrawn.
    if upc in existing_images:
        report.count("product images", False)
        return
    # A fixed file name, rather than Oscar's dated upload path, lets a reload
    # (after a failed run or on a fresh database) reuse the file it drew.
    path = f"{IMAGE_FOLDER}/{upc.lower()}.jpg"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(product_image_jpeg(title)))
    ProductImage._default_manager.create(
        product=product, code=upc, caption=title, display_order=0, original=path
    )
    report.count("product images", True)


def load_accounts(report, partners):
    """The five demo accounts, with their groups and artisan shops."""
    User = get_user_model()
    for account in data.ACCOUNTS:
        user, created = User._default_manager.get_or_create(
            username=account["email"],
            defaults={
                "email": account["email"],
                "first_name": account["first_name"],
                "last_name": account["last_name"],
                "is_staff": account.get("is_staff", False),
                "is_superuser": account.get("is_superuser", False),
            },
        )
        if created:
            # Read here, never at import time (CONVENTIONS.md).
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        report.count("accounts", created)
        if user.is_staff:
            load_demo_authenticator(report, user)

        for group_name in account.get("groups", []):
            group, created = Group.objects.get_or_create(name=group_name)
            report.count("groups", created)
            user.groups.add(group)
        if "partner" in account:
            partners[account["partner"]].users.add(user)


def load_reviews(report):
    """Approved reviews of a few products, by the demo consumer and by named
    visitors (Oscar's reviews without an account carry a name and e-mail)."""
    ProductReview = get_model("reviews", "ProductReview")
    consumer = get_user_model()._default_manager.get(username=data.ACCOUNTS[0]["email"])
    for title, name, email, score, headline, body in data.REVIEWS:
        product = Product.objects.filter(title=title).first()
        if product is None:
            continue
        who = {"user": consumer} if email is None else {"user": None, "email": email}
        _review, created = ProductReview.objects.get_or_create(
            product=product,
            **who,
            defaults={
                "name": "" if email is None else name,
                "score": score,
                "title": headline,
                "body": body,
                "status": ProductReview.APPROVED,
            },
        )
        report.count("reviews", created)


def load_demo_authenticator(report, user):
    """The demo staff's authenticator app, with the known demo secret."""
    _device, created = TOTPDevice.objects.get_or_create(
        user=user,
        name=DEMO_AUTHENTICATOR_NAME,
        defaults={"key": data.DEMO_TOTP_KEY, "confirmed": True},
    )
    report.count("authenticator apps", created)


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance between two points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (lat1, lon1, lat2, lon2)))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(a))


def load_schedule(point):
    weekdays, start, end, minutes, capacity = data.POINT_SCHEDULES[point.kind]
    for weekday in weekdays:
        _, created = WeeklySchedule.objects.get_or_create(
            point=point,
            weekday=weekday,
            start=start,
            defaults={"end": end, "slot_minutes": minutes, "capacity": capacity},
        )


def load_pickups(report):
    """Drive and relay points, workshops, who serves what, and the slots ahead.

    Each artisan serves the drive or relay points nearest to the workshop;
    the demo logistics account runs three drive points.
    """
    points = []
    for (
        slug,
        kind,
        name,
        address,
        postcode,
        commune,
        lat,
        lon,
        access,
    ) in data.PICKUP_POINTS:
        point, created = PickupPoint.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "address": address,
                "postcode": postcode,
                "commune": commune,
                "latitude": lat,
                "longitude": lon,
                "access_instructions": access,
                "opening_hours": "",
                "cutoff_hours": 12,
            },
        )
        report.count("pickup points", created)
        load_schedule(point)
        points.append(point)
    logistics = get_user_model()._default_manager.get(username="logistique@demo.fr")
    for point in points:
        if point.slug in data.LOGISTICS_POINTS:
            point.staff.add(logistics)

    for vendor in Vendor.objects.select_related("partner"):
        fulfilment, created = VendorFulfilment.objects.get_or_create(
            vendor=vendor,
            defaults={
                "delivery_flat_rate": D("6.90"),
                "free_delivery_above": D("60.00"),
                "workshop_pickup": vendor.slug in data.WORKSHOP_PICKUP,
                "preparation_hours": 24,
            },
        )
        report.count("fulfilment options", created)
        if created:
            nearest = sorted(
                points,
                key=lambda p: distance_km(
                    vendor.latitude, vendor.longitude, p.latitude, p.longitude
                ),
            )[: data.POINTS_SERVED]
            fulfilment.points.add(*nearest)
        if fulfilment.workshop_pickup:
            workshop, created = PickupPoint.objects.get_or_create(
                slug=f"atelier-{vendor.slug}",
                defaults={
                    "kind": PickupPointKind.WORKSHOP,
                    "vendor": vendor,
                    "name": f"Atelier {vendor.name}",
                    "address": vendor.address,
                    "postcode": vendor.postcode,
                    "commune": vendor.commune,
                    "latitude": vendor.latitude,
                    "longitude": vendor.longitude,
                    "opening_hours": vendor.opening_hours,
                    "cutoff_hours": 12,
                },
            )
            report.count("pickup points", created)
            load_schedule(workshop)

    today = timezone.localdate()
    for point in PickupPoint.objects.active():
        report.created["slots"] += generate_slots(point, today, SLOT_DAYS)


def load_home_page(report):
    """The published home page, written only while its body is still empty,
    and the legal pages below it."""
    home = ensure_home_page()
    for _page in ensure_legal_pages(home):
        report.count("legal pages", True)
    report.count(
        "legal information",
        bool(
            ensure_legal_settings(
                publisher_siret=demo_siret("chambre-metiers-paca"),
                **data.LEGAL_SETTINGS,
            )
        ),
    )
    if home.body:
        report.count("home page", False)
        return
    home.introduction = data.HOME_PAGE["introduction"]
    home.body = [
        (block_type, RichText(value) if block_type == "paragraph" else value)
        for block_type, value in data.HOME_PAGE["body"]
    ]
    home.save_revision().publish()
    report.count("home page", True)
