"""An artisan lists, reads and moves on their own parts of orders.

Each step is one small form posted to ``backoffice:order-step``: a button
alone, or with the few fields the step needs. The order conductor takes it.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from delivery.actions import booking_of, format_code
from delivery.models import ParcelStatus, ReservationStatus
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories.orders import bring_to
from vendors.models import (
    ActorRole,
    FulfilmentMethod,
    PartAction,
    VendorOrderStatus,
)

from . import (
    artisan_account,
    messages_of,
    paid_at_pickup,
    place_order,
    point_part,
    stock_of,
    tr,
    vendor_order_for,
    workshop_part,
)

pytestmark = pytest.mark.django_db

S = VendorOrderStatus
A = PartAction
REASON = "Rupture de stock de savon au miel"


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def artisan(vendor, client):
    user = artisan_account(vendor)
    client.force_login(user)
    return user


@pytest.fixture
def customer():
    return UserFactory(email="jeanne@example.fr", first_name="Jeanne")


def detail_url(vendor_order):
    return reverse("backoffice:order-detail", kwargs={"number": vendor_order.number})


def take_step(client, vendor_order, action, **data):
    return client.post(
        reverse(
            "backoffice:order-step",
            kwargs={"number": vendor_order.number, "action": action},
        ),
        data,
    )


def step_names(response):
    """The steps the page offers, as their actions, in page order."""
    context = response.context
    return [form.action for form in [*context["steps"], *context["ending_steps"]]]


def errors_of(response, action):
    """The reasons the page gives for not taking ``action``."""
    (form,) = [
        form
        for form in [*response.context["steps"], *response.context["ending_steps"]]
        if form.action == action
    ]
    return [str(error) for errors in form.errors.values() for error in errors]


# The list
# ------------------------------------------------------------------------------


def test_order_list_shows_only_the_artisans_own_orders(client, vendor, artisan):
    other = VendorFactory()
    own = vendor_order_for(vendor)
    foreign = vendor_order_for(other)

    response = client.get(reverse("backoffice:order-list"))

    assert response.status_code == 200
    assert list(response.context["vendor_orders"]) == [own]
    assert own.number in response.content.decode()
    assert foreign.number not in response.content.decode()


def test_order_list_filters_by_status_and_paginates(client, vendor, artisan):
    accepted = vendor_order_for(vendor)
    accepted.status = S.ACCEPTED
    accepted.save()
    for _ in range(21):
        vendor_order_for(vendor)

    filtered = client.get(reverse("backoffice:order-list"), {"status": "accepted"})
    first_page = client.get(reverse("backoffice:order-list"))
    second_page = client.get(reverse("backoffice:order-list"), {"page": 2})

    assert list(filtered.context["vendor_orders"]) == [accepted]
    assert len(first_page.context["vendor_orders"]) == 20
    assert len(second_page.context["vendor_orders"]) == 2


def test_order_list_shows_each_parts_status_label(client, vendor, artisan):
    new = vendor_order_for(vendor)
    shipped = bring_to(vendor_order_for(vendor), S.SHIPPED)

    content = client.get(reverse("backoffice:order-list")).content.decode()

    for vendor_order in (new, shipped):
        label = tr(vendor_order.get_status_display())
        assert f'data-status="{vendor_order.status}">{label}</span>' in content


def test_the_status_filter_does_not_offer_parts_awaiting_payment(
    client, vendor, artisan
):
    response = client.get(reverse("backoffice:order-list"))

    choices = dict(response.context["filter_form"].fields["status"].choices)
    assert S.AWAITING_PAYMENT not in choices
    assert S.NEW in choices


# The detail page
# ------------------------------------------------------------------------------


def test_order_detail_shows_only_this_artisans_lines_and_the_customer(
    client, vendor, artisan, customer
):
    other = VendorFactory()
    soap = create_artisan_product(vendor, "Savon au miel", price="7.50")
    sweets = create_artisan_product(other, "Calissons secrets", price="18.90")
    order = place_order((soap, 2), (sweets, 1), user=customer)
    vendor_order = order.vendor_orders.get(vendor=vendor)

    response = client.get(detail_url(vendor_order))

    content = response.content.decode()
    assert response.status_code == 200
    assert [line.title for line in response.context["lines"]] == ["Savon au miel"]
    assert "Savon au miel" in content
    assert "Calissons secrets" not in content
    assert "jeanne@example.fr" in content
    assert "12 rue des Cigales" in content
    assert "+33 6 12 34 56 78" in content or "+33612345678" in content
    # The whole order's total (other artisans' parts included) is not shown.
    assert str(order.total_incl_tax).replace(".", ",") not in content
    # A new order is accepted with one click, or refused apart.
    assert step_names(response) == [A.ACCEPT, A.REFUSE]
    assert [form.action for form in response.context["ending_steps"]] == [A.REFUSE]
    assert 'id="vendor-order-ending-steps"' in content


@pytest.mark.parametrize(
    ("method", "clicks"),
    [
        (
            FulfilmentMethod.DELIVERY,
            [
                (A.ACCEPT, S.ACCEPTED, [A.PREPARE, A.SHIP, A.CANCEL]),
                (A.PREPARE, S.IN_PREPARATION, [A.SHIP, A.CANCEL]),
            ],
        ),
        (
            FulfilmentMethod.WORKSHOP_PICKUP,
            [
                (A.ACCEPT, S.ACCEPTED, [A.PREPARE, A.MARK_READY, A.CANCEL]),
                (A.PREPARE, S.IN_PREPARATION, [A.MARK_READY, A.CANCEL]),
                (A.MARK_READY, S.READY, [A.HAND_OVER, A.CANCEL]),
            ],
        ),
    ],
    ids=["delivery", "workshop"],
)
def test_each_one_click_step_moves_the_part_and_the_page_shows_the_next_buttons(
    client, vendor, artisan, method, clicks
):
    vendor_order = (
        workshop_part(vendor)
        if method == FulfilmentMethod.WORKSHOP_PICKUP
        else vendor_order_for(vendor)
    )

    for action, status, next_steps in clicks:
        response = take_step(client, vendor_order, action)

        assert response.status_code == 302
        assert response["Location"] == detail_url(vendor_order)
        vendor_order.refresh_from_db()
        assert vendor_order.status == status
        assert vendor_order.events.last().action == action
        assert vendor_order.events.last().user == artisan
        page = client.get(detail_url(vendor_order))
        assert step_names(page) == next_steps
        for next_step in next_steps:
            assert f'data-step="{next_step}"' in page.content.decode()


def test_confirming_a_delivery_with_one_click_completes_the_part(
    client, vendor, artisan
):
    vendor_order = bring_to(vendor_order_for(vendor), S.SHIPPED)

    response = take_step(client, vendor_order, A.CONFIRM_DELIVERY)

    vendor_order.refresh_from_db()
    assert response.status_code == 302
    assert vendor_order.status == S.COMPLETED
    page = client.get(detail_url(vendor_order))
    assert step_names(page) == []
    assert 'id="vendor-order-no-step"' in page.content.decode()


@pytest.mark.parametrize("scene", ["ship_a_new_order", "hand_over_at_a_point"])
def test_a_step_not_possible_now_changes_nothing_and_says_why(
    client, vendor, artisan, scene, django_capture_on_commit_callbacks
):
    if scene == "ship_a_new_order":
        vendor_order = vendor_order_for(vendor)
        action = A.SHIP
        data = {"carrier": "Colissimo", "tracking_number": "6A123"}
        reason = tr(
            "“%(step)s” is not possible now: this order is “%(status)s”.",
            step=tr(A.SHIP.label),
            status=tr(S.NEW.label),
        )
    else:
        vendor_order = bring_to(point_part(vendor), S.READY)
        action = A.HAND_OVER
        data = {"code": booking_of(vendor_order).pickup_code}
        reason = tr("Parcels at drive and relay points are handed over by their staff.")
    status_before = vendor_order.status
    events_before = vendor_order.events.count()
    stock_before = stock_of(vendor_order)

    with django_capture_on_commit_callbacks(execute=True):
        response = take_step(client, vendor_order, action, **data)
    page = client.get(response["Location"])

    vendor_order.refresh_from_db()
    assert response.status_code == 302
    assert messages_of(page) == [reason]
    assert vendor_order.status == status_before
    assert vendor_order.events.count() == events_before
    assert stock_of(vendor_order) == stock_before
    assert mail.outbox == []


def test_an_unknown_step_is_not_found(client, vendor, artisan):
    vendor_order = vendor_order_for(vendor)

    response = take_step(client, vendor_order, "teleport")

    vendor_order.refresh_from_db()
    assert response.status_code == 404
    assert vendor_order.status == S.NEW


def test_the_order_detail_page_takes_no_post(client, vendor, artisan):
    vendor_order = vendor_order_for(vendor)

    response = client.post(detail_url(vendor_order), {"to_status": "accepted"})

    vendor_order.refresh_from_db()
    assert response.status_code == 405
    assert vendor_order.status == S.NEW


# Refusing and shipping
# ------------------------------------------------------------------------------


def test_refusing_an_order_needs_a_reason_which_reaches_the_customer(
    client, vendor, artisan, customer, django_capture_on_commit_callbacks
):
    vendor_order = vendor_order_for(vendor, user=customer)
    stock_before = stock_of(vendor_order)

    with django_capture_on_commit_callbacks(execute=True):
        without_reason = take_step(client, vendor_order, A.REFUSE, reason="   ")
    vendor_order.refresh_from_db()
    assert without_reason.status_code == 200
    assert errors_of(without_reason, A.REFUSE) == [
        tr("Please give a reason for the customer.")
    ]
    assert messages_of(without_reason) == [tr("The order has not changed.")]
    assert vendor_order.status == S.NEW
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        take_step(client, vendor_order, A.REFUSE, reason=REASON)
    vendor_order.refresh_from_db()
    assert vendor_order.status == S.REFUSED
    assert vendor_order.events.last().reason == REASON
    # The unit is given back: in stock as before, no longer allocated.
    assert stock_of(vendor_order) == (stock_before[0], stock_before[1] - 1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jeanne@example.fr"]
    assert REASON in mail.outbox[0].body
    history = client.get(detail_url(vendor_order)).content.decode()
    assert REASON in history


def test_shipping_records_the_carrier_and_tracking_number(client, vendor, artisan):
    vendor_order = bring_to(vendor_order_for(vendor), S.IN_PREPARATION)
    in_stock, allocated = stock_of(vendor_order)

    response = take_step(
        client,
        vendor_order,
        A.SHIP,
        carrier=" Colissimo ",
        tracking_number="6A12345678901",
    )

    vendor_order.refresh_from_db()
    assert response.status_code == 302
    assert vendor_order.status == S.SHIPPED
    assert (vendor_order.carrier, vendor_order.tracking_number) == (
        "Colissimo",
        "6A12345678901",
    )
    event = vendor_order.events.last()
    assert event.details["tracking_number"] == "6A12345678901"
    assert event.details["carrier"] == "Colissimo"
    # The goods left: the unit leaves the stock.
    assert stock_of(vendor_order) == (in_stock - 1, allocated - 1)
    page = client.get(detail_url(vendor_order)).content.decode()
    assert 'data-detail="tracking"' in page
    assert "6A12345678901" in page


# Workshop pickups
# ------------------------------------------------------------------------------


def test_a_workshop_pickup_shows_no_part_of_its_pickup_code(client, vendor, artisan):
    vendor_order = bring_to(workshop_part(vendor), S.READY)
    code = booking_of(vendor_order).pickup_code

    content = client.get(detail_url(vendor_order)).content.decode()

    pickup_block = content.split('id="vendor-order-pickup"', 1)[1].split("</dl>")[0]
    assert code not in content
    assert format_code(code) not in content
    assert code[-4:] not in pickup_block
    assert code[:4] not in pickup_block
    # The artisan types the code the customer gives.
    assert 'name="code"' in content


def test_a_wrong_pickup_code_at_the_workshop_is_refused_and_changes_nothing(
    client, vendor, artisan, django_capture_on_commit_callbacks
):
    vendor_order = bring_to(workshop_part(vendor), S.READY)
    stock_before = stock_of(vendor_order)

    with django_capture_on_commit_callbacks(execute=True):
        response = take_step(client, vendor_order, A.HAND_OVER, code="ZZZZ-ZZZZ")

    vendor_order.refresh_from_db()
    assert response.status_code == 200
    assert errors_of(response, A.HAND_OVER) == [
        tr("This is not the pickup code of this order.")
    ]
    assert vendor_order.status == S.READY
    assert booking_of(vendor_order).parcel_status == ParcelStatus.RECEIVED
    assert stock_of(vendor_order) == stock_before
    assert mail.outbox == []


def test_the_right_pickup_code_at_the_workshop_completes_the_part_and_uses_up_stock(
    client, vendor, artisan
):
    vendor_order = bring_to(workshop_part(vendor, quantity=2), S.READY)
    in_stock, allocated = stock_of(vendor_order)
    booking = booking_of(vendor_order)

    response = take_step(
        client,
        vendor_order,
        A.HAND_OVER,
        code=format_code(booking.pickup_code).lower(),
    )

    vendor_order.refresh_from_db()
    booking.refresh_from_db()
    assert response.status_code == 302
    assert vendor_order.status == S.COMPLETED
    assert booking.parcel_status == ParcelStatus.HANDED_OVER
    assert stock_of(vendor_order) == (in_stock - 2, allocated - 2)
    event = vendor_order.events.last()
    assert (event.action, event.role, event.user) == (
        A.HAND_OVER,
        ActorRole.ARTISAN,
        artisan,
    )


def test_a_part_paid_at_pickup_is_handed_over_once_the_artisan_says_how_it_was_paid(
    client, vendor, artisan
):
    vendor_order = bring_to(workshop_part(vendor), S.READY)
    paid_at_pickup(vendor_order)
    code = booking_of(vendor_order).pickup_code
    amount = vendor_order.total_incl_tax

    page = client.get(detail_url(vendor_order))
    content = page.content.decode()
    assert page.context["amount_to_collect"] == amount
    assert f'id="vendor-order-to-collect" data-amount="{amount}"' in content
    # How the customer paid: a radio group with its legend.
    method_group = content.split('data-field="method"', 1)[1].split("</fieldset>")[0]
    assert f'<legend class="col-form-label pt-0">{tr("Paid by")}</legend>' in (
        method_group
    )
    assert method_group.count('type="radio"') == 3

    without_means = take_step(client, vendor_order, A.HAND_OVER, code=code)
    vendor_order.refresh_from_db()
    assert without_means.status_code == 200
    assert vendor_order.status == S.READY
    assert errors_of(without_means, A.HAND_OVER) == [
        tr(
            "The customer pays %(amount)s € for this parcel: say how they paid.",
            amount=amount,
        )
    ]

    paid = take_step(
        client, vendor_order, A.HAND_OVER, code=code, method="card", amount=amount
    )

    vendor_order.refresh_from_db()
    assert paid.status_code == 302
    assert vendor_order.status == S.COMPLETED
    event = vendor_order.events.last()
    assert event.details["collected"] == str(amount)
    assert event.details["collected_method"] == "card"
    history = client.get(detail_url(vendor_order))
    assert history.context["amount_to_collect"] is None
    assert 'data-detail="collected"' in history.content.decode()


def test_a_hand_over_off_the_slots_day_is_taken_once_confirmed(client, vendor, artisan):
    yesterday = timezone.now() - timedelta(days=1)
    vendor_order = bring_to(workshop_part(vendor, slot_starts_at=yesterday), S.READY)
    code = booking_of(vendor_order).pickup_code
    before = client.get(detail_url(vendor_order)).content.decode()
    assert 'name="confirm_off_day"' not in before

    asked = take_step(client, vendor_order, A.HAND_OVER, code=code)

    vendor_order.refresh_from_db()
    assert asked.status_code == 200
    assert vendor_order.status == S.READY
    assert 'name="confirm_off_day"' in asked.content.decode()

    confirmed = take_step(
        client, vendor_order, A.HAND_OVER, code=code, confirm_off_day="on"
    )

    vendor_order.refresh_from_db()
    assert confirmed.status_code == 302
    assert vendor_order.status == S.COMPLETED


# Parcels nobody came for
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("restock", "in_stock_change"), [("yes", 0), ("no", -1)], ids=["restock", "not"]
)
def test_taking_a_parcel_back_says_whether_the_units_go_back_in_stock(
    client, vendor, artisan, restock, in_stock_change
):
    vendor_order = bring_to(workshop_part(vendor), S.NO_SHOW)
    in_stock, allocated = stock_of(vendor_order)

    response = take_step(client, vendor_order, A.TAKE_BACK, restock=restock)

    vendor_order.refresh_from_db()
    assert response.status_code == 302
    assert vendor_order.status == S.RETURNED
    assert stock_of(vendor_order) == (in_stock + in_stock_change, allocated - 1)
    assert vendor_order.events.last().details["restocked"] is (restock == "yes")
    page = client.get(detail_url(vendor_order)).content.decode()
    assert f'data-restocked="{restock}"' in page


def test_taking_a_parcel_back_asks_first_about_the_stock_in_a_fieldset(
    client, vendor, artisan
):
    vendor_order = bring_to(workshop_part(vendor), S.NO_SHOW)
    stock_before = stock_of(vendor_order)

    page = client.get(detail_url(vendor_order)).content.decode()
    response = take_step(client, vendor_order, A.TAKE_BACK)

    restock_group = page.split('data-field="restock"', 1)[1].split("</fieldset>")[0]
    assert f"{tr('The goods')}</legend>" in restock_group
    assert restock_group.count('type="radio"') == 2
    vendor_order.refresh_from_db()
    assert response.status_code == 200
    assert errors_of(response, A.TAKE_BACK) == [
        tr("Please say whether the goods go back in stock.")
    ]
    assert vendor_order.status == S.NO_SHOW
    assert stock_of(vendor_order) == stock_before


# Drive and relay points
# ------------------------------------------------------------------------------


def test_a_ready_point_pickup_says_the_points_staff_hand_it_over(
    client, vendor, artisan
):
    vendor_order = bring_to(point_part(vendor), S.READY)

    response = client.get(detail_url(vendor_order))

    assert response.context["handed_over_by_point_staff"] is True
    assert 'id="vendor-order-point-hand-over"' in response.content.decode()
    assert A.HAND_OVER not in step_names(response)


def test_cancelling_a_point_pickup_gives_back_its_slot_place(client, vendor, artisan):
    vendor_order = bring_to(point_part(vendor), S.ACCEPTED)
    booking = booking_of(vendor_order)
    reserved = booking.slot.reserved

    response = take_step(client, vendor_order, A.CANCEL, reason=REASON)

    vendor_order.refresh_from_db()
    booking.refresh_from_db()
    booking.slot.refresh_from_db()
    assert response.status_code == 302
    assert vendor_order.status == S.CANCELLED
    assert booking.status == ReservationStatus.RELEASED
    assert booking.slot.reserved == reserved - 1
