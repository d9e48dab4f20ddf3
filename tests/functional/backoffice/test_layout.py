"""The back office and the logistics console have a dashboard's layout of
their own (templates/workspace/layout.html): no basket, one navigation with
the current section marked; the shop's pages keep their basket."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.resources.models import ResourceIndexPage
from cms.setup import ensure_home_page
from delivery.actions import booking_of
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.orders import artisan_account, logistics_account
from tests.functional.vendors.backoffice_shop import point_part
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db

BASKET_URL = "/boutique/basket/"


@pytest.fixture
def part():
    """An artisan's part collected at a drive point."""
    return point_part(VendorFactory())


def current_links(html):
    """(aria-current value, link text) of the links marked current."""
    found = re.findall(r'<a [^>]*aria-current="(\w+)"[^>]*>(.*?)</a>', html, re.S)
    return [(value, re.sub(r"<[^>]+>|\s+", " ", text).strip()) for value, text in found]


def workspace_nav(html):
    match = re.search(r'<nav [^>]*id="workspace-nav".*?</nav>', html, re.S)
    assert match, "no workspace navigation"
    return match.group(0)


def assert_workspace_page(html):
    assert BASKET_URL not in html
    assert "basket-mini" not in html
    assert html.count("<main") == 1 and 'id="main"' in html
    assert 'href="#main"' in html  # the skip link
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("url_name", "kwargs", "current"),
    [
        ("backoffice:overview", {}, "page"),
        ("backoffice:order-list", {}, "page"),
        ("backoffice:order-detail", "order", "true"),
        ("backoffice:product-list", {}, "page"),
        ("backoffice:product-create", {}, "true"),
        ("backoffice:settings", {}, "page"),
        ("backoffice:fulfilment", {}, "page"),
        ("backoffice:payout-ledger", {}, "page"),
        ("backoffice:api-token-list", {}, "page"),
        ("privacy:shop-data", {}, "page"),
    ],
)
def test_back_office_pages_have_the_workspace_navigation_and_no_basket(
    client, part, url_name, kwargs, current
):
    # given: a member of the artisan's team, signed in
    client.force_login(artisan_account(part.vendor))
    if kwargs == "order":
        kwargs = {"number": part.number}

    # when
    response = client.get(reverse(url_name, kwargs=kwargs))

    # then: a dashboard, with exactly one section marked current
    assert response.status_code == 200
    html = response.content.decode()
    assert_workspace_page(html)
    nav = workspace_nav(html)
    assert 'id="backoffice-nav"' in nav
    marked = current_links(nav)
    assert len(marked) == 1
    assert marked[0][0] == current
    link = re.search(r'<a [^>]*aria-current="\w+"[^>]*>', nav).group(0)
    section = {
        "backoffice:order-detail": reverse("backoffice:order-list"),
        "backoffice:product-create": reverse("backoffice:product-list"),
    }.get(url_name, reverse(url_name, kwargs=kwargs))
    assert f'href="{section}"' in link
    assert reverse("vendors:storefront", kwargs={"slug": part.vendor.slug}) in html


@pytest.fixture
def declic():
    """The chamber's Déclic, published by its editors."""
    index = ensure_home_page().add_child(
        instance=ResourceIndexPage(title="Déclic", slug="declic")
    )
    index.save_revision().publish()
    return index


def test_back_office_navigation_groups_its_seventeen_sections(client, part, declic):
    client.force_login(artisan_account(part.vendor))

    nav = workspace_nav(client.get(reverse("backoffice:overview")).content.decode())

    assert len(re.findall(r'class="ws-nav__heading"', nav)) == 4
    # Fifteen sections, the apprenticeship offers and Déclic.
    assert len(re.findall(r'class="ws-nav__link', nav)) == 17
    # The orders item carries the count of orders to handle.
    assert 'id="nav-orders-to-handle" data-count="1"' in nav


def test_the_declic_item_leads_to_the_live_guides(client, part, declic):
    client.force_login(artisan_account(part.vendor))

    nav = workspace_nav(client.get(reverse("backoffice:overview")).content.decode())

    item = re.search(r'<a [^>]*id="nav-declic"[^>]*>(.*?)</a>', nav, re.S)
    assert item and item.group(1).strip() == "Déclic"
    assert 'href="/declic/"' in item.group(0)
    assert client.get("/declic/").status_code == 200


def test_the_declic_item_costs_one_query(client, part, declic):
    client.force_login(artisan_account(part.vendor))
    url = reverse("backoffice:settings")
    client.get(url)  # the session and the sites' root paths, cached

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert 'id="nav-declic"' in response.content.decode()
    pages = [q["sql"] for q in queries.captured_queries if "wagtailcore_" in q["sql"]]
    assert len(pages) == 1
    assert "resources_resourceindexpage" in pages[0]


def test_no_declic_item_before_the_editors_publish_it(client, part):
    draft = ensure_home_page().add_child(
        instance=ResourceIndexPage(title="Déclic", slug="declic", live=False)
    )
    client.force_login(artisan_account(part.vendor))

    nav = workspace_nav(client.get(reverse("backoffice:overview")).content.decode())

    assert draft.pk and not draft.live
    assert 'id="nav-declic"' not in nav
    assert len(re.findall(r'class="ws-nav__link', nav)) == 16


def test_a_suspended_shop_gets_no_declic_item(client, declic):
    vendor = VendorFactory(status=VendorStatus.SUSPENDED)
    client.force_login(artisan_account(vendor))

    response = client.get(reverse("backoffice:settings"))

    assert response.status_code == 200
    assert 'id="nav-declic"' not in workspace_nav(response.content.decode())


def test_payouts_page_lists_payouts_once(client, part):
    client.force_login(artisan_account(part.vendor))

    url = reverse("backoffice:payout-ledger")

    nav = workspace_nav(client.get(url).content.decode())

    assert nav.count(f'href="{url}"') == 1


@pytest.mark.parametrize(
    ("url_name", "with_point", "current_href"),
    [
        ("logistics:home", False, "home"),
        ("logistics:manifest", True, "point"),
        ("logistics:hand-over", True, "point"),
        ("logistics:takings", True, "point"),
        ("logistics:api-tokens", False, "tokens"),
    ],
)
def test_console_pages_have_the_workspace_navigation_and_no_basket(
    client, part, url_name, with_point, current_href
):
    point = booking_of(part).slot.point
    client.force_login(logistics_account(point))
    kwargs = {"slug": point.slug} if with_point else {}

    response = client.get(reverse(url_name, kwargs=kwargs))

    assert response.status_code == 200
    html = response.content.decode()
    assert_workspace_page(html)
    nav = workspace_nav(html)
    marked = re.findall(r'<a [^>]*aria-current="\w+"[^>]*>', nav)
    assert len(marked) == 1
    expected = {
        "home": reverse("logistics:home"),
        "point": reverse("logistics:manifest", kwargs={"slug": point.slug}),
        "tokens": reverse("logistics:api-tokens"),
    }[current_href]
    assert f'href="{expected}"' in marked[0]
    # A manifest is printed: the console keeps its print stylesheet.
    assert 'media="print" href="/static/css/print.css"' in html


def test_shop_pages_keep_the_basket(client):
    product = create_artisan_product(VendorFactory(), "Savon", price="7.50")

    for url in (reverse("catalogue:index"), product.get_absolute_url()):
        html = client.get(url).content.decode()
        assert BASKET_URL in html, url
        assert 'id="workspace-nav"' not in html
