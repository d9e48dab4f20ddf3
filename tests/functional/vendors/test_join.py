"""Applying to open an e-boutique at /artisans/rejoindre/."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from tests.factories import DEFAULT_PASSWORD, UserFactory, VendorFactory
from tests.factories.accounts import confirmation_path_in, sign_in_verified
from tests.factories.geo import CommuneFactory, DepartementFactory
from vendors.models import ApplicationStatus, VendorApplication
from vendors.tasks import send_application_received_email_task

User = get_user_model()

pytestmark = pytest.mark.django_db

JOIN_URL = "/artisans/rejoindre/"
VALID_SIRET = "732 829 320 00074"  # passes the Luhn check, typed with spaces


@pytest.fixture(autouse=True)
def vallauris():
    """The applicants' commune, in the official list (the form checks it)."""
    return CommuneFactory(
        insee="06155",
        name="Vallauris",
        departement=DepartementFactory(code="06", name="Alpes-Maritimes"),
        postcodes=["06220"],
    )


def application_data(**overrides):
    data = {
        "company_name": "Poterie du Soleil",
        "siret": VALID_SIRET,
        "legal_form": "ei",
        "metier": "Potière",
        "contact_name": "Mireille Audibert",
        "email": "mireille@poterie-du-soleil.fr",
        "phone": "04 93 64 12 34",
        "address": "7 rue du Plan",
        "postcode": "06220",
        "commune": "Vallauris",
        "pitch": "Grès et faïence tournés à la main depuis 2004.",
        "password1": "Terre-de-Vallauris-2024",
        "password2": "Terre-de-Vallauris-2024",
    }
    data.update(overrides)
    return data


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def apply_and_confirm(client, capture, **overrides):
    """Apply without an account, then confirm it from the e-mailed link."""
    data = application_data(**overrides)
    with capture(execute=True):
        client.post(JOIN_URL, data)
    link = next(
        confirmation_path_in(message)
        for message in mail.outbox
        if "/register/confirmer/" in message.body
    )
    return client.post(link, {"password": data["password1"]})


def test_join_url_is_the_public_contract():
    assert reverse("vendors:join") == JOIN_URL


def test_form_is_shown_to_visitors(client):
    response = client.get(JOIN_URL)

    assert response.status_code == 200
    content = response.content.decode()
    for name in ("company_name", "siret", "metier", "pitch", "password2"):
        assert f'name="{name}"' in content


def test_valid_application_creates_account_and_pending_application(
    client, django_capture_on_commit_callbacks
):
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(JOIN_URL, application_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("registration:sent")
    assert User.objects.count() == users_before + 1
    user = User.objects.get(email="mireille@poterie-du-soleil.fr")
    assert user.username == "mireille@poterie-du-soleil.fr"
    assert not user.is_staff and not user.is_superuser
    assert user.check_password("Terre-de-Vallauris-2024")
    assert (user.first_name, user.last_name) == ("Mireille", "Audibert")
    application = VendorApplication.objects.get()
    assert application.user == user
    assert application.status == ApplicationStatus.PENDING
    assert application.siret == "73282932000074"
    assert application.company_name == "Poterie du Soleil"
    assert application.vendor is None
    # The account waits for its owner to confirm it from the e-mailed link;
    # the application is acknowledged once the transaction committed.
    assert not user.is_active
    assert signed_in_user_id(client) is None
    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [
        ["mireille@poterie-du-soleil.fr"]
    ] * 2
    assert "Poterie du Soleil" in mail.outbox[1].subject

    confirmed = client.post(
        confirmation_path_in(mail.outbox[0]), {"password": "Terre-de-Vallauris-2024"}
    )

    user.refresh_from_db()
    assert user.is_active
    assert signed_in_user_id(client) == str(user.pk)
    assert confirmed["Location"] == reverse("vendors:join-done")


def test_confirmation_page_says_the_application_will_be_reviewed(
    client, django_capture_on_commit_callbacks
):
    apply_and_confirm(client, django_capture_on_commit_callbacks)

    response = client.get(reverse("vendors:join-done"))

    assert response.status_code == 200
    assert response.context["application"].company_name == "Poterie du Soleil"
    assert "application-received" in response.content.decode()


def test_confirmation_page_without_an_application_sends_to_the_form(client):
    response = client.get(reverse("vendors:join-done"))

    assert response.status_code == 302
    assert response["Location"] == JOIN_URL


def test_acknowledgement_is_sent_once_even_if_the_task_runs_twice(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOIN_URL, application_data())
    application = VendorApplication.objects.get()
    assert len(mail.outbox) == 2  # the account's confirmation, the acknowledgement

    assert send_application_received_email_task(application.pk) is False
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("field", "value", "error_code"),
    [
        ("siret", "732 829 320 00075", "siret_checksum"),
        ("siret", "7328293200007", "siret_length"),
        ("siret", "7328293200007A", "siret_length"),
        ("pitch", "", None),
        ("company_name", "", None),
        ("phone", "appelez-moi", None),
        ("email", "pas-une-adresse", None),
    ],
)
def test_invalid_field_is_explained_and_nothing_is_created(
    client, django_capture_on_commit_callbacks, field, value, error_code
):
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN_URL, application_data(**{field: value}))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    if error_code:
        assert form.errors.as_data()[field][0].code == error_code
    assert User.objects.count() == users_before
    assert not VendorApplication.objects.exists()
    assert mail.outbox == []
    assert signed_in_user_id(client) is None
    # The message is shown next to the field, on the page.
    assert escape(form.errors[field][0]) in response.content.decode()


