"""An artisan lists, creates, edits, archives and stocks their products."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

import shop.apps.core.tasks as core_tasks
from tests.factories import VendorFactory, create_artisan_product

from . import CANDLES, SOAPS, categories, image_upload, sign_in_artisan, stockrecord_of

Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def tree():
    return categories()


@pytest.fixture
def thumbnails_queued(monkeypatch):
    """Product ids whose thumbnails were queued (the task itself is tested apart)."""
    queued = []
    monkeypatch.setattr(
        core_tasks.generate_product_thumbnails_task, "delay", queued.append
    )
    return queued


def product_form_data(category, **overrides):
    data = {
        "title": "Savon à la lavande fine",
        "description": "Saponifié à froid à Salon-de-Provence.",
        "category": category.pk,
        "price": "7.50",
        "stock": "24",
        "sku": "SAV-LAV",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def edit_data(product, **overrides):
    """The edit form's data as it stands, with ``overrides``."""
    stockrecord = stockrecord_of(product)
    data = {
        "title": product.title,
        "description": product.description,
        "category": product.categories.first().pk,
        "price": str(stockrecord.price),
        "stock": str(stockrecord.num_in_stock),
        "sku": stockrecord.partner_sku,
        "is_public": "on" if product.is_public else "",
    }
    for position, image in enumerate(product.images.order_by("display_order"), 1):
        data[f"image_{image.pk}_position"] = str(position)
    data.update(overrides)
    return data


def create_with_form(client, category, images=(), **overrides):
    data = product_form_data(category, **overrides)
    if images:
        data["new_images"] = list(images)
    return client.post(reverse("backoffice:product-create"), data)


def test_created_product_with_image_appears_in_the_list_and_the_catalogue(
    client, vendor, tree, django_capture_on_commit_callbacks, thumbnails_queued
):
    sign_in_artisan(client, vendor)

    # when the artisan creates a product with an image
    with django_capture_on_commit_callbacks(execute=True):
        response = create_with_form(client, tree[SOAPS], images=[image_upload()])

    # then it is stored for their partner, at their TTC price, in EUR
    assert response.status_code == 302
    product = Product.objects.get(title="Savon à la lavande fine")
    stockrecord = stockrecord_of(product)
    assert stockrecord.partner_id == vendor.partner_id
    assert stockrecord.price == D("7.50")
    assert stockrecord.price_currency == "EUR"
    assert stockrecord.num_in_stock == 24
    assert stockrecord.partner_sku == "SAV-LAV"
    assert product.product_class.name == "Artisanat"
    assert product.product_class.track_stock is True
    assert list(product.categories.all()) == [tree[SOAPS]]
    assert product.images.count() == 1
    assert thumbnails_queued == [product.pk]
    # and it shows in their list and in the public catalogue
    listing = client.get(reverse("backoffice:product-list")).content.decode()
    assert "Savon à la lavande fine" in listing
    assert "SAV-LAV" in listing
    catalogue = client.get("/boutique/catalogue/").content.decode()
    assert "Savon à la lavande fine" in catalogue


def test_artisan_edits_price_and_stock(client, vendor, tree):
    sign_in_artisan(client, vendor)
    create_with_form(client, tree[SOAPS])
    product = Product.objects.get(title="Savon à la lavande fine")

    response = client.post(
        reverse("backoffice:product-update", kwargs={"pk": product.pk}),
        edit_data(product, price="8.20", stock="3", category=tree[CANDLES].pk),
    )

    assert response.status_code == 302
    stockrecord = stockrecord_of(product)
    assert stockrecord.price == D("8.20")
    assert stockrecord.num_in_stock == 3
    assert list(product.categories.all()) == [tree[CANDLES]]
    assert StockRecord.objects.filter(product=product).count() == 1


