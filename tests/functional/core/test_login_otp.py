"""Chamber staff confirm each sign-in with a code from an authenticator app
(django-otp); artisans may choose to, from their back office."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import (
    DEFAULT_PASSWORD,
    StaffUserFactory,
    UserFactory,
    VendorFactory,
)
from tests.factories.accounts import authenticator_of, current_code

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/boutique/dashboard/",
    "/boutique/dashboard/artisans/candidatures/",
    "/boutique/dashboard/paiements/",
    "/cms-admin/",
    "/django-admin/",
]


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture(autouse=True)
def fresh_cache():
    # Whether an account has an app is remembered in the cache, by account
    # id; SQLite gives a later test's account the same id.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff():
    return StaffUserFactory(email="agent@cma-paca.fr", is_superuser=True)


def sign_in(client, user, password=DEFAULT_PASSWORD):
    return client.post(
        reverse("customer:login"),
        {
            "login-username": user.email,
            "login-password": password,
            "login_submit": "Log in",
        },
    )


def verify(client, code, next_url="/boutique/dashboard/"):
    return client.post(
        reverse("second-factor:verify"), {"code": code, "next": next_url}
    )


def test_staff_without_an_app_are_sent_to_set_one_up(client, staff):
    client.force_login(staff)

    for page in STAFF_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.url.startswith(reverse("second-factor:setup")), page


def test_staff_with_an_app_are_asked_for_its_code_everywhere(client, staff):
    authenticator_of(staff)
    client.force_login(staff)

    for page in STAFF_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.url.startswith(reverse("second-factor:verify")), page
    assert client.get("/boutique/dashboard/", follow=True).request["PATH_INFO"] == (
        reverse("second-factor:verify")
    )


def test_signing_in_with_the_password_then_the_code_opens_the_dashboard(client, staff):
    device = authenticator_of(staff)

    after_password = sign_in(client, staff)
    refused = client.get(after_password.url)
    assert refused.status_code == 302
    assert refused.url.startswith(reverse("second-factor:verify"))

    response = verify(client, current_code(device))

    assert response.status_code == 302
    assert response.url == "/boutique/dashboard/"
    assert client.get("/boutique/dashboard/").status_code == 200
    assert client.get("/cms-admin/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_is_refused_and_counted(client, staff):
    device = authenticator_of(staff)
    client.force_login(staff)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = verify(client, wrong)

    assert response.status_code == 200
    assert "This code is not valid." in str(response.context["form"].errors["code"])
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get("/boutique/dashboard/").status_code == 302


def test_after_wrong_codes_even_the_right_one_waits(client, staff):
    device = authenticator_of(staff)
    # Three wrong codes were just typed: the next try waits 4 seconds.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=3, throttling_failure_timestamp=timezone.now()
    )
    client.force_login(staff)

    too_soon = verify(client, current_code(device))

    assert too_soon.status_code == 200
    assert "please wait" in str(too_soon.context["form"].errors["code"])
    assert client.get("/boutique/dashboard/").status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    assert verify(client, current_code(device)).status_code == 302
    assert client.get("/boutique/dashboard/").status_code == 200


def test_a_code_works_once(client, staff):
    device = authenticator_of(staff)
    code = current_code(device)
    client.force_login(staff)
    verify(client, code)
    client.logout()
    client.force_login(staff)

    response = verify(client, code)

    assert response.status_code == 200
    assert client.get("/boutique/dashboard/").status_code == 302


def test_staff_set_up_their_app_with_the_qr_code_or_the_secret(client, staff):
    client.force_login(staff)

    page = client.get(reverse("second-factor:setup"), {"next": "/cms-admin/"})
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    shown_secret = page.context["secret"].replace(" ", "")
    response = client.post(
        reverse("second-factor:setup"),
        {"code": current_code(device), "next": "/cms-admin/"},
    )

    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert device.config_url.split("secret=")[1].startswith(shown_secret)
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/cms-admin/").status_code == 200


def test_a_wrong_code_does_not_confirm_the_app(client, staff):
    client.force_login(staff)
    client.get(reverse("second-factor:setup"))
    device = TOTPDevice.objects.get(user=staff)

    response = client.post(
        reverse("second-factor:setup"),
        {"code": f"{(int(current_code(device)) + 1) % 1_000_000:06d}"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/boutique/dashboard/").status_code == 302


def test_a_backup_code_signs_in_once(client, staff):
    client.force_login(staff)
    client.get(reverse("second-factor:setup"))
    device = TOTPDevice.objects.get(user=staff)
    codes = client.post(
        reverse("second-factor:setup"), {"code": current_code(device)}
    ).context["codes"]
    client.logout()

    client.force_login(staff)
    first = verify(client, codes[0].upper())
    client.logout()
    client.force_login(staff)
    again = verify(client, codes[0])

    assert first.status_code == 302
    assert again.status_code == 200


def test_the_code_page_never_sends_elsewhere(client, staff):
    device = authenticator_of(staff)
    client.force_login(staff)

    response = verify(client, current_code(device), next_url="https://evil.example/")

    assert response.url == reverse("dashboard:index")


def test_customers_without_an_app_are_not_asked(client):
    customer = UserFactory(email="camille@example.fr")

    assert sign_in(client, customer).status_code == 302
    assert client.get(reverse("customer:summary"), follow=True).status_code == 200
    assert client.get("/").status_code == 200


def test_staff_are_not_asked_when_the_requirement_is_off(client, staff, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    client.force_login(staff)

    assert client.get("/boutique/dashboard/").status_code == 200


# An artisan's choice
# ------------------------------------------------------------------------------


@pytest.fixture
def artisan():
    vendor = VendorFactory()
    user = UserFactory(email="marie@savonnerie.fr")
    vendor.partner.users.add(user)
    return user


def test_an_artisan_turns_it_on_and_is_then_asked_for_it(client, artisan):
    sign_in(client, artisan)
    page = client.get(reverse("backoffice:security"))
    assert page.status_code == 200
    assert not page.context["second_factor_on"]

    setup = client.get(page.context["setup_url"])
    device = TOTPDevice.objects.get(user=artisan)
    turned_on = client.post(page.context["setup_url"], {"code": current_code(device)})
    assert setup.status_code == turned_on.status_code == 200
    assert client.get(reverse("backoffice:security")).context["second_factor_on"]
    client.logout()

    sign_in(client, artisan)
    asked = client.get(reverse("backoffice:overview"))
    assert asked.status_code == 302
    assert asked.url.startswith(reverse("second-factor:verify"))
    assert SESSION_KEY in client.session

    verify(client, current_code(device, offset_steps=1), next_url="/espace-artisan/")
    assert client.get(reverse("backoffice:overview")).status_code == 200


def test_an_artisan_turns_it_off_with_a_current_code(client, artisan):
    device = authenticator_of(artisan)
    client.force_login(artisan)
    verify(client, current_code(device), next_url="/espace-artisan/")

    wrong = client.post(reverse("backoffice:security"), {"code": "12345x"})
    off = client.post(
        reverse("backoffice:security"),
        {"code": current_code(device, offset_steps=1)},
    )

    assert wrong.status_code == 200
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=artisan).exists()
    client.logout()
    sign_in(client, artisan)
    assert client.get(reverse("backoffice:overview")).status_code == 200
