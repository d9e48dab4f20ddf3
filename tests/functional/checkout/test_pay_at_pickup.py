"""Pay at pickup: offered for all-pickup baskets, recorded at each hand-over."""

from decimal import Decimal as D

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from delivery.models import ParcelStatus, Reservation
from shop.apps.payment.models import (
    CollectionHolder,
    CollectionMethod,
    PickupCollection,
)
from shop.apps.payment.pay_at_pickup import (
    PAY_AT_PICKUP,
    PAY_ONLINE,
    SOURCE_TYPE_NAME,
    record_payment_at_pickup,
)
from tests.factories import UserFactory
from tests.factories.orders import hand_over, step
from tests.functional.checkout.test_fulfilment_step import (
    Shop,
    choose,
    drive,
    fill_basket,
    workshop,
)
from tests.functional.vendors.backoffice_shop import vendor_order_for
from vendors.lifecycle import Collection, CollectionNeeded, StepRefused
from vendors.models import ActorRole, PartAction, VendorOrderStatus

Country = get_model("address", "Country")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")

pytestmark = pytest.mark.django_db

PAYMENT_DETAILS_URL = reverse("checkout:payment-details")
PREVIEW_URL = reverse("checkout:preview")
NOT_AVAILABLE = (
    "Pay at pickup is not available for this order: it is offered only when "
    "every part is collected, from artisans who accept it."
)


def shown(message):
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture(autouse=True)
def no_stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = ""


@pytest.fixture
def shop():
    Country.objects.create(
        iso_3166_1_a2="FR",
        iso_3166_1_a3="FRA",
        iso_3166_1_numeric="250",
        name="France",
        printable_name="France",
        is_shipping_country=True,
    )
    return Shop()


@pytest.fixture
def consumer(client):
    user = UserFactory(email="louise@example.fr")
    client.force_login(user)
    return user


def choose_two_pickups(client, shop):
    """Soap collected at the drive, a santon at the workshop: 67.50 €."""
    fill_basket(client, shop.soap, shop.santon)
    response = choose(
        client,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        santons=(workshop(shop), shop.workshop_slot),
    )
    assert response.status_code == 302
    client.get(reverse("checkout:shipping-method"))


def choose_a_delivery(client, shop):
    """Soap collected at the drive, calissons delivered home."""
    fill_basket(client, shop.soap, shop.sweets)
    choose(
        client,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        calissons=("delivery", None),
    )
    give_address(client)


def give_address(client):
    client.post(
        reverse("checkout:shipping-address"),
        {
            "first_name": "Louise",
            "last_name": "Durand",
            "line1": "12 rue de la République",
            "line4": "Salon-de-Provence",
            "postcode": "13300",
            "phone_number": "",
        },
    )
    client.get(reverse("checkout:shipping-method"))
    client.get(reverse("checkout:shipping-method"))


def offered_methods(response):
    form = response.context.get("payment_form")
    if form is None:
        return []
    return [code for code, _label in form.fields["payment_method"].choices]


def pay_and_place(client, method=PAY_AT_PICKUP):
    preview = client.post(PREVIEW_URL, {"payment_method": method})
    assert preview.status_code == 200, preview.content.decode()
    return client.post(PREVIEW_URL, {"action": "place_order"})


def pickup_source(order):
    return Source.objects.get(order=order, source_type__name=SOURCE_TYPE_NAME)


# Offered, or not --------------------------------------------------------------


def test_offered_alone_without_stripe_keys_when_every_part_is_collected(
    client, consumer, shop
):
    choose_two_pickups(client, shop)

    response = client.get(PAYMENT_DETAILS_URL)

    assert response.status_code == 200
    assert offered_methods(response) == [PAY_AT_PICKUP]
    page = response.content.decode()
    assert 'id="payment-method-form"' in page
    assert 'value="pay_at_pickup"' in page


