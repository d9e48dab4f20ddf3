"""The e-mails of an artisan's order's steps: who gets which, with what, once.

Every step is taken through the order conductor (``tests.factories.orders``),
and its e-mails leave as they do in production: queued on commit, sent by the
Celery task (eager in tests). Refunds go to stripe-mock, as in the payment
tests (its fixtures are imported below).
"""

import datetime
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency
from oscar.test.factories import ShippingAddressFactory

from delivery.actions import booking_of, confirm_reservation, format_code
from shop.apps.payment.models import CollectionMethod, PaymentIntentRecord
from tests.factories import UserFactory, VendorFactory, create_artisan_product
from tests.factories import place_order as place
from tests.factories.delivery import PickupPointFactory, SlotFactory, serving
from tests.factories.orders import bring_to, hand_over, paid_at_pickup, step
from tests.integration.payment.fixtures import (  # noqa: F401
    stripe_mock,
    stripe_requests,
    stripe_settings,
)
from vendors.models import (
    ActorRole,
    FulfilmentMethod,
    PartAction,
    PartEmail,
    VendorOrderEvent,
)
from vendors.notifications import event_email_context, render_part_email
from vendors.tasks.orders import send_vendor_order_event_emails_task

Source = get_model("payment", "Source")

pytestmark = pytest.mark.django_db

A = PartAction
ARTISAN_EMAIL = "atelier@santons-fouque.example"
CUSTOMER_EMAIL = "lucie@example.fr"
REASON = "Le four de l'atelier est en panne cette semaine."


def money(amount):
    """An amount as the e-mails write it (French, like every e-mail)."""
    with translation.override(settings.LANGUAGE_CODE):
        return currency(amount, "EUR")


def html_of(message):
    """The HTML alternative of ``message`` (the test fails without one)."""
    (html,) = [
        content for content, mimetype in message.alternatives if mimetype == "text/html"
    ]
    return html


def emails_named(name):
    """The e-mails sent so far that are the part e-mail ``name``."""
    return [m for m in mail.outbox if f'data-email="{name}"' in html_of(m)]


def the_email(name):
    """The one e-mail ``name`` sent so far (the test fails on none or more)."""
    (message,) = emails_named(name)
    return message


def says(message, text):
    """True when both the text and the HTML body of ``message`` show ``text``."""
    return text in message.body and escape(text) in html_of(message)


# Scenes
# ------------------------------------------------------------------------------


@pytest.fixture
def artisan():
    return VendorFactory(
        partner__name="Santons Fouque", email=ARTISAN_EMAIL, phone="04 42 00 00 00"
    )


@pytest.fixture
def customer():
    return UserFactory(email=CUSTOMER_EMAIL, first_name="Lucie", last_name="Fabre")


@pytest.fixture
def place_part(artisan, customer):
    """Place an order of two santons (2 x 24.00 €) to be delivered in Arles;
    returns its artisan's part."""

    def place_part():
        product = create_artisan_product(artisan, title="Santon berger", price="24.00")
        address = ShippingAddressFactory(
            first_name="Lucie", last_name="Fabre", line4="Arles", postcode="13200"
        )
        order = place((product, 2), user=customer, shipping_address=address)
        return order.vendor_orders.get()

    return place_part


def slot_at(point):
    """A slot at ``point`` in three days, 17:00–18:00 (Europe/Paris)."""
    day = timezone.localdate() + datetime.timedelta(days=3)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))
    return SlotFactory(
        point=point,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
    )


def to_collect(vendor_order, point, method):
    """Book ``vendor_order`` in a slot at ``point``, collected by ``method``."""
    serving(vendor_order.vendor, point)
    vendor_order.fulfilment_method = method
    vendor_order.save(update_fields=["fulfilment_method"])
    slot = slot_at(point)
    confirm_reservation(
        slot,
        vendor_order.vendor,
        vendor_order,
        now=slot.starts_at - datetime.timedelta(days=3),
    )
    return vendor_order


@pytest.fixture
def drive(artisan):
    return PickupPointFactory(
        name="Drive de la Joliette",
        address="12 quai de la Joliette",
        postcode="13002",
        commune="Marseille",
        handover_grace_days=2,
    )


