"""Chamber staff review applications and suspend or reactivate shops."""

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import (
    StaffUserFactory,
    UserFactory,
    VendorFactory,
    create_artisan_product,
)
from tests.factories.accounts import sign_in_verified
from vendors.actions import (
    ReviewNotAllowed,
    approve_application,
    reject_application,
    suspend_vendor,
)
from vendors.models import (
    ApplicationStatus,
    Vendor,
    VendorApplication,
    VendorStatus,
    VendorStatusChange,
)
from vendors.tasks import (
    send_application_approved_email_task,
    send_shop_suspended_email_task,
)

Basket = get_model("basket", "Basket")
Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db

VALID_SIRET = "73282932000074"


def make_application(email="lucie@example.fr", company_name="Savonnerie du Moulin"):
    return VendorApplication.objects.create(
        user=UserFactory(email=email),
        company_name=company_name,
        siret=VALID_SIRET,
        metier="Savonnier",
        commune="Salon-de-Provence",
        contact_name="Lucie Roux",
        phone="04 90 56 00 00",
        email=f"contact-{email}",
        pitch="  Savons saponifiés à froid à l'huile d'olive de la vallée.  ",
    )


def dashboard_url(name, pk=None):
    kwargs = {"pk": pk} if pk is not None else None
    return reverse(f"vendors-dashboard:{name}", kwargs=kwargs)


def messages_of(response):
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def staff():
    return StaffUserFactory(email="chambre@example.fr")


@pytest.fixture
def staff_client(client, staff):
    sign_in_verified(client, staff)
    return client


@pytest.fixture
def application():
    return make_application()


# Access
# ------------------------------------------------------------------------------


def all_dashboard_requests(application, vendor):
    return [
        ("get", dashboard_url("application-list")),
        ("get", dashboard_url("application-detail", application.pk)),
        ("post", dashboard_url("application-approve", application.pk)),
        ("post", dashboard_url("application-reject", application.pk)),
        ("get", dashboard_url("vendor-list")),
        ("get", dashboard_url("vendor-detail", vendor.pk)),
        ("post", dashboard_url("vendor-detail", vendor.pk)),
        ("post", dashboard_url("vendor-suspend", vendor.pk)),
        ("post", dashboard_url("vendor-reactivate", vendor.pk)),
        ("get", dashboard_url("commission-report")),
        ("get", dashboard_url("commission-report") + "?format=csv"),
    ]


def test_visitors_are_sent_to_the_dashboard_login(client, application):
    vendor = VendorFactory()

    for method, url in all_dashboard_requests(application, vendor):
        response = getattr(client, method)(url, {"reason": "Fraude"})

        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("dashboard:login")), url


@pytest.mark.parametrize("account", ["consumer", "artisan"])
def test_consumers_and_artisans_are_denied_every_staff_page(
    client, application, account
):
    vendor = VendorFactory()
    user = UserFactory(email=f"{account}@example.fr")
    if account == "artisan":
        vendor.partner.users.add(user)
    client.force_login(user)

    for method, url in all_dashboard_requests(application, vendor):
        response = getattr(client, method)(
            url, {"reason": "Fraude", "commission_rate": "0"}
        )

        assert response.status_code == 403, url
    application.refresh_from_db()
    vendor.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert vendor.status == VendorStatus.APPROVED
    assert vendor.commission_rate is None
    assert mail.outbox == []


def test_staff_find_the_artisans_menu_in_the_dashboard(staff_client):
    response = staff_client.get(reverse("dashboard:index"))

    assert response.status_code == 200
    for name in ("application-list", "vendor-list", "commission-report"):
        assert dashboard_url(name) in response.content.decode()


# Applications
# ------------------------------------------------------------------------------


def test_staff_approval_opens_the_shop_and_emails_the_artisan(
    staff_client, staff, application, django_capture_on_commit_callbacks
):
    detail = staff_client.get(dashboard_url("application-detail", application.pk))
    assert "Savonnerie du Moulin" in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            dashboard_url("application-approve", application.pk),
            {"commission_rate": "0.08"},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.reviewed_by == staff
    assert application.reviewed_at is not None
    vendor = application.vendor
    assert vendor.partner.name == "Savonnerie du Moulin"
    assert vendor.slug == "savonnerie-du-moulin"
    assert vendor.status == VendorStatus.APPROVED
    assert (vendor.metier, vendor.commune, vendor.siret) == (
        "Savonnier",
        "Salon-de-Provence",
        VALID_SIRET,
    )
    assert vendor.email == "contact-lucie@example.fr"
    assert vendor.phone == "04 90 56 00 00"
    assert vendor.description == (
        "Savons saponifiés à froid à l'huile d'olive de la vallée."
    )
    assert str(vendor.commission_rate) == "0.0800"
    # The applicant's account now runs the shop, hence reaches its back office.
    assert list(vendor.partner.users.all()) == [application.user]
    assert Vendor.objects.for_user(application.user).get() == vendor
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact-lucie@example.fr"]
    assert "/espace-artisan/" in mail.outbox[0].body
    assert messages_of(response)[0][0] == message_levels.SUCCESS


