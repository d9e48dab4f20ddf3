"""Logistics staff make the scanner's API tokens in their console: shown once,
read-only or read-write, listed, revoked; only for accounts that run a point."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from shop.apps.api.models import PersonalAccessToken, TokenKind, hash_secret
from tests.factories import UserFactory
from tests.factories.api import bearer
from tests.factories.delivery import PickupPointFactory

pytestmark = pytest.mark.django_db

URL = "/logistique/jetons-api/"
POINTS = "/api/v1/logistics/points/"


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def point():
    return PickupPointFactory(name="Drive du Prado", slug="drive-prado")


@pytest.fixture
def logistician(client, point):
    user = UserFactory()
    point.staff.add(user)
    client.force_login(user)
    return user


def make_token(client, **data):
    response = client.post(
        URL, {"name": "Scanner du Prado", "expires_on": in_days(30), **data}
    )
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="new-token-secret")[
        "value"
    ]


def test_a_scanner_token_is_shown_once_hashed_and_reads_the_points_manifests(
    client, logistician, point
):
    secret = make_token(client, can_write="on")

    token = PersonalAccessToken.objects.get(user=logistician)
    assert token.kind == TokenKind.LOGISTICS
    assert token.scopes == ["logistics:read", "logistics:write"]
    assert token.key_hash == hash_secret(secret)
    assert secret not in str(PersonalAccessToken.objects.values().get())
    listing = client.get(URL)
    assert secret not in listing.content.decode()
    assert token.key_start in listing.content.decode()
    answer = client.get(POINTS, **bearer(secret))
    assert answer.status_code == 200
    assert [p["slug"] for p in answer.json()] == ["drive-prado"]


def test_a_read_only_scanner_token_cannot_hand_over(client, logistician, point):
    secret = make_token(client)

    assert PersonalAccessToken.objects.get().scopes == ["logistics:read"]
    answer = client.post(
        f"{POINTS}{point.slug}/hand-over/",
        {"code": "ABCD2345"},
        content_type="application/json",
        **bearer(secret),
    )
    assert answer.status_code == 403


def test_a_revoked_scanner_token_stops_at_once(client, logistician):
    secret = make_token(client)
    token = PersonalAccessToken.objects.get()

    response = client.post(f"{URL}{token.pk}/revoquer/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(POINTS, **bearer(secret)).status_code == 401


def test_another_accounts_token_cannot_be_revoked(client, logistician, point):
    other = UserFactory()
    point.staff.add(other)
    token, _secret = PersonalAccessToken.issue(
        other, TokenKind.LOGISTICS, "Autre", ["logistics:read"]
    )

    assert client.post(f"{URL}{token.pk}/revoquer/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_only_accounts_running_a_point_have_the_page(client):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    assert not PersonalAccessToken.objects.exists()
