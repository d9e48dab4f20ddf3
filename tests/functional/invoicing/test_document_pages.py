"""Where invoices and credit notes are read and downloaded: the customer's
order page, the artisan's back office, the staff dashboard; and nobody reads
another's documents (404, nothing changes)."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from tests.factories import StaffUserFactory, UserFactory
from tests.factories.accounts import sign_in_verified
from tests.factories.invoicing import (
    artisan,
    billing_address,
    create_artisan_product,
    customer,
    paid_online,
)
from tests.factories.orders import artisan_account
from vendors.invoicing.models import Invoice, InvoicingProfile
from vendors.models import VatRegime

pytestmark = pytest.mark.django_db


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def pdf_text(response):
    content = b"".join(response.streaming_content)
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    )


@pytest.fixture
def two_shops():
    return (
        artisan(VatRegime.STANDARD, name="Savonnerie Marius"),
        artisan(VatRegime.FRANCHISE, name="Poterie Audibert"),
    )


@pytest.fixture
def order(two_shops):
    soap_shop, pottery = two_shops
    return paid_online(
        (create_artisan_product(soap_shop, "Savon", price="7.50"), 2),
        (create_artisan_product(pottery, "Bol", price="24.00"), 1),
        user=customer(),
        billing=billing_address(),
    )


def test_the_customer_downloads_an_invoice_for_each_artisans_part(client, order):
    client.force_login(order.user)
    in_english(client)

    page = client.get(f"/boutique/accounts/orders/{order.number}/")

    assert page.status_code == 200
    invoices = list(Invoice.objects.filter(vendor_order__order=order))
    assert len(invoices) == 2
    html = page.content.decode()
    for invoice in invoices:
        assert f"/boutique/accounts/factures/{invoice.pk}/pdf/" in html
        download = client.get(f"/boutique/accounts/factures/{invoice.pk}/pdf/")
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert invoice.number in download["Content-Disposition"]
        assert invoice.number in pdf_text(download)
    # the page of one invoice, printable
    document = client.get(f"/boutique/accounts/factures/{invoices[0].pk}/")
    assert document.status_code == 200
    assert invoices[0].seller["name"] in document.content.decode()


def test_another_customer_finds_none_of_these_documents(client, order):
    invoice = Invoice.objects.filter(vendor_order__order=order).first()
    client.force_login(UserFactory(email="quelquun@example.fr"))

    for url in (
        f"/boutique/accounts/factures/{invoice.pk}/",
        f"/boutique/accounts/factures/{invoice.pk}/pdf/",
    ):
        assert client.get(url).status_code == 404
    page = client.get(f"/boutique/accounts/orders/{order.number}/")
    assert page.status_code == 404
    assert Invoice.objects.get(pk=invoice.pk).pdf_file == ""  # nothing rendered


def test_a_visitor_is_sent_to_sign_in(client, order):
    invoice = Invoice.objects.filter(vendor_order__order=order).first()

    response = client.get(f"/boutique/accounts/factures/{invoice.pk}/pdf/")

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_artisan_lists_their_own_documents_only(client, order, two_shops):
    soap_shop, pottery = two_shops
    client.force_login(artisan_account(soap_shop))
    in_english(client)
    own = Invoice.objects.get(vendor=soap_shop)
    other = Invoice.objects.get(vendor=pottery)

    listing = client.get("/espace-artisan/factures/")

    assert listing.status_code == 200
    assert [d.number for d in listing.context["documents"]] == [own.number]
    assert other.number not in listing.content.decode()
    assert client.get(f"/espace-artisan/factures/{own.pk}/").status_code == 200
    pdf = client.get(f"/espace-artisan/factures/{own.pk}/pdf/")
    assert pdf.status_code == 200
    assert own.seller["siret"] in pdf_text(pdf)
    # another artisan's invoice is not found
    assert client.get(f"/espace-artisan/factures/{other.pk}/").status_code == 404
    assert client.get(f"/espace-artisan/factures/{other.pk}/pdf/").status_code == 404
    # the order page links its invoice
    detail = client.get(f"/espace-artisan/commandes/{own.vendor_order.number}/")
    assert f"/espace-artisan/factures/{own.pk}/pdf/" in detail.content.decode()


def test_the_artisan_filters_their_documents_by_month(client, order, two_shops):
    soap_shop, _pottery = two_shops
    client.force_login(artisan_account(soap_shop))
    in_english(client)
    issued = Invoice.objects.get(vendor=soap_shop).issued_at

    same_month = client.get(
        "/espace-artisan/factures/", {"month": issued.strftime("%Y-%m")}
    )
    other_month = client.get("/espace-artisan/factures/", {"month": "2001-01"})
    bad = client.get("/espace-artisan/factures/", {"month": "mars"})

    assert len(same_month.context["documents"]) == 1
    assert other_month.context["documents"] == []
    assert bad.context["documents"] == []
    assert "Please give a month as year-month" in bad.content.decode()


def test_the_list_takes_as_many_queries_for_many_documents_as_for_one(
    client, django_assert_max_num_queries
):
    shop = artisan()
    soap = create_artisan_product(shop, "Savon", price="5.00", stock=100)
    paid_online((soap, 1), user=customer())
    client.force_login(artisan_account(shop))
    client.get("/espace-artisan/factures/")  # sessions warmed up
    with django_assert_max_num_queries(60) as few:
        client.get("/espace-artisan/factures/")
    for _ in range(6):
        paid_online((soap, 1), user=customer())

    with django_assert_max_num_queries(len(few)):
        response = client.get("/espace-artisan/factures/")

    assert len(response.context["documents"]) == 7


def test_the_artisan_sets_the_prefix_until_the_first_invoice(client):
    shop = artisan(name="Savonnerie Marius")
    client.force_login(artisan_account(shop))
    in_english(client)

    bad = client.post("/espace-artisan/factures/numerotation/", {"number_prefix": "é!"})
    assert bad.status_code == 400
    assert not InvoicingProfile.objects.filter(number_prefix="é!").exists()

    saved = client.post(
        "/espace-artisan/factures/numerotation/", {"number_prefix": "marius"}
    )
    assert saved.status_code == 302
    assert InvoicingProfile.objects.get(vendor=shop).number_prefix == "MARIUS"

    paid_online((create_artisan_product(shop, "Savon"), 1))
    assert Invoice.objects.get(vendor=shop).number.startswith("MARIUS-")
    refused = client.post(
        "/espace-artisan/factures/numerotation/", {"number_prefix": "AUTRE"}
    )
    assert refused.status_code == 400
    assert "can no longer change" in refused.content.decode()
    assert InvoicingProfile.objects.get(vendor=shop).number_prefix == "MARIUS"


def test_staff_open_any_invoice_from_the_artisans_order_page(client, order, two_shops):
    sign_in_verified(client, StaffUserFactory(email="compta@cma-paca.example"))
    in_english(client)
    invoice = Invoice.objects.get(vendor=two_shops[1])

    part_page = client.get(
        f"/boutique/dashboard/artisans/commandes/{invoice.vendor_order.number}/"
    )
    assert f"/boutique/dashboard/factures/{invoice.pk}/" in part_page.content.decode()
    page = client.get(f"/boutique/dashboard/factures/{invoice.pk}/")
    assert page.status_code == 200
    assert "TVA non applicable, art. 293 B du CGI" in page.content.decode()
    assert (
        client.get(f"/boutique/dashboard/factures/{invoice.pk}/pdf/").status_code == 200
    )


def test_an_artisan_is_not_let_into_the_staff_documents(client, order, two_shops):
    invoice = Invoice.objects.get(vendor=two_shops[0])
    client.force_login(artisan_account(two_shops[0]))

    response = client.get(f"/boutique/dashboard/factures/{invoice.pk}/pdf/")

    assert response.status_code in (302, 403)


def test_a_guest_downloads_their_invoice_from_their_order_status_link(client):
    shop = artisan()
    order = paid_online((create_artisan_product(shop, "Savon"), 1))
    type(order).objects.filter(pk=order.pk).update(guest_email="invite@example.fr")
    invoice = Invoice.objects.get(vendor_order__order=order)
    hash = order.verification_hash()
    base = f"/boutique/accounts/factures/commande/{order.number}/{hash}/{invoice.pk}/"
    # without the e-mail address typed on Oscar's form: not found
    assert client.get(base + "pdf/").status_code == 404

    client.post(
        f"/boutique/accounts/order-status-form/{order.number}/{hash}/",
        {"email": "invite@example.fr"},
    )
    status_page = client.get(f"/boutique/accounts/order-status/{order.number}/{hash}/")

    assert base + "pdf/" in status_page.content.decode()
    download = client.get(base + "pdf/")
    assert download.status_code == 200
    assert invoice.number in pdf_text(download)
    assert client.get(base).status_code == 200
    # a wrong hash, or another order's document: not found
    assert client.get(base.replace(hash, hash[:-2] + "xx")).status_code == 404
    other = Invoice.objects.get(
        vendor_order__order=paid_online((create_artisan_product(shop, "Bol"), 1))
    )
    assert (
        client.get(base.replace(f"/{invoice.pk}/", f"/{other.pk}/")).status_code == 404
    )


def test_the_admin_shows_documents_read_only(client, order):
    sign_in_verified(
        client, StaffUserFactory(email="root@cma-paca.example", is_superuser=True)
    )
    invoice = Invoice.objects.filter(vendor_order__order=order).first()
    url = f"/django-admin/invoicing/invoice/{invoice.pk}/change/"

    page = client.get(url)
    changed = client.post(url, {"number": "FAUX-1"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert changed.status_code == 403
    assert Invoice.objects.get(pk=invoice.pk).number == invoice.number
    assert client.get("/django-admin/invoicing/invoice/add/").status_code == 403
    delete = client.post(
        f"/django-admin/invoicing/invoice/{invoice.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Invoice.objects.filter(pk=invoice.pk).exists()
