"""Wrong pickup codes are counted per account and per network address, for a
quarter of an hour; then the hand-over forms say to wait."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from delivery.actions import parcels
from tests.factories import UserFactory
from tests.factories.delivery import PickupPointFactory
from vendors.lifecycle import Actor, StepRefused, hand_over_preview

pytestmark = pytest.mark.django_db

WAIT = (
    "Too many wrong pickup codes were typed. Please wait a quarter of an hour "
    "before trying again."
)
NOT_VALID = "This pickup code is not valid."
SHARED = "203.0.113.40"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PICKUP_CODE_ATTEMPTS = 3
    settings.PICKUP_CODE_ATTEMPTS_PER_ADDRESS = 5
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def point():
    return PickupPointFactory(name="Drive du Prado")


def refusal(point, user, address):
    with pytest.raises(StepRefused) as refused:
        hand_over_preview(point, "ZZZZ-ZZZZ", Actor.logistics(user, point, address))
    return str(refused.value)


def test_wrong_codes_from_one_address_are_counted_whoever_types_them(point):
    # given: five colleagues behind one address, one wrong code each
    for number in range(5):
        user = UserFactory(email=f"agent{number}@example.fr")
        assert refusal(point, user, SHARED) == NOT_VALID

    # then: a sixth account there waits; the same account elsewhere does not
    newcomer = UserFactory(email="agent-new@example.fr")
    assert refusal(point, newcomer, SHARED) == WAIT
    assert refusal(point, newcomer, "198.51.100.3") == NOT_VALID


def test_an_account_waits_after_its_own_wrong_codes_wherever_it_is(point):
    user = UserFactory(email="agent@example.fr")
    for number in range(3):
        refusal(point, user, f"198.51.100.{number}")

    assert refusal(point, user, "192.0.2.77") == WAIT


def test_the_wait_ends_once_the_window_is_over(point, monkeypatch):
    monkeypatch.setattr(parcels, "CODE_ATTEMPTS_WINDOW", 1)
    user = UserFactory(email="agent@example.fr")
    for _attempt in range(3):
        refusal(point, user, SHARED)
    assert refusal(point, user, SHARED) == WAIT

    time.sleep(1.2)

    assert refusal(point, user, SHARED) == NOT_VALID


def test_the_console_counts_the_address_the_request_came_from(client, point):
    for number in range(5):
        agent = UserFactory(email=f"agent{number}@example.fr")
        point.staff.add(agent)
        client.force_login(agent)
        client.post(
            reverse("logistics:hand-over", kwargs={"slug": point.slug}),
            {"code": "ZZZZ-ZZZZ"},
            REMOTE_ADDR=SHARED,
        )
    newcomer = UserFactory(email="agent-new@example.fr")
    point.staff.add(newcomer)
    client.force_login(newcomer)

    response = client.post(
        reverse("logistics:hand-over", kwargs={"slug": point.slug}),
        {"code": "ZZZZ-ZZZZ"},
        REMOTE_ADDR=SHARED,
    )

    assert [str(message) for message in response.context["messages"]] == [WAIT]