@pytest.fixture
def workshop(artisan):
    return PickupPointFactory(
        kind="workshop",
        vendor=artisan,
        slug="atelier-fouque",
        name="Atelier Fouque",
        address="3 rue des Santonniers",
        postcode="13100",
        commune="Aix-en-Provence",
    )


@pytest.fixture
def at_the_drive(place_part, drive):
    return to_collect(place_part(), drive, FulfilmentMethod.POINT_PICKUP)


@pytest.fixture
def at_the_workshop(place_part, workshop):
    return to_collect(place_part(), workshop, FulfilmentMethod.WORKSHOP_PICKUP)


def code_of(vendor_order):
    return format_code(booking_of(vendor_order).pickup_code)


def paid_online(vendor_order):
    """Record that Stripe took the payment of ``vendor_order``'s order."""
    order = vendor_order.order
    return PaymentIntentRecord.objects.create(
        order=order,
        intent_id=f"pi_test_{uuid.uuid4().hex[:12]}",
        amount_cents=int(order.total_incl_tax * 100),
        currency="eur",
        status="succeeded",
        latest_charge_id="ch_test_1",
        paid_at=timezone.now(),
    )


# The artisan's e-mails
# ------------------------------------------------------------------------------


def test_a_placed_order_tells_its_artisan_what_to_prepare_and_what_they_earn(
    place_part, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vendor_order = place_part()

    message = the_email(PartEmail.NEW_ORDER)
    assert message.to == [ARTISAN_EMAIL]
    assert vendor_order.number in message.subject
    assert says(message, "Santon berger")
    assert says(message, money(vendor_order.total_incl_tax))
    assert says(message, money(vendor_order.net_amount))
    assert says(message, "13200 Arles")
    context = event_email_context(vendor_order.events.get())
    assert says(message, context["backoffice_url"])
    assert len(mail.outbox) == 1


def test_the_artisans_new_order_shows_the_slot_but_never_the_customers_code(
    drive, place_part
):
    # The checkout books the slot in the placement's transaction, before the
    # artisan's e-mail leaves on commit.
    vendor_order = to_collect(place_part(), drive, FulfilmentMethod.POINT_PICKUP)
    event = vendor_order.events.get(action=A.PLACE)

    send_vendor_order_event_emails_task.delay(event.pk)

    message = the_email(PartEmail.NEW_ORDER)
    assert says(message, "Drive de la Joliette")
    assert says(message, "17:00")
    assert code_of(vendor_order) not in message.body
    assert code_of(vendor_order) not in html_of(message)
    assert "data:image/png" not in html_of(message)


def test_staff_cancelling_tells_the_customer_and_the_artisan_why(
    place_part, django_capture_on_commit_callbacks
):
    vendor_order = place_part()

    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, A.CANCEL, ActorRole.STAFF, reason=REASON)

    to_customer = the_email(PartEmail.CANCELLED)
    to_artisan = the_email(PartEmail.CANCELLED_ARTISAN)
    assert to_customer.to == [CUSTOMER_EMAIL]
    assert to_artisan.to == [ARTISAN_EMAIL]
    assert says(to_customer, REASON)
    assert says(to_artisan, REASON)
    assert says(to_artisan, vendor_order.number)
    assert len(mail.outbox) == 2


def test_an_artisan_cancelling_tells_only_the_customer(
    place_part, django_capture_on_commit_callbacks
):
    vendor_order = bring_to(place_part(), "accepted")

    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, A.CANCEL, reason=REASON)

    assert the_email(PartEmail.CANCELLED).to == [CUSTOMER_EMAIL]
    assert emails_named(PartEmail.CANCELLED_ARTISAN) == []
    assert len(mail.outbox) == 1


# The customer's e-mails, step by step
# ------------------------------------------------------------------------------


def test_accepting_tells_the_customer_with_a_link_to_their_order(
    place_part, django_capture_on_commit_callbacks
):
    vendor_order = place_part()

    with django_capture_on_commit_callbacks(execute=True):
        event = step(vendor_order, A.ACCEPT)

    message = the_email(PartEmail.ACCEPTED)
    assert message.to == [CUSTOMER_EMAIL]
    assert vendor_order.number in message.subject
    assert says(message, event_email_context(event)["order_url"])
    assert says(message, "Santon berger")
    assert len(mail.outbox) == 1


