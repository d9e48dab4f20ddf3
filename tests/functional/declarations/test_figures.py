"""The figures the law asks of the platform: per artisan and quarter, the gross
amount, the number of transactions and the commissions withheld."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import create_artisan_product, place_order
from vendors.declarations.figures import seller_figures

from .scenes import artisan, local, refund, sell_at_workshop, sell_online

pytestmark = pytest.mark.django_db


def test_each_quarter_counts_the_parts_paid_in_it_online_or_at_pickup(
    savonnerie, year_of_sales
):
    figures = seller_figures(2025)[savonnerie.pk]

    q1, q2, q3, q4 = (figures.quarters[q] for q in (1, 2, 3, 4))
    assert (q1.gross, q1.transactions, q1.commission) == (D("15.00"), 1, D("1.50"))
    # Paid at the workshop: counted on the day it was collected.
    assert (q2.gross, q2.transactions, q2.commission) == (D("30.00"), 1, D("3.00"))
    # 7.50 less 2.50 refunded; the commission loses its share of the refund.
    assert (q3.gross, q3.transactions, q3.commission) == (D("5.00"), 1, D("0.50"))
    assert (q4.gross, q4.transactions, q4.commission) == (D("0.00"), 0, D("0.00"))
    assert (figures.gross, figures.transactions, figures.commission) == (
        D("50.00"),
        3,
        D("5.00"),
    )


def test_refused_and_fully_refunded_parts_are_not_transactions(
    savonnerie, year_of_sales
):
    # The refused part (paid in Q1) and the one refunded in full (Q3) are
    # the only sales of the year left out.
    figures = seller_figures(2025)[savonnerie.pk]

    assert figures.quarters[1].transactions == 1
    assert figures.quarters[3].gross == D("5.00")
    assert figures.quarters[3].transactions == 1


def test_a_year_holds_what_was_paid_in_it_in_the_sites_time_zone(
    savonnerie, year_of_sales
):
    # 31 December 2024 at 22:00 and 1 January 2026 at midnight, Paris time.
    assert seller_figures(2024)[savonnerie.pk].quarters[4].transactions == 1
    assert seller_figures(2026)[savonnerie.pk].quarters[1].transactions == 1
    assert seller_figures(2026)[savonnerie.pk].gross == D("7.50")


def test_parts_never_paid_are_not_counted(savonnerie):
    # Placed, never paid online nor collected: nothing was received.
    place_order((savonnerie.soap, 3))

    assert seller_figures(2025) == {}
    assert seller_figures(2026) == {}


def test_each_artisan_has_their_own_figures_and_rate(savonnerie, year_of_sales):
    calissons = artisan("Calissons du Roy René", commission_rate=D("0.08"))
    box = create_artisan_product(calissons, "Calissons", price="18.90")
    sell_online(box, 1, local(2025, 11, 5))
    sell_at_workshop(calissons, box, 2, local(2025, 12, 24))

    figures = seller_figures(2025)

    assert set(figures) == {savonnerie.pk, calissons.pk}
    q4 = figures[calissons.pk].quarters[4]
    assert (q4.gross, q4.transactions, q4.commission) == (D("56.70"), 2, D("4.53"))
    assert figures[savonnerie.pk].gross == D("50.00")


def test_the_figures_take_one_query_whatever_the_number_of_artisans(savonnerie):
    def artisans_selling(count):
        for n in range(count):
            vendor = artisan(f"Atelier {n} {count}")
            product = create_artisan_product(vendor, f"Pot {n}", price="12.00")
            sold = sell_online(product, 1, local(2025, 2, 1 + n))
            refund(sold, 100)
            sell_at_workshop(vendor, product, 1, local(2025, 7, 1 + n))

    artisans_selling(1)
    with CaptureQueriesContext(connection) as one:
        assert len(seller_figures(2025)) == 1

    artisans_selling(5)
    with CaptureQueriesContext(connection) as six:
        figures = seller_figures(2025)

    assert len(figures) == 6
    assert len(six) == len(one) == 1
    assert all(f.transactions == 2 and f.gross == D("23.00") for f in figures.values())
