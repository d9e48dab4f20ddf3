"""Every page of the artisan's back office and of the logistics console names
itself: one h1 saying what the page is, and a <title> that starts with it,
then the shop (or the console) and the site (RGAA 8.5/8.6, WCAG 2.4.2), so
that pages told apart by a screen reader or among browser tabs are not all
"My shop"."""

import html as html_lib
import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from shop.apps.api.models import PersonalAccessToken, Scope, TokenKind
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import artisan_account, logistics_account
from tests.factories.settlements import (
    MONTH,
    artisan_shop,
    part_paid_at_pickup,
    part_paid_online,
)
from tests.functional.declarations.scenes import artisan, local, sell_online
from tests.functional.vendors.backoffice_shop import point_part
from vendors.actions.catalogue import start_product_import
from vendors.declarations.actions import build_yearly_statements
from vendors.declarations.models import YearlyStatement
from vendors.invoicing.models import Invoice
from vendors.promotions.actions import create_shop_promotion
from vendors.settlements.building import build_month
from vendors.settlements.models import CommissionStatement, SettlementStatement
from vendors.webhooks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def text_of(fragment):
    """The text a screen reader reads of an HTML fragment."""
    text = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip()


def heading_and_title(response):
    assert response.status_code == 200
    page = response.content.decode()
    h1s = re.findall(r"<h1\b[^>]*>(.*?)</h1>", page, re.S)
    assert len(h1s) == 1, f"{len(h1s)} h1"
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title, "no <title>"
    main = page.split('id="main"', 1)[1]
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", main)]
    assert levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"a heading level is skipped: {levels}"
    return text_of(h1s[0]), text_of(title.group(1))


def assert_names_itself(response, expected_h1, *rest_of_title):
    h1, title = heading_and_title(response)
    assert h1 == expected_h1
    assert title.startswith(h1 + " | "), title
    assert title.split(" | ")[1:-1] == list(rest_of_title), title
    assert title.endswith(" | " + settings.OSCAR_SHOP_NAME), title


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def shop():
    """An artisan's shop with a product, an order collected at a drive point,
    a promotion, a webhook endpoint and an API token."""
    vendor = VendorFactory(partner__name="Savonnerie Marius")
    part = point_part(vendor)
    now = timezone.now()
    return {
        "vendor": vendor,
        "part": part,
        "product": create_artisan_product(vendor, "Savon à la lavande"),
        "offer": create_shop_promotion(
            vendor, name="Soldes d'hiver", percent=D("10"), start=now, end=now
        ),
        "endpoint": WebhookEndpoint.objects.create(
            vendor=vendor, url="https://caisse.example.fr/", events=["order.paid"]
        ),
        "token": PersonalAccessToken.issue(
            artisan_account(vendor),
            TokenKind.ARTISAN,
            "caisse",
            [Scope.ORDERS_READ],
            vendor=vendor,
        )[0],
    }


BACK_OFFICE_PAGES = [
    ("backoffice:overview", None, "Overview"),
    ("backoffice:order-list", None, "Orders"),
    ("backoffice:order-detail", "part", "Order {part.number}"),
    ("backoffice:product-list", None, "Products"),
    ("backoffice:product-create", None, "New product"),
    ("backoffice:product-update", "product", "Edit Savon à la lavande"),
    ("backoffice:product-import", None, "Import a catalogue"),
    ("backoffice:settings", None, "Shop settings"),
    ("backoffice:fulfilment", None, "Delivery and pickup"),
    ("backoffice:team", None, "Team"),
    ("backoffice:security", None, "Two-factor authentication"),
    ("backoffice:payout-ledger", None, "Payouts"),
    ("backoffice:vendor-order-refund", "part", "Refund order {part.number}"),
    ("backoffice:promotion-list", None, "My promotions"),
    ("backoffice:promotion-create", None, "New promotion"),
    ("backoffice:promotion-update", "offer", "Edit Soldes d'hiver · Savonnerie Marius"),
    ("backoffice:invoice-list", None, "Invoices and credit notes"),
    ("backoffice:settlement-statements", None, "Monthly statements"),
    ("backoffice:yearly-statement-list", None, "Yearly statements"),
    ("backoffice:webhook-list", None, "Webhooks"),
    ("backoffice:webhook-create", None, "New webhook endpoint"),
    (
        "backoffice:webhook-detail",
        "endpoint",
        "Webhook endpoint https://caisse.example.fr/",
    ),
    (
        "backoffice:webhook-update",
        "endpoint",
        "Edit the webhook endpoint https://caisse.example.fr/",
    ),
    ("backoffice:api-token-list", None, "API tokens"),
    ("backoffice:api-token-revoke", "token", "Revoke the token “caisse”"),
    ("privacy:shop-data", None, "My data"),
]


def kwargs_for(url_name, obj):
    if obj is None:
        return {}
    if url_name.endswith(("order-detail", "order-refund")):
        return {"number": obj.number}
    return {"pk": obj.pk}


