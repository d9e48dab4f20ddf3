"""Who writes, who publishes and who reads: an editor writes a guide in the
editorial admin and submits it, a moderator approves it and it goes live,
every revision is kept; editors stay out of the shop's dashboard, artisans
out of the editorial admin, and Déclic is for approved artisans."""

import json

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from cms.resources.models import ResourcePage
from tests.factories.accounts import sign_in_verified

pytestmark = pytest.mark.django_db

ADMIN = "/cms-admin/"


def guide_form(title, paragraph, **actions):
    """The editorial admin's form of a guide, as the browser posts it."""
    return nested_form_data(
        {
            "title": title,
            "slug": "emballer-un-colis",
            "introduction": "Le carton, le calage, l'étiquette.",
            "body": streamfield([("paragraph", rich_text(paragraph))]),
            "topic": "retraits",
            "document": "",
            "comments": inline_formset([]),
            **actions,
        }
    )


def add_url(parent):
    return reverse(
        "wagtailadmin_pages:add", args=["resources", "resourcepage", parent.pk]
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def submitted(client, declic, editor):
    """A guide the editor wrote, saved as a draft once, then submitted."""
    client.force_login(editor)
    response = client.post(
        add_url(declic), guide_form("Emballer un colis", "<p>Du papier kraft.</p>")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ResourcePage.objects.get(slug="emballer-un-colis")
    response = client.post(
        edit_url(page),
        guide_form(
            "Emballer un colis fragile",
            "<p>Du papier kraft et du calage.</p>",
            **{"action-submit": "Submit for moderation"},
        ),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    return page


def test_an_editor_submits_a_guide_for_moderation_without_publishing_it(
    submitted, editor
):
    state = submitted.current_workflow_state

    assert not submitted.live
    assert submitted.has_unpublished_changes
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert state.current_task_state.task.name == "Moderators approval"
    assert not submitted.permissions_for_user(editor).can_publish()


def test_an_editor_cannot_publish_even_by_asking(client, declic, editor):
    client.force_login(editor)

    client.post(
        add_url(declic),
        guide_form(
            "Emballer un colis", "<p>Kraft.</p>", **{"action-publish": "Publish"}
        ),
    )

    page = ResourcePage.objects.get(slug="emballer-un-colis")
    assert not page.live
    assert page.live_revision is None


def test_an_editor_cannot_approve_their_own_submission(client, submitted, editor):
    client.force_login(editor)
    task_state = submitted.current_workflow_task_state

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[submitted.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )

    # Refused: Wagtail sends them back to the admin's home with a message.
    submitted.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == ADMIN
    assert not submitted.live
    assert submitted.current_workflow_state.status == "in_progress"


def test_a_moderator_approves_and_the_guide_goes_live_with_its_revisions_kept(
    client, submitted, moderator, artisan
):
    # given: the moderator, signed in with the staff's second factor
    sign_in_verified(client, moderator)
    task_state = submitted.current_workflow_task_state
    latest = submitted.latest_revision

    # when the moderator approves
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[submitted.pk, "approve", task_state.pk],
        ),
        {"comment": "Parfait."},
    )

    # then the submitted revision is the live one, the first draft kept
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    assert submitted.title == "Emballer un colis fragile"
    assert submitted.live_revision == latest
    titles = [r.content["title"] for r in submitted.revisions.order_by("created_at")]
    assert titles == ["Emballer un colis", "Emballer un colis fragile"]
    assert submitted.current_workflow_state is None
    # and approved artisans read it
    client.force_login(artisan)
    page = client.get(submitted.url)
    assert page.status_code == 200
    assert "Du papier kraft et du calage." in page.content.decode()


def test_an_editor_previews_a_guide_being_written(client, submitted, editor):
    client.force_login(editor)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[submitted.pk])

    posted = client.post(
        preview_url, guide_form("Emballer un colis", "<p>Une étiquette lisible.</p>")
    )
    shown = client.get(preview_url)

    assert json.loads(posted.content)["is_valid"] is True
    assert shown.status_code == 200
    assert "Une étiquette lisible." in shown.content.decode()


def test_an_editor_reaches_the_editorial_admin_but_not_the_shops_dashboard(
    client, editor
):
    client.force_login(editor)

    admin = client.get(ADMIN)
    dashboard = client.get("/boutique/dashboard/")

    assert admin.status_code == 200
    assert dashboard.status_code in (302, 403)
    if dashboard.status_code == 302:
        assert not dashboard["Location"].startswith("/boutique/dashboard/")


def test_an_approved_artisan_cannot_reach_the_editorial_admin(client, artisan, guide):
    client.force_login(artisan)

    home = client.get(ADMIN)
    edit = client.post(
        edit_url(guide),
        guide_form("Titre remplacé", "<p>Remplacé.</p>", **{"action-publish": "1"}),
    )

    assert home.status_code == 302
    assert "/cms-admin/" not in home["Location"].split("?")[0]
    assert edit.status_code == 302
    guide.refresh_from_db()
    assert guide.title == "Photographier ses produits"
    assert guide.revisions.count() == 1


@pytest.mark.parametrize("route", ["index", "guide", "diagnostic"])
def test_a_consumer_sees_no_declic_page_and_an_approved_artisan_sees_them(
    client, declic, guide, consumer, artisan, route
):
    path = {
        "index": declic.url,
        "guide": guide.url,
        "diagnostic": declic.url + declic.reverse_subpage("diagnostic"),
    }[route]

    client.force_login(consumer)
    refused = client.get(path)
    client.force_login(artisan)
    shown = client.get(path)

    assert refused.status_code == 403
    assert "Près d'une fenêtre" not in refused.content.decode()
    assert shown.status_code == 200
