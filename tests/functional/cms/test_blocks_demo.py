"""The blocks' demo: settings, partners with logos, labels; twice is once."""

import pytest

from cms.demo import load_demo_blocks
from cms.models import LegalSettings
from cms.snippets import Label, Partner
from shop.apps.core.demo.loader import LoadReport
from vendors.models import VendorLabel

pytestmark = pytest.mark.django_db


def test_loading_twice_creates_nothing_the_second_time():
    first = LoadReport()
    load_demo_blocks(first)
    assert Partner.objects.count() == 3
    assert all(partner.logo for partner in Partner.objects.all())
    assert Label.objects.count() == len(VendorLabel.choices)
    assert LegalSettings.load().instagram_url

    second = LoadReport()
    load_demo_blocks(second)
    assert not second.anything_created
    assert Partner.objects.count() == 3
