"""What ``deploy/bench/bench.py`` puts in its database once the catalogue is there.

Run inside ``manage.py shell`` (the bench's settings and database) by
``bench.prepare_shop``: ``print_setup()`` prints one ``BENCH_SETUP {json}``
line with the addresses of the pages measured and a signed-in consumer's
session cookie.

- A live Wagtail page other than the home page (a standard page below it),
  made once.
- A consumer account signed in as ``django.contrib.auth.login`` would sign it
  in (a session with the auth keys; no password, no second factor: consumers
  have none), with ``BASKET_PRODUCTS`` products in stock in their basket.
"""

import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from cms.models import HomePage, StandardPage
from vendors.models import Vendor

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")

CODE_PREFIX = "gen-"
CONSUMER_EMAIL = "bench-signed-in@example.com"
BASKET_PRODUCTS = 3
WAGTAIL_PAGE_SLUG = "artisanat-en-provence"


def first_generated_product():
    return (
        Product._default_manager.filter(code__startswith=CODE_PREFIX)
        .order_by("pk")
        .first()
    )


def wagtail_page_path():
    """The path of a live standard page below the home page, made if missing."""
    home = HomePage.objects.first()
    page = StandardPage.objects.child_of(home).filter(slug=WAGTAIL_PAGE_SLUG).first()
    if page is None:
        page = home.add_child(
            instance=StandardPage(
                title="L'artisanat en Provence",
                slug=WAGTAIL_PAGE_SLUG,
                introduction="Savonniers, santonniers, potiers et verriers.",
                body=[
                    (
                        "paragraph",
                        "<p>Les artisans de la région vendent ici leurs pièces, "
                        "faites main dans leurs ateliers.</p>",
                    )
                ],
                live=True,
            )
        )
        page.save_revision().publish()
    _site_id, _root_url, path = page.get_url_parts()
    return path


def signed_in_consumer():
    """A consumer with ``BASKET_PRODUCTS`` products in their basket, signed in.

    Returns ``(cookie name, session key, number of items in the basket)``.
    """
    User = get_user_model()
    user = User.objects.filter(email=CONSUMER_EMAIL).first()
    if user is None:
        user = User(
            username=CONSUMER_EMAIL,
            email=CONSUMER_EMAIL,
            first_name="Louise",
            last_name="Banc",
        )
        user.set_unusable_password()
        user.save()
    basket = Basket._default_manager.filter(owner=user, status=Basket.OPEN).first()
    if basket is None:
        basket = Basket._default_manager.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    if not basket.num_items:
        in_stock = (
            Product._default_manager.filter(
                code__startswith=CODE_PREFIX, stockrecords__num_in_stock__gt=0
            )
            .order_by("pk")
            .distinct()[:BASKET_PRODUCTS]
        )
        for product in in_stock:
            basket.add_product(product, 1)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return settings.SESSION_COOKIE_NAME, store.session_key, basket.num_items


def bench_setup():
    """The lookups ``bench.py`` fills its page paths with, and the cookie."""
    product = first_generated_product()
    category = product.get_categories().order_by("pk").first()
    vendor = (
        Vendor._default_manager.filter(partner__code__startswith=CODE_PREFIX)
        .order_by("pk")
        .first()
    )
    cookie_name, session_key, basket_items = signed_in_consumer()
    return {
        "lookups": {
            "product": product.get_absolute_url(),
            "category": category.get_absolute_url(),
            "storefront": reverse("vendors:storefront", args=[vendor.slug]),
            "directory": reverse("vendors:directory"),
            "wagtail": wagtail_page_path(),
        },
        "cookie": {cookie_name: session_key},
        "basket_items": basket_items,
    }


def print_setup():
    print("BENCH_SETUP " + json.dumps(bench_setup()))
