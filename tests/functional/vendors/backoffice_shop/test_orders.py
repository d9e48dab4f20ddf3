"""An artisan lists, reads and moves on their own parts of orders."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory, VendorFactory, create_artisan_product
from vendors.models import VendorOrderStatus

from . import artisan_account, place_order, vendor_order_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are checked in English, whatever the French catalogue says."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def artisan(vendor, client):
    user = artisan_account(vendor)
    client.force_login(user)
    return user


@pytest.fixture
def customer():
    return UserFactory(email="jeanne@example.fr", first_name="Jeanne")


def change_status(client, vendor_order, to_status, reason=""):
    return client.post(
        reverse("backoffice:order-status", kwargs={"number": vendor_order.number}),
        {"to_status": to_status, "reason": reason},
    )


def test_order_list_shows_only_the_artisans_own_orders(client, vendor, artisan):
    other = VendorFactory()
    own = vendor_order_for(vendor)
    foreign = vendor_order_for(other)

    response = client.get(reverse("backoffice:order-list"))

    assert response.status_code == 200
    assert list(response.context["vendor_orders"]) == [own]
    assert own.number in response.content.decode()
    assert foreign.number not in response.content.decode()


def test_order_list_filters_by_status_and_paginates(client, vendor, artisan):
    accepted = vendor_order_for(vendor)
    accepted.status = VendorOrderStatus.ACCEPTED
    accepted.save()
    for _ in range(21):
        vendor_order_for(vendor)

    filtered = client.get(reverse("backoffice:order-list"), {"status": "accepted"})
    first_page = client.get(reverse("backoffice:order-list"))
    second_page = client.get(reverse("backoffice:order-list"), {"page": 2})

    assert list(filtered.context["vendor_orders"]) == [accepted]
    assert len(first_page.context["vendor_orders"]) == 20
    assert len(second_page.context["vendor_orders"]) == 2


def test_order_detail_shows_only_this_artisans_lines_and_the_customer(
    client, vendor, artisan, customer
):
    other = VendorFactory()
    soap = create_artisan_product(vendor, "Savon au miel", price="7.50")
    sweets = create_artisan_product(other, "Calissons secrets", price="18.90")
    order = place_order((soap, 2), (sweets, 1), user=customer)
    vendor_order = order.vendor_orders.get(vendor=vendor)

    response = client.get(
        reverse("backoffice:order-detail", kwargs={"number": vendor_order.number})
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert [line.title for line in response.context["lines"]] == ["Savon au miel"]
    assert "Savon au miel" in content
    assert "Calissons secrets" not in content
    assert "jeanne@example.fr" in content
    assert "12 rue des Cigales" in content
    assert "+33 6 12 34 56 78" in content or "+33612345678" in content
    # The whole order's total (other artisans' parts included) is not shown.
    assert str(order.total_incl_tax).replace(".", ",") not in content
    assert response.context["status_form"].allowed_statuses == [
        VendorOrderStatus.ACCEPTED,
        VendorOrderStatus.REFUSED,
        VendorOrderStatus.CANCELLED,
    ]


def test_artisan_moves_an_order_through_its_whole_life(
    client, vendor, artisan, customer, django_capture_on_commit_callbacks
):
    vendor_order = vendor_order_for(vendor, user=customer)
    path = [
        VendorOrderStatus.ACCEPTED,
        VendorOrderStatus.IN_PREPARATION,
        VendorOrderStatus.READY,
        VendorOrderStatus.SHIPPED,
        VendorOrderStatus.COMPLETED,
    ]

    for status in path:
        with django_capture_on_commit_callbacks(execute=True):
            response = change_status(client, vendor_order, status)
        assert response.status_code == 302
        vendor_order.refresh_from_db()
        assert vendor_order.status == status

    events = list(vendor_order.events.values_list("from_status", "to_status", "user"))
    assert events[1:] == [
        (before.value, after.value, artisan.pk)
        for before, after in zip([VendorOrderStatus.NEW, *path], path, strict=False)
    ]
    assert len(mail.outbox) == len(path)
    assert mail.outbox[0].to == ["jeanne@example.fr"]
    detail = client.get(
        reverse("backoffice:order-detail", kwargs={"number": vendor_order.number})
    )
    assert detail.context["status_form"].allowed_statuses == []
    assert len(detail.context["events"]) == len(path) + 1


def test_illegal_transition_shows_the_reason_and_changes_nothing(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    vendor_order = vendor_order_for(vendor)

    with django_capture_on_commit_callbacks(execute=True):
        response = change_status(client, vendor_order, VendorOrderStatus.COMPLETED)

    assert response.status_code == 200
    assert "cannot become" in response.content.decode()
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.NEW
    assert vendor_order.events.count() == 1
    assert mail.outbox == []


def test_refusing_an_order_needs_a_reason_which_reaches_the_customer(
    client, vendor, artisan, customer, django_capture_on_commit_callbacks
):
    vendor_order = vendor_order_for(vendor, user=customer)

    with django_capture_on_commit_callbacks(execute=True):
        without_reason = change_status(
            client, vendor_order, VendorOrderStatus.REFUSED, reason="   "
        )
    vendor_order.refresh_from_db()
    assert without_reason.status_code == 200
    assert "Please give a reason" in without_reason.content.decode()
    assert vendor_order.status == VendorOrderStatus.NEW
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        change_status(
            client,
            vendor_order,
            VendorOrderStatus.REFUSED,
            reason="Rupture de stock de savon au miel",
        )
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.REFUSED
    assert vendor_order.events.last().reason == "Rupture de stock de savon au miel"
    assert len(mail.outbox) == 1
    assert "Rupture de stock de savon au miel" in mail.outbox[0].body


def test_an_unknown_status_is_refused_by_the_form(client, vendor, artisan):
    vendor_order = vendor_order_for(vendor)

    response = change_status(client, vendor_order, "teleported")

    assert response.status_code == 200
    assert response.context["status_form"].errors["to_status"]
    vendor_order.refresh_from_db()
    assert vendor_order.status == VendorOrderStatus.NEW
