"""The core page types: where they may be created, and that they render
and preview."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import HomePage, LegalPage, StandardPage
from cms.setup import ensure_home_page


def sign_in_verified_session(client, user):
    """Mark the signed-in session as verified by the user's authenticator."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.factories.accounts import authenticator_of

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_of(user).persistent_id
    session.save()


def form(page, **fields):
    """The edit form's data for ``page``, with an empty body."""
    return nested_form_data(
        {"title": page.title, "slug": page.slug, "body": streamfield([]), **fields}
    )


@pytest.mark.django_db
class TestCorePageTypes(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()
        # Wagtail's helpers sign in with the first backend (our lockout one,
        # which only authenticates) and without the staff's second factor.
        self.client.force_login = self.sign_in

    def sign_in(self, user, backend=None):
        type(self.client).force_login(
            self.client, user, "django.contrib.auth.backends.ModelBackend"
        )
        user.is_staff = True
        sign_in_verified_session(self.client, user)

    def test_where_they_live(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedParentPageTypes(LegalPage, {HomePage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, LegalPage)
        self.assertCanNotCreateAt(LegalPage, StandardPage)

    def test_home_renders_and_previews(self):
        self.assertPageIsRenderable(self.home)
        self.assertPageIsPreviewable(self.home, post_data=form(self.home))

    def test_standard_page_renders_and_previews(self):
        page = StandardPage(title="À propos", slug="a-propos", introduction="Bonjour")
        self.home.add_child(instance=page)
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(page, post_data=form(page, introduction="Bonjour"))

    def test_legal_page_renders_and_previews(self):
        page = LegalPage.objects.filter(document="legal_notice").first()
        if page is None:
            page = LegalPage(
                title="Mentions", slug="mentions-test", document="legal_notice"
            )
            self.home.add_child(instance=page)
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(page, post_data=form(page, document=page.document))
