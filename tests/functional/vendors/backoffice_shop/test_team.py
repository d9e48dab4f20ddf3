"""An artisan's team: who runs the shop, and removing them (invitations are
tested in test_team_invitations)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import VendorFactory

from . import artisan_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are checked in English, whatever the French catalogue says."""
    settings.LANGUAGE_CODE = "en"


User = get_user_model()


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def artisan(vendor, client):
    user = artisan_account(vendor, email="marie@savonnerie.fr")
    client.force_login(user)
    return user


def invite(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("backoffice:team"), {"email": email})


def remove(client, user):
    return client.post(reverse("backoffice:team-remove", kwargs={"pk": user.pk}))


def test_team_page_lists_the_shops_accounts_only(client, vendor, artisan):
    colleague = artisan_account(vendor, email="paul@savonnerie.fr")
    stranger = artisan_account(VendorFactory(), email="autre@atelier.fr")

    response = client.get(reverse("backoffice:team"))

    assert set(response.context["members"]) == {artisan, colleague}
    assert stranger.email not in response.content.decode()


def test_a_member_cannot_be_invited_twice(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    response = invite(client, artisan.email, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "already in your team" in response.content.decode()
    assert mail.outbox == []


def test_artisan_removes_a_colleague_whose_account_remains(client, vendor, artisan):
    colleague = artisan_account(vendor, email="paul@savonnerie.fr")

    response = remove(client, colleague)

    assert response.status_code == 302
    assert list(vendor.partner.users.all()) == [artisan]
    assert User.objects.filter(pk=colleague.pk).exists()


def test_the_last_member_cannot_leave(client, vendor, artisan):
    response = client.post(
        reverse("backoffice:team-remove", kwargs={"pk": artisan.pk}), follow=True
    )

    assert "last member of your team" in response.content.decode()
    assert list(vendor.partner.users.all()) == [artisan]


def test_a_member_may_leave_when_others_remain(client, vendor, artisan):
    artisan_account(vendor, email="paul@savonnerie.fr")

    response = remove(client, artisan)

    assert response.status_code == 302
    assert not vendor.partner.users.filter(pk=artisan.pk).exists()
    assert client.get(reverse("backoffice:overview")).status_code == 403


def test_removal_is_a_post_only(client, vendor, artisan):
    colleague = artisan_account(vendor, email="paul@savonnerie.fr")

    response = client.get(
        reverse("backoffice:team-remove", kwargs={"pk": colleague.pk})
    )

    assert response.status_code == 405
    assert vendor.partner.users.filter(pk=colleague.pk).exists()
