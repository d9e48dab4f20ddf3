"""The demo's Déclic: its index and three guides, loaded once, read by an
approved artisan; and the editorial team's demo accounts, who may use the
editorial admin (the moderator, as staff, with the demo authenticator)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.resources.demo import GUIDES, load_demo_resources
from cms.resources.models import ResourceIndexPage, ResourcePage
from cms.workflow import EDITORS, MODERATORS
from shop.apps.core.demo import data
from shop.apps.core.demo.loader import LoadReport, load_accounts

pytestmark = pytest.mark.django_db

EDITORIAL_EMAILS = ("editeur@demo.fr", "moderateur@demo.fr")


def test_the_demo_loads_declic_and_its_guides_once():
    first = LoadReport()
    load_demo_resources(first)
    second = LoadReport()
    load_demo_resources(second)

    index = ResourceIndexPage.objects.get()
    guides = ResourcePage.objects.child_of(index).live()
    assert index.live and index.url == "/declic/"
    assert first.created["resources index"] == 1
    assert first.created["resources"] == len(GUIDES) == 3
    assert guides.count() == 3
    assert not second.anything_created


def test_an_approved_artisan_reads_the_demo_guides(client, artisan):
    load_demo_resources(LoadReport())
    client.force_login(artisan)

    index = client.get("/declic/")

    assert index.status_code == 200
    for guide in ResourcePage.objects.live():
        assert guide.title in index.content.decode()
        assert client.get(guide.url).status_code == 200


def test_the_demo_editor_and_moderator_may_use_the_editorial_admin(client, monkeypatch):
    # Only the editorial team of the demo's accounts (the others need shops).
    accounts = [a for a in data.ACCOUNTS if a["email"] in EDITORIAL_EMAILS]
    monkeypatch.setattr(data, "ACCOUNTS", accounts)
    load_accounts(LoadReport(), partners={})
    load_demo_resources(LoadReport())

    User = get_user_model()
    editor = User.objects.get(email="editeur@demo.fr")
    moderator = User.objects.get(email="moderateur@demo.fr")
    assert editor.check_password(settings.DEMO_PASSWORD)
    assert moderator.check_password(settings.DEMO_PASSWORD)
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert list(moderator.groups.values_list("name", flat=True)) == [MODERATORS]
    assert editor.has_perm("wagtailadmin.access_admin") and not editor.is_staff
    assert moderator.has_perm("wagtailadmin.access_admin") and moderator.is_staff
    # Staff confirm their sign-in: the moderator with the demo's known app.
    assert TOTPDevice.objects.filter(
        user=moderator, key=data.DEMO_TOTP_KEY, confirmed=True
    ).exists()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    # The editor signs in with the demo password only and writes.
    client.post(
        reverse("customer:login"),
        {
            "login-username": "editeur@demo.fr",
            "login-password": settings.DEMO_PASSWORD,
            "login_submit": "1",
        },
    )
    assert client.get("/cms-admin/").status_code == 200
