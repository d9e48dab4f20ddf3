"""An artisan invites accounts to run the shop with them, and removes them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import StaffUserFactory, UserFactory, VendorFactory

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


def test_inviting_an_existing_consumer_adds_them_and_tells_them(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    consumer = UserFactory(email="paul@example.fr")

    response = invite(client, "Paul@Example.fr", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert vendor.partner.users.filter(pk=consumer.pk).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["paul@example.fr"]
    assert "/espace-artisan/" in mail.outbox[0].body


def test_inviting_an_unknown_address_creates_an_account_with_a_password_link(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    response = invite(
        client, "nouveau@savonnerie.fr", django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    user = User.objects.get(email="nouveau@savonnerie.fr")
    assert not user.has_usable_password()
    assert vendor.partner.users.filter(pk=user.pk).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nouveau@savonnerie.fr"]
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert "password-reset/confirm/" in path

    # The link lets the invited person choose a password, and then sign in.
    client.logout()
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_password = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path,
        {"new_password1": "Lavande-2026!", "new_password2": "Lavande-2026!"},
    )
    assert set_password.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Lavande-2026!")


def test_a_staff_account_cannot_be_invited(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    staff = StaffUserFactory(email="agent@cma-paca.fr")

    response = invite(client, staff.email, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "staff account" in response.content.decode()
    assert not vendor.partner.users.filter(pk=staff.pk).exists()
    assert mail.outbox == []


def test_an_account_running_another_shop_cannot_be_invited(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    other_artisan = artisan_account(VendorFactory(), email="verrier@biot.fr")

    response = invite(client, other_artisan.email, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "already runs another shop" in response.content.decode()
    assert not vendor.partner.users.filter(pk=other_artisan.pk).exists()
    assert mail.outbox == []


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


def test_an_invitation_task_delivered_twice_sends_one_email(vendor, artisan):
    from vendors.tasks import send_team_invitation_task

    colleague = artisan_account(vendor, email="paul@savonnerie.fr")

    first = send_team_invitation_task(colleague.pk, vendor.pk, "invitation-1")
    again = send_team_invitation_task(colleague.pk, vendor.pk, "invitation-1")

    assert (first, again) == (True, False)
    assert len(mail.outbox) == 1


def test_no_invitation_is_sent_to_someone_removed_meanwhile(vendor, artisan):
    from vendors.tasks import send_team_invitation_task

    colleague = artisan_account(vendor, email="paul@savonnerie.fr")
    vendor.partner.users.remove(colleague)

    assert send_team_invitation_task(colleague.pk, vendor.pk, "invitation-2") is False
    assert mail.outbox == []
