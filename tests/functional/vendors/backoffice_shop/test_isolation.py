"""An artisan never reads or changes another artisan's orders or team.

The matrix below runs every back-office URL of this part that takes an id
against another shop's object; the other checks cover who may enter at all.
"""

import pytest
from django.urls import reverse

from delivery.actions import booking_of
from delivery.models import ParcelStatus
from tests.factories import StaffUserFactory, UserFactory, VendorFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import bring_to
from vendors.models import VendorOrderStatus

from . import artisan_account, vendor_order_for, workshop_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop_a():
    """Artisan A's shop with an order of a customer and two team members."""
    vendor = VendorFactory()
    owner = artisan_account(vendor, email="a@atelier-a.fr")
    colleague = artisan_account(vendor, email="a2@atelier-a.fr")
    customer = UserFactory(email="client-a@example.fr")
    vendor_order = vendor_order_for(vendor, user=customer)
    return {
        "vendor": vendor,
        "owner": owner,
        "colleague": colleague,
        "vendor_order": vendor_order,
        "customer": customer,
    }


@pytest.fixture
def artisan_b(client):
    user = artisan_account(VendorFactory(), email="b@atelier-b.fr")
    client.force_login(user)
    return user


def order_is_untouched(shop):
    vendor_order = shop["vendor_order"]
    vendor_order.refresh_from_db()
    return (
        vendor_order.status == VendorOrderStatus.NEW
        and vendor_order.events.count() == 1
    )


def team_is_untouched(shop):
    return set(shop["vendor"].partner.users.all()) == {
        shop["owner"],
        shop["colleague"],
    }


# (URL name, how the URL takes A's object, method, data posted)
MATRIX = [
    (
        "backoffice:order-detail",
        lambda shop: {"number": shop["vendor_order"].number},
        "get",
        {},
    ),
    (
        "backoffice:order-detail",
        lambda shop: {"number": shop["vendor_order"].number},
        "post",
        {"to_status": VendorOrderStatus.ACCEPTED},
    ),
    (
        "backoffice:order-step",
        lambda shop: {"number": shop["vendor_order"].number, "action": "accept"},
        "post",
        {},
    ),
    (
        "backoffice:order-step",
        lambda shop: {"number": shop["vendor_order"].number, "action": "refuse"},
        "post",
        {"reason": "Pas pour moi"},
    ),
    (
        "backoffice:team-remove",
        lambda shop: {"pk": shop["colleague"].pk},
        "post",
        {},
    ),
    (
        "backoffice:team-remove",
        lambda shop: {"pk": shop["owner"].pk},
        "post",
        {},
    ),
]


@pytest.mark.parametrize(
    ("url_name", "kwargs_of", "method", "data"),
    MATRIX,
    ids=[
        f"{name}-{method}-{index}" for index, (name, _, method, _) in enumerate(MATRIX)
    ],
)
def test_artisan_b_gets_404_for_artisan_as_objects_and_changes_nothing(
    client, shop_a, artisan_b, url_name, kwargs_of, method, data
):
    url = reverse(url_name, kwargs=kwargs_of(shop_a))

    response = getattr(client, method)(url, data)

    # The order detail is GET only: a POST there is not allowed at all.
    expected = 405 if (url_name, method) == ("backoffice:order-detail", "post") else 404
    assert response.status_code == expected
    assert order_is_untouched(shop_a)
    assert team_is_untouched(shop_a)


def test_artisan_b_cannot_see_artisan_as_orders_in_the_list(client, shop_a, artisan_b):
    response = client.get(reverse("backoffice:order-list"))

    assert list(response.context["vendor_orders"]) == []
    assert shop_a["vendor_order"].number not in response.content.decode()


def test_artisan_b_does_not_see_artisan_as_team(client, shop_a, artisan_b):
    response = client.get(reverse("backoffice:team"))

    assert list(response.context["members"]) == [artisan_b]
    assert shop_a["owner"].email not in response.content.decode()


