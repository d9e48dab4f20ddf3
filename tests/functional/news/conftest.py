"""Pages of "À lire" and of the agenda, as the news tests need them."""

import datetime

import pytest
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from cms.news.models import (
    ArticlePage,
    EventIndexPage,
    EventKind,
    EventPage,
    NewsIndexPage,
)
from cms.setup import ensure_home_page


@pytest.fixture
def home(db):
    return ensure_home_page()


@pytest.fixture
def news_index(home):
    index = home.add_child(
        instance=NewsIndexPage(title="À lire", slug="a-lire", live=True)
    )
    index.save_revision().publish()
    return index


@pytest.fixture
def agenda(home):
    index = home.add_child(
        instance=EventIndexPage(title="Agenda", slug="agenda", live=True)
    )
    index.save_revision().publish()
    return index


@pytest.fixture
def make_article(news_index):
    """``make_article(title, **fields)``: a published article (``live=False``
    leaves it a draft)."""

    def make(title, live=True, index=None, **fields):
        fields.setdefault("slug", slugify(title))
        fields.setdefault("introduction", f"Résumé de {title}.")
        fields.setdefault(
            "body", [("paragraph", RichText(f"<p>Le texte de {title}.</p>"))]
        )
        article = (index or news_index).add_child(
            instance=ArticlePage(title=title, live=live, **fields)
        )
        if live:
            article.save_revision().publish()
        else:
            article.save_revision()
        return article

    return make


@pytest.fixture
def make_event(agenda):
    """``make_event(title, in_days=3, hours=3, **fields)``: a published event
    starting ``in_days`` from now (negative: in the past)."""

    def make(title, in_days=3, hours=3, live=True, **fields):
        starts = (timezone.now() + datetime.timedelta(days=in_days)).replace(
            microsecond=0
        )
        fields.setdefault("slug", slugify(title))
        fields.setdefault("place_name", "Cours Foch")
        fields.setdefault("kind", EventKind.MARKET)
        event = agenda.add_child(
            instance=EventPage(
                title=title,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=hours),
                live=live,
                **fields,
            )
        )
        if live:
            event.save_revision().publish()
        else:
            event.save_revision()
        return event

    return make


@pytest.fixture
def restrict():
    """``restrict(page)``: only signed-in visitors may see ``page`` (and what
    is below it)."""

    def make(page):
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )

    return make
