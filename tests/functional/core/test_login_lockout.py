"""Wrong passwords lock one account from one address for a while; the owner
elsewhere signs in, and anyone locked out may still reset their password."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory, create_artisan_product

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"


@pytest.fixture(autouse=True)
def login_rules(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def account():
    return UserFactory(email="marie@example.fr")


def sign_in(client, email, password, address):
    return client.post(
        reverse("customer:login"),
        {
            "login-username": email,
            "login-password": password,
            "login_submit": "Log in",
        },
        REMOTE_ADDR=address,
    )


def signed_in(client):
    return SESSION_KEY in client.session


def lock_out(client, email, address, times=5):
    for _attempt in range(times):
        response = sign_in(client, email, "not-the-password", address)
    return response


def test_a_wrong_password_is_refused_on_the_form(client, account):
    response = sign_in(client, account.email, "not-the-password", ATTACKER)

    assert response.status_code == 200
    assert response.context["login_form"].errors
    assert not signed_in(client)


def test_wrong_passwords_lock_the_account_from_that_address(english, account):
    last = lock_out(english, account.email, ATTACKER)

    response = sign_in(english, account.email, DEFAULT_PASSWORD, ATTACKER)

    assert last.status_code == 429
    assert response.status_code == 429
    assert not signed_in(english)
    page = response.content.decode()
    assert "Signing in is paused" in page
    assert "15 minutes" in page
    assert reverse("password-reset") in page


def test_the_case_of_the_address_does_not_give_more_tries(english, account):
    for email in ["Marie@example.fr", "MARIE@EXAMPLE.FR", "marie@Example.fr"]:
        sign_in(english, email, "not-the-password", ATTACKER)
    lock_out(english, "marie@example.FR", ATTACKER, times=2)

    response = sign_in(english, account.email, DEFAULT_PASSWORD, ATTACKER)

    assert response.status_code == 429
    assert not signed_in(english)


def test_the_owner_signs_in_from_another_address_meanwhile(client, account):
    lock_out(client, account.email, ATTACKER)

    response = sign_in(client, account.email, DEFAULT_PASSWORD, OWNER)

    assert response.status_code == 302
    assert signed_in(client)


def test_the_lock_lifts_after_the_cool_off(client, account):
    lock_out(client, account.email, ATTACKER)
    # Fifteen minutes and a little later.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    response = sign_in(client, account.email, DEFAULT_PASSWORD, ATTACKER)

    assert response.status_code == 302
    assert signed_in(client)


def test_a_success_forgets_earlier_failures(client, account):
    lock_out(client, account.email, ATTACKER, times=4)
    sign_in(client, account.email, DEFAULT_PASSWORD, ATTACKER)
    client.logout()

    last = lock_out(client, account.email, ATTACKER, times=4)

    assert last.status_code == 200
    assert sign_in(client, account.email, DEFAULT_PASSWORD, ATTACKER).status_code == 302


def test_the_lock_holds_on_django_admins_login_too(client, account):
    account.is_staff = True
    account.save()
    lock_out(client, account.email, ATTACKER)

    response = client.post(
        reverse("admin:login"),
        {"username": account.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )

    assert response.status_code == 429
    assert not signed_in(client)


def test_the_address_behind_the_trusted_proxy_is_the_one_locked(
    client, account, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client claims an address of its own on the left: never believed.
    for claimed in ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]:
        client.post(
            reverse("customer:login"),
            {
                "login-username": account.email,
                "login-password": "not-the-password",
                "login_submit": "Log in",
            },
            REMOTE_ADDR="192.0.2.1",
            HTTP_X_FORWARDED_FOR=f"{claimed}, {ATTACKER}",
        )

    locked = client.post(
        reverse("customer:login"),
        {
            "login-username": account.email,
            "login-password": DEFAULT_PASSWORD,
            "login_submit": "Log in",
        },
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR=f"10.0.0.9, {ATTACKER}",
    )
    owner = sign_in(client, account.email, DEFAULT_PASSWORD, "192.0.2.1")

    assert locked.status_code == 429
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    assert owner.status_code == 302


def test_a_locked_out_person_resets_their_password_and_signs_in(client, account):
    lock_out(client, account.email, ATTACKER)

    response = client.post(
        reverse("password-reset"), {"email": account.email}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 302
    link = re.search(r"/boutique/password-reset/confirm/\S+/", mail.outbox[-1].body)
    form_page = client.get(link.group(0), follow=True, REMOTE_ADDR=ATTACKER)
    chosen = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Une-n0uvelle-phrase",
            "new_password2": "Une-n0uvelle-phrase",
        },
        REMOTE_ADDR=ATTACKER,
    )
    assert chosen.status_code == 302
    assert chosen.url == reverse("password-reset-complete")

    response = sign_in(client, account.email, "Une-n0uvelle-phrase", ATTACKER)

    assert response.status_code == 302
    assert signed_in(client)


def test_the_checkouts_sign_in_counts_and_locks_alike(client, account):
    product = create_artisan_product()
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})

    def checkout_sign_in(password):
        return client.post(
            reverse("checkout:index"),
            {
                "username": account.email,
                "password": password,
                "options": "existing",
            },
            REMOTE_ADDR=ATTACKER,
        )

    wrong = [checkout_sign_in("not-the-password") for _attempt in range(5)]
    right = checkout_sign_in(DEFAULT_PASSWORD)

    assert wrong[0].status_code == 200
    assert right.status_code == 429
    assert not signed_in(client)
    # The login page holds the same lock.
    assert sign_in(client, account.email, DEFAULT_PASSWORD, ATTACKER).status_code == 429