def test_offered_beside_online_payment_with_stripe_keys(
    client, consumer, shop, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    choose_two_pickups(client, shop)

    response = client.get(PAYMENT_DETAILS_URL)
    assert offered_methods(response) == [PAY_AT_PICKUP, PAY_ONLINE]

    # and chosen, the order is placed to be paid at pickup
    response = pay_and_place(client, PAY_AT_PICKUP)
    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert pickup_source(order).amount_allocated == order.total_incl_tax


def test_online_payment_chosen_with_stripe_keys_records_no_pickup_payment(
    client, consumer, shop, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    choose_two_pickups(client, shop)
    client.get(PAYMENT_DETAILS_URL)

    response = pay_and_place(client, PAY_ONLINE)

    # placed to be paid online, next: Stripe's payment page
    order = Order.objects.get()
    assert response["Location"] == reverse("checkout:pay", args=[order.number])
    assert order.status == "pending_payment"
    assert not Source.objects.filter(source_type__name=SOURCE_TYPE_NAME).exists()


def test_not_offered_with_a_delivered_part_and_refused_if_posted(
    client, consumer, shop, settings
):
    # home delivery is paid online: offered with Stripe keys only
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    choose_a_delivery(client, shop)

    response = client.get(PAYMENT_DETAILS_URL)

    # the standard payment step, nothing new
    assert response.status_code == 200
    assert offered_methods(response) == []
    assert "payment-method-form" not in response.content.decode()

    # posting it anyway, on the payment step or when placing, is refused
    for data in (
        {"payment_method": PAY_AT_PICKUP},
        {"action": "place_order", "payment_method": PAY_AT_PICKUP},
    ):
        response = client.post(PREVIEW_URL, data)
        assert response.status_code == 302
        assert response["Location"] == PAYMENT_DETAILS_URL
        assert shown(NOT_AVAILABLE) in messages_of(response)
    assert not Order.objects.exists()

    # and the standard step places the order to be paid online, with no
    # pickup payment
    response = client.post(PREVIEW_URL, {"action": "place_order"})
    order = Order.objects.get()
    assert response["Location"] == reverse("checkout:pay", args=[order.number])
    assert not Source.objects.exists()


def test_not_offered_when_an_artisan_does_not_accept_it(
    client, consumer, shop, settings
):
    # the santons' pickups are then paid online: offered with Stripe keys only
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    fulfilment = shop.santons.fulfilment
    fulfilment.accepts_pay_at_pickup = False
    fulfilment.save()
    choose_two_pickups(client, shop)

    response = client.get(PAYMENT_DETAILS_URL)
    assert offered_methods(response) == []

    response = client.post(
        PREVIEW_URL, {"action": "place_order", "payment_method": PAY_AT_PICKUP}
    )
    assert response["Location"] == PAYMENT_DETAILS_URL
    assert shown(NOT_AVAILABLE) in messages_of(response)
    assert not Order.objects.exists()


def test_a_choice_made_before_the_basket_gained_a_delivery_is_refused(
    client, consumer, shop, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_not_a_real_key"
    choose_two_pickups(client, shop)
    client.get(PAYMENT_DETAILS_URL)
    client.post(PREVIEW_URL, {"payment_method": PAY_AT_PICKUP})
    # the consumer then has the santon delivered instead
    choose(
        client,
        shop,
        savonnerie=(drive(shop), shop.drive_slot),
        santons=("delivery", None),
    )
    give_address(client)

    response = client.post(PREVIEW_URL, {"action": "place_order"})

    assert response["Location"] == PAYMENT_DETAILS_URL
    assert shown(NOT_AVAILABLE) in messages_of(response)
    assert not Order.objects.exists()


# Placed, then paid part by part ----------------------------------------------


def test_the_order_is_placed_to_be_paid_at_pickup(client, consumer, shop):
    choose_two_pickups(client, shop)
    client.get(PAYMENT_DETAILS_URL)

    preview = client.post(PREVIEW_URL, {"payment_method": PAY_AT_PICKUP})
    assert 'id="payment-method"' in preview.content.decode()
    response = client.post(PREVIEW_URL, {"action": "place_order"})

    assert response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.total_incl_tax == D("67.50")
    source = pickup_source(order)
    assert source.amount_allocated == order.total_incl_tax
    assert source.amount_debited == D("0.00")
    assert not source.transactions.exists()
    assert order.notes.filter(message__contains="67.50").exists()
    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert 'id="payment-method"' in page


def test_without_stripe_keys_the_standard_steps_place_it_to_be_paid_at_pickup(
    client, consumer, shop
):
    # the consumer goes straight on from the payment step
    choose_two_pickups(client, shop)
    client.get(PAYMENT_DETAILS_URL)

    client.post(PREVIEW_URL, {"action": "place_order"})

    order = Order.objects.get()
    assert pickup_source(order).amount_allocated == D("67.50")


def test_each_hand_over_records_that_artisans_part_once(client, consumer, shop):
    # given an order to be paid at pickup: soap at the drive, santon at the workshop
    choose_two_pickups(client, shop)
    client.get(PAYMENT_DETAILS_URL)
    pay_and_place(client)
    order = Order.objects.get()
    soap = order.vendor_orders.get(vendor=shop.savonnerie)
    santon = order.vendor_orders.get(vendor=shop.santons)
    for part in (soap, santon):
        step(part, PartAction.ACCEPT)
        step(part, PartAction.MARK_READY)
    step(soap, PartAction.CHECK_IN, ActorRole.LOGISTICS)

    # when the drive hands the soap over, paid in cash
    hand_over(soap, method=CollectionMethod.CASH)

    # then exactly the soap's part is recorded as paid, held by the chamber
    source = pickup_source(order)
    assert source.amount_debited == soap.total_incl_tax == D("7.50")
    (debit,) = source.transactions.all()
    assert debit.txn_type == Transaction.DEBIT
    assert debit.reference == soap.number
    assert debit.amount == D("7.50")
    collection = PickupCollection.objects.get(vendor_order=soap)
    assert (collection.amount, collection.method, collection.holder) == (
        D("7.50"),
        CollectionMethod.CASH,
        CollectionHolder.CHAMBER,
    )
    assert collection.point == shop.drive

    # and neither a second hand-over nor a second recording pays it twice
    with pytest.raises(StepRefused):
        hand_over(soap)
    assert (
        record_payment_at_pickup(
            soap, None, CollectionMethod.CASH, D("7.50"), shop.drive
        )
        is None
    )
    source.refresh_from_db()
    assert source.amount_debited == D("7.50")
    assert source.transactions.count() == 1

    # when the artisan hands the santon over at the workshop, paid by card
    hand_over(santon, method=CollectionMethod.CARD)

    # then the santon is paid too, held by the artisan: the whole order, once
    santon.refresh_from_db()
    assert santon.status == VendorOrderStatus.COMPLETED
    assert Reservation.objects.get(vendor_order=santon).parcel_status == (
        ParcelStatus.HANDED_OVER
    )
    source.refresh_from_db()
    assert source.amount_debited == order.total_incl_tax
    assert sorted(source.transactions.values_list("reference", "amount")) == sorted(
        [(soap.number, D("7.50")), (santon.number, D("60.00"))]
    )
    assert PickupCollection.objects.get(vendor_order=santon).holder == (
        CollectionHolder.ARTISAN
    )


def test_a_hand_over_paid_at_pickup_needs_the_means_and_the_exact_amount(
    client, consumer, shop
):
    choose_two_pickups(client, shop)
    client.get(PAYMENT_DETAILS_URL)
    pay_and_place(client)
    soap = Order.objects.get().vendor_orders.get(vendor=shop.savonnerie)
    step(soap, PartAction.ACCEPT)
    step(soap, PartAction.CHECK_IN, ActorRole.LOGISTICS)

    with pytest.raises(CollectionNeeded) as needed:
        hand_over(soap, collection=None)
    with pytest.raises(StepRefused):
        hand_over(soap, collection=Collection(CollectionMethod.CASH, D("5.00")))
    with pytest.raises(StepRefused):
        hand_over(soap, collection=Collection("bitcoin", D("7.50")))

    soap.refresh_from_db()
    assert needed.value.amount == D("7.50")
    assert soap.status == VendorOrderStatus.READY
    assert not PickupCollection.objects.exists()
    assert pickup_source(soap.order).amount_debited == D("0.00")


def test_orders_not_paid_at_pickup_record_nothing(shop):
    vendor_order = vendor_order_for(shop.savonnerie)

    assert (
        record_payment_at_pickup(
            vendor_order, None, CollectionMethod.CASH, D("7.50"), shop.drive
        )
        is None
    )
    assert not Source.objects.exists()