def test_approval_email_is_sent_once_even_if_the_task_runs_twice(
    staff, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve_application(application, staff)

    assert send_application_approved_email_task(application.pk) is False
    assert len(mail.outbox) == 1


def test_approving_twice_is_refused_and_changes_nothing(
    staff_client, staff, application
):
    approve_application(application, staff)
    reviewed_at = VendorApplication.objects.get(pk=application.pk).reviewed_at

    with pytest.raises(ReviewNotAllowed):
        approve_application(application, StaffUserFactory(email="autre@example.fr"))
    response = staff_client.post(dashboard_url("application-approve", application.pk))

    assert response.status_code == 302
    assert messages_of(response)[0][0] == message_levels.ERROR
    assert Partner.objects.count() == 1
    assert Vendor.objects.count() == 1
    application.refresh_from_db()
    assert application.reviewed_by == staff
    assert application.reviewed_at == reviewed_at


def test_a_rejected_application_cannot_be_approved(staff, application):
    reject_application(application, staff, "Activité non artisanale")

    with pytest.raises(ReviewNotAllowed):
        approve_application(application, staff)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.vendor is None
    assert not Vendor.objects.exists()
    assert not Partner.objects.exists()


def test_rejecting_needs_a_reason_and_emails_it(
    staff_client, staff, application, django_capture_on_commit_callbacks
):
    reject_url = dashboard_url("application-reject", application.pk)

    with django_capture_on_commit_callbacks(execute=True):
        blank = staff_client.post(reject_url, {"reason": "   "})

    assert blank.status_code == 200
    assert "reason" in blank.context["reject_form"].errors
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reject_url, {"reason": "Votre SIRET correspond à un négoce."}
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.rejection_reason == "Votre SIRET correspond à un négoce."
    assert application.reviewed_by == staff
    assert not Vendor.objects.exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact-lucie@example.fr"]
    assert "Votre SIRET correspond à un négoce." in mail.outbox[0].body


def test_reject_action_refuses_a_blank_reason(staff, application):
    with pytest.raises(ReviewNotAllowed):
        reject_application(application, staff, "  ")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_two_shops_with_the_same_name_get_distinct_slugs(staff):
    first = approve_application(make_application("a@example.fr", "L'Atelier"), staff)
    second = approve_application(make_application("b@example.fr", "L'Atelier"), staff)

    assert first.slug == "latelier"
    assert second.slug == "latelier-2"


def test_an_account_that_runs_a_shop_cannot_get_a_second_one(staff, application):
    VendorFactory().partner.users.add(application.user)

    with pytest.raises(ReviewNotAllowed):
        approve_application(application, staff)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert Vendor.objects.count() == 1


def test_application_list_shows_pending_applications_first(staff_client, staff):
    old_pending = make_application("old@example.fr", "Verrerie de Biot")
    new_pending = make_application("new@example.fr", "Santons d'Aubagne")
    # The newest application is already reviewed: it comes after pending ones.
    rejected = make_application("newest@example.fr", "Poterie de Vallauris")
    reject_application(rejected, staff, "Dossier incomplet")

    response = staff_client.get(dashboard_url("application-list"))
    pending_only = staff_client.get(
        dashboard_url("application-list"), {"status": "pending"}
    )

    assert list(response.context["applications"]) == [
        new_pending,
        old_pending,
        rejected,
    ]
    assert list(pending_only.context["applications"]) == [new_pending, old_pending]


def test_application_list_query_count_does_not_grow_with_applications(
    staff_client, django_assert_max_num_queries
):
    for n in range(3):
        make_application(f"few{n}@example.fr", f"Atelier {n}")
    staff_client.get(dashboard_url("application-list"))  # the site, cached once
    with CaptureQueriesContext(connection) as few:
        staff_client.get(dashboard_url("application-list"))
    for n in range(3, 15):
        make_application(f"many{n}@example.fr", f"Atelier {n}")
    with django_assert_max_num_queries(10) as many:
        response = staff_client.get(dashboard_url("application-list"))

    assert len(response.context["applications"]) == 15
    assert len(many) == len(few)


# Shops
# ------------------------------------------------------------------------------


def test_shop_list_shows_rate_products_and_keeps_its_query_count(
    staff_client, settings, django_assert_max_num_queries
):
    settings.MARKETPLACE_COMMISSION_RATE = "0.10"
    for n in range(2):
        vendor = VendorFactory(commission_rate="0.085")
        create_artisan_product(vendor, f"Savon {n}")
        create_artisan_product(vendor, f"Huile {n}")
    staff_client.get(dashboard_url("vendor-list"))  # the site, cached once
    with CaptureQueriesContext(connection) as few:
        staff_client.get(dashboard_url("vendor-list"))
    for n in range(8):
        vendor = VendorFactory(vacation_mode=True)
        create_artisan_product(vendor, f"Bol {n}")

    with django_assert_max_num_queries(10) as many:
        response = staff_client.get(dashboard_url("vendor-list"))

    assert len(many) == len(few)
    shops = list(response.context["vendors"])
    assert len(shops) == 10
    by_count = sorted((v.product_count, str(v.commission_percent)) for v in shops)
    assert by_count[0] == (1, "10.00")
    assert by_count[-1] == (2, "8.5000")


def test_staff_set_commission_and_vat_but_not_the_status(staff_client):
    vendor = VendorFactory()

    response = staff_client.post(
        dashboard_url("vendor-detail", vendor.pk),
        {"commission_rate": "0.12", "vat_regime": "10", "status": "closed"},
    )

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert str(vendor.commission_rate) == "0.1200"
    assert vendor.vat_regime == "10"
    assert vendor.status == VendorStatus.APPROVED


def test_suspension_stops_sales_until_reactivation(
    staff_client, django_capture_on_commit_callbacks
):
    vendor = VendorFactory(email="atelier@savonnerie.fr")
    soap = create_artisan_product(vendor, "Savon au miel")
    consumer = UserFactory(email="camille@example.fr")
    shopper = Client()
    shopper.force_login(consumer)

    def add_soap_to_basket():
        shopper.post(reverse("basket:add", kwargs={"pk": soap.pk}), {"quantity": 1})
        return Basket.open.get(owner=consumer).num_items

    assert add_soap_to_basket() == 1

    # When staff suspend the shop with a reason...
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            dashboard_url("vendor-suspend", vendor.pk),
            {"reason": "Produits non conformes à l'étiquetage."},
        )

    # ...its products cannot be bought and the artisan knows why.
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.SUSPENDED
    assert add_soap_to_basket() == 1
    [(level, message)] = messages_of(response)
    assert level == message_levels.SUCCESS
    assert "Produits non conformes à l'étiquetage." in message
    assert mail.outbox[0].to == ["atelier@savonnerie.fr"]
    assert "Produits non conformes à l'étiquetage." in mail.outbox[0].body
    history = staff_client.get(dashboard_url("vendor-detail", vendor.pk))
    assert "Produits non conformes" in history.content.decode()

    # When staff reactivate it, it sells again.
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(dashboard_url("vendor-reactivate", vendor.pk))

    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPROVED
    assert add_soap_to_basket() == 2
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["atelier@savonnerie.fr"]