@pytest.mark.parametrize(("url_name", "target", "expected"), BACK_OFFICE_PAGES)
def test_each_back_office_page_has_its_own_heading_and_title(
    client, shop, url_name, target, expected
):
    # given: a member of the artisan's team, reading in English
    sign_in_verified(client, artisan_account(shop["vendor"]))
    in_english(client)
    obj = shop[target] if target else None

    # when
    response = client.get(reverse(url_name, kwargs=kwargs_for(url_name, obj)))

    # then: "<page> | <shop> | <site>", the page being the one h1
    expected = expected.format(part=shop["part"])
    assert_names_itself(response, expected, "Savonnerie Marius")
    assert expected != "My shop"


def test_the_monthly_statements_pages_name_their_month(
    client, django_capture_on_commit_callbacks
):
    # given: an artisan's month, built
    vendor = artisan_shop("Savonnerie Marius", siret="73282932000074")
    part_paid_online(vendor, quantity=2)
    part_paid_at_pickup(vendor, quantity=1)
    with django_capture_on_commit_callbacks(execute=True):
        build_month(MONTH)
    commission = CommissionStatement.objects.get(vendor=vendor)
    settlement = SettlementStatement.objects.get(vendor=vendor)
    invoice = Invoice.objects.filter(vendor=vendor).first()
    sign_in_verified(client, artisan_account(vendor))
    in_english(client)
    month = MONTH.strftime("%B %Y")

    # when
    commission_page = client.get(
        reverse("backoffice:commission-statement", kwargs={"pk": commission.pk})
    )
    settlement_page = client.get(
        reverse("backoffice:settlement-statement", kwargs={"pk": settlement.pk})
    )
    invoice_page = client.get(
        reverse("backoffice:invoice-detail", kwargs={"pk": invoice.pk})
    )

    # then
    assert_names_itself(
        commission_page, f"Commission statement, {month}", "Savonnerie Marius"
    )
    assert_names_itself(
        settlement_page, f"Pickup cash settlement, {month}", "Savonnerie Marius"
    )
    assert_names_itself(invoice_page, f"Invoice {invoice.number}", "Savonnerie Marius")


def test_a_yearly_statement_names_its_year(client):
    vendor = artisan("Savonnerie Marius")
    soap = create_artisan_product(vendor, "Savon", price="7.50", stock=10)
    sell_online(soap, 2, local(2025, 3, 1))
    build_yearly_statements(2025)
    statement = YearlyStatement.objects.get(vendor=vendor)
    sign_in_verified(client, artisan_account(vendor))
    in_english(client)

    response = client.get(statement.get_absolute_url())

    assert_names_itself(response, "Yearly statement 2025", "Savonnerie Marius")


def test_a_catalogue_import_names_its_file(client, shop):
    # given: an import waiting for the artisan to confirm (a line is invalid)
    job = start_product_import(
        shop["vendor"],
        SimpleUploadedFile(
            "savons.csv", b"sku,title,price,stock\nSAV-1,Savon,5,1\nSAV-2,,5,1\n"
        ),
    )
    sign_in_verified(client, artisan_account(shop["vendor"]))
    in_english(client)

    # when
    response = client.get(
        reverse("backoffice:product-import-status", kwargs={"job_id": job["id"]})
    )

    # then
    assert_names_itself(response, "Import of savons.csv", "Savonnerie Marius")


@pytest.fixture
def point_staff(client):
    """A member of a drive point's staff, signed in, and the point."""
    part = point_part(VendorFactory())
    point = part.reservation.slot.point
    client.force_login(logistics_account(point))
    in_english(client)
    return point


def test_each_console_page_has_its_own_heading_and_title(client, point_staff):
    point = point_staff
    day = timezone.localdate()
    long_day = f"{day:%A} {day.day} {day:%B %Y}"
    pages = [
        (reverse("logistics:home"), "Pickup points I run"),
        (
            reverse("logistics:manifest", kwargs={"slug": point.slug}),
            f"{point.name} manifest, {long_day}",
        ),
        (
            reverse("logistics:hand-over", kwargs={"slug": point.slug}),
            "Hand over a parcel",
        ),
        (
            reverse("logistics:takings", kwargs={"slug": point.slug}),
            f"Takings at {point.name} — {long_day}",
        ),
        (reverse("logistics:api-tokens"), "API tokens for the scanner"),
    ]
    for url, expected in pages:
        h1, title = heading_and_title(client.get(url))
        assert h1 == expected, url
        assert title.startswith(h1 + " | "), title
        assert title.endswith(f" | Logistics | {settings.OSCAR_SHOP_NAME}"), title


def test_a_new_api_tokens_page_names_itself(client, shop):
    # given: a member of the team, making a token
    sign_in_verified(client, artisan_account(shop["vendor"]))
    in_english(client)

    # when
    response = client.post(
        reverse("backoffice:api-token-list"),
        {"name": "tableur", "scopes": [Scope.ORDERS_READ], "expires_in": "90"},
    )

    # then: its secret is shown on a page of its own name
    assert 'id="new-api-token"' in response.content.decode()
    assert_names_itself(response, "New API token", "Savonnerie Marius")
