"""The shop's own 403, 404 and 500 pages, and where each role lands after
signing in."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import path, reverse

from shop.apps.core import errors
from tests.factories import (
    DEFAULT_PASSWORD,
    StaffUserFactory,
    UserFactory,
    VendorFactory,
)
from tests.factories.delivery import PickupPointFactory
from tests.factories.orders import artisan_account, logistics_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def sign_in(client, user, next_url=None):
    url = reverse("customer:login")
    if next_url:
        url += f"?next={next_url}"
    return client.post(
        url,
        {
            "login-username": user.email,
            "login-password": DEFAULT_PASSWORD,
            "login-redirect_url": next_url or "",
            "login_submit": "Log in",
        },
    )


# 404 ---------------------------------------------------------------------------


def test_404_is_our_french_page_in_the_shell(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert html.count("<main") == 1 and 'id="main"' in html
    assert 'class="skip-link"' in html
    # The page's own words get their French from locale/ (the translator);
    # the shell around it is French already.
    assert 'class="error-page' in html
    assert "Page non trouvée" in html
    assert "Tous les produits" in html and "Nos artisans" in html
    assert 'id="id_q_404"' in html  # a search box to carry on
    assert "Traceback" not in html and "technical" not in html


def test_404_in_english_with_the_cookie(client):
    english(client)
    response = client.get("/boutique/catalogue/no-such-product_999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Page not found" in html
    assert "Error 404" in html


# 403 ---------------------------------------------------------------------------


def test_a_consumer_in_the_artisans_space_gets_our_403_with_the_way_to_apply(client):
    english(client)
    client.force_login(UserFactory())
    response = client.get("/espace-artisan/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "403 Forbidden" not in html
    assert "This is the artisans&#x27; space" in html or "artisans' space" in html
    assert reverse("vendors:join") in html
    assert html.count("<main") == 1


def test_a_consumer_in_the_logistics_console_gets_our_403(client):
    english(client)
    client.force_login(UserFactory())
    response = client.get("/logistique/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "This is the logistics console" in html
    assert reverse("vendors:join") in html


def test_403_is_french_by_default(client):
    client.force_login(UserFactory())
    response = client.get("/espace-artisan/")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "403 Forbidden" not in html


def test_space_of_a_path():
    assert errors.space_of("/espace-artisan/commandes/") == "backoffice"
    assert errors.space_of("/logistique/point/x/") == "logistics"
    assert errors.space_of("/boutique/") == ""


# 500 ---------------------------------------------------------------------------


def broken_view(request):
    raise RuntimeError("the database is gone")


urlpatterns = [path("casse/", broken_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_500_renders_our_standalone_page(client):
    client.raise_request_exception = False
    english(client)
    response = client.get("/casse/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert '<main id="main"' in html
    assert "the database is gone" not in html


def test_500_handler_needs_no_database(rf, django_assert_num_queries):
    request = rf.get("/")
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert b"marketplace.css" in response.content


def test_the_project_names_our_handlers():
    import shop.urls

    assert shop.urls.handler403 == "shop.apps.core.errors.permission_denied"
    assert shop.urls.handler404 == "shop.apps.core.errors.page_not_found"
    assert shop.urls.handler500 == "shop.apps.core.errors.server_error"


# Where each role lands ---------------------------------------------------------


def test_a_consumer_lands_on_their_account(client):
    response = sign_in(client, UserFactory())
    assert response.status_code == 302
    assert response.url == reverse("customer:summary")


def test_an_artisan_lands_in_their_back_office(client):
    user = artisan_account(VendorFactory())
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.url == reverse("backoffice:overview") == "/espace-artisan/"


def test_logistics_staff_land_in_the_console(client):
    user = logistics_account(PickupPointFactory())
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.url == reverse("logistics:home") == "/logistique/"


def test_chamber_staff_land_on_the_dashboard_after_their_code(client):
    staff = StaffUserFactory()
    response = sign_in(client, staff)
    assert response.status_code == 302
    # Staff give their code first (two-factor), then go on to the dashboard.
    assert response.url == reverse("dashboard:index")
    follow = client.get(response.url)
    assert follow.status_code == 302
    assert "next=%2Fboutique%2Fdashboard%2F" in follow.url


@pytest.mark.parametrize("role", ["consumer", "artisan", "logistics"])
def test_a_safe_next_still_wins(client, role):
    user = {
        "consumer": UserFactory,
        "artisan": lambda: artisan_account(VendorFactory()),
        "logistics": lambda: logistics_account(PickupPointFactory()),
    }[role]()
    response = sign_in(client, user, next_url="/boutique/basket/")
    assert response.status_code == 302
    assert response.url == "/boutique/basket/"


def test_a_next_to_another_site_is_ignored(client):
    user = artisan_account(VendorFactory())
    response = sign_in(client, user, next_url="https://evil.example/")
    assert response.status_code == 302
    assert response.url == "/espace-artisan/"
