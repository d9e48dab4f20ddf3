"""Pages editors schedule go live when their time comes: Celery beat runs
Wagtail's scheduled publishing every minute."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from cms.resources.models import ResourcePage
from cms.resources.tasks import publish_scheduled_pages_task

pytestmark = pytest.mark.django_db


def scheduled_guide(declic, go_live_at):
    """A guide approved for publishing at ``go_live_at``, not live yet."""
    page = declic.add_child(
        instance=ResourcePage(
            title="Vendre au marché de Noël", slug="marche-de-noel", live=False
        )
    )
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    return revision


def test_beat_publishes_scheduled_pages_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]

    assert entry["task"] == "cms.resources.tasks.publish_scheduled_pages_task"
    assert entry["schedule"] <= 60


def test_a_page_whose_go_live_time_has_passed_is_published_by_the_task(declic):
    # given a guide scheduled for later...
    revision = scheduled_guide(declic, timezone.now() + datetime.timedelta(hours=1))
    page = ResourcePage.objects.get(pk=revision.object_id)
    assert not page.live
    assert revision.approved_go_live_at is not None
    # ...whose time has now come
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])

    publish_scheduled_pages_task()

    page.refresh_from_db()
    revision.refresh_from_db()
    assert page.live
    assert page.live_revision == revision
    assert revision.approved_go_live_at is None


def test_a_page_scheduled_for_later_stays_unpublished(declic):
    revision = scheduled_guide(declic, timezone.now() + datetime.timedelta(hours=1))

    publish_scheduled_pages_task()

    page = ResourcePage.objects.get(pk=revision.object_id)
    assert not page.live
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None


def test_an_expired_page_is_unpublished_by_the_task(guide):
    ResourcePage.objects.filter(pk=guide.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    publish_scheduled_pages_task()

    guide.refresh_from_db()
    assert not guide.live
    assert guide.expired
