"""A consumer deletes their account from the account area, confirming with
their password: nothing that identifies them stays, their orders stay with
their amounts."""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from oscar.core.loading import get_model

from shop.apps.core.privacy.erasure import anonymise_expired_orders
from shop.apps.core.privacy.views import AccountDeleteView
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.privacy import rows_mentioning
from vendors.models import VendorOrder, VendorOrderStatus

Order = get_model("order", "Order")
User = get_user_model()

pytestmark = pytest.mark.django_db

DELETE_URL = "/boutique/accounts/profile/delete/"


def signed_in(user):
    """A browser of its own, signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def test_oscars_profile_deletion_address_is_ours():
    assert reverse("customer:profile-delete") == DELETE_URL
    assert resolve(DELETE_URL).func.view_class is AccountDeleteView


def test_after_deletion_nothing_in_the_database_names_the_person(
    ysaline, bertrand, django_capture_on_commit_callbacks
):
    order = ysaline.orders[0]
    totals = (order.total_incl_tax, order.total_excl_tax, order.lines.count())
    parts = list(order.vendor_orders.values_list("number", "total_incl_tax", "status"))
    client, other_device = signed_in(ysaline.user), signed_in(ysaline.user)
    sessions = [client.session.session_key, other_device.session.session_key]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=ysaline.user.pk).exists()
    assert not Session.objects.filter(session_key__in=sessions).exists()
    for word in ysaline.words:
        assert rows_mentioning(word) == [], word
    # The order stays, with its amounts, lines and artisans' parts.
    order = Order.objects.get(pk=order.pk)
    assert (order.total_incl_tax, order.total_excl_tax, order.lines.count()) == totals
    assert (
        list(order.vendor_orders.values_list("number", "total_incl_tax", "status"))
        == parts
    )
    assert order.user is None and order.guest_email == ""
    assert order.shipping_address.line1 == ""
    # Signed out everywhere; the other customer keeps everything.
    assert "_auth_user_id" not in other_device.session
    assert other_device.get(reverse("customer:summary")).status_code == 302
    for word in bertrand.words:
        assert rows_mentioning(word) != [], word
    assert User.objects.filter(pk=bertrand.user.pk).exists()


def test_a_wrong_password_deletes_nothing(ysaline):
    client = signed_in(ysaline.user)

    response = client.post(DELETE_URL, {"password": "not-the-password"})

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=ysaline.user.pk).exists()
    assert Order.objects.get(pk=ysaline.orders[0].pk).user_id == ysaline.user.pk


def test_wrong_passwords_are_counted_and_then_even_the_right_one_waits(
    ysaline, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    client = signed_in(ysaline.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _attempt in range(3):
        client.post(DELETE_URL, {"password": "not-the-password"})

    response = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    errors = response.context["form"].errors["password"]
    assert any("Too many wrong passwords" in error for error in errors)
    assert User.objects.filter(pk=ysaline.user.pk).exists()


def test_orders_under_way_stop_the_deletion_with_a_clear_message(shop, ysaline):
    from tests.factories import create_artisan_product, place_order

    open_order = place_order((create_artisan_product(shop), 1), user=ysaline.user)
    client = signed_in(ysaline.user)

    # In English, as someone who chose it with the language switch.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(DELETE_URL, {"password": DEFAULT_PASSWORD}, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert any(
        str(open_order.number) in message and "still under way" in message
        for message in messages
    )
    assert User.objects.filter(pk=ysaline.user.pk).exists()
    assert rows_mentioning("14 impasse des Grillons") != []
    # Once the part is closed, the deletion goes through.
    VendorOrder.objects.filter(order=open_order).update(
        status=VendorOrderStatus.CANCELLED
    )
    client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})
    assert not User.objects.filter(pk=ysaline.user.pk).exists()


def test_staff_accounts_are_not_deleted_from_the_account_area(client):
    staff = StaffUserFactory()
    sign_in_verified(client, staff)

    client.post(DELETE_URL, {"password": DEFAULT_PASSWORD})

    assert User.objects.filter(pk=staff.pk).exists()


def test_the_deletion_page_asks_for_the_password(ysaline):
    client = signed_in(ysaline.user)

    response = client.get(DELETE_URL)

    assert response.status_code == 200
    assert b'type="password"' in response.content
    assert b'autocomplete="current-password"' in response.content
    assert b"<main" in response.content


def test_orders_past_their_retention_lose_their_particulars(ysaline, bertrand):
    old, recent = ysaline.orders[0], bertrand.orders[0]
    now = timezone.now()
    Order.objects.filter(pk=old.pk).update(
        date_placed=now - datetime.timedelta(days=365 * 10 + 5)
    )
    Order.objects.filter(pk=recent.pk).update(
        date_placed=now - datetime.timedelta(days=365 * 9)
    )

    assert anonymise_expired_orders(now=now) == 1
    assert anonymise_expired_orders(now=now) == 0

    old.refresh_from_db()
    assert old.user is None and old.shipping_address.line1 == ""
    assert old.total_incl_tax > D("0")
    # Only her address book still has it: her account is still open.
    found = rows_mentioning("14 impasse des Grillons")
    assert found and all(row.startswith("address.UserAddress.") for row in found)
    recent.refresh_from_db()
    assert recent.user_id == bertrand.user.pk
    assert recent.shipping_address.line1 == "3 chemin des Cigales"


def test_the_nightly_purge_lets_go_of_what_the_privacy_page_says(ysaline):
    from axes.models import AccessLog
    from django.contrib.sessions.backends.db import SessionStore

    from shop.apps.core.privacy.tasks import purge_expired_personal_data_task

    old = ysaline.orders[0]
    Order.objects.filter(pk=old.pk).update(
        date_placed=timezone.now() - datetime.timedelta(days=365 * 11)
    )
    expired = SessionStore()
    expired["basket"] = 1
    expired.set_expiry(-60)
    expired.save()
    stale = AccessLog.objects.create(username=ysaline.user.email, ip_address="10.0.0.1")
    AccessLog.objects.filter(pk=stale.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=400)
    )
    recent = AccessLog.objects.create(
        username="autre@example.fr", ip_address="10.0.0.2"
    )

    result = purge_expired_personal_data_task.delay().get()

    assert result == {"orders": 1, "sign_in_records": 1}
    old.refresh_from_db()
    assert old.user is None and old.shipping_address.line1 == ""
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
