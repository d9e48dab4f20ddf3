"""A customer makes API tokens in their account: shown once, listed, revoked."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from shop.apps.api.models import PersonalAccessToken, TokenKind, hash_secret
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/boutique/accounts/api/"


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_the_page_is_for_signed_in_customers(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("customer:login") in response["Location"]


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client):
    user = UserFactory()
    client.force_login(user)
    page = soup(client.post(URL, {"name": "Mon téléphone", "expires_on": in_days(30)}))
    secret = page.find(id="new-token-secret")["value"]
    token = PersonalAccessToken.objects.get(user=user)
    assert token.kind == TokenKind.CONSUMER
    assert token.scopes == ["consumer"]
    assert token.key_hash == hash_secret(secret)
    assert secret.startswith(token.key_start)
    expires = timezone.localtime(token.expires_at)
    assert expires.date() == timezone.localdate() + datetime.timedelta(days=31)
    # Listed afterwards, by its first characters only.
    again = client.get(URL)
    assert secret not in again.content.decode()
    row = soup(again).find("tr", attrs={"data-token": str(token.pk)})
    assert "Mon téléphone" in row.get_text()
    assert token.key_start in row.get_text()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "expires_on": in_days(10)},
        {"name": "Tablette", "expires_on": in_days(-1)},
        {"name": "Tablette", "expires_on": in_days(400)},
        {"name": "Tablette", "expires_on": "demain"},
    ],
)
def test_bad_input_makes_no_token(client, data):
    client.force_login(UserFactory())
    page = soup(client.post(URL, data))
    assert page.find(id="new-token") is None
    assert page.select("#token-form [role=alert]")
    assert not PersonalAccessToken.objects.exists()


def test_the_customer_revokes_their_token_and_no_one_else_can(client):
    owner, other = UserFactory(), UserFactory()
    token, _secret = PersonalAccessToken.issue(
        owner, TokenKind.CONSUMER, "Téléphone", ["consumer"]
    )
    revoke = reverse("api-tokens:revoke", args=[token.pk])
    client.force_login(other)
    assert client.post(revoke).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None

    client.force_login(owner)
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "token-status" in client.get(URL).content.decode()


def test_the_account_navigation_links_to_the_page(client):
    client.force_login(UserFactory())
    page = soup(client.get(reverse("customer:profile-view")))
    assert page.find(id="account-tab-api-tokens")["href"] == URL