def test_refusing_tells_the_customer_why_and_their_code_no_longer_shows(
    at_the_drive, django_capture_on_commit_callbacks
):
    code = code_of(at_the_drive)

    with django_capture_on_commit_callbacks(execute=True):
        step(at_the_drive, A.REFUSE, reason=REASON)

    message = the_email(PartEmail.REFUSED)
    assert message.to == [CUSTOMER_EMAIL]
    assert says(message, REASON)
    assert code not in message.body
    assert code not in html_of(message)


@pytest.mark.usefixtures("stripe_requests")
def test_refusing_an_order_paid_online_tells_the_customer_their_refund(
    place_part, django_capture_on_commit_callbacks
):
    vendor_order = place_part()
    paid_online(vendor_order)

    with django_capture_on_commit_callbacks(execute=True):
        event = step(vendor_order, A.REFUSE, reason=REASON)

    assert event.details["refunded"] == str(vendor_order.total_incl_tax)
    message = the_email(PartEmail.REFUSED)
    assert says(message, money(vendor_order.total_incl_tax))
    assert says(message, REASON)


def test_shipping_tells_the_customer_the_carrier_and_tracking_number(
    place_part, django_capture_on_commit_callbacks
):
    vendor_order = bring_to(place_part(), "in_preparation")

    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, A.SHIP, carrier="Colissimo", tracking_number="6A1234567890")

    message = the_email(PartEmail.SHIPPED)
    assert message.to == [CUSTOMER_EMAIL]
    assert says(message, "Colissimo")
    assert says(message, "6A1234567890")
    assert says(message, "13200 Arles")
    assert len(mail.outbox) == 1


def test_a_workshop_parcel_marked_ready_tells_the_customer_with_code_and_qr(
    at_the_workshop, django_capture_on_commit_callbacks
):
    vendor_order = bring_to(at_the_workshop, "in_preparation")

    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, A.MARK_READY)

    message = the_email(PartEmail.READY_AT_WORKSHOP)
    assert message.to == [CUSTOMER_EMAIL]
    assert says(message, code_of(vendor_order))
    assert says(message, "Atelier Fouque")
    assert says(message, "3 rue des Santonniers")
    assert says(message, "17:00")
    assert 'src="data:image/png;base64,' in html_of(message)
    assert len(mail.outbox) == 1


def test_a_point_parcel_tells_the_customer_only_once_checked_in_at_the_point(
    at_the_drive, django_capture_on_commit_callbacks
):
    vendor_order = bring_to(at_the_drive, "in_preparation")

    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, A.MARK_READY)
    sent_when_marked_ready = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, A.CHECK_IN, ActorRole.LOGISTICS)

    assert sent_when_marked_ready == 0
    message = the_email(PartEmail.READY_AT_POINT)
    assert message.to == [CUSTOMER_EMAIL]
    assert says(message, code_of(vendor_order))
    assert says(message, "Drive de la Joliette")
    assert says(message, "12 quai de la Joliette")
    assert 'src="data:image/png;base64,' in html_of(message)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("scene", "ready_email"),
    [
        ("at_the_drive", PartEmail.READY_AT_POINT),
        ("at_the_workshop", PartEmail.READY_AT_WORKSHOP),
    ],
)
def test_no_step_sends_the_same_ready_email_twice(
    request, scene, ready_email, django_capture_on_commit_callbacks
):
    vendor_order = request.getfixturevalue(scene)

    with django_capture_on_commit_callbacks(execute=True):
        bring_to(vendor_order, "completed")

    assert len(emails_named(ready_email)) == 1
    assert len(emails_named(PartEmail.HANDED_OVER)) == 1
    customer_emails = [m for m in mail.outbox if m.to == [CUSTOMER_EMAIL]]
    assert len(customer_emails) == 3  # accepted, ready, collected


def test_handing_over_a_part_paid_at_pickup_sends_a_receipt_of_what_was_paid(
    at_the_drive, django_capture_on_commit_callbacks
):
    paid_at_pickup(at_the_drive)
    vendor_order = bring_to(at_the_drive, "ready")

    with django_capture_on_commit_callbacks(execute=True):
        event = hand_over(vendor_order, method=CollectionMethod.CARD)

    assert event.details["collected"] == str(vendor_order.total_incl_tax)
    message = the_email(PartEmail.HANDED_OVER)
    assert message.to == [CUSTOMER_EMAIL]
    assert says(message, money(vendor_order.total_incl_tax))
    with translation.override(settings.LANGUAGE_CODE):
        assert says(message, str(CollectionMethod.CARD.label))
    # Collected: its code is of no use any more.
    assert code_of(vendor_order) not in message.body
    assert code_of(vendor_order) not in html_of(message)