def test_an_existing_account_gets_the_same_answer_and_an_email_instead(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="mireille@poterie-du-soleil.fr")
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        for_known = client.post(
            JOIN_URL,
            application_data(email="Mireille@Poterie-du-Soleil.fr"),
            follow=True,
        )
    owner_mail = list(mail.outbox)
    # Nothing is recorded, nothing changes on the account.
    assert User.objects.count() == users_before
    assert not VendorApplication.objects.exists()
    owner.refresh_from_db()
    assert owner.is_active and owner.check_password(DEFAULT_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        for_unknown = client.post(
            JOIN_URL, application_data(email="autre@example.fr"), follow=True
        )

    assert for_known.status_code == for_unknown.status_code == 200
    assert for_known.redirect_chain == for_unknown.redirect_chain
    assert for_known.redirect_chain == [(reverse("registration:sent"), 302)]
    assert [t.name for t in for_known.templates] == [
        t.name for t in for_unknown.templates
    ]
    assert [message.to for message in owner_mail] == [["mireille@poterie-du-soleil.fr"]]
    assert reverse("customer:login") in owner_mail[0].body
    assert "/register/confirmer/" not in owner_mail[0].body


def test_password_mismatch_is_refused(client):
    response = client.post(JOIN_URL, application_data(password2="Autre-mot-2024"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password2"]
    assert not User.objects.filter(email="mireille@poterie-du-soleil.fr").exists()
    assert not VendorApplication.objects.exists()


@pytest.mark.parametrize("password", ["12345678", "poterie", "mireille-audibert"])
def test_weak_password_is_refused_by_djangos_validators(client, password):
    response = client.post(
        JOIN_URL, application_data(password1=password, password2=password)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password2"]
    assert not VendorApplication.objects.exists()


def test_signed_in_applicant_with_a_pending_application_sees_its_status(
    client, django_capture_on_commit_callbacks
):
    apply_and_confirm(client, django_capture_on_commit_callbacks)

    response = client.get(JOIN_URL)
    posted_again = client.post(
        JOIN_URL, application_data(email="autre@example.fr", company_name="Bis")
    )

    assert response.status_code == 200
    assert response.context["form"] is None
    assert "application-status" in response.content.decode()
    assert response.context["application"].status == ApplicationStatus.PENDING
    assert 'name="siret"' not in response.content.decode()
    assert posted_again.status_code == 200
    assert VendorApplication.objects.count() == 1


def test_signed_in_customer_applies_with_their_account(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="mireille@example.fr")
    client.force_login(user)
    data = application_data()
    for name in ("email", "password1", "password2"):
        del data[name]
    users_before = User.objects.count()

    form_page = client.get(JOIN_URL)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(JOIN_URL, data)

    assert 'name="password1"' not in form_page.content.decode()
    assert response.status_code == 302
    assert User.objects.count() == users_before
    application = VendorApplication.objects.get()
    assert application.user == user
    assert application.email == "mireille@example.fr"
    assert mail.outbox[0].to == ["mireille@example.fr"]


def test_artisan_who_already_runs_a_shop_sees_no_form(client):
    user = UserFactory()
    vendor = VendorFactory()
    vendor.partner.users.add(user)
    client.force_login(user)

    response = client.get(JOIN_URL)

    assert response.context["form"] is None
    assert response.context["vendor"] == vendor


def test_applicant_whose_application_was_rejected_may_apply_again(
    client, django_capture_on_commit_callbacks
):
    apply_and_confirm(client, django_capture_on_commit_callbacks)
    VendorApplication.objects.update(
        status=ApplicationStatus.REJECTED, rejection_reason="SIRET radié."
    )
    data = application_data()
    for name in ("email", "password1", "password2"):
        del data[name]

    form_page = client.get(JOIN_URL)
    client.post(JOIN_URL, data)

    assert form_page.context["form"] is not None
    assert "SIRET radié." in form_page.content.decode()
    assert (
        VendorApplication.objects.filter(status=ApplicationStatus.PENDING).count() == 1
    )
    assert VendorApplication.objects.count() == 2


def test_staff_account_sees_no_form_and_cannot_post_one(client):
    staff = UserFactory(is_staff=True)
    sign_in_verified(client, staff)

    response = client.post(JOIN_URL, application_data(email="autre@example.fr"))

    assert response.context["form"] is None
    assert not VendorApplication.objects.exists()
