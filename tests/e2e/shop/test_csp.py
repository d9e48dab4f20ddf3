"""The Content Security Policy holds on the pages people use, in a real
browser: no violation is reported, and the pages' scripts still work.

Violations are caught twice: by a ``securitypolicyviolation`` listener the
browser calls into the test, and by Chromium's console errors ("... violates
the following Content Security Policy directive ..."). Stripe.js cannot load
here (no internet): that is a network error, not a violation, and the pay page
says Stripe cannot be reached.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from cms.setup import ensure_home_page
from tests.factories import (
    StaffUserFactory,
    UserFactory,
    VendorFactory,
    create_artisan_product,
    place_order,
)
from tests.factories.accounts import sign_in_verified
from tests.integration.payment.fixtures import (  # noqa: F401
    stripe_mock,
    stripe_settings,
)
from vendors.actions.catalogue import ImportStatus, save_import_job
from vendors.models import OrderStatus

Country = get_model("address", "Country")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db(transaction=True)

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
    window.reportCspViolation({
        page: document.location.pathname,
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample
    });
});
"""


@pytest.fixture(autouse=True)
def wagtail_tree():
    """Wagtail's default locale and root page, as its migrations leave them:
    a transactional test that ran before may have flushed them."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports while the test runs."""
    found = []
    page.expose_binding(
        "reportCspViolation", lambda source, violation: found.append(violation)
    )
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append({"page": page.url, "console": message.text})
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def sign_in(page, live_server, user, verified=False):
    """Give the browser a signed-in session of ``user`` (with the second
    factor given when ``verified``)."""
    client = Client()
    if verified:
        sign_in_verified(client, user)
    else:
        client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def settle(page):
    """Let the page's scripts run and any late violation arrive."""
    page.wait_for_load_state("networkidle")


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
    home = ensure_home_page()
    home.body = [("latest_products", {"title": "Nouveautés", "count": 8})]
    home.save_revision().publish()
    savonnerie = VendorFactory(partner__name="Savonnerie Marius Roux")
    return create_artisan_product(savonnerie, "Savon à la lavande", price="4.80")


# Home delivery needs online payment, hence Stripe (stripe-mock) configured.
@pytest.mark.usefixtures("stripe_mock")
def test_consumer_pages_run_their_scripts_without_violation(
    page, live_server, violations, shop
):
    soap = shop
    page.goto("/")
    assert "Savon à la lavande" in page.content()
    settle(page)

    # The search box's suggestions come from static/js/search.js.
    page.goto("/boutique/catalogue/")
    page.fill("input#id_q", "lava")
    page.locator("ul.search-suggestions a", has_text="Savon à la lavande").wait_for()

    page.goto(soap.get_absolute_url())
    page.click("#add_to_basket_form button[type=submit]")
    # The mini-basket's "View basket" is a link now, not an inline handler.
    page.click(".basket-mini a[href='/boutique/basket/']")
    page.wait_for_url(re.compile(r"/boutique/basket/$"))
    assert "Savon à la lavande" in page.content()
    # Oscar's basket script is started by static/js/page-init.js.
    assert page.evaluate("() => oscar.basket.url") == "/boutique/basket/"
    settle(page)

    sign_in(page, live_server, UserFactory(email="louise@example.fr"))
    page.goto("/boutique/checkout/")
    page.wait_for_url(re.compile(r"/boutique/checkout/delivery-or-pickup/"))
    page.click("#fulfilment_submit")
    page.wait_for_load_state("load")
    print("DEBUG", page.url, page.inner_text("body")[:1500])
    page.wait_for_url(re.compile(r"/boutique/checkout/shipping-address/"))
    settle(page)

    assert violations == [], "\n".join(map(str, violations))