def test_the_ready_email_of_a_part_paid_at_pickup_says_what_to_pay(
    at_the_drive, django_capture_on_commit_callbacks
):
    paid_at_pickup(at_the_drive)
    vendor_order = bring_to(at_the_drive, "in_preparation")
    step(vendor_order, A.MARK_READY)

    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, A.CHECK_IN, ActorRole.LOGISTICS)

    assert says(the_email(PartEmail.READY_AT_POINT), money(vendor_order.total_incl_tax))


def test_a_missed_slot_tells_the_customer_until_when_and_the_artisan_what_to_do(
    at_the_drive, django_capture_on_commit_callbacks
):
    vendor_order = bring_to(at_the_drive, "ready")
    slot = booking_of(vendor_order).slot
    last_day = timezone.localtime(slot.starts_at).date() + datetime.timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True):
        step(
            vendor_order,
            A.NO_SHOW,
            ActorRole.SYSTEM,
            now=slot.ends_at + datetime.timedelta(days=1),
        )

    to_customer = the_email(PartEmail.NO_SHOW)
    to_artisan = the_email(PartEmail.NO_SHOW_ARTISAN)
    assert to_customer.to == [CUSTOMER_EMAIL]
    assert to_artisan.to == [ARTISAN_EMAIL]
    with translation.override(settings.LANGUAGE_CODE):
        last_day_words = date_format(last_day, "l j F")
    assert says(to_customer, last_day_words)
    assert says(to_customer, code_of(vendor_order))
    assert says(to_customer, ARTISAN_EMAIL)
    assert says(to_customer, "04 42 00 00 00")
    context = event_email_context(vendor_order.events.last())
    assert says(to_artisan, context["backoffice_url"])
    assert code_of(vendor_order) not in to_artisan.body
    assert code_of(vendor_order) not in html_of(to_artisan)
    assert len(mail.outbox) == 2


@pytest.mark.usefixtures("stripe_requests")
def test_taking_a_parcel_back_tells_the_customer_of_their_refund(
    at_the_drive, django_capture_on_commit_callbacks
):
    paid_online(at_the_drive)
    vendor_order = bring_to(at_the_drive, "no_show")

    with django_capture_on_commit_callbacks(execute=True):
        step(vendor_order, A.TAKE_BACK, restock=True)

    message = the_email(PartEmail.RETURNED)
    assert message.to == [CUSTOMER_EMAIL]
    assert says(message, money(vendor_order.total_incl_tax))
    assert len(mail.outbox) == 1


# Once only
# ------------------------------------------------------------------------------


def test_running_the_email_task_again_sends_nothing(
    place_part, django_capture_on_commit_callbacks
):
    vendor_order = place_part()
    with django_capture_on_commit_callbacks(execute=True):
        event = step(vendor_order, A.CANCEL, ActorRole.STAFF, reason=REASON)
    sent = len(mail.outbox)

    sent_again = send_vendor_order_event_emails_task.delay(event.pk).get()

    assert sent == 2
    assert sent_again == 0
    assert len(mail.outbox) == sent


TO_THE_ARTISAN = {
    PartEmail.NEW_ORDER,
    PartEmail.NO_SHOW_ARTISAN,
    PartEmail.CANCELLED_ARTISAN,
}


@pytest.mark.parametrize("name", PartEmail.values)
def test_every_part_email_names_its_order_and_links_to_the_right_page(
    name, at_the_drive
):
    event = VendorOrderEvent.objects.filter(vendor_order=at_the_drive).first()
    context = event_email_context(event)

    subject, text, html = render_part_email(name, context)

    assert at_the_drive.number in subject
    assert at_the_drive.number in text
    assert f'data-email="{name}"' in html
    link = context["backoffice_url" if name in TO_THE_ARTISAN else "order_url"]
    assert link in text
    assert f'href="{link}"' in html
