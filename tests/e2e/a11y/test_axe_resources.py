"""axe-core in Chromium on Déclic, signed in as an approved artisan: a guide
as the demo writes it, the DEAR diagnostic request form (empty, and sent
back with its errors) have no critical or serious violation, one <h1> and
one <main>."""

import pytest
from django.conf import settings
from django.test import Client

from cms.resources.demo import load_demo_resources
from cms.resources.models import ResourceIndexPage, ResourcePage
from shop.apps.core.demo.loader import LoadReport
from tests.factories import VendorFactory
from tests.factories.orders import artisan_account
from vendors.models import VendorStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def declic(page, live_server):
    """The demo's Déclic, and the browser signed in as an approved artisan."""
    load_demo_resources(LoadReport())
    artisan = artisan_account(VendorFactory(status=VendorStatus.APPROVED))
    client = Client()
    client.force_login(artisan)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    index = ResourceIndexPage.objects.get()
    return {
        "index": index,
        "guide": ResourcePage.objects.live().order_by("path").first(),
        "diagnostic": index.url + index.reverse_subpage("diagnostic"),
    }


def check(page, axe, path):
    response = page.goto(path)
    assert response.status == 200, path
    assert page.locator("main#main").count() == 1, path
    assert page.locator("h1").count() == 1, path
    axe(page)


def test_the_declic_index_and_a_guide_have_no_serious_violation(page, axe, declic):
    check(page, axe, declic["index"].url)
    check(page, axe, declic["guide"].url)

    assert page.locator("h1").inner_text().strip() == declic["guide"].title


def test_the_diagnostic_request_form_has_no_serious_violation(page, axe, declic):
    check(page, axe, declic["diagnostic"])

    # Sent without a topic nor a message: the form comes back with its errors.
    page.locator("form.panel button[type=submit]").click()
    page.wait_for_load_state()

    assert page.locator("[aria-invalid=true], .error-block").count() >= 1
    axe(page)
