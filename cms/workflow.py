"""Who writes and who publishes the editorial pages: groups, permissions and
the approval workflow, set in one idempotent function.

The rule: the "Editors" group writes (Wagtail's admin, add and change pages,
images, documents and snippets) but never publishes; an editor submits a
page to the "Moderators approval" workflow, whose one task is approved by
the "Moderators" group (the chamber's staff), and approval publishes it.
The workflow covers the whole page tree (it is assigned to the root page,
above the home page). Editors are not ``is_staff``: they get no access to
Oscar's dashboard nor to a second factor requirement meant for staff.

Called from the data migration ``cms/resources/migrations/0004_*`` and from
the demo (``cms.resources.demo``).
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

EDITORS = "Editors"
MODERATORS = "Moderators"
WORKFLOW_NAME = "Moderators approval"
TASK_NAME = "Moderators approval"

EDITOR_PAGE_PERMISSIONS = ("add", "change")
MODERATOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# Collection permissions on images and documents, per group.
MEDIA_PERMISSIONS = ("add", "change", "choose")


def setup_editorial_workflow():
    """Make the groups, their permissions and the workflow (idempotent).

    Returns ``(editors, moderators, workflow)``.
    """
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    root = Page.get_first_root_node()
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for group in (editors, moderators):
        group.permissions.add(access_admin)

    page_type = ContentType.objects.get_for_model(Page)
    for group, kinds in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (moderators, MODERATOR_PAGE_PERMISSIONS),
    ):
        wanted = Permission.objects.filter(
            content_type=page_type, codename__in=[f"{k}_page" for k in kinds]
        )
        for permission in wanted:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission
            )
    # Editors submit, they never publish (Wagtail's default gives them none,
    # but an older set-up may have).
    GroupPagePermission.objects.filter(
        group=editors, permission__codename__in=["publish_page", "bulk_delete_page"]
    ).delete()

    # Wagtail's migrations make the root collection; a database emptied since
    # has none.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        media_type = ContentType.objects.get(app_label=app_label, model=model)
        for permission in Permission.objects.filter(
            content_type=media_type,
            codename__in=[f"{kind}_{model}" for kind in MEDIA_PERMISSIONS],
        ):
            for group in (editors, moderators):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )

    for group in (editors, moderators):
        group.permissions.add(*snippet_permissions())
    # The chamber's staff handle the DEAR diagnostic requests.
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="resources",
            codename__in=["view_diagnosticrequest", "change_diagnosticrequest"],
        )
    )

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.active = True
    task.save()
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save()
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return editors, moderators, workflow


def snippet_permissions():
    """Add and change permissions on every model registered as a snippet."""
    from wagtail.snippets.models import get_snippet_models

    permissions = []
    for model in get_snippet_models():
        content_type = ContentType.objects.get_for_model(model)
        name = model._meta.model_name
        permissions += Permission.objects.filter(
            content_type=content_type, codename__in=[f"add_{name}", f"change_{name}"]
        )
    return permissions
