"""Registering answers the same whether the address has an account: a new
address gets an account confirmed once from an e-mailed link, a known one
changes nothing and its owner is told by e-mail."""

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.urls import reverse

from shop.apps.core.accounts.registration import confirmation_tokens
from tests.factories import DEFAULT_PASSWORD, UserFactory, create_artisan_product
from tests.factories.accounts import confirmation_path_in

User = get_user_model()

pytestmark = pytest.mark.django_db

REGISTER_URL = "/boutique/accounts/register/"
NEW_PASSWORD = "Lavande-de-Sault-2026"
# What differs from one response to the next whatever the address.
VARYING = re.compile(
    r'name="csrfmiddlewaretoken" value="[^"]+"|<meta name="created" content="[^"]+"'
)


@pytest.fixture(autouse=True)
def english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies["django_language"] = "en"


@pytest.fixture
def known():
    return UserFactory(email="marie@example.fr")


def register(client, email, password=NEW_PASSWORD, **extra):
    return client.post(
        REGISTER_URL,
        {"email": email, "password1": password, "password2": password, **extra},
        follow=True,
    )


def register_on_login_page(client, email, password=NEW_PASSWORD):
    return client.post(
        reverse("customer:login"),
        {
            "registration-email": email,
            "registration-password1": password,
            "registration-password2": password,
            "registration_submit": "Register",
        },
        follow=True,
    )


def answer_of(response):
    """What a visitor sees: status, redirects, templates and the page's text."""
    return (
        response.status_code,
        response.redirect_chain,
        [template.name for template in response.templates],
        VARYING.sub("", response.content.decode()),
    )


def signed_in(client):
    return SESSION_KEY in client.session


def snapshot(user):
    user.refresh_from_db()
    return (user.password, user.is_active, user.last_login, user.email)


@pytest.mark.parametrize("page", [register, register_on_login_page])
def test_a_known_and_an_unknown_address_get_the_same_answer(client, known, page):
    for_known = page(client, "Marie@Example.fr")
    for_unknown = page(client, "paul@example.fr")

    assert answer_of(for_known) == answer_of(for_unknown)
    assert for_known.redirect_chain == [(reverse("registration:sent"), 302)]
    assert "registration-sent" in for_known.content.decode()
    assert "already exists" not in for_known.content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize("page", [register, register_on_login_page])
def test_a_known_address_changes_nothing_and_its_owner_is_told(client, known, page):
    before = snapshot(known)
    users_before = User.objects.count()

    page(client, "marie@example.fr", password="Autre-mot-de-passe-2026")

    assert snapshot(known) == before
    assert known.check_password(DEFAULT_PASSWORD)
    assert User.objects.count() == users_before
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marie@example.fr"]
    assert "perhaps you" in message.body
    assert reverse("password-reset") in message.body
    assert reverse("customer:login") in message.body
    assert "/register/confirmer/" not in message.body


def test_a_new_address_gets_an_inactive_account_confirmed_once_by_its_link(client):
    register(client, "paul@example.fr", redirect_url=reverse("basket:summary"))

    paul = User.objects.get(email="paul@example.fr")
    assert not paul.is_active
    assert paul.check_password(NEW_PASSWORD)
    assert not signed_in(client)
    assert [message.to for message in mail.outbox] == [["paul@example.fr"]]
    link = confirmation_path_in(mail.outbox[0])

    # Opening the link changes nothing yet (mail scanners open links too).
    page = client.get(link)
    paul.refresh_from_db()
    assert page.status_code == 200
    assert not paul.is_active
    assert "registration-confirm-form" in page.content.decode()

    confirmed = client.post(link, {"password": NEW_PASSWORD})

    paul.refresh_from_db()
    assert confirmed.status_code == 302
    assert confirmed.url == reverse("basket:summary")
    assert paul.is_active
    assert client.session[SESSION_KEY] == str(paul.pk)

    # The link works once.
    client.logout()
    again = client.post(link, {"password": NEW_PASSWORD})
    assert again.status_code == 410
    assert "registration-link-invalid" in again.content.decode()
    assert not signed_in(client)


def test_the_confirmed_account_signs_in_with_its_password(client):
    register(client, "paul@example.fr")
    client.post(confirmation_path_in(mail.outbox[0]), {"password": NEW_PASSWORD})
    client.logout()

    response = client.post(
        reverse("customer:login"),
        {
            "login-username": "paul@example.fr",
            "login-password": NEW_PASSWORD,
            "login_submit": "Log in",
        },
    )

    assert response.status_code == 302
    assert signed_in(client)


def test_an_account_not_confirmed_yet_cannot_sign_in(client):
    register(client, "paul@example.fr")

    response = client.post(
        reverse("customer:login"),
        {
            "login-username": "paul@example.fr",
            "login-password": NEW_PASSWORD,
            "login_submit": "Log in",
        },
    )

    assert response.status_code == 200
    assert not signed_in(client)


