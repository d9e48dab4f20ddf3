"""Groups, permissions and the approval workflow of the editorial pages
(``cms.workflow``). It uses the live models: permissions of snippet models
are only known once every app is loaded."""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations


def setup(apps, schema_editor):
    from django.apps import apps as live_apps

    from cms.workflow import setup_editorial_workflow

    # Permissions are made after migrations by default; the workflow needs
    # them now.
    for config in live_apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)
    setup_editorial_workflow()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0003_resource_topic_document_diagnostic_requests"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
