"""A customer's API client: a consumer token sent as ``Bearer``, and every
answer checked against the published schema."""

import pytest

from shop.apps.api.models import PersonalAccessToken, Scope, TokenKind
from tests.factories import UserFactory
from tests.factories.api import SchemaCheckedClient


def consumer_client(user):
    """An API client acting for ``user`` with a fresh consumer token."""
    _token, secret = PersonalAccessToken.issue(
        user, TokenKind.CONSUMER, "app", [Scope.CONSUMER]
    )
    client = SchemaCheckedClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def customer():
    return UserFactory(email="lucie@example.fr")


@pytest.fixture
def api(customer):
    return consumer_client(customer)


def is_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    return body
