"""Artisans run their own shop promotions from their back office, scoped to
their shop: another artisan's promotion is not found and does not change."""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests.factories import VendorFactory, create_artisan_product, place_order
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import artisan_account
from vendors.promotions.actions import create_shop_promotion
from vendors.promotions.models import FunderKind, OfferFunding

ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")

pytestmark = pytest.mark.django_db


@pytest.fixture
def savonnerie():
    return VendorFactory(partner__name="Savonnerie Marius")


@pytest.fixture
def artisan_client(client, savonnerie):
    sign_in_verified(client, artisan_account(savonnerie))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_artisan_creates_ten_percent_off_their_shop(artisan_client, savonnerie):
    soap = create_artisan_product(savonnerie, "Savon", price="20.00")
    today = timezone.localdate()

    response = artisan_client.post(
        reverse("backoffice:promotion-create"),
        {
            "name": "Fête des mères",
            "percent": "10",
            "start": today.isoformat(),
            "end": (today + datetime.timedelta(days=7)).isoformat(),
        },
    )

    assert response.status_code == 302
    funding = OfferFunding.objects.get()
    assert (funding.kind, funding.vendor) == (FunderKind.ARTISAN, savonnerie)
    # and baskets get it: the artisan's sale is lowered
    part = place_order((soap, 1)).vendor_orders.get()
    assert (part.total_incl_tax, part.funded_discount) == (D("18.00"), D("0.00"))
    listing = artisan_client.get(reverse("backoffice:promotion-list"))
    assert "Fête des mères" in listing.content.decode()


def test_a_promotion_with_a_code_is_a_voucher(artisan_client, savonnerie):
    today = timezone.localdate().isoformat()

    artisan_client.post(
        reverse("backoffice:promotion-create"),
        {
            "name": "Clients fidèles",
            "percent": "15",
            "start": today,
            "end": today,
            "code": "fidele15",
        },
    )

    voucher = Voucher.objects.get()
    assert voucher.code == "FIDELE15"
    assert voucher.offers.get().funding.vendor == savonnerie


def test_dates_in_the_wrong_order_are_refused(artisan_client):
    response = artisan_client.post(
        reverse("backoffice:promotion-create"),
        {"name": "X", "percent": "10", "start": "2026-05-10", "end": "2026-05-01"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not ConditionalOffer.objects.exists()


def test_an_artisan_edits_and_ends_their_promotion(artisan_client, savonnerie):
    now = timezone.now()
    offer = create_shop_promotion(
        savonnerie, name="Soldes", percent=D("10"), start=now, end=now
    )
    today = timezone.localdate()

    artisan_client.post(
        reverse("backoffice:promotion-update", kwargs={"pk": offer.pk}),
        {
            "percent": "20",
            "start": today.isoformat(),
            "end": (today + datetime.timedelta(days=3)).isoformat(),
        },
    )
    offer.refresh_from_db()
    assert offer.benefit.value == D("20")

    artisan_client.post(reverse("backoffice:promotion-end", kwargs={"pk": offer.pk}))

    offer.refresh_from_db()
    assert offer.end_datetime <= timezone.now()
    assert not offer.is_available()


def test_another_artisans_promotion_is_not_found_and_unchanged(artisan_client):
    other = VendorFactory(partner__name="Calissons du Roy")
    now = timezone.now()
    offer = create_shop_promotion(
        other,
        name="Leurs soldes",
        percent=D("10"),
        start=now,
        end=now + datetime.timedelta(days=5),
    )
    edit = reverse("backoffice:promotion-update", kwargs={"pk": offer.pk})
    end = reverse("backoffice:promotion-end", kwargs={"pk": offer.pk})

    assert artisan_client.get(edit).status_code == 404
    assert (
        artisan_client.post(
            edit, {"percent": "50", "start": "2026-01-01", "end": "2026-12-31"}
        ).status_code
        == 404
    )
    assert artisan_client.post(end).status_code == 404
    offer.refresh_from_db()
    assert offer.benefit.value == D("10")
    assert offer.end_datetime > now
    listing = artisan_client.get(reverse("backoffice:promotion-list"))
    assert "Leurs soldes" not in listing.content.decode()
