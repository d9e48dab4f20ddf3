"""The admin's choosers list only what pages may show, and search it."""

import pytest

from tests.factories import StaffUserFactory, VendorFactory, create_artisan_product
from tests.factories.accounts import sign_in_verified
from tests.factories.delivery import PickupPointFactory
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in_verified(client, StaffUserFactory(is_superuser=True))
    return client


def results(client, name, **params):
    response = client.get(f"/cms-admin/{name}/results/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_product_chooser_lists_products_on_sale_only_and_searches(admin_client):
    selling = create_artisan_product(VendorFactory(), title="Savon au miel")
    other = create_artisan_product(VendorFactory(), title="Bougie de cire")
    suspended = create_artisan_product(
        VendorFactory(status=VendorStatus.SUSPENDED), title="Savon suspendu"
    )
    away = create_artisan_product(
        VendorFactory(vacation_mode=True), title="Savon absent"
    )

    html = results(admin_client, "product_chooser")
    assert selling.title in html and other.title in html
    assert suspended.title not in html and away.title not in html

    html = results(admin_client, "product_chooser", q="savon")
    assert selling.title in html
    assert other.title not in html
    assert suspended.title not in html


def test_vendor_chooser_lists_selling_artisans_by_craft(admin_client):
    potter = VendorFactory(metier="Potière")
    soap = VendorFactory(metier="Savonnier")
    suspended = VendorFactory(metier="Potier", status=VendorStatus.SUSPENDED)

    html = results(admin_client, "vendor_chooser", q="poti")
    assert potter.partner.name in html
    assert soap.partner.name not in html
    assert suspended.partner.name not in html


def test_pickup_point_chooser_lists_active_points(admin_client):
    active = PickupPointFactory(name="Relais du port", commune="Cassis")
    closed = PickupPointFactory(name="Relais fermé", commune="Cassis", is_active=False)

    html = results(admin_client, "pickup_point_chooser", q="cassis")
    assert active.name in html
    assert closed.name not in html
