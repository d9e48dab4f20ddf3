"""PDF documents: HTML rendered by WeasyPrint, stored on the private storage.

Rendering takes a moment (fonts, layout), so callers run it in a Celery task
and serve the stored file afterwards. The private storage is a local folder
under ``make run`` and a private S3 bucket in production: documents are
served by views that check who asks, never by a public URL.
"""

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.loader import render_to_string


def private_storage():
    return storages["private"]


def _fetch_static(url):
    """Let WeasyPrint read our stylesheets and images from static files only
    (a document never fetches anything from the network)."""
    from weasyprint import default_url_fetcher

    prefix = "static:"
    if url.startswith(prefix):
        path = finders.find(url[len(prefix) :].lstrip("/"))
        if path:
            return default_url_fetcher("file://" + path)
    raise ValueError(f"documents may only use static files, not {url!r}")


def render_pdf(template_name, context):
    """The PDF bytes of ``template_name`` rendered with ``context``.

    In the template, stylesheets and images are named ``static:<path>``.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_fetch_static, base_url="static:/").write_pdf()


def store_pdf(name, content):
    """Save ``content`` as ``name`` on the private storage; the name it got.

    An existing file of that name is never overwritten: documents are
    immutable, and the storage picks another name.
    """
    return private_storage().save(name, ContentFile(content))
