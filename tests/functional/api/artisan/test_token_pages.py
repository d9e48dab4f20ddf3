"""The back office's API tokens: a team member makes a token for this shop
with the scopes they choose, sees its secret once, lists and revokes their own
tokens; another member's or another shop's token is not found."""

import re

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from shop.apps.api.models import PersonalAccessToken, Scope, TokenKind, hash_secret
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.orders import artisan_account

pytestmark = pytest.mark.django_db

PAGE = "/espace-artisan/api/"


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def member(vendor, client):
    user = artisan_account(vendor)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def secret_on(page):
    found = re.search(r'id="new-api-token-secret" value="(apt_[^"]+)"', page)
    return found.group(1) if found else None


def test_a_member_makes_a_token_and_sees_its_secret_once(client, vendor, member):
    create_artisan_product(vendor, "Savon", price="7.50")

    response = client.post(
        PAGE,
        {"name": "Caisse", "scopes": ["catalogue:read"], "expires_in": "30"},
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = secret_on(response.content.decode())
    assert secret
    token = PersonalAccessToken.objects.get()
    assert (token.user, token.vendor, token.kind) == (member, vendor, TokenKind.ARTISAN)
    assert token.scopes == ["catalogue:read"]
    assert token.key_hash == hash_secret(secret)
    assert token.expires_at is not None
    # The secret is not stored, and the list never shows it again.
    assert secret not in str(PersonalAccessToken.objects.values().get().values())
    listing = client.get(PAGE).content.decode()
    assert secret not in listing
    assert token.key_start in listing
    assert "Caisse" in listing
    # It works on the API, for this shop, with its scope only.
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/artisan/products/").status_code == 200
    assert api.get("/api/v1/artisan/orders/").status_code == 403


def test_a_token_that_never_expires_can_be_made(client, member):
    client.post(
        PAGE,
        {"name": "Tableur", "scopes": ["catalogue:read", "orders:read"]},
    )

    token = PersonalAccessToken.objects.get()
    assert token.expires_at is None
    assert token.scopes == ["catalogue:read", "orders:read"]


def test_a_token_needs_a_name_and_a_scope_of_an_artisan(client, member):
    response = client.post(PAGE, {"name": "", "scopes": [Scope.CONSUMER]})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "scopes"}
    assert not PersonalAccessToken.objects.exists()


def test_a_member_revokes_their_token_after_confirming(client, vendor, member):
    token, secret = PersonalAccessToken.issue(
        member, TokenKind.ARTISAN, "Caisse", [Scope.CATALOGUE_READ], vendor=vendor
    )
    url = f"{PAGE}{token.pk}/revoquer/"

    confirm = client.get(url)
    assert confirm.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None

    response = client.post(url)

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/artisan/products/").status_code == 401


def test_another_members_or_shops_token_is_not_found(client, vendor, member):
    colleague = UserFactory()
    vendor.partner.users.add(colleague)
    theirs, _secret = PersonalAccessToken.issue(
        colleague, TokenKind.ARTISAN, "Leur caisse", [Scope.ORDERS_READ], vendor=vendor
    )
    other_shop = VendorFactory()
    elsewhere, _secret = PersonalAccessToken.issue(
        artisan_account(other_shop),
        TokenKind.ARTISAN,
        "Autre",
        [Scope.ORDERS_READ],
        vendor=other_shop,
    )

    listing = client.get(PAGE).content.decode()
    for token in (theirs, elsewhere):
        assert token.name not in listing
        assert client.get(f"{PAGE}{token.pk}/revoquer/").status_code == 404
        assert client.post(f"{PAGE}{token.pk}/revoquer/").status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None


def test_the_page_is_for_team_members_only(client):
    client.force_login(UserFactory())

    assert client.get(PAGE).status_code == 403
