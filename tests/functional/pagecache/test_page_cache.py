"""Public pages from the cache (shop/apps/core/pagecache.py): served without
touching the database, never stale after a change, never carrying anyone's
token, basket, account or messages to someone else."""

import datetime
import re
import time
from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model

from cms.setup import ensure_home_page
from shop.apps.core import pagecache
from tests.factories import UserFactory
from vendors.actions.catalogue import set_product_public
from vendors.actions.review import suspend_vendor
from vendors.promotions.actions import create_shop_promotion

Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

CATALOGUE = "/boutique/catalogue/"


def tile(response, title):
    """The catalogue tile of ``title`` (None when the page does not list it)."""
    soup = BeautifulSoup(response.content, "html.parser")
    for article in soup.select("article"):
        name = article.select_one(".tile-name")
        if name is not None and name.get_text(strip=True) == title:
            return article
    return None


def tokens(response):
    return re.findall(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()
    )


def served_from_cache(client, path, django_assert_num_queries, **extra):
    with django_assert_num_queries(0):
        return client.get(path, **extra)


# Served from the cache
# ------------------------------------------------------------------------------


def test_a_second_visitor_gets_the_catalogue_without_a_query(
    soap, django_assert_num_queries
):
    first = Client().get(CATALOGUE)
    assert tile(first, soap.title) is not None

    second = served_from_cache(Client(), CATALOGUE, django_assert_num_queries)

    assert second.status_code == 200
    assert tile(second, soap.title) is not None
    assert second["Cache-Control"] == "private, no-cache"
    assert "Cookie" in second["Vary"]


@pytest.mark.parametrize(
    "path",
    ["product", "storefront", "directory", "home"],
)
def test_the_other_public_pages_are_served_from_the_cache_too(
    path, shop, soap, django_assert_num_queries
):
    ensure_home_page()
    url = {
        "product": soap.get_absolute_url(),
        "storefront": shop.get_absolute_url(),
        "directory": "/artisans/",
        "home": "/",
    }[path]
    first = Client().get(url)
    assert first.status_code == 200

    again = served_from_cache(Client(), url, django_assert_num_queries)

    assert again.status_code == 200
    assert again.content.count(b"<h1") == first.content.count(b"<h1")