@pytest.mark.usefixtures("stripe_mock")
def test_pay_page_says_stripe_is_unreachable_without_violation(
    page, live_server, violations, settings, shop
):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_marketplacePUBLIC"
    consumer = UserFactory(email="louise@example.fr")
    order = place_order((shop, 1), user=consumer)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.PENDING_PAYMENT)
    sign_in(page, live_server, consumer)

    page.goto(reverse("checkout:pay", args=[order.number]))

    # The client secret reached the page as data, and static/js/payment.js
    # ran: with Stripe.js out of reach it says so and keeps the button off.
    assert page.locator("#stripe-client-secret").count() == 1
    message = page.locator("#payment-message")
    message.wait_for()
    assert message.inner_text().strip()
    assert page.locator("#pay-button").is_disabled()
    settle(page)
    assert violations == [], "\n".join(map(str, violations))


def test_artisan_back_office_follows_an_import_without_violation(
    page, live_server, violations
):
    vendor = VendorFactory()
    artisan = UserFactory(email="atelier@example.fr")
    vendor.partner.users.add(artisan)
    create_artisan_product(vendor, "Savon au miel")
    sign_in(page, live_server, artisan)
    job = save_import_job(
        {
            "id": "2b0c7a8e-6a57-4bc4-9a53-9b2f6d0f3f10",
            "vendor_id": vendor.pk,
            "original_name": "savons.csv",
            "status": ImportStatus.RUNNING,
            "valid_rows_only": False,
            "rows": 4,
            "valid_rows": 4,
            "errors": [],
            "total": 4,
            "done": 1,
            "created": 1,
            "updated": 0,
            "skipped": [],
            "message": "",
        }
    )

    page.goto("/espace-artisan/")
    settle(page)
    page.goto("/espace-artisan/produits/")
    assert "Savon au miel" in page.content()
    settle(page)

    page.goto(reverse("backoffice:product-import-status", args=[job["id"]]))
    bar = page.locator("#import-progress-bar")
    assert bar.get_attribute("aria-valuenow") == "25"
    # static/js/import-status.js polls the job: progress shows, then the
    # finished import's report after the page reloads itself.
    save_import_job({**job, "done": 3, "created": 3})
    page.wait_for_function(
        "() => document.getElementById('import-progress-bar')"
        ".getAttribute('aria-valuenow') === '75'"
    )
    assert bar.evaluate("element => element.style.width") == "75%"
    save_import_job({**job, "done": 4, "created": 4, "status": ImportStatus.DONE})
    page.locator("#import-report").wait_for()
    settle(page)

    assert violations == [], "\n".join(map(str, violations))


def test_oscar_dashboard_runs_its_widgets_without_violation(
    page, live_server, violations
):
    create_artisan_product(title="Santon du berger")
    sign_in(page, live_server, StaffUserFactory(is_superuser=True), verified=True)

    page.goto("/boutique/dashboard/")
    # oscar.dashboard.init ran, from static/js/page-init.js.
    page.wait_for_function("() => oscar.dashboard.options !== undefined")
    settle(page)

    page.goto("/boutique/dashboard/catalogue/")
    assert "Santon du berger" in page.content()
    # Its selects become select2 widgets.
    page.locator(".select2-container").first.wait_for()
    settle(page)

    page.goto("/boutique/dashboard/orders/")
    settle(page)

    # A rich text field becomes Oscar's TinyMCE editor.
    page.goto("/boutique/dashboard/pages/create/")
    page.locator(".tox-tinymce").first.wait_for()
    settle(page)

    assert violations == [], "\n".join(map(str, violations))


def test_wagtail_and_django_admin_run_without_violation(page, live_server, violations):
    home = ensure_home_page()
    sign_in(
        page,
        live_server,
        StaffUserFactory(is_superuser=True, email="admin@example.fr"),
        verified=True,
    )

    page.goto("/cms-admin/")
    settle(page)
    page.goto(f"/cms-admin/pages/{home.pk}/edit/")
    page.locator("form#page-edit-form").wait_for()
    settle(page)
    page.goto("/django-admin/")
    settle(page)

    assert violations == [], "\n".join(map(str, violations))
