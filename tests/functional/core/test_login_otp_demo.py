"""The demo staff account confirms its sign-in with the demo's known secret."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from shop.apps.core.demo.loader import LoadReport, load_demo_authenticator
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_staff_signs_in_with_the_printed_code(client):
    staff = StaffUserFactory(email="admin@demo.fr", is_superuser=True)
    load_demo_authenticator(LoadReport(), staff)
    load_demo_authenticator(LoadReport(), staff)  # a second load adds nothing
    client.post(
        reverse("customer:login"),
        {
            "login-username": staff.email,
            "login-password": DEFAULT_PASSWORD,
            "login_submit": "1",
        },
    )
    assert client.get("/cms-admin/").status_code == 302

    out = StringIO()
    call_command("demo_otp_code", stdout=out)
    email, code = out.getvalue().strip().split(": ")
    response = client.post(reverse("second-factor:verify"), {"code": code})

    assert email == "admin@demo.fr"
    assert response.status_code == 302
    assert client.get("/cms-admin/").status_code == 200
    assert staff.totpdevice_set.count() == 1