def test_the_link_with_another_password_confirms_nothing(client):
    register(client, "paul@example.fr")
    link = confirmation_path_in(mail.outbox[0])

    response = client.post(link, {"password": "Pas-le-bon-2026"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password"]
    assert not User.objects.get(email="paul@example.fr").is_active
    assert not signed_in(client)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda link: link.replace("confirmer/", "confirmer/x", 1),
        lambda link: link[:-3] + ("0" if link[-3] != "0" else "1") + link[-2:],
        lambda link: link.rstrip("/").rsplit("/", 1)[0] + "/",
    ],
    ids=["uid", "token", "token-missing"],
)
def test_a_tampered_link_confirms_nothing(client, tamper):
    register(client, "paul@example.fr", redirect_url=reverse("basket:summary"))
    path, query = confirmation_path_in(mail.outbox[0]).split("?")
    link = f"{tamper(path)}?{query}"

    response = client.post(link, {"password": NEW_PASSWORD})

    assert response.status_code in (404, 410)
    assert not User.objects.get(email="paul@example.fr").is_active
    assert not signed_in(client)


def test_an_expired_link_confirms_nothing(client, settings, monkeypatch):
    settings.PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
    # The link was sent four days ago.
    monkeypatch.setattr(
        confirmation_tokens, "_now", lambda: datetime.now() - timedelta(days=4)
    )
    register(client, "paul@example.fr")
    monkeypatch.undo()

    response = client.post(
        confirmation_path_in(mail.outbox[0]), {"password": NEW_PASSWORD}
    )

    assert response.status_code == 410
    assert not User.objects.get(email="paul@example.fr").is_active
    assert not signed_in(client)


def test_registering_again_before_confirming_voids_the_first_link(client):
    register(client, "paul@example.fr", password="Premier-essai-2026")
    first_link = confirmation_path_in(mail.outbox[0])

    register(client, "paul@example.fr")

    assert User.objects.filter(email="paul@example.fr").count() == 1
    assert len(mail.outbox) == 2
    assert client.post(first_link, {"password": "Premier-essai-2026"}).status_code == (
        410
    )
    second_link = confirmation_path_in(mail.outbox[1])
    assert client.post(second_link, {"password": NEW_PASSWORD}).status_code == 302
    assert User.objects.get(email="paul@example.fr").is_active


def test_an_invalid_form_is_explained_and_creates_nothing(client):
    response = register(client, "paul@example.fr", password2="Autre-2026")

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(email="paul@example.fr").exists()
    assert mail.outbox == []


# The checkout's first step
# ------------------------------------------------------------------------------


@pytest.fixture
def basket(client):
    product = create_artisan_product()
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})
    client.get(reverse("basket:summary"))  # shows "added to your cart" once


def gateway(client, email, option):
    return client.post(
        reverse("checkout:index"), {"username": email, "options": option}
    )


def test_the_checkouts_new_customer_choice_says_nothing_of_accounts(
    client, known, basket
):
    answers = []
    for email in ("marie@example.fr", "paul@example.fr"):
        chosen = gateway(client, email, "new")
        # Registering from there answers the same, too.
        answers.append(
            (chosen.status_code, chosen.url, answer_of(register(client, email)))
        )

    (known_status, known_url, for_known), (unknown_status, unknown_url, for_unknown) = (
        answers
    )
    assert known_status == unknown_status == 302
    assert known_url.startswith(f"{REGISTER_URL}?")
    assert known_url.replace("marie", "paul") == unknown_url
    assert for_known == for_unknown


def test_a_guest_with_the_address_of_an_account_goes_on_as_a_guest(
    client, known, basket
):
    response = gateway(client, "marie@example.fr", "anonymous")

    assert response.status_code == 302
    assert response.url == reverse("checkout:fulfilment")
    assert not signed_in(client)
    assert snapshot(known)[1] is True


def test_a_new_customer_confirming_from_the_checkout_goes_back_to_it(client, basket):
    chosen = gateway(client, "paul@example.fr", "new")
    next_url = parse_qs(urlsplit(chosen.url).query)["next"][0]
    register(client, "paul@example.fr", redirect_url=next_url)

    confirmed = client.post(
        confirmation_path_in(mail.outbox[0]), {"password": NEW_PASSWORD}, follow=True
    )

    assert confirmed.status_code == 200
    assert confirmed.redirect_chain[0][0].startswith("/boutique/checkout/")
    assert confirmed.request["PATH_INFO"].startswith("/boutique/checkout/")
    assert client.session[SESSION_KEY] == str(
        User.objects.get(email="paul@example.fr").pk
    )


def test_registering_again_and_again_sends_a_few_e_mails_and_says_nothing_more(
    client, known, settings
):
    settings.REGISTRATION_EMAILS_PER_ADDRESS = 2
    answers = [answer_of(register(client, "marie@example.fr")) for _ in range(4)]

    assert len(mail.outbox) == 2
    assert all(answer == answers[0] for answer in answers)
    # Another address has its own count.
    register(client, "paul@example.fr")
    assert [message.to for message in mail.outbox[2:]] == [["paul@example.fr"]]
