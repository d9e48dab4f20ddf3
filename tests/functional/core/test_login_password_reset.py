"""Password reset requests: a few per address and per e-mail, and the answer
never says whether an e-mail address has an account."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reset_rules(settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 5
    settings.PASSWORD_RESETS_PER_EMAIL = 3
    settings.PASSWORD_RESET_WINDOW_MINUTES = 60
    cache.clear()
    yield
    cache.clear()


def ask_reset(client, email, address="203.0.113.9"):
    return client.post(reverse("password-reset"), {"email": email}, REMOTE_ADDR=address)


def test_known_and_unknown_addresses_get_the_same_answer(client):
    UserFactory(email="marie@example.fr")

    known = ask_reset(client, "marie@example.fr")
    unknown = ask_reset(client, "nobody@example.fr")

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("password-reset-done")
    assert [message.to for message in mail.outbox] == [["marie@example.fr"]]


def test_requests_for_one_email_are_limited_whatever_the_address(client):
    client.cookies["django_language"] = "en"
    UserFactory(email="marie@example.fr")
    for number in range(3):
        assert (
            ask_reset(client, "marie@example.fr", f"198.51.100.{number}").status_code
            == 302
        )

    refused = ask_reset(client, "Marie@Example.fr", "198.51.100.99")

    assert refused.status_code == 429
    assert "Too many password reset requests" in str(
        refused.context["form"].non_field_errors()
    )
    assert len(mail.outbox) == 3


def test_an_unknown_email_is_limited_alike(client):
    for number in range(3):
        ask_reset(client, "nobody@example.fr", f"198.51.100.{number}")

    assert ask_reset(client, "nobody@example.fr", "198.51.100.99").status_code == 429


def test_requests_from_one_address_are_limited_whatever_the_email(client):
    for number in range(5):
        assert ask_reset(client, f"person{number}@example.fr").status_code == 302

    assert ask_reset(client, "someone-else@example.fr").status_code == 429
    assert ask_reset(client, "someone-else@example.fr", "192.0.2.50").status_code == 302
