"""An invitation to a shop's team is accepted from its e-mailed link: the same
invitation whether the address has an account or not, joining only once the
account of that address accepts; declined, withdrawn or expired, it does
nothing."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffUserFactory, UserFactory, VendorFactory
from tests.factories.accounts import confirmation_path_in, sign_in_verified
from vendors.models import InvitationStatus, TeamInvitation
from vendors.tasks import send_team_invitation_task

from . import artisan_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies["django_language"] = "en"


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


def link_in(message):
    return re.search(
        r"https?://[^/\s]+(/espace-artisan/invitation/\S+/)", message.body
    ).group(1)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_an_address_with_or_without_an_account_gets_the_same_answer_and_email(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    UserFactory(email="paul@example.fr")

    known = invite(client, "Paul@Example.fr", django_capture_on_commit_callbacks)
    unknown = invite(client, "nouveau@example.fr", django_capture_on_commit_callbacks)

    page = client.get(reverse("backoffice:team"))
    said = messages_of(page)
    assert known.status_code == unknown.status_code == 302
    assert said == [
        "An invitation was sent to paul@example.fr. They join your team once they "
        "accept it (within 7 days).",
        "An invitation was sent to nouveau@example.fr. They join your team once "
        "they accept it (within 7 days).",
    ]
    first, second = mail.outbox
    assert first.to == ["paul@example.fr"] and second.to == ["nouveau@example.fr"]
    assert first.subject == second.subject
    assert first.body.replace("paul@example.fr", "X").replace(
        link_in(first), "L"
    ) == second.body.replace("nouveau@example.fr", "X").replace(link_in(second), "L")
    # Nobody joined, no account was made.
    assert list(vendor.partner.users.all()) == [artisan]
    assert not UserFactory._meta.model.objects.filter(
        email="nouveau@example.fr"
    ).exists()
    assert {i.email for i in page.context["invitations"]} == {
        "paul@example.fr",
        "nouveau@example.fr",
    }


def test_staff_and_other_shops_accounts_get_the_same_answer_too(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    StaffUserFactory(email="agent@cma-paca.fr")
    artisan_account(VendorFactory(), email="verrier@biot.fr")

    for email in ["agent@cma-paca.fr", "verrier@biot.fr"]:
        response = invite(client, email, django_capture_on_commit_callbacks)
        assert response.status_code == 302

    assert len(mail.outbox) == 2


def test_the_invited_account_accepts_and_joins(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    paul = UserFactory(email="paul@example.fr")
    invite(client, "paul@example.fr", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    client.logout()

    anonymous = client.get(link)
    client.force_login(paul)
    accepted = client.post(link, {"answer": "accept"})

    assert anonymous.status_code == 200
    assert anonymous.context["invitation"].vendor == vendor
    assert accepted.status_code == 302
    assert accepted.url == reverse("backoffice:overview")
    assert vendor.partner.users.filter(pk=paul.pk).exists()
    assert client.get(reverse("backoffice:overview")).status_code == 200
    invitation = TeamInvitation.objects.get()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == paul
    # The link works once.
    assert client.get(link).status_code == 410


def test_an_address_without_an_account_registers_then_joins(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    invite(client, "nouveau@example.fr", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    client.logout()

    register_url = client.get(link).context["register_url"]
    registered = client.post(
        register_url,
        {
            "email": "nouveau@example.fr",
            "password1": "Lavande-de-Sault-2026",
            "password2": "Lavande-de-Sault-2026",
            "redirect_url": link,
        },
    )
    # The new account is confirmed from its own e-mailed link, which leads
    # back to the invitation.
    assert registered.status_code == 302
    assert registered.url == reverse("registration:sent")
    confirmed = client.post(
        confirmation_path_in(mail.outbox[-1]), {"password": "Lavande-de-Sault-2026"}
    )
    assert confirmed.url == link
    client.post(link, {"answer": "accept"})

    newcomer = UserFactory._meta.model.objects.get(email="nouveau@example.fr")
    assert vendor.partner.users.filter(pk=newcomer.pk).exists()


def test_another_account_cannot_accept_someone_elses_invitation(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    invite(client, "paul@example.fr", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    intruder = UserFactory(email="intrus@example.fr")
    client.force_login(intruder)

    response = client.post(link, {"answer": "accept"}, follow=True)

    assert "sent to another e-mail address" in " ".join(messages_of(response))
    assert not vendor.partner.users.filter(pk=intruder.pk).exists()
    assert TeamInvitation.objects.get().status == InvitationStatus.PENDING


@pytest.mark.parametrize("who", ["staff", "other shop"])
def test_staff_and_other_shops_accounts_are_refused_when_they_accept(
    client, vendor, artisan, django_capture_on_commit_callbacks, who
):
    email = "agent@cma-paca.fr" if who == "staff" else "verrier@biot.fr"
    invite(client, email, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    account = (
        StaffUserFactory(email=email)
        if who == "staff"
        else artisan_account(VendorFactory(), email=email)
    )
    sign_in_verified(client, account)

    response = client.post(link, {"answer": "accept"}, follow=True)

    assert messages_of(response)
    assert not vendor.partner.users.filter(pk=account.pk).exists()
    assert TeamInvitation.objects.get().status == InvitationStatus.PENDING


def test_declining_ends_the_invitation(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    invite(client, "paul@example.fr", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    client.logout()

    declined = client.post(link, {"answer": "decline"})

    assert declined.status_code == 302
    assert TeamInvitation.objects.get().status == InvitationStatus.DECLINED
    assert client.get(link).status_code == 410


def test_the_owner_withdraws_a_pending_invitation(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    invite(client, "paul@example.fr", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    invitation = TeamInvitation.objects.get()

    client.post(
        reverse("backoffice:team-invitation-revoke", kwargs={"pk": invitation.pk})
    )

    assert client.get(reverse("backoffice:team")).context["invitations"].count() == 0
    paul = UserFactory(email="paul@example.fr")
    client.force_login(paul)
    assert client.post(link, {"answer": "accept"}).status_code == 410
    assert not vendor.partner.users.filter(pk=paul.pk).exists()


def test_another_shop_cannot_withdraw_an_invitation(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    invite(client, "paul@example.fr", django_capture_on_commit_callbacks)
    invitation = TeamInvitation.objects.get()
    client.force_login(artisan_account(VendorFactory(), email="autre@atelier.fr"))

    client.post(
        reverse("backoffice:team-invitation-revoke", kwargs={"pk": invitation.pk})
    )

    assert TeamInvitation.objects.get().status == InvitationStatus.PENDING


def test_an_expired_invitation_cannot_be_accepted(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    invite(client, "paul@example.fr", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    TeamInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    paul = UserFactory(email="paul@example.fr")
    client.force_login(paul)

    assert client.get(link).status_code == 410
    assert client.post(link, {"answer": "accept"}).status_code == 410
    assert not vendor.partner.users.filter(pk=paul.pk).exists()


def test_a_forged_or_renewed_link_does_nothing(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    invite(client, "paul@example.fr", django_capture_on_commit_callbacks)
    first_link = link_in(mail.outbox[0])
    invite(client, "paul@example.fr", django_capture_on_commit_callbacks)
    second_link = link_in(mail.outbox[1])
    paul = UserFactory(email="paul@example.fr")
    client.force_login(paul)

    forged = first_link[:-6] + "AAAAA/"
    assert client.get(forged).status_code == 410
    assert client.post(first_link, {"answer": "accept"}).status_code == 410
    assert TeamInvitation.objects.count() == 1
    assert client.post(second_link, {"answer": "accept"}).status_code == 302
    assert vendor.partner.users.filter(pk=paul.pk).exists()


def test_an_invitation_task_delivered_twice_sends_one_email(vendor, artisan):
    invitation = TeamInvitation.objects.create(
        vendor=vendor,
        email="paul@example.fr",
        nonce="n-1",
        expires_at=timezone.now() + timedelta(days=7),
    )

    first = send_team_invitation_task(invitation.pk, "n-1")
    again = send_team_invitation_task(invitation.pk, "n-1")

    assert (first, again) == (True, False)
    assert len(mail.outbox) == 1


def test_no_email_for_an_invitation_withdrawn_or_renewed_meanwhile(vendor, artisan):
    invitation = TeamInvitation.objects.create(
        vendor=vendor,
        email="paul@example.fr",
        nonce="n-2",
        expires_at=timezone.now() + timedelta(days=7),
        status=InvitationStatus.REVOKED,
    )

    assert send_team_invitation_task(invitation.pk, "n-2") is False
    TeamInvitation.objects.filter(pk=invitation.pk).update(
        status=InvitationStatus.PENDING
    )
    assert send_team_invitation_task(invitation.pk, "an-older-nonce") is False
    assert mail.outbox == []
