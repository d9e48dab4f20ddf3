"""Déclic's two page types: where they are created, and that each renders
and previews for an approved artisan."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import HomePage
from cms.resources.models import ResourceIndexPage, ResourcePage
from cms.setup import ensure_home_page
from tests.factories import UserFactory, VendorFactory
from tests.factories.accounts import authenticator_of
from tests.factories.orders import artisan_account
from vendors.models import VendorStatus


class ResourcePageTypeTests(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()
        self.index = self.home.add_child(
            instance=ResourceIndexPage(title="Déclic", slug="declic")
        )
        self.guide = self.index.add_child(
            instance=ResourcePage(title="Bien décrire un produit", slug="decrire")
        )
        self.artisan = artisan_account(VendorFactory(status=VendorStatus.APPROVED))
        self.superuser = UserFactory(
            email="admin@example.fr", is_staff=True, is_superuser=True
        )
        # Wagtail's helpers sign in with the first backend (the lockout one,
        # which only authenticates) and without the staff's second factor.
        self.client.force_login = self.sign_in

    def sign_in(self, user, backend=None):
        type(self.client).force_login(
            self.client, user, "django.contrib.auth.backends.ModelBackend"
        )
        if user.is_staff:
            session = self.client.session
            session[DEVICE_ID_SESSION_KEY] = authenticator_of(user).persistent_id
            session.save()

    def test_the_index_lives_once_below_the_home_page(self):
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})
        self.assertAllowedParentPageTypes(
            ResourcePage, {ResourceIndexPage, ResourcePage}
        )
        self.assertEqual(ResourceIndexPage.max_count, 1)
        self.assertCanCreateAt(ResourceIndexPage, ResourcePage)
        self.assertCanNotCreateAt(HomePage, ResourcePage)

    def test_both_pages_render_for_an_approved_artisan(self):
        self.assertPageIsRenderable(self.index, user=self.artisan)
        self.assertPageIsRenderable(self.guide, user=self.artisan)
        self.assertPageIsRenderable(
            self.index, route_path="/demande-diagnostic/", user=self.artisan
        )

    def test_both_pages_preview(self):
        for page, data in ((self.index, {}), (self.guide, {"topic": "photos"})):
            with self.subTest(page=page.title):
                # Staff sign in with their second factor; Wagtail signs out
                # after each preview.
                self.sign_in(self.superuser)
                post_data = nested_form_data(
                    {
                        "title": page.title,
                        "slug": page.slug,
                        "introduction": "",
                        "body": streamfield([]),
                        **data,
                    }
                )
                self.assertPageIsPreviewable(
                    page, post_data=post_data, user=self.superuser
                )

    def test_they_are_kept_out_of_the_sitemap_and_marked_private(self):
        assert self.index.get_sitemap_urls() == []
        assert self.guide.get_sitemap_urls() == []
        assert ResourcePage.PRIVATE_TO_ARTISANS
        assert ResourceIndexPage.PRIVATE_TO_ARTISANS


@pytest.mark.django_db
def test_the_sitemap_does_not_list_declic(client, guide):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert b"/declic/" not in response.content