BACKOFFICE_URLS = [
    ("backoffice:overview", lambda shop: {}, "get"),
    ("backoffice:order-list", lambda shop: {}, "get"),
    (
        "backoffice:order-detail",
        lambda shop: {"number": shop["vendor_order"].number},
        "get",
    ),
    (
        "backoffice:order-step",
        lambda shop: {"number": shop["vendor_order"].number, "action": "accept"},
        "post",
    ),
    ("backoffice:settings", lambda shop: {}, "get"),
    ("backoffice:settings", lambda shop: {}, "post"),
    ("backoffice:team", lambda shop: {}, "get"),
    ("backoffice:team", lambda shop: {}, "post"),
    ("backoffice:team-remove", lambda shop: {"pk": shop["colleague"].pk}, "post"),
]
BACKOFFICE_IDS = [f"{name}-{method}" for name, _, method in BACKOFFICE_URLS]


@pytest.mark.parametrize(
    ("url_name", "kwargs_of", "method"), BACKOFFICE_URLS, ids=BACKOFFICE_IDS
)
@pytest.mark.parametrize("who", ["staff", "superuser", "consumer"])
def test_staff_and_consumers_are_refused_the_back_office(
    client, shop_a, url_name, kwargs_of, method, who
):
    user = {
        "staff": lambda: StaffUserFactory(email="agent@cma-paca.fr"),
        "superuser": lambda: StaffUserFactory(
            email="admin@cma-paca.fr", is_superuser=True
        ),
        "consumer": lambda: shop_a["customer"],
    }[who]()
    sign_in_verified(client, user)

    response = getattr(client, method)(
        reverse(url_name, kwargs=kwargs_of(shop_a)),
        {"to_status": VendorOrderStatus.ACCEPTED, "email": "x@example.fr"},
    )

    assert response.status_code == 403
    assert order_is_untouched(shop_a)
    assert team_is_untouched(shop_a)


@pytest.mark.parametrize(
    ("url_name", "kwargs_of", "method"), BACKOFFICE_URLS, ids=BACKOFFICE_IDS
)
def test_anonymous_visitors_are_sent_to_sign_in(
    client, shop_a, url_name, kwargs_of, method
):
    response = getattr(client, method)(reverse(url_name, kwargs=kwargs_of(shop_a)))

    assert response.status_code == 302
    assert reverse("customer:login") in response["Location"]
    assert order_is_untouched(shop_a)


@pytest.mark.parametrize("url_name", ["dashboard:order-list", "dashboard:order-detail"])
def test_artisans_cannot_open_oscars_staff_order_dashboard(client, shop_a, url_name):
    client.force_login(shop_a["owner"])
    kwargs = (
        {"number": shop_a["vendor_order"].order.number}
        if url_name == "dashboard:order-detail"
        else {}
    )

    response = client.get(reverse(url_name, kwargs=kwargs))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]
    assert shop_a["customer"].email not in response.content.decode()


def test_a_consumer_sees_only_their_own_orders(client, shop_a):
    other_customer = UserFactory(email="client-b@example.fr")
    other_order = vendor_order_for(shop_a["vendor"], user=other_customer).order
    own_order = shop_a["vendor_order"].order
    client.force_login(shop_a["customer"])

    listing = client.get(reverse("customer:order-list"))
    own = client.get(
        reverse("customer:order", kwargs={"order_number": own_order.number})
    )
    foreign = client.get(
        reverse("customer:order", kwargs={"order_number": other_order.number})
    )

    assert listing.status_code == 200
    assert [order.pk for order in listing.context["orders"]] == [own_order.pk]
    assert own.status_code == 200
    assert foreign.status_code == 404


def test_artisan_b_cannot_hand_over_artisan_as_workshop_parcel_even_with_its_code(
    client, artisan_b
):
    vendor_a = VendorFactory()
    artisan_account(vendor_a, email="a@atelier-a.fr")
    vendor_order = bring_to(workshop_part(vendor_a), VendorOrderStatus.READY)
    booking = booking_of(vendor_order)

    response = client.post(
        reverse(
            "backoffice:order-step",
            kwargs={"number": vendor_order.number, "action": "hand_over"},
        ),
        {"code": booking.pickup_code},
    )

    vendor_order.refresh_from_db()
    booking.refresh_from_db()
    assert response.status_code == 404
    assert vendor_order.status == VendorOrderStatus.READY
    assert booking.parcel_status == ParcelStatus.RECEIVED
