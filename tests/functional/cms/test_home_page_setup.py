"""The home page is put in place also in a database emptied of Wagtail's tree."""

import pytest
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from cms.setup import ensure_home_page

pytestmark = pytest.mark.django_db


def test_a_database_without_wagtails_root_gets_it_back_with_the_home_page():
    Site.objects.all().delete()
    Page.objects.all().delete()
    Locale.objects.all().delete()

    home = ensure_home_page()

    assert Page.get_first_root_node().get_children().get().specific == home
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert ensure_home_page() == home
    assert HomePage.objects.count() == 1
