"""Chamber staff open one artisan's part in the dashboard and take their steps.

Staff cancel a part (with a reason), confirm a delivery and take back a parcel
nobody came for, through the order conductor, as ``Actor.staff``; artisans,
consumers and visitors are kept out.
"""

import pytest
from django.core import mail
from django.urls import reverse

from delivery.actions import booking_of
from delivery.models import ReservationStatus
from tests.factories import StaffUserFactory, UserFactory, VendorFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import bring_to
from tests.functional.vendors.backoffice_shop import (
    artisan_account,
    messages_of,
    point_part,
    stock_of,
    tr,
    vendor_order_for,
    workshop_part,
)
from vendors.models import ActorRole, PartAction, PartEmail, VendorOrderStatus

pytestmark = pytest.mark.django_db

S = VendorOrderStatus
A = PartAction
REASON = "L'artisan a fermé son atelier pour raison de santé."


@pytest.fixture
def vendor():
    vendor = VendorFactory()
    artisan_account(vendor)
    return vendor


@pytest.fixture
def staff(client):
    user = StaffUserFactory(email="agent@cma-paca.fr", first_name="Agnès")
    sign_in_verified(client, user)
    return user


def page_url(vendor_order):
    return reverse(
        "vendors-dashboard:vendor-order-detail",
        kwargs={"number": vendor_order.number},
    )


def step_url(vendor_order, action):
    return reverse(
        "vendors-dashboard:vendor-order-step",
        kwargs={"number": vendor_order.number, "action": action},
    )


def step_names(response):
    context = response.context
    return [form.action for form in [*context["steps"], *context["ending_steps"]]]


def test_staff_see_a_part_with_its_customer_pickup_and_timeline(client, vendor, staff):
    customer = UserFactory(email="lucie@example.fr")
    vendor_order = bring_to(point_part(vendor, user=customer), S.ACCEPTED)
    booking = booking_of(vendor_order)

    response = client.get(page_url(vendor_order))

    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["vendor_order"] == vendor_order
    assert "lucie@example.fr" in content
    assert booking.slot.point.name in content
    # The customer gives their code at the point: staff pages never show it.
    assert booking.pickup_code not in content
    assert [event.action for event in response.context["events"]] == [
        A.PLACE,
        A.ACCEPT,
    ]
    assert content.count('class="vendor-order-event"') == 2
    assert step_names(response) == [A.CANCEL]


def test_staff_cancel_a_part_and_its_stock_and_slot_are_given_back(
    client, vendor, staff, django_capture_on_commit_callbacks
):
    customer = UserFactory(email="lucie@example.fr")
    vendor_order = bring_to(point_part(vendor, user=customer), S.IN_PREPARATION)
    booking = booking_of(vendor_order)
    reserved = booking.slot.reserved
    in_stock, allocated = stock_of(vendor_order)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step_url(vendor_order, A.CANCEL), {"reason": REASON})

    vendor_order.refresh_from_db()
    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == page_url(vendor_order)
    assert vendor_order.status == S.CANCELLED
    assert stock_of(vendor_order) == (in_stock, allocated - 1)
    assert booking.status == ReservationStatus.RELEASED
    assert booking.slot.reserved == reserved - 1
    event = vendor_order.events.last()
    assert (event.action, event.role, event.user, event.reason) == (
        A.CANCEL,
        ActorRole.STAFF,
        staff,
        REASON,
    )
    # The customer and the artisan are both told.
    assert (event.customer_email, event.artisan_email) == (
        PartEmail.CANCELLED,
        PartEmail.CANCELLED_ARTISAN,
    )
    assert sorted(address for message in mail.outbox for address in message.to) == (
        sorted(["lucie@example.fr", *vendor.contact_emails()])
    )
    page = client.get(page_url(vendor_order))
    assert step_names(page) == []
    last_row = page.content.decode().split('class="vendor-order-event"')[-1]
    assert 'data-action="cancel" data-role="staff"' in last_row.split(">")[0]
    assert staff.get_full_name() in last_row.split("</tr>")[0]


def test_staff_cannot_cancel_without_a_reason(client, vendor, staff):
    vendor_order = vendor_order_for(vendor)
    in_stock, allocated = stock_of(vendor_order)

    response = client.post(step_url(vendor_order, A.CANCEL), {"reason": " "})

    vendor_order.refresh_from_db()
    assert response.status_code == 200
    assert messages_of(response) == [tr("The order has not changed.")]
    assert vendor_order.status == S.NEW
    assert stock_of(vendor_order) == (in_stock, allocated)


def test_staff_confirm_a_delivery_with_one_click(client, vendor, staff):
    vendor_order = bring_to(vendor_order_for(vendor), S.SHIPPED)
    assert step_names(client.get(page_url(vendor_order))) == [A.CONFIRM_DELIVERY]

    response = client.post(step_url(vendor_order, A.CONFIRM_DELIVERY))

    vendor_order.refresh_from_db()
    assert response.status_code == 302
    assert vendor_order.status == S.COMPLETED
    assert vendor_order.events.last().role == ActorRole.STAFF


def test_staff_take_back_a_parcel_nobody_came_for_and_restock_it(client, vendor, staff):
    vendor_order = bring_to(workshop_part(vendor), S.NO_SHOW)
    in_stock, allocated = stock_of(vendor_order)

    response = client.post(step_url(vendor_order, A.TAKE_BACK), {"restock": "yes"})

    vendor_order.refresh_from_db()
    assert response.status_code == 302
    assert vendor_order.status == S.RETURNED
    assert stock_of(vendor_order) == (in_stock, allocated - 1)


def test_a_step_staff_may_not_take_changes_nothing_and_says_why(client, vendor, staff):
    vendor_order = vendor_order_for(vendor)

    response = client.post(step_url(vendor_order, A.ACCEPT), follow=True)

    vendor_order.refresh_from_db()
    assert messages_of(response) == [
        tr(
            "“%(step)s” is not possible now: this order is “%(status)s”.",
            step=tr(A.ACCEPT.label),
            status=tr(S.NEW.label),
        )
    ]
    assert vendor_order.status == S.NEW
    assert vendor_order.events.count() == 1


def test_the_shop_page_links_to_its_latest_orders(client, vendor, staff):
    vendor_order = vendor_order_for(vendor)
    other = vendor_order_for(VendorFactory())

    content = client.get(
        reverse("vendors-dashboard:vendor-detail", kwargs={"pk": vendor.pk})
    ).content.decode()

    assert f'href="{page_url(vendor_order)}"' in content
    assert page_url(other) not in content


@pytest.mark.parametrize("who", ["artisan", "consumer"])
def test_artisans_and_consumers_are_refused_the_staff_page(client, vendor, who):
    vendor_order = vendor_order_for(vendor, user=UserFactory())
    user = vendor.partner.users.first() if who == "artisan" else vendor_order.order.user
    client.force_login(user)

    page = client.get(page_url(vendor_order))
    cancel = client.post(step_url(vendor_order, A.CANCEL), {"reason": REASON})

    vendor_order.refresh_from_db()
    assert page.status_code == 403
    assert cancel.status_code == 403
    assert vendor_order.status == S.NEW


def test_visitors_are_sent_to_the_dashboards_sign_in(client, vendor):
    vendor_order = vendor_order_for(vendor)

    response = client.post(step_url(vendor_order, A.CANCEL), {"reason": REASON})

    vendor_order.refresh_from_db()
    assert response.status_code == 302
    assert reverse("dashboard:login") in response["Location"]
    assert vendor_order.status == S.NEW