def test_a_page_unchanged_is_answered_not_modified(soap, django_assert_num_queries):
    client = Client()
    client.get(CATALOGUE)  # rendered; the visitor gets their CSRF cookie
    etag = client.get(CATALOGUE)["ETag"]
    assert client.get(CATALOGUE)["ETag"] == etag

    with django_assert_num_queries(0):
        response = client.get(CATALOGUE, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_the_basket_is_never_cached(soap):
    catalogue = Client().get(CATALOGUE)
    basket = Client().get("/boutique/basket/")

    assert catalogue.status_code == basket.status_code == 200
    assert pagecache.cache().get(pagecache_key(CATALOGUE)) is not None
    assert pagecache.cache().get(pagecache_key("/boutique/basket/")) is None
    assert not basket.has_header("ETag")


# The visitor's own CSRF token
# ------------------------------------------------------------------------------


def test_each_visitor_gets_their_own_token_and_can_add_to_the_basket(soap):
    Client().get(CATALOGUE)  # rendered and stored for the first visitor
    first, second = (Client(enforce_csrf_checks=True) for _ in range(2))

    pages = [client.get(CATALOGUE) for client in (first, second)]

    cookies = [
        client.cookies[settings.CSRF_COOKIE_NAME].value for client in (first, second)
    ]
    assert cookies[0] != cookies[1]
    assert tokens(pages[0]) and tokens(pages[1])
    assert not set(tokens(pages[0])) & set(tokens(pages[1]))
    assert pagecache.PLACEHOLDER.decode() not in pages[0].content.decode()
    # The form of the cached page, posted as a browser would.
    form = tile(pages[1], soap.title).select_one("form.tile-form")
    response = second.post(
        form["action"],
        {
            "csrfmiddlewaretoken": form.select_one("[name=csrfmiddlewaretoken]")[
                "value"
            ],
            "quantity": "1",
        },
    )
    assert response.status_code == 302
    basket = Basket.objects.get(
        pk=int(second.cookies["oscar_open_basket"].value.split(":")[0])
    )
    assert [line.product for line in basket.all_lines()] == [soap]


# Nothing stale
# ------------------------------------------------------------------------------


def availability(response, title):
    found = tile(response, title)
    return (
        None
        if found is None
        else found.select_one(".tile-availability").get_text(" ", strip=True)
    )


def test_a_new_price_shows_at_once(soap):
    Client().get(CATALOGUE)
    record = StockRecord.objects.get(product=soap)
    record.price = D("9.90")
    record.save()

    page = Client().get(CATALOGUE)

    assert "9,90" in tile(page, soap.title).get_text()


def test_stock_reaching_zero_and_coming_back_shows_at_once(soap):
    before = availability(Client().get(CATALOGUE), soap.title)
    record = StockRecord.objects.get(product=soap)
    record.num_in_stock = 0
    record.save()

    sold_out = Client().get(CATALOGUE)
    assert availability(sold_out, soap.title) != before
    assert tile(sold_out, soap.title).select_one("form.tile-form") is None

    record.num_in_stock = 6
    record.save()
    back = Client().get(CATALOGUE)
    assert availability(back, soap.title) == before
    assert tile(back, soap.title).select_one("form.tile-form") is not None


def test_units_taken_by_an_order_show_at_once(soap):
    from shop.apps.partner.stock import allocate

    Client().get(CATALOGUE)
    record = StockRecord.objects.get(product=soap)
    allocate(record, 4, soap.title)

    page = Client().get(CATALOGUE)

    assert tile(page, soap.title).select_one("form.tile-form") is None


def test_a_shop_on_vacation_or_suspended_shows_at_once(shop, soap):
    staff = UserFactory(is_staff=True)
    url = soap.get_absolute_url()
    assert "vacation" not in Client().get(url).content.decode().lower()
    assert tile(Client().get(CATALOGUE), soap.title).select_one("form.tile-form")

    shop.vacation_mode = True
    shop.vacation_message = "Fermé pour les vendanges"
    shop.save()
    assert "Fermé pour les vendanges" in Client().get(url).content.decode()

    shop.vacation_mode = False
    shop.save()
    suspend_vendor(shop, by=staff, reason="Pièces justificatives manquantes")
    page = Client().get(CATALOGUE)
    found = tile(page, soap.title)
    assert found is None or found.select_one("form.tile-form") is None


def test_an_archived_product_leaves_the_cached_catalogue(soap):
    assert tile(Client().get(CATALOGUE), soap.title) is not None

    set_product_public(soap, False)

    assert tile(Client().get(CATALOGUE), soap.title) is None
    assert Client().get(soap.get_absolute_url()).status_code == 404


def test_a_renamed_category_shows_at_once(soap):
    category = Category.add_root(name="Savons")
    soap.categories.add(category)
    assert "Savons" in Client().get(CATALOGUE).content.decode()

    category.name = "Savons de Marseille"
    category.save()

    assert "Savons de Marseille" in Client().get(CATALOGUE).content.decode()


def test_a_published_wagtail_page_shows_at_once(db):
    from cms.models import StandardPage

    page = ensure_home_page().add_child(
        instance=StandardPage(title="Acheter local", slug="acheter-local")
    )
    assert "Acheter local" in Client().get("/acheter-local/").content.decode()
    page.title = "Acheter local, acheter juste"
    revision = page.save_revision()
    assert "acheter juste" not in Client().get("/acheter-local/").content.decode()

    revision.publish()

    assert "acheter juste" in Client().get("/acheter-local/").content.decode()


def test_an_offer_starting_shows_when_it_starts(shop, soap):
    start = timezone.now() + datetime.timedelta(seconds=3)
    create_shop_promotion(
        shop,
        name="Printemps",
        percent=15,
        start=start,
        end=start + datetime.timedelta(days=6),
    )
    assert tile(Client().get(CATALOGUE), soap.title).select_one(".tile-badge") is None
    # Stored until the offer starts, not for the five minutes.
    entry = pagecache.cache().get(pagecache_key(CATALOGUE))
    assert entry is not None
    assert entry["until"] <= start.timestamp() + 0.001

    time.sleep(max(0, start.timestamp() - time.time()) + 0.2)

    badge = tile(Client().get(CATALOGUE), soap.title).select_one(".tile-badge")
    assert badge is not None and "15" in badge.get_text()


def test_a_campaign_starting_tomorrow_ends_every_entry_at_midnight(db):
    from cms.campaigns.models import CampaignIndexPage
    from tests.functional.campaigns.conftest import make_campaign

    home = ensure_home_page()
    index = home.add_child(
        instance=CampaignIndexPage(title="Campagnes", slug="campagnes")
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    make_campaign(index, starts_on=tomorrow)
    assert Client().get("/campagnes/").status_code == 200

    entry = pagecache.cache().get(pagecache_key("/campagnes/"))

    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    assert entry is not None
    assert entry["until"] <= midnight.timestamp()


def test_with_nothing_scheduled_the_next_boundary_is_midnight():
    late = timezone.make_aware(datetime.datetime(2026, 12, 3, 23, 59, 30))
    assert pagecache.next_boundary(late) == timezone.make_aware(
        datetime.datetime(2026, 12, 4)
    )


def pagecache_key(path, language="fr"):
    from django.test import RequestFactory
    from django.utils import translation

    with translation.override(language):
        return pagecache._entry_key(RequestFactory().get(path))


# Nothing shared
# ------------------------------------------------------------------------------


def mini_basket_count(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one(".basket-mini__count").get_text(strip=True)


def signed_in_with(product, quantity):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    client.post(f"/boutique/basket/add/{product.pk}/", {"quantity": quantity})
    return client


def test_signed_in_consumers_see_their_own_basket_and_account_on_the_cached_catalogue(
    soap, django_assert_max_num_queries
):
    anonymous = Client()
    anonymous.get(CATALOGUE)  # stored, as the anonymous visitors see it
    camille = signed_in_with(soap, 2)
    dominique = signed_in_with(soap, 3)

    pages = {name: c.get(CATALOGUE) for name, c in (("c", camille), ("d", dominique))}
    visitor = anonymous.get(CATALOGUE)

    assert mini_basket_count(pages["c"]) == "2"
    assert mini_basket_count(pages["d"]) == "3"
    assert mini_basket_count(visitor) == "0"
    for page in pages.values():
        assert 'id="logout_link"' in page.content.decode()
        assert tile(page, soap.title) is not None
    assert 'id="logout_link"' not in visitor.content.decode()
    assert 'id="login_link"' in visitor.content.decode()
    all_tokens = [set(tokens(page)) for page in (*pages.values(), visitor)]
    assert all(all_tokens)
    assert not (all_tokens[0] & all_tokens[1] or all_tokens[0] & all_tokens[2])


def test_messages_are_only_for_whoever_they_were_for(soap):
    camille = Client()
    Client().get(CATALOGUE)
    camille.post(f"/boutique/basket/add/{soap.pk}/", {"quantity": 1})

    hers = camille.get(CATALOGUE)
    other = Client().get(CATALOGUE)

    assert (
        soap.title
        in BeautifulSoup(hers.content, "html.parser").select_one("#messages").get_text()
    )
    assert (
        BeautifulSoup(other.content, "html.parser")
        .select_one("#messages")
        .get_text(strip=True)
        == ""
    )
    assert mini_basket_count(other) == "0"


def test_a_page_that_starts_a_session_or_basket_is_not_stored(soap):
    client = Client()
    client.post(f"/boutique/basket/add/{soap.pk}/", {"quantity": 1})
    client.get(CATALOGUE)  # a visitor with a basket: rendered for them

    assert pagecache.cache().get(pagecache_key(CATALOGUE)) is None


def test_the_language_switch_is_never_served_from_the_other_language(soap):
    french = Client().get(CATALOGUE)
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    english = english_client.get(CATALOGUE)
    french_again = Client().get(CATALOGUE)
    asked = Client().get(CATALOGUE + "?lang=en")

    assert french["Content-Language"] == "fr"
    assert english["Content-Language"] == "en"
    assert french_again["Content-Language"] == "fr"
    assert asked["Content-Language"] == "en"
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="fr"' in french_again.content.decode()


def test_a_page_showing_a_pickup_slot_ends_when_the_slot_closes(shop, soap):
    from delivery.actions import earliest_bookable_start
    from tests.factories.delivery import PickupPointFactory, SlotFactory, serving

    point = PickupPointFactory(name="Drive de la Gare", slug="drive-gare")
    serving(shop, point)
    shop.refresh_from_db()
    lead = earliest_bookable_start(point, shop) - timezone.now()
    # Bookable for another 90 seconds, well within the cache's five minutes.
    slot = SlotFactory(
        point=point, starts_at=timezone.now() + lead + datetime.timedelta(seconds=90)
    )

    page = Client().get(soap.get_absolute_url())

    assert f'data-slot="{slot.pk}"'.encode() in page.content
    entry = pagecache.cache().get(pagecache_key(soap.get_absolute_url()))
    assert entry is not None
    closes = (slot.starts_at - lead).timestamp()
    assert closes - 2 <= entry["until"] <= closes


def test_a_signed_in_page_with_holes_is_never_answered_not_modified(soap):
    visitor = Client()
    visitor.get(CATALOGUE)
    etag = visitor.get(CATALOGUE)["ETag"]
    camille = signed_in_with(soap, 2)
    camille.cookies[settings.CSRF_COOKIE_NAME] = visitor.cookies[
        settings.CSRF_COOKIE_NAME
    ].value

    page = camille.get(CATALOGUE, HTTP_IF_NONE_MATCH=etag)

    assert page.status_code == 200
    assert not page.has_header("ETag")
    assert mini_basket_count(page) == "2"


def test_a_slot_filled_by_a_booking_leaves_the_cached_page(shop, soap):
    from delivery.actions.slots import take_place
    from tests.factories.delivery import PickupPointFactory, SlotFactory, serving

    point = PickupPointFactory(name="Drive de la Gare", slug="drive-gare")
    serving(shop, point)
    slot = SlotFactory(
        point=point, starts_at=timezone.now() + datetime.timedelta(days=3), capacity=1
    )
    url = soap.get_absolute_url()
    assert f'data-slot="{slot.pk}"'.encode() in Client().get(url).content

    assert take_place(slot.pk)

    assert f'data-slot="{slot.pk}"'.encode() not in Client().get(url).content


def test_a_transaction_ends_with_one_new_generation_however_many_rows(
    soap, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    # A callback of its own, so that the ones the fixtures registered in the
    # test's transaction do not count.
    def new_generation():
        return pagecache.time.time_ns()

    monkeypatch.setattr(pagecache, "_new_generation", new_generation)
    record = StockRecord.objects.get(product=soap)
    with django_capture_on_commit_callbacks() as callbacks:
        # A savepoint rolled back takes its commit callback with it...
        with pytest.raises(RuntimeError), transaction.atomic():
            record.price = D("8.00")
            record.save()
            raise RuntimeError
        # ...so the next change registers one again, once for many rows.
        for price in ("8.50", "9.00", "9.50"):
            record.price = D(price)
            record.save()

    assert callbacks.count(new_generation) == 1
