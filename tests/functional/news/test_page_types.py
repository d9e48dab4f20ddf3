"""The four page types of news and events: where they may be created, and
that each renders and previews."""

import datetime
from unittest import mock

from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import HomePage
from cms.news.models import ArticlePage, EventIndexPage, EventPage, NewsIndexPage
from cms.setup import ensure_home_page
from tests.factories.accounts import sign_in_verified


class NewsPageTypeTests(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()
        self.news = self.home.add_child(
            instance=NewsIndexPage(title="À lire", slug="a-lire")
        )
        self.agenda = self.home.add_child(
            instance=EventIndexPage(title="Agenda", slug="agenda")
        )
        self.article = self.news.add_child(
            instance=ArticlePage(
                title="Les santons d'Aubagne",
                introduction="De l'argile à la crèche.",
                author="La rédaction",
            )
        )
        starts = timezone.now() + datetime.timedelta(days=5)
        self.event = self.agenda.add_child(
            instance=EventPage(
                title="Marché des santonniers",
                slug="marche-des-santonniers",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=8),
                place_name="Cours Foch",
            )
        )

    def test_indexes_live_below_the_home_page_once(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertEqual(NewsIndexPage.max_count, 1)
        self.assertEqual(EventIndexPage.max_count, 1)

    def test_articles_and_events_live_below_their_index_only(self):
        self.assertAllowedParentPageTypes(ArticlePage, {NewsIndexPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertAllowedSubpageTypes(EventPage, set())

    def test_an_editor_can_create_an_article_and_an_event(self):
        # Chamber staff, signed in with their second factor.
        sign_in_verified(self.client, self.login())
        self.assertCanCreate(
            self.news,
            ArticlePage,
            nested_form_data(
                {
                    "title": "Acheter local",
                    "slug": "acheter-local",
                    "date": "2026-12-01",
                    "category": "consommer-local",
                    "introduction": "Pourquoi ça compte.",
                    "body": streamfield([]),
                }
            ),
        )
        self.assertCanCreate(
            self.agenda,
            EventPage,
            nested_form_data(
                {
                    "title": "Ateliers Tendances",
                    "slug": "ateliers-tendances",
                    "kind": "ateliers-tendances",
                    "starts_at": "2026-12-20 14:00",
                    "ends_at": "2026-12-20 17:00",
                    "place_name": "Chambre de Métiers",
                    "introduction": "Pour les artisans.",
                    "body": streamfield([]),
                }
            ),
        )
        created = EventPage.objects.get(slug="ateliers-tendances")
        # Typed in the site's time zone (Europe/Paris): 14:00 there is 13:00 UTC.
        self.assertEqual(created.starts_at.astimezone(datetime.UTC).hour, 13)

    def test_each_page_type_renders(self):
        for page in (self.news, self.agenda, self.article, self.event):
            with self.subTest(page=page.title):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def test_each_page_type_previews_for_an_editor(self):
        editor = self.create_superuser("editor")
        # Wagtail signs the editor in again with the first backend, our
        # lockout guard, which only authenticates: the model backend serves.
        with mock.patch(
            "wagtail.test.utils.page_tests.AUTH_BACKEND",
            "django.contrib.auth.backends.ModelBackend",
        ):
            for page, fields in (
                (self.news, {}),
                (self.agenda, {}),
                (self.article, {"date": "2026-12-01", "category": "savoir-faire"}),
                (
                    self.event,
                    {
                        "kind": "marche",
                        "starts_at": "2026-12-12 10:00",
                        "ends_at": "2026-12-12 18:00",
                        "place_name": "Cours Foch",
                    },
                ),
            ):
                with self.subTest(page=page.title):
                    # Wagtail signs out after each preview.
                    sign_in_verified(self.client, editor)
                    # The body's form is drawn by script: its data is given.
                    data = nested_form_data(
                        {
                            "title": page.title,
                            "slug": page.slug,
                            "introduction": "Un résumé.",
                            "body": streamfield([]),
                            **fields,
                        }
                    )
                    self.assertPageIsPreviewable(page, post_data=data, user=editor)

    def test_the_routes_of_the_indexes_and_events_are_routable(self):
        for page, path in (
            (self.news, "rss/"),
            (self.news, "atom/"),
            (self.agenda, "passes/"),
            (self.agenda, "ical/"),
            (self.agenda, "rss/"),
            (self.event, "ical/"),
        ):
            with self.subTest(path=path):
                self.assertPageIsRoutable(page, path)
