"""The msgids listed in shop/apps/core/oscar_strings.py are Oscar's own,
word for word (else the translator's French would never be used)."""

import re
from pathlib import Path

import oscar
from django.utils import translation

from shop.apps.core import oscar_strings

OSCAR = Path(oscar.__file__).parent


def oscar_source():
    parts = []
    for path in OSCAR.rglob("*"):
        if path.suffix in {".py", ".html"} and "dashboard" not in path.parts:
            text = path.read_text(encoding="utf-8")
            # Python's implicit concatenation of string literals.
            parts.append(re.sub(r'"\s*\n\s*"', "", text))
    return "\n".join(parts)


def test_each_listed_msgid_is_in_oscar():
    source = oscar_source()
    missing = [msgid for msgid in oscar_strings.OSCAR_STRINGS if msgid not in source]
    assert not missing


def test_the_basket_merge_notice_is_oscars_plural():
    source = oscar_source()
    assert (
        "We have merged %(num_items_merged)d items from a previous session "
        "to your basket." in source
    )
    with translation.override("en"):
        assert "previous session to your basket." in str(
            oscar_strings.BASKET_MERGED % {"num_items_merged": 2}
        )
    # and our catalogue gives it in French, in its plural form
    with translation.override("fr"):
        french = str(oscar_strings.BASKET_MERGED % {"num_items_merged": 2})
    assert "2 articles" in french and "panier" in french
