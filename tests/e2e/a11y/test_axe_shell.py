"""The shop's shell in Chromium with axe-core: the home page, the login and
registration page, a 404, the 403 a consumer gets in the artisans' space and
the search results with the suggestions open have no critical or serious
violation; the skip link is the first Tab stop and moves the focus to
<main>; the search suggestions are an ARIA combobox used with the keyboard;
on a 390 px phone nothing scrolls sideways, the search box shows without
opening the one menu, and the suggestions stay inside the header."""

import re

import pytest
from django.conf import settings
from django.test import Client

from cms.setup import ensure_home_page
from tests.factories import UserFactory, VendorFactory, create_artisan_product

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shop():
    ensure_home_page()
    savonnerie = VendorFactory(
        partner__name="Savonnerie du Vieux Port", commune="Marseille"
    )
    for title in ["Savon à la lavande", "Savon au miel", "Savon à l'olive"]:
        create_artisan_product(savonnerie, title, price="4.80")
    return savonnerie


def sign_in(page, live_server, user):
    client = Client()
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


def english(page, live_server):
    page.context.add_cookies(
        [
            {
                "name": settings.LANGUAGE_COOKIE_NAME,
                "value": "en",
                "url": live_server.url,
            }
        ]
    )


def no_sideways_scroll(page):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def open_suggestions(page, text="sav"):
    page.fill("input#id_q", text)
    listbox = page.locator("#id_q_suggestions")
    listbox.locator("[role=option]").first.wait_for()
    return listbox


def test_shell_pages_have_no_serious_violation(page, live_server, axe, shop):
    for path in ["/", "/boutique/accounts/login/", "/cette-page-n-existe-pas/"]:
        response = page.goto(path)
        assert response.status == (404 if "existe" in path else 200)
        page.wait_for_load_state("networkidle")
        assert page.locator("main#main").count() == 1
        assert page.locator("h1").count() == 1
        axe(page)

    # The search results, with the header's suggestions open.
    page.goto("/boutique/search/?q=savon")
    open_suggestions(page, "savon")
    assert page.get_attribute("#id_q", "aria-expanded") == "true"
    axe(page)

    # A consumer in the artisans' space: our 403, with the way to apply.
    sign_in(page, live_server, UserFactory())
    response = page.goto("/espace-artisan/")
    assert response.status == 403
    assert page.locator("main a[href='/artisans/rejoindre/']").count() == 1
    axe(page)


def test_phone_shell_one_menu_and_search_in_view(page, live_server, axe, shop):
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    no_sideways_scroll(page)
    # The search box shows without opening anything; the menu starts closed.
    assert page.locator("input#id_q").is_visible()
    toggles = page.locator("button[aria-controls='site-nav']")
    assert toggles.count() == 1
    assert page.locator(".navbar-toggler").count() == 0
    assert toggles.get_attribute("aria-expanded") == "false"
    assert not page.locator("#site-nav").is_visible()
    assert page.locator(".basket-mini a").is_visible()
    toggles.click()
    page.locator("#site-nav").wait_for(state="visible")
    assert toggles.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-nav a[href='/artisans/']").is_visible()
    assert page.locator("#site-nav select#language_select").is_visible()
    page.wait_for_timeout(400)  # the collapse's transition
    axe(page)
    no_sideways_scroll(page)

    # The suggestions stay inside the header's width.
    listbox = open_suggestions(page)
    box = listbox.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    no_sideways_scroll(page)

    for path in ["/boutique/accounts/login/", "/cette-page-n-existe-pas/"]:
        page.goto(path)
        no_sideways_scroll(page)


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, shop):
    page.goto("/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert "skip-link" in focused
    assert page.locator(".skip-link").is_visible()
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab goes into the page's content, not back to the header.
    page.keyboard.press("Tab")
    inside_main = page.evaluate("() => !!document.activeElement.closest('main')")
    assert inside_main


def test_search_suggestions_are_a_combobox_for_the_keyboard(page, live_server, shop):
    english(page, live_server)
    page.goto("/boutique/catalogue/")
    field = page.locator("input#id_q")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-controls") == "id_q_suggestions"
    assert page.locator("label[for='id_q']").count() == 1

    listbox = open_suggestions(page, "savon")
    assert listbox.get_attribute("role") == "listbox"
    assert field.get_attribute("aria-expanded") == "true"
    options = listbox.locator("[role=option]")
    count = options.count()
    assert count >= 2
    assert page.locator("#id_q_status").inner_text().startswith(str(count))

    # Down chooses the first option, the focus stays in the field.
    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    assert page.evaluate("() => document.activeElement.id") == "id_q"
    page.keyboard.press("ArrowDown")
    second = options.nth(1)
    assert field.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert first.get_attribute("aria-selected") == "false"
    # Up goes back; Up from the first wraps to the last.
    page.keyboard.press("ArrowUp")
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("ArrowUp")
    last = options.nth(count - 1)
    assert field.get_attribute("aria-activedescendant") == last.get_attribute("id")

    # Escape closes the list and forgets the choice; Down opens it again.
    page.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    assert not listbox.is_visible()
    assert field.get_attribute("aria-activedescendant") is None
    assert field.input_value() == "savon"
    page.keyboard.press("ArrowDown")
    assert field.get_attribute("aria-expanded") == "true"
    assert listbox.is_visible()

    # Enter follows the chosen suggestion.
    href = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href) + "$"))

    # Without a chosen suggestion, Enter searches the words.
    page.goto("/boutique/catalogue/")
    open_suggestions(page, "savon")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/boutique/search/\?q=savon"))

    # A second Escape (list closed) clears the field.
    page.fill("input#id_q", "")
    page.focus("input#id_q")
    page.keyboard.type("xy")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    assert field.input_value() == ""
