"""The DEAR diagnostic request: it reaches the chamber's staff, only approved
artisans may send it, and bad input changes nothing."""

import pytest
from django.core import mail

from cms.resources.models import DiagnosticRequest, DiagnosticStatus
from tests.factories import UserFactory, VendorFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import artisan_account
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

URL = "/declic/demande-diagnostic/"
VALID = {
    "topics": ["vendre-en-ligne", "export"],
    "message": "Je voudrais vendre au Japon.",
    "contact": "phone",
    "phone": "04 90 56 00 00",
}


def test_the_request_reaches_the_chambers_staff(
    client, declic, artisan, staff, django_capture_on_commit_callbacks
):
    client.force_login(artisan)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, VALID)

    assert response.status_code == 302
    diagnostic = DiagnosticRequest.objects.get()
    assert diagnostic.user == artisan
    assert diagnostic.topics == ["vendre-en-ligne", "export"]
    assert diagnostic.status == DiagnosticStatus.NEW
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]
    assert "Je voudrais vendre au Japon." in mail.outbox[0].body
    # The artisan sees it among their past requests.
    past = client.get(URL).content.decode().split('id="past-requests"')[1]
    assert "Export" in past


def test_staff_list_and_handle_the_requests_in_the_admin(client, declic, artisan):
    client.force_login(artisan)
    client.post(URL, VALID)
    admin = UserFactory(email="admin@example.fr", is_staff=True, is_superuser=True)
    sign_in_verified(client, admin)
    diagnostic = DiagnosticRequest.objects.get()

    listing = client.get("/cms-admin/diagnostic_requests/")
    edit = client.post(
        f"/cms-admin/diagnostic_requests/edit/{diagnostic.pk}/",
        {"status": DiagnosticStatus.IN_PROGRESS, "handled_by": admin.pk},
    )

    assert listing.status_code == 200
    assert str(diagnostic.vendor) in listing.content.decode()
    assert edit.status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.status == DiagnosticStatus.IN_PROGRESS
    assert diagnostic.handled_by == admin


def test_a_consumer_cannot_post_a_request(client, declic, consumer):
    client.force_login(consumer)

    response = client.post(URL, VALID)

    assert response.status_code == 403
    assert not DiagnosticRequest.objects.exists()


def test_bad_input_changes_nothing(client, declic, artisan):
    client.force_login(artisan)

    response = client.post(URL, {**VALID, "topics": ["nonsense"], "phone": ""})

    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-describedby="topics-errors"' in body
    assert 'aria-describedby="phone-errors"' in body
    assert not DiagnosticRequest.objects.exists()
    assert not mail.outbox


def test_an_artisan_sees_only_their_own_requests(client, declic, artisan):
    other = artisan_account(VendorFactory(status=VendorStatus.APPROVED))
    client.force_login(other)
    client.post(URL, {**VALID, "topics": ["transmission"]})
    client.force_login(artisan)

    past = client.get(URL).content.decode().split('id="past-requests"')[1]

    assert "Passing on the business" not in past
    assert "Aucune demande pour l'instant." in past
