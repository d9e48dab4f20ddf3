"""Each January, every artisan who sold gets their yearly statement (art. 242
bis CGI), in the back office and by e-mail, once."""

import datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.factories import StaffUserFactory, create_artisan_product
from tests.factories.accounts import sign_in_verified
from tests.factories.orders import artisan_account
from vendors.declarations.actions import build_yearly_statements
from vendors.declarations.demo import load_yearly_statements
from vendors.declarations.models import YearlyStatement
from vendors.declarations.tasks import send_yearly_statements_task

from .scenes import artisan, local, sell_online

pytestmark = pytest.mark.django_db

LIST_URL = reverse("backoffice:yearly-statement-list")


def test_the_statement_is_built_once_and_emailed_once(savonnerie, year_of_sales):
    first = send_yearly_statements_task(2025)
    second = send_yearly_statements_task(2025)

    assert first == {"year": 2025, "built": 1, "emailed": 1}
    assert second == {"year": 2025, "built": 0, "emailed": 0}
    statement = YearlyStatement.objects.get(vendor=savonnerie, year=2025)
    assert (statement.gross, statement.transactions, statement.commission) == (
        D("50.00"),
        3,
        D("5.00"),
    )
    assert [q["gross"] for q in statement.quarters] == [
        "15.00",
        "30.00",
        "5.00",
        "0.00",
    ]
    assert statement.seller_name == "Marius Fabre"
    assert statement.emailed_at is not None
    [message] = mail.outbox
    assert message.to == ["atelier@savonnerie.example"]
    assert "242 bis" in message.subject
    body = message.body
    assert "242 bis" in body and "50,00" in body
    assert f"/espace-artisan/declarations/{statement.pk}/" in body
    html = message.alternatives[0][0]
    assert "50,00" in html and "242 bis" in html


def test_a_statement_once_built_is_not_rewritten(savonnerie, year_of_sales):
    build_yearly_statements(2025)
    sell_online(savonnerie.soap, 10, local(2025, 12, 30))

    assert build_yearly_statements(2025) == 0
    assert YearlyStatement.objects.get(vendor=savonnerie).gross == D("50.00")


def test_only_artisans_who_sold_get_one(savonnerie, year_of_sales):
    artisan("Poterie sans vente")

    build_yearly_statements(2025)

    assert list(YearlyStatement.objects.values_list("vendor", flat=True)) == [
        savonnerie.pk
    ]


def test_the_command_sends_last_years_and_refuses_a_year_not_over(
    savonnerie, year_of_sales
):
    call_command("send_yearly_statements", "--year", "2025")
    call_command("send_yearly_statements", "--year", "2025")

    assert len(mail.outbox) == 1
    with pytest.raises(CommandError):
        call_command("send_yearly_statements", "--year", "2099")
    assert YearlyStatement.objects.count() == 1


def test_beat_runs_the_statements_in_january():
    entry = settings.CELERY_BEAT_SCHEDULE["send-yearly-statements"]

    assert entry["task"] == "vendors.declarations.tasks.send_yearly_statements_task"
    assert entry["schedule"].month_of_year == {1}
    assert 1 in entry["schedule"].day_of_month


def test_the_artisan_sees_their_statements_and_prints_one(
    client, savonnerie, year_of_sales
):
    build_yearly_statements(2025)
    statement = YearlyStatement.objects.get()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_in_verified(client, artisan_account(savonnerie))

    listing = client.get(LIST_URL)
    page = client.get(statement.get_absolute_url())

    assert listing.status_code == 200
    assert list(listing.context["statements"]) == [statement]
    assert page.status_code == 200
    html = page.content.decode()
    assert "Marius Fabre" in html and "73282932000074" in html
    assert "data-print" in html
    assert page.context["statement"].quarters[1]["gross"] == "30.00"


def test_another_artisans_statement_is_not_found(client, savonnerie, year_of_sales):
    build_yearly_statements(2025)
    statement = YearlyStatement.objects.get()
    other = artisan("Calissons du Roy René")
    sell_online(create_artisan_product(other, "Calissons"), 1, local(2025, 6, 1))
    build_yearly_statements(2025)
    sign_in_verified(client, artisan_account(other))

    response = client.get(statement.get_absolute_url())
    listing = client.get(LIST_URL)

    assert response.status_code == 404
    assert [s.vendor_id for s in listing.context["statements"]] == [other.pk]


def test_visitors_and_staff_do_not_see_statements(client, savonnerie, year_of_sales):
    build_yearly_statements(2025)
    url = YearlyStatement.objects.get().get_absolute_url()

    assert client.get(url).status_code == 302
    sign_in_verified(client, StaffUserFactory())
    assert client.get(url).status_code == 403


def test_the_demo_builds_the_current_years_statements_once(savonnerie, year_of_sales):
    # The demo's orders are of the last weeks: last year's too in January.
    today = datetime.date(2025, 12, 31)

    built = load_yearly_statements(today)

    assert built == YearlyStatement.objects.count()
    assert load_yearly_statements(today) == 0
    assert YearlyStatement.objects.filter(year=2025, vendor=savonnerie).exists()
    assert set(YearlyStatement.objects.values_list("year", flat=True)) <= {2024, 2025}
    assert mail.outbox == []
