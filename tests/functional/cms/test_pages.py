"""Editorial pages: where they may live, and that they render."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, StandardPage
from cms.setup import ensure_home_page, ensure_legal_pages


class EditorialPageTests(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()

    def test_home_page_lives_at_the_root_only_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count, 1)

    def test_standard_pages_live_below_the_home_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)

    def test_home_page_is_routable_and_renderable(self):
        self.assertPageIsRoutable(self.home)
        self.assertPageIsRenderable(self.home)

    def test_legal_pages_are_created_once_and_served(self):
        first = ensure_legal_pages(self.home)
        second = ensure_legal_pages(self.home)

        self.assertEqual(len(first), 4)
        self.assertEqual(second, [])
        response = self.client.get("/cgv/")
        self.assertContains(response, "Conditions générales de vente")
        self.assertContains(response, 'id="cgv-withdrawal"')

    def test_ensure_home_page_is_idempotent(self):
        again = ensure_home_page()

        self.assertEqual(again.pk, self.home.pk)
        self.assertEqual(HomePage.objects.count(), 1)
        self.assertEqual(self.client.get("/").status_code, 200)
