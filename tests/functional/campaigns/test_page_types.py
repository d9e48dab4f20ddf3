"""The campaign and portrait page types: where they may be created, and that
each renders and previews; an editor builds a campaign by choosing."""

import datetime
from unittest import mock

from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    PortraitIndexPage,
    PortraitPage,
)
from cms.models import HomePage
from cms.setup import ensure_home_page
from tests.factories import VendorFactory, create_artisan_product
from tests.factories.accounts import sign_in_verified


class CampaignPageTypeTests(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home_page()
        self.vendor = VendorFactory(partner__name="Santons Fouque")
        self.product = create_artisan_product(self.vendor, title="Santon berger")
        self.campaigns = self.home.add_child(
            instance=CampaignIndexPage(title="Campagnes", slug="campagnes")
        )
        self.campaign = self.campaigns.add_child(
            instance=CampaignPage(
                title="Mon artisan enchante le quotidien",
                slug="mon-artisan",
                starts_on=datetime.date.today(),
            )
        )
        self.portraits = self.home.add_child(
            instance=PortraitIndexPage(title="Portraits", slug="portraits")
        )
        self.portrait = self.portraits.add_child(
            instance=PortraitPage(
                title="Santons Fouque", slug="santons-fouque", vendor=self.vendor
            )
        )

    def test_where_they_live(self):
        self.assertAllowedParentPageTypes(CampaignIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CampaignPage, {HomePage, CampaignIndexPage})
        self.assertAllowedParentPageTypes(PortraitIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(PortraitPage, {PortraitIndexPage})
        self.assertAllowedSubpageTypes(CampaignPage, set())
        self.assertAllowedSubpageTypes(PortraitPage, set())
        self.assertEqual(CampaignIndexPage.max_count, 1)
        self.assertEqual(PortraitIndexPage.max_count, 1)

    def test_each_page_type_renders(self):
        for page in (self.campaigns, self.campaign, self.portraits, self.portrait):
            with self.subTest(page=page.title):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)

    def campaign_form(self, **fields):
        return nested_form_data(
            {
                "title": "Noël chez l'artisan",
                "slug": "noel",
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-24",
                "tagline": "Des cadeaux faits ici",
                "introduction": "Un mois pour offrir local.",
                "chosen_artisans": inline_formset(
                    [{"vendor": self.vendor.pk, "note": "Le santon de Noël"}]
                ),
                "chosen_products": inline_formset([{"product": self.product.pk}]),
                "media": streamfield([]),
                "body": streamfield([]),
                **fields,
            }
        )

    def test_an_editor_builds_a_campaign_by_choosing(self):
        sign_in_verified(self.client, self.login())
        self.assertCanCreate(self.campaigns, CampaignPage, self.campaign_form())
        created = CampaignPage.objects.get(slug="noel")
        self.assertEqual(created.artisan_ids(), [self.vendor.pk])
        self.assertEqual(created.product_ids(), [self.product.pk])

    def test_a_campaign_ending_before_it_starts_is_refused(self):
        sign_in_verified(self.client, self.login())
        url = f"/cms-admin/pages/add/campaigns/campaignpage/{self.campaigns.pk}/"
        response = self.client.post(url, self.campaign_form(ends_on="2026-11-01"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(CampaignPage.objects.filter(slug="noel").exists())
        self.assertContains(response, "ne peut pas finir avant de commencer")

    def test_each_page_type_previews_for_an_editor(self):
        editor = self.create_superuser("editor")
        with mock.patch(
            "wagtail.test.utils.page_tests.AUTH_BACKEND",
            "django.contrib.auth.backends.ModelBackend",
        ):
            for page, fields in (
                (self.campaigns, {}),
                (self.portraits, {}),
                (
                    self.campaign,
                    {
                        "starts_on": "2026-12-01",
                        "chosen_artisans": inline_formset([]),
                        "chosen_products": inline_formset([]),
                        "media": streamfield([]),
                    },
                ),
                (self.portrait, {"vendor": self.vendor.pk}),
            ):
                with self.subTest(page=page.title):
                    sign_in_verified(self.client, editor)
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

    def test_editors_pick_artisans_and_products_with_the_choosers(self):
        form = CampaignPage.get_edit_handler().get_form_class()()
        artisan = form.formsets["chosen_artisans"].empty_form.fields["vendor"]
        product = form.formsets["chosen_products"].empty_form.fields["product"]
        portrait = PortraitPage.get_edit_handler().get_form_class()()
        for field in (artisan, product, portrait.fields["vendor"]):
            # A searchable chooser, not a list of every row.
            self.assertIsInstance(field.widget, BaseChooser)

    def test_the_landing_route_is_routable(self):
        self.assertPageIsRoutable(self.campaign, "aubagne-13/")
