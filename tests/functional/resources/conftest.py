"""Déclic's pages and the accounts that may, or may not, read them."""

import pytest
from wagtail.rich_text import RichText

from cms.resources.models import ResourceIndexPage, ResourcePage, ResourceTopic
from cms.setup import ensure_home_page
from cms.workflow import setup_editorial_workflow
from tests.factories import StaffUserFactory, UserFactory, VendorFactory
from tests.factories.orders import artisan_account
from vendors.models import VendorStatus


@pytest.fixture
def declic(db):
    home = ensure_home_page()
    index = home.add_child(
        instance=ResourceIndexPage(
            title="Déclic", slug="declic", introduction="Des guides pour vendre."
        )
    )
    index.save_revision().publish()
    return index


@pytest.fixture
def guide(declic):
    page = declic.add_child(
        instance=ResourcePage(
            title="Photographier ses produits",
            slug="photographier-ses-produits",
            topic=ResourceTopic.PHOTOS,
            introduction="La lumière du jour, un fond neutre.",
            body=[("paragraph", RichText("<p>Près d'une fenêtre.</p>"))],
        )
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def artisan(db):
    """The account of an approved artisan's shop."""
    return artisan_account(VendorFactory(status=VendorStatus.APPROVED))


@pytest.fixture
def suspended_artisan(db):
    return artisan_account(VendorFactory(status=VendorStatus.SUSPENDED))


@pytest.fixture
def consumer(db):
    return UserFactory(email="client@example.fr")


@pytest.fixture
def staff(db):
    return StaffUserFactory(email="chambre@example.fr")


@pytest.fixture
def editorial_groups(db):
    """The "Editors" and "Moderators" groups with their permissions, and the
    approval workflow on the whole page tree."""
    editors, moderators, _workflow = setup_editorial_workflow()
    return editors, moderators


@pytest.fixture
def editor(editorial_groups):
    """A member of the editorial team who writes pages (not staff)."""
    user = UserFactory(email="redaction@example.fr")
    user.groups.add(editorial_groups[0])
    return user


@pytest.fixture
def moderator(editorial_groups):
    """One of the chamber's staff, who approves what editors submit."""
    user = StaffUserFactory(email="moderation@example.fr")
    user.groups.add(editorial_groups[1])
    return user