def test_edit_page_shows_the_current_values(client, vendor, tree):
    sign_in_artisan(client, vendor)
    create_with_form(client, tree[SOAPS])
    product = Product.objects.get(title="Savon à la lavande fine")

    response = client.get(
        reverse("backoffice:product-update", kwargs={"pk": product.pk})
    )

    form = response.context["form"]
    assert form["price"].value() == D("7.50")
    assert form["sku"].value() == "SAV-LAV"
    assert form["category"].value() == tree[SOAPS].pk
    html = response.content.decode()
    # categories are offered by their breadcrumb
    assert "Beauté &amp; bien-être &gt; Savons" in html
    # help texts follow the visitor's language, not the one at start-up
    assert "Up to 5 images: JPEG, PNG or WebP" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "-3.00", "The price must be greater than zero."),
        ("price", "0", "The price must be greater than zero."),
        ("price", "7.555", "A price has at most 2 decimals (cents)."),
        ("price", "abc", "Enter a number."),
        ("stock", "-1", "The stock cannot be negative."),
        ("title", "", "This field is required."),
    ],
)
def test_invalid_edit_shows_field_errors_and_changes_nothing(
    client, vendor, tree, field, value, message
):
    sign_in_artisan(client, vendor)
    product = create_artisan_product(vendor, "Savon au miel", price="6.00", stock=5)
    product.categories.add(tree[SOAPS])

    response = client.post(
        reverse("backoffice:product-update", kwargs={"pk": product.pk}),
        edit_data(product, **{field: value, "description": "changed"}),
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    product.refresh_from_db()
    assert product.description != "changed"
    assert stockrecord_of(product).price == D("6.00")
    assert stockrecord_of(product).num_in_stock == 5


def test_duplicate_sku_is_refused_with_a_clear_error(client, vendor, tree):
    sign_in_artisan(client, vendor)
    create_with_form(client, tree[SOAPS], sku="SAV-001", title="Savon 1")

    response = create_with_form(client, tree[SOAPS], sku="SAV-001", title="Savon 2")

    assert response.status_code == 200
    assert response.context["form"].errors["sku"] == [
        "You already have a product with the SKU “SAV-001”."
    ]
    assert not Product.objects.filter(title="Savon 2").exists()


def test_another_artisans_sku_is_free_to_use(client, vendor, tree):
    create_artisan_product(VendorFactory(), "Savon voisin")
    other_sku = StockRecord.objects.get().partner_sku
    sign_in_artisan(client, vendor)

    response = create_with_form(client, tree[SOAPS], sku=other_sku)

    assert response.status_code == 302
    assert StockRecord.objects.filter(partner_sku=other_sku).count() == 2


def test_archived_product_leaves_the_catalogue_and_can_come_back(client, vendor):
    sign_in_artisan(client, vendor)
    product = create_artisan_product(vendor, "Santon berger")
    archive = reverse("backoffice:product-archive", kwargs={"pk": product.pk})

    assert client.get(archive).status_code == 405
    response = client.post(archive, follow=True)

    assert response.redirect_chain == [(reverse("backoffice:product-list"), 302)]
    assert "“Santon berger” is archived" in response.content.decode()
    product.refresh_from_db()
    assert product.is_public is False
    assert "Santon berger" not in client.get("/boutique/catalogue/").content.decode()
    # archived products are listed under their own filter, not by default
    listing = client.get(reverse("backoffice:product-list"))
    assert product not in listing.context["products"]
    archived = client.get(reverse("backoffice:product-list"), {"status": "archived"})
    assert product in archived.context["products"]

    client.post(
        reverse("backoffice:product-unarchive", kwargs={"pk": product.pk}), follow=True
    )

    product.refresh_from_db()
    assert product.is_public is True
    assert "Santon berger" in client.get("/boutique/catalogue/").content.decode()


def test_quick_stock_edit_sets_the_units_in_stock(client, vendor):
    sign_in_artisan(client, vendor)
    product = create_artisan_product(vendor, "Bougie", stock=2)
    stockrecord = stockrecord_of(product)
    url = reverse("backoffice:product-stock", kwargs={"pk": stockrecord.pk})

    response = client.post(
        url, {"num_in_stock": "40", "next": "/espace-artisan/produits/?q=Bou"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/espace-artisan/produits/?q=Bou"
    stockrecord.refresh_from_db()
    assert stockrecord.num_in_stock == 40


@pytest.mark.parametrize("value", ["-4", "deux", ""])
def test_quick_stock_edit_refuses_a_bad_number(client, vendor, value):
    sign_in_artisan(client, vendor)
    stockrecord = stockrecord_of(create_artisan_product(vendor, "Bougie", stock=2))

    response = client.post(
        reverse("backoffice:product-stock", kwargs={"pk": stockrecord.pk}),
        {"num_in_stock": value},
        follow=True,
    )

    stockrecord.refresh_from_db()
    assert stockrecord.num_in_stock == 2
    assert "The stock of “Bougie” is unchanged" in response.content.decode()


def test_quick_stock_edit_does_not_follow_a_next_url_off_site(client, vendor):
    sign_in_artisan(client, vendor)
    stockrecord = stockrecord_of(create_artisan_product(vendor, "Bougie"))

    response = client.post(
        reverse("backoffice:product-stock", kwargs={"pk": stockrecord.pk}),
        {"num_in_stock": "1", "next": "https://evil.example.com/"},
    )

    assert response["Location"] == reverse("backoffice:product-list")


def test_images_are_reordered_and_deleted(
    client, vendor, tree, thumbnails_queued, django_capture_on_commit_callbacks
):
    sign_in_artisan(client, vendor)
    with django_capture_on_commit_callbacks(execute=True):
        create_with_form(
            client,
            tree[SOAPS],
            images=[image_upload("un.png"), image_upload("deux.png", color="red")],
        )
    product = Product.objects.get(title="Savon à la lavande fine")
    first, second = product.images.order_by("display_order")
    url = reverse("backoffice:product-update", kwargs={"pk": product.pk})

    # when the second image is moved to position 1
    client.post(
        url,
        edit_data(
            product,
            **{f"image_{first.pk}_position": "2", f"image_{second.pk}_position": "1"},
        ),
    )

    assert list(product.images.order_by("display_order")) == [second, first]
    assert product.primary_image() == second

    # when the main image is deleted, the other one becomes the main one
    response = client.post(
        reverse("backoffice:product-image-delete", kwargs={"pk": second.pk})
    )

    assert response.status_code == 302
    assert list(product.images.all()) == [first]
    first.refresh_from_db()
    assert first.display_order == 0


def test_a_product_has_at_most_five_images(client, vendor, tree):
    sign_in_artisan(client, vendor)

    response = create_with_form(
        client, tree[SOAPS], images=[image_upload(f"{n}.png") for n in range(6)]
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_images"] == [
        "A product has at most 5 images."
    ]
    assert not Product.objects.exists()
    assert not ProductImage.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client, vendor, tree):
    sign_in_artisan(client, vendor)
    fake = image_upload("faux.png")
    fake.file.seek(0)
    fake.file.write(b"%PDF-1.4 not an image at all")
    fake.file.truncate()
    fake.file.seek(0)

    response = create_with_form(client, tree[SOAPS], images=[fake])

    assert response.status_code == 200
    assert "new_images" in response.context["form"].errors
    assert not Product.objects.exists()


def test_a_gif_image_is_refused(client, vendor, tree):
    sign_in_artisan(client, vendor)

    response = create_with_form(
        client, tree[SOAPS], images=[image_upload("anim.gif", image_format="GIF")]
    )

    assert response.context["form"].errors["new_images"] == [
        "anim.gif: Images must be JPEG, PNG or WebP."
    ]


def test_product_class_attributes_are_edited_as_fields(client, vendor, tree):
    product_class, _ = ProductClass.objects.get_or_create(
        name="Artisanat", defaults={"track_stock": True}
    )
    ProductAttribute.objects.create(
        product_class=product_class, name="Poids (g)", code="poids", type="integer"
    )
    ProductAttribute.objects.create(
        product_class=product_class, name="Parfum", code="parfum", type="text"
    )
    ProductAttribute.objects.create(
        product_class=product_class, name="Vegan", code="vegan", type="boolean"
    )
    sign_in_artisan(client, vendor)

    response = create_with_form(
        client,
        tree[SOAPS],
        attr_poids="100",
        attr_parfum="Lavande",
        attr_vegan="true",
    )

    assert response.status_code == 302
    product = Product.objects.get()
    assert product.attr.poids == 100
    assert product.attr.parfum == "Lavande"
    assert product.attr.vegan is True
    page = client.get(reverse("backoffice:product-update", kwargs={"pk": product.pk}))
    assert page.context["form"]["attr_parfum"].value() == "Lavande"


def test_list_searches_by_title_and_by_sku(client, vendor):
    sign_in_artisan(client, vendor)
    soap = create_artisan_product(vendor, "Savon au miel")
    candle = create_artisan_product(vendor, "Bougie figue")
    candle_sku = stockrecord_of(candle).partner_sku
    list_url = reverse("backoffice:product-list")

    by_title = client.get(list_url, {"q": "miel"}).context["products"]
    by_sku = client.get(list_url, {"q": candle_sku}).context["products"]

    assert list(by_title) == [soap]
    assert list(by_sku) == [candle]


def test_list_shows_price_incl_tax_stock_and_status(client, vendor):
    sign_in_artisan(client, vendor)
    create_artisan_product(vendor, "Calissons", price="18.90", stock=7)

    html = client.get(reverse("backoffice:product-list")).content.decode()

    assert "Calissons" in html
    assert "18.90\xa0€" in html or "€18.90" in html
    assert 'value="7"' in html
    assert "In the catalogue" in html


def test_list_runs_the_same_number_of_queries_for_5_and_50_products(
    client, vendor, django_assert_max_num_queries
):
    sign_in_artisan(client, vendor)
    list_url = reverse("backoffice:product-list") + "?status=all"

    def add_products(count, start):
        for n in range(start, start + count):
            product = create_artisan_product(vendor, f"Produit {n}")
            ProductImage.objects.create(
                product=product, original=image_upload(f"{n}.png"), display_order=0
            )

    add_products(5, 0)
    client.get(list_url)  # warm the session and the site caches
    with CaptureQueriesContext(connection) as five:
        response = client.get(list_url)
    assert len(response.context["products"]) == 5

    add_products(45, 5)
    with django_assert_max_num_queries(len(five)):
        response = client.get(list_url)
    assert len(response.context["products"]) == 25
    assert response.context["paginator"].count == 50


def test_stock_cannot_go_below_units_reserved_by_orders(client, vendor, tree):
    sign_in_artisan(client, vendor)
    product = create_artisan_product(vendor, "Bougie", stock=5)
    product.categories.add(tree[CANDLES])
    stockrecord = stockrecord_of(product)
    stockrecord.num_allocated = 3
    stockrecord.save()

    quick = client.post(
        reverse("backoffice:product-stock", kwargs={"pk": stockrecord.pk}),
        {"num_in_stock": "2"},
        follow=True,
    )
    edit = client.post(
        reverse("backoffice:product-update", kwargs={"pk": product.pk}),
        edit_data(product, stock="1", title="Bougie renommée"),
    )

    reserved = "3 units are reserved by orders not yet handed over"
    assert reserved in quick.content.decode()
    assert edit.status_code == 200
    assert reserved in edit.context["form"].errors["stock"][0]
    stockrecord.refresh_from_db()
    assert stockrecord.num_in_stock == 5
    product.refresh_from_db()
    assert product.title == "Bougie"