def test_suspension_needs_a_reason(staff_client):
    vendor = VendorFactory()

    response = staff_client.post(
        dashboard_url("vendor-suspend", vendor.pk), {"reason": " "}
    )

    assert response.status_code == 200
    assert "reason" in response.context["suspend_form"].errors
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPROVED


def test_invalid_shop_transitions_are_refused_with_a_message(staff_client):
    approved = VendorFactory()
    suspended = VendorFactory(status=VendorStatus.SUSPENDED)

    # Followed to the shop's page, which shows (and so consumes) the messages.
    reactivate = staff_client.post(
        dashboard_url("vendor-reactivate", approved.pk), follow=True
    )
    suspend = staff_client.post(
        dashboard_url("vendor-suspend", suspended.pk), {"reason": "Encore"}, follow=True
    )

    for response in (reactivate, suspend):
        assert response.redirect_chain[0][1] == 302
        assert [m.level for m in response.context["messages"]] == [message_levels.ERROR]
    approved.refresh_from_db()
    suspended.refresh_from_db()
    assert approved.status == VendorStatus.APPROVED
    assert suspended.status == VendorStatus.SUSPENDED
    assert not VendorStatusChange.objects.exists()
    assert mail.outbox == []


def test_suspension_email_is_sent_once_even_if_the_task_runs_twice(
    staff, django_capture_on_commit_callbacks
):
    vendor = VendorFactory(email="atelier@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        change = suspend_vendor(vendor, staff, "Impayés")

    assert send_shop_suspended_email_task(change.pk) is False
    change.refresh_from_db()
    assert change.artisan_notified_at is not None
    assert len(mail.outbox) == 1
